// Tests of t-SNE: calibration, gradient against finite differences, Barnes–Hut against exact,
// vantage-point-tree search against brute force, and separable clusters kept apart (every method).

import Foundation
import Testing
@testable import NKCore
@testable import NKAnalysis

@Suite struct TSNETests {
    typealias S = AnalysisTestSupport

    static func randomData(n: Int, d: Int, seed: UInt64) -> Tensor {
        var rng = RandomGenerator(seed: seed)
        return Tensor(shape: [n, d], scalars: (0..<(n * d)).map { _ in Float(rng.nextNormal()) })
    }

    @Test func perplexityCalibration() {
        var rng = RandomGenerator(seed: 1)
        let d = (0..<50).map { _ in 10 * rng.nextUnitDouble() }
        for perplexity in [2.0, 10, 30] {
            let p = PerplexityCalibration.conditional(squaredDistances: d, perplexity: perplexity)
            let entropy = -p.reduce(0.0) { $1 > 0 ? $0 + $1 * log($1) : $0 }
            #expect(abs(exp(entropy) - perplexity) < 1e-3 * perplexity)
            #expect(abs(p.reduce(0, +) - 1) < 1e-12)
        }
    }

    @Test func exactGradientMatchesFiniteDifferences() {
        let n = 7, dims = 2
        let p = TSNE.denseAffinities(Self.randomData(n: n, d: 4, seed: 2), perplexity: 3)
        #expect(abs(p.reduce(0, +) - 1) < 1e-12)
        var rng = RandomGenerator(seed: 3)
        var y = (0..<(n * dims)).map { _ in rng.nextNormal() }
        let (_, gradient) = TSNE.exactGradient(p: p, y: y, n: n, dims: dims)
        let h = 1e-6
        for e in y.indices {
            let saved = y[e]
            y[e] = saved + h; let plus = TSNE.exactGradient(p: p, y: y, n: n, dims: dims).kl
            y[e] = saved - h; let minus = TSNE.exactGradient(p: p, y: y, n: n, dims: dims).kl
            y[e] = saved
            let numeric = (plus - minus) / (2 * h)
            #expect(abs(numeric - gradient[e]) <= 1e-7 + 1e-5 * abs(numeric), "coordinate \(e): numeric \(numeric), analytic \(gradient[e])")
        }
    }

    @Test func barnesHutWithThetaZeroIsExact() {
        // With k = n − 1 neighbours the sparse P is the dense one; θ = 0 opens every cell.
        let n = 30
        let x = Self.randomData(n: n, d: 5, seed: 4)
        let dense = TSNE.denseAffinities(x, perplexity: 10)
        var rng = RandomGenerator(seed: 5)
        let sparse = TSNE.sparseAffinities(x, perplexity: 10, using: &rng)
        // (The tree's distances are Float, the dense ones Double: agreement to about 1e-5.)
        for i in 0..<n {
            for e in sparse.rowStart[i]..<sparse.rowStart[i + 1] {
                #expect(abs(sparse.values[e] - dense[i * n + Int(sparse.columns[e])]) < 1e-4 * dense[i * n + Int(sparse.columns[e])])
            }
        }
        #expect(sparse.rowStart[n] == n * (n - 1))
        let y = (0..<(2 * n)).map { _ in rng.nextNormal() }
        let (kl, exact) = TSNE.exactGradient(p: dense, y: y, n: n, dims: 2, exaggeration: 3)
        var bh = [Double](repeating: 0, count: 2 * n)
        let bhKL = TSNE.barnesHutGradient(p: sparse, y: y, n: n, exaggeration: 3, theta: 0, gradient: &bh, withKL: true)
        #expect(abs(bhKL - kl) < 1e-4 * kl)
        for e in bh.indices { #expect(abs(bh[e] - exact[e]) < 1e-4 * (abs(exact[e]) + 1e-3)) }
        // θ = 0.5 stays close.
        var approximate = [Double](repeating: 0, count: 2 * n)
        _ = TSNE.barnesHutGradient(p: sparse, y: y, n: n, exaggeration: 3, theta: 0.5, gradient: &approximate, withKL: false)
        let error = zip(approximate, exact).reduce(0.0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) }.squareRoot()
        let size = exact.reduce(0.0) { $0 + $1 * $1 }.squareRoot()
        #expect(error < 0.1 * size)
    }

    /// Coincident points and points closer than the tree's finest cell (2⁻²⁴ of the extent) share
    /// leaves; with θ = 0 the gradient is still the exact one.
    @Test func barnesHutHandlesSharedLeaves() {
        let n = 24
        let x = Self.randomData(n: n, d: 3, seed: 8)
        let dense = TSNE.denseAffinities(x, perplexity: 8)  // k = 25 ≥ n − 1: the sparse P is the dense one
        var rng = RandomGenerator(seed: 9)
        let sparse = TSNE.sparseAffinities(x, perplexity: 8, using: &rng)
        var y = (0..<(2 * n)).map { _ in 3 * rng.nextNormal() }
        y[2] = y[0]; y[3] = y[1]  // point 1 on point 0
        y[4] = y[0]; y[5] = y[1]  // and point 2
        y[8] = y[6] + 1e-10; y[9] = y[7] - 1e-10  // point 4 within 1e-10 of point 3
        let (_, exact) = TSNE.exactGradient(p: dense, y: y, n: n, dims: 2, exaggeration: 1)
        var bh = [Double](repeating: 0, count: 2 * n)
        _ = TSNE.barnesHutGradient(p: sparse, y: y, n: n, exaggeration: 1, theta: 0, gradient: &bh, withKL: false)
        for e in bh.indices { #expect(abs(bh[e] - exact[e]) < 1e-4 * (abs(exact[e]) + 1e-3), "coordinate \(e)") }
    }

    /// The normaliser is summed per point, so the embedding is the same on one thread or several.
    @Test func resultDoesNotDependOnTheThreadCount() throws {
        let x = Self.randomData(n: 400, d: 6, seed: 12)
        let tsne = TSNE(perplexity: 10, iterations: 60, exaggerationIterations: 20, seed: 3)
        let one = try KernelLevel.with(nil, threads: 1) { try tsne.fit(x) }
        let three = try KernelLevel.with(nil, threads: 3) { try tsne.fit(x) }
        #expect(one.embedding.scalars == three.embedding.scalars)
        #expect(one.klDivergence == three.klDivergence)
    }

    /// An absurd learning rate makes the embedding overflow: a clear error, not a crash or NaNs.
    @Test(arguments: [TSNEMethod.barnesHut, .fft, .exact])
    func divergenceIsAnError(method: TSNEMethod) {
        let x = Self.randomData(n: 60, d: 4, seed: 30)
        let tsne = TSNE(perplexity: 10, iterations: 200, learningRate: 1e300, method: method, seed: 1)
        #expect(throws: NeuralKitError.self) { try tsne.fit(x) }
        do { _ = try tsne.fit(x) } catch { #expect("\(error)".contains("diverged")) }
    }

    /// The two exact neighbour searches give the same affinities, on narrow and on wide data.
    @Test(arguments: [5, 40])
    func neighbourSearchesAgree(dimension: Int) {
        let x = Self.randomData(n: 250, d: dimension, seed: UInt64(dimension))
        var rng = RandomGenerator(seed: 1)
        let tree = TSNE.sparseAffinities(x, perplexity: 7, using: &rng, search: .vantagePointTree)
        let brute = TSNE.sparseAffinities(x, perplexity: 7, using: &rng, search: .bruteForce)
        #expect(tree.rowStart == brute.rowStart)
        #expect(tree.columns == brute.columns)
        for e in tree.values.indices { #expect(abs(tree.values[e] - brute.values[e]) <= 1e-4 * tree.values[e]) }
    }

    @Test func vantagePointTreeFindsTheExactNeighbours() {
        let x = Self.randomData(n: 300, d: 5, seed: 6)
        var rng = RandomGenerator(seed: 7)
        let tree = VantagePointTree(points: x.scalars, count: 300, dimension: 5, using: &rng)
        let brute = x.withUnsafeBufferPointer { ExactNeighbors.search($0, count: 300, dimension: 5, k: 7) }
        for i in 0..<300 { #expect(tree.neighbors(of: i, k: 7).map(\.index) == brute[i]) }
    }

    /// The fraction of each point's 10 nearest embedding neighbours that share its label.
    static func labelAgreement(_ y: Tensor, _ labels: [Int]) -> Double {
        let neighbours = y.withUnsafeBufferPointer { ExactNeighbors.search($0, count: y.rowCount, dimension: y.rowSize, k: 10) }
        let same = neighbours.enumerated().reduce(0) { sum, pair in sum + pair.element.filter { labels[$0] == labels[pair.offset] }.count }
        return Double(same) / Double(10 * labels.count)
    }

    @Test(arguments: [TSNEMethod.barnesHut, .fft, .exact])
    func separableClustersStayApart(method: TSNEMethod) throws {
        let (x, labels) = S.blobs(centres: S.randomCentres(4, dimension: 10, scale: 10, seed: 8), perCluster: 40, spread: 1, seed: 9)
        let tsne = TSNE(perplexity: 15, iterations: 500, method: method, seed: 1)
        let result = try tsne.fit(x)
        #expect(result.embedding.shape == [160, 2])
        #expect(Self.labelAgreement(result.embedding, labels) > 0.98)
        let clusters = try KMeans(clusters: 4, restarts: 3).fit(result.embedding)
        #expect(ClusteringMetrics.clusterAccuracy(try ContingencyTable(truth: labels, predicted: clusters.assignments)) == 1)
        // Optimisation lowers the KL well below its value at the random start.
        var start = tsne
        start.iterations = 0
        #expect(result.klDivergence < 0.5 * (try start.fit(x).klDivergence))
        #expect(try NeighborPreservation.fraction(original: x, embedding: result.embedding, k: 10) > 0.3)
    }

    @Test func seededAndValidated() throws {
        let x = Self.randomData(n: 40, d: 3, seed: 10)
        let a = try TSNE(perplexity: 5, iterations: 50, seed: 3).fit(x), b = try TSNE(perplexity: 5, iterations: 50, seed: 3).fit(x)
        #expect(a.embedding == b.embedding && a.klDivergence == b.klDivergence)
        #expect(a.learningRate == 50)
        #expect(throws: NeuralKitError.self) { try TSNE(perplexity: 40).fit(x) }
        #expect(throws: NeuralKitError.self) { try TSNE(dimensions: 3).fit(x) }
        #expect(try TSNE(dimensions: 3, perplexity: 5, iterations: 10, method: .exact).fit(x).embedding.shape == [40, 3])
    }
}
