// Brute-force k nearest neighbours of every row, with the distances computed by GEMM in blocks.

import NKCore

/// Exact Euclidean k-nearest-neighbour lists (self excluded), O(n²·d) through blocked GEMMs
/// `‖xᵢ‖² − 2 xᵢ·xⱼ + ‖xⱼ‖²` (clamped at 0). Ties are broken by the smaller index. Faster than the
/// vantage-point tree on wide data, where the tree visits most points anyway.
enum ExactNeighbors {
    /// `result[i]`: the indices of the `k` rows nearest to row `i`, nearest first.
    /// `points` is `(n, d)` row-major; requires `k < n`.
    static func search(_ points: UnsafeBufferPointer<Float>, count n: Int, dimension d: Int, k: Int) -> [[Int]] {
        searchWithDistances(points, count: n, dimension: d, k: k).map { $0.map(\.index) }
    }

    /// As `search`, with each neighbour's squared distance.
    static func searchWithDistances(
        _ points: UnsafeBufferPointer<Float>, count n: Int, dimension d: Int,
        k: Int
    ) -> [[(index: Int, squaredDistance: Float)]] {
        let norms = (0..<n).map { i in
            (0..<d).reduce(Float(0)) { $0 + points[i * d + $1] * points[i * d + $1] }
        }
        let block = 256
        var dots = [Float](repeating: 0, count: block * n)
        var result = [[(index: Int, squaredDistance: Float)]](repeating: [], count: n)
        for start in stride(from: 0, to: n, by: block) {
            let rows = min(block, n - start)
            dots.withUnsafeMutableBufferPointer { c in
                // c[rows × n] = X[start..<start+rows] · Xᵀ
                GEMM.multiply(
                    transposeA: false, transposeB: true, m: rows, n: n, k: d,
                    a: points.baseAddress! + start * d, lda: d, b: points.baseAddress!, ldb: d,
                    beta: 0, c: c.baseAddress!, ldc: n)
            }
            dots.withUnsafeBufferPointer { dots in
                norms.withUnsafeBufferPointer { norms in
                    result.withUnsafeMutableBufferPointer { result in
                        Parallelism.forEachRange(count: rows, grain: 16) { range in
                            for r in range {
                                let i = start + r
                                // A sorted list of the k best (distance, index) so far.
                                var best: [(index: Int, squaredDistance: Float)] = []
                                best.reserveCapacity(k + 1)
                                for j in 0..<n where j != i {
                                    let distance = max(0, norms[i] - 2 * dots[r * n + j] + norms[j])
                                    if best.count == k, distance >= best[k - 1].squaredDistance { continue }
                                    var at = best.count
                                    while at > 0, best[at - 1].squaredDistance > distance { at -= 1 }
                                    best.insert((j, distance), at: at)
                                    if best.count > k { best.removeLast() }
                                }
                                result[i] = best
                            }
                        }
                    }
                }
            }
        }
        return result
    }
}
