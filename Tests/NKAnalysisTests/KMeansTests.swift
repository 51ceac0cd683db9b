// Tests of k-means: separable blobs recovered exactly, restarts, determinism, errors, real USPS.

import Testing
import NKTestSupport
import NKCore
import NKData
@testable import NKAnalysis

@Suite struct KMeansTests {
    typealias S = AnalysisTestSupport

    @Test func recoversSeparableBlobs() throws {
        let centres: [[Float]] = [[0, 0, 0], [10, 0, 0], [0, 10, 0], [0, 0, 10], [10, 10, 10]]
        let (x, labels) = S.blobs(centres: centres, perCluster: 40, spread: 0.5, seed: 1)
        let result = try KMeans(clusters: 5, restarts: 4, seed: 7).fit(x)
        let table = try ContingencyTable(truth: labels, predicted: result.assignments)
        #expect(ClusteringMetrics.adjustedRandIndex(table) == 1)
        #expect(ClusteringMetrics.clusterAccuracy(table) == 1)
        // Every centroid lies within 0.3 of a true centre.
        for c in 0..<5 {
            let row = Array(result.centroids.scalars[(c * 3)..<(c * 3 + 3)])
            let nearest = centres.map { t in zip(t, row).reduce(Float(0)) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) } }.min()!
            #expect(nearest < 0.09)
        }
        // The inertia is the summed squared distance to the assigned centroid.
        var inertia = 0.0
        for i in 0..<x.rowCount {
            let a = result.assignments[i]
            for j in 0..<3 { let diff = Double(x[i, j] - result.centroids[a, j]); inertia += diff * diff }
        }
        #expect(abs(inertia - result.inertia) <= 1e-3 * inertia)
    }

    @Test func inertiaDecreasesWithKAndRestartsPickTheBest() throws {
        let (x, _) = S.blobs(centres: S.randomCentres(8, dimension: 4, scale: 5, seed: 2), perCluster: 30, spread: 1, seed: 3)
        let inertias = try (1...6).map { try KMeans(clusters: $0, restarts: 3, seed: 1).fit(x).inertia }
        for (a, b) in zip(inertias, inertias.dropFirst()) { #expect(b < a) }
        let result = try KMeans(clusters: 8, restarts: 6, seed: 5).fit(x)
        #expect(result.restartInertias.count == 6 && result.inertia == result.restartInertias.min())
        // One Lloyd iteration can't beat converged runs from the same seeds.
        let short = try KMeans(clusters: 8, restarts: 6, maxIterations: 1, seed: 5).fit(x)
        #expect(short.inertia >= result.inertia)
    }

    @Test func seededAndValidated() throws {
        let (x, _) = S.blobs(centres: S.randomCentres(3, dimension: 2, scale: 3, seed: 4), perCluster: 20, spread: 1, seed: 5)
        let a = try KMeans(clusters: 3, seed: 11).fit(x), b = try KMeans(clusters: 3, seed: 11).fit(x)
        #expect(a.assignments == b.assignments && a.centroids == b.centroids)
        #expect(throws: NeuralKitError.self) { try KMeans(clusters: 61).fit(x) }
        #expect(throws: NeuralKitError.self) { try KMeans(clusters: 0).fit(x) }
        // k = n puts every sample in its own cluster with zero inertia.
        let tiny = Tensor(shape: [3, 1], scalars: [0, 1, 5])
        let all = try KMeans(clusters: 3, restarts: 1).fit(tiny)
        #expect(Set(all.assignments).count == 3 && all.inertia == 0)
    }

    @Test(.enabled(if: S.has("usps"), SharedData.missing("usps")))
    func uspsAdjustedRandIndex() throws {
        let usps = try DatasetRegistry.load("usps", from: S.sharedData).train
        let result = try KMeans(clusters: 10, restarts: 10, seed: 0).fit(usps.flatInputs)
        let table = try ContingencyTable(truth: usps.targets.scalars.map { Int($0) }, predicted: result.assignments)
        // scikit-learn gets about 0.5 on this set.
        let ari = ClusteringMetrics.adjustedRandIndex(table)
        #expect(ari > 0.4 && ari < 0.7)
    }
}
