// The analysis benchmarks: P1 (PCA), K1 (k-means), T1 (t-SNE), on real data when it is there.

import Foundation
import NKAnalysis
import NKCore
import NKData

extension Workloads {
    /// Data for an analysis row: the training inputs of `dataset` when its files are present,
    /// else `fallback` (synthetic data of the same shape). The label says which was used.
    static func analysisData(_ dataset: String, dataDirectory: URL, fallback: () -> Tensor) -> (Tensor, String) {
        if let entry = try? DatasetRegistry.entry(named: dataset),
            case .present = DatasetRegistry.status(of: entry, in: dataDirectory),
            let splits = try? DatasetRegistry.load(dataset, from: dataDirectory)
        {
            let x = splits.train.inputs
            return (x.reshaped([x.rowCount, x.rowSize]), dataset.uppercased())
        }
        return (fallback(), "synthetic")
    }

    /// `n` points in `d` dimensions around `clusters` Gaussian centres (unit spread, centres drawn
    /// from N(0, spread²)), the shape of data that clusters.
    static func gaussianClusters(n: Int, d: Int, clusters: Int, spread: Float, seed: UInt64) -> Tensor {
        var rng = RandomGenerator(seed: seed)
        let centres = (0..<(clusters * d)).map { _ in spread * Float(rng.nextNormal()) }
        var x = [Float](repeating: 0, count: n * d)
        for i in 0..<n {
            let c = i % clusters
            for j in 0..<d { x[i * d + j] = centres[c * d + j] + Float(rng.nextNormal()) }
        }
        return Tensor(shape: [n, d], scalars: x)
    }

    /// `n` rows of `d` features with the decaying spectrum of image data: 100 latent factors with
    /// variances `1/(r + 1)` through a random Gaussian basis, plus noise of standard deviation 0.05.
    /// (Data with a flat spectrum, uniform noise say, is the slow case of the subspace iteration.)
    static func imageLikeData(n: Int, d: Int, seed: UInt64) -> Tensor {
        var rng = RandomGenerator(seed: seed)
        let factors = 100
        let z = Tensor(
            shape: [n, factors],
            scalars: (0..<(n * factors)).map { i in
                Float(rng.nextNormal() / Double(i % factors + 1).squareRoot())
            })
        let basis = Tensor.normal([factors, d], std: 1 / Float(factors).squareRoot(), using: &rng)
        var x = Tensor.matmul(z, basis)
        for i in 0..<(n * d) { x.scalars[i] += 0.05 * Float(rng.nextNormal()) }
        return x
    }

    /// P1: PCA of 60,000 × 784 to 50 components (MNIST's training images when present).
    static func p1(runs: Int, dataDirectory: URL) throws -> BenchRow {
        let (x, source) = analysisData("mnist", dataDirectory: dataDirectory) { imageLikeData(n: 60_000, d: 784, seed: 11) }
        let seconds = try median(runs) { _ = try PCA.fit(x, components: 50) }
        return BenchRow(id: "P1", what: "PCA, 60,000 × 784 to 50 components (\(source))", seconds: seconds, unit: .seconds, target: 0.35)
    }

    /// K1: k-means, k = 10, 10 restarts, on 7,291 × 256 (USPS's training set when present).
    static func k1(runs: Int, dataDirectory: URL) throws -> BenchRow {
        let (x, source) = analysisData("usps", dataDirectory: dataDirectory) {
            gaussianClusters(n: 7_291, d: 256, clusters: 10, spread: 0.5, seed: 12)
        }
        let seconds = try median(runs) { _ = try KMeans(clusters: 10, restarts: 10, seed: 0).fit(x) }
        return BenchRow(id: "K1", what: "k-means, 7,291 × 256, k = 10, 10 restarts (\(source))", seconds: seconds, unit: .seconds, target: 0.5)
    }

    /// T1: Barnes–Hut t-SNE of 5,000 × 50 (10 Gaussian clusters), 1,000 iterations.
    static func t1(runs: Int) throws -> BenchRow {
        let x = gaussianClusters(n: 5_000, d: 50, clusters: 10, spread: 3, seed: 13)
        let seconds = try median(runs) { _ = try TSNE(seed: 0).fit(x) }
        return BenchRow(id: "T1", what: "t-SNE (Barnes–Hut), 5,000 × 50, 10 clusters, 1,000 iterations", seconds: seconds, unit: .seconds, target: 10)
    }
}
