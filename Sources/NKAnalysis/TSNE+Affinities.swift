// The input affinities P of t-SNE: dense over all pairs, or sparse over vantage-point-tree neighbours.

import Foundation
import NKCore

extension TSNE {
    /// Dense symmetric `P` (`(n, n)`, row-major, summing to 1) from all pairwise distances.
    static func denseAffinities(_ data: Tensor, perplexity: Double) -> [Double] {
        let n = data.rowCount, d = data.rowSize
        let x = data.scalars
        var p = [Double](repeating: 0, count: n * n)
        for i in 0..<n {
            var distances: [Double] = []
            for j in 0..<n where j != i {
                var s = 0.0
                for t in 0..<d { let v = Double(x[i * d + t]) - Double(x[j * d + t]); s += v * v }
                distances.append(s)
            }
            let row = PerplexityCalibration.conditional(squaredDistances: distances, perplexity: perplexity)
            var k = 0
            for j in 0..<n where j != i { p[i * n + j] = row[k]; k += 1 }
        }
        var symmetric = p
        for i in 0..<n { for j in 0..<n { symmetric[i * n + j] = (p[i * n + j] + p[j * n + i]) / Double(2 * n) } }
        return symmetric
    }

    /// How `sparseAffinities` finds each point's nearest neighbours (both exact).
    enum NeighborSearch {
        /// A vantage-point tree: the fast route on narrow data.
        case vantagePointTree
        /// Blocked GEMM distances to every point: the fast route on wide data, where the tree
        /// ends up visiting most points (USPS, 256 features: 8× faster).
        case bruteForce

        /// The tree up to 64 features (T1's 50 included) and `treeLimit` points, brute force above:
        /// on real data the tree's cost grows nearly as n² (MNIST with PCA 50: 60,000 points take
        /// ~230 CPU-seconds in the tree, a few in the GEMM).
        static func automatic(dimension d: Int, count n: Int) -> NeighborSearch {
            d <= 64 && n <= treeLimit ? .vantagePointTree : .bruteForce
        }

        /// The most points the automatic choice gives the tree.
        static let treeLimit = 8_000
    }

    /// Sparse symmetric `P` over each point's `min(n − 1, ⌊3·perplexity⌋ + 1)` nearest neighbours.
    static func sparseAffinities(
        _ data: Tensor, perplexity: Double, using rng: inout RandomGenerator,
        search: NeighborSearch? = nil
    ) -> SparseAffinities {
        let n = data.rowCount, d = data.rowSize
        let k = min(n - 1, Int(3 * perplexity) + 1)
        var rows = [[(Int, Double)]](repeating: [], count: n)
        func calibrate(_ indices: [Int], _ squared: [Double]) -> [(Int, Double)] {
            zip(indices, PerplexityCalibration.conditional(squaredDistances: squared, perplexity: perplexity)).map { ($0, $1) }
        }
        switch search ?? .automatic(dimension: d, count: n) {
        case .vantagePointTree:
            let tree = VantagePointTree(points: data.scalars, count: n, dimension: d, using: &rng)
            rows.withUnsafeMutableBufferPointer { out in
                Parallelism.forEachRange(count: n, grain: 32) { range in
                    for i in range {
                        let neighbours = tree.neighbors(of: i, k: k)
                        out[i] = calibrate(neighbours.map(\.index), neighbours.map { Double($0.distance) * Double($0.distance) })
                    }
                }
            }
        case .bruteForce:
            let neighbours = data.withUnsafeBufferPointer { ExactNeighbors.searchWithDistances($0, count: n, dimension: d, k: k) }
            rows.withUnsafeMutableBufferPointer { out in
                Parallelism.forEachRange(count: n, grain: 32) { range in
                    for i in range {
                        out[i] = calibrate(neighbours[i].map(\.index), neighbours[i].map { Double($0.squaredDistance) })
                    }
                }
            }
        }
        return SparseAffinities(conditional: rows)
    }
}
