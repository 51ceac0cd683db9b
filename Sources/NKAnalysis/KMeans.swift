// k-means clustering: greedy k-means++ seeding, several restarts, Lloyd iterations with GEMM distances.

import Foundation
import NKCore
import Synchronization

/// k-means (Lloyd's algorithm) with greedy k-means++ initialisation and restarts.
///
/// Minimises the inertia `Σᵢ ‖xᵢ − c_{a(i)}‖²`. Each run seeds with greedy k-means++ (each new
/// centre is the best of `2 + ⌊ln k⌋` candidates drawn with probability ∝ D(x)²), then alternates
/// assignment (squared distances `‖x‖² − 2x·c + ‖c‖²` from one GEMM `X·Cᵀ`) and centroid update
/// until the summed squared centre shift is ≤ `tolerance × mean feature variance` or
/// `maxIterations`. The run with the lowest inertia wins. Runs are seeded from `seed` and
/// independent of the thread count. An emptied cluster is re-seeded with the sample farthest from
/// its centroid. scikit-learn equivalent: `KMeans(n_clusters=k, n_init=restarts, tol=1e-4)`.
///
/// ```swift
/// let result = try KMeans(clusters: 10, restarts: 10, seed: 0).fit(x)   // x: (n, d)
/// result.assignments; result.inertia
/// ```
public struct KMeans: Sendable {
    /// The number of clusters `k`.
    public var clusters: Int
    /// The number of independently seeded runs (`n_init`).
    public var restarts: Int
    /// The most Lloyd iterations per run.
    public var maxIterations: Int
    /// Convergence threshold, relative to the mean per-feature variance of the data.
    public var tolerance: Double
    /// The seed of the whole fit.
    public var seed: UInt64
    /// Called after each restart finishes with (restarts done, restarts in all), from whichever
    /// kernel thread ran it (calls are serialised, and the count only grows).
    public var onRestartDone: (@Sendable (Int, Int) -> Void)?

    /// - Parameters mirror the properties; defaults are scikit-learn's (`n_init=10`, `max_iter=300`, `tol=1e-4`).
    public init(clusters: Int, restarts: Int = 10, maxIterations: Int = 300, tolerance: Double = 1e-4, seed: UInt64 = 0) {
        self.clusters = clusters
        self.restarts = restarts
        self.maxIterations = maxIterations
        self.tolerance = tolerance
        self.seed = seed
    }

    /// Clusters the rows of `data` (`(n, d)`, or any rank flattened per row).
    /// - Throws: `NeuralKitError.argument` unless `1 ≤ k ≤ n` and `restarts ≥ 1`, or for non-finite data.
    public func fit(_ data: Tensor) throws -> KMeansResult {
        let n = data.rowCount, d = data.rowSize
        guard clusters >= 1, clusters <= n else {
            throw NeuralKitError.argument("KMeans: k = \(clusters) clusters needs between 1 and \(n) samples (data \(describeShape(data.shape)))")
        }
        guard restarts >= 1, maxIterations >= 1 else {
            throw NeuralKitError.argument("KMeans: restarts (\(restarts)) and maxIterations (\(maxIterations)) must be at least 1")
        }
        guard data.scalars.allSatisfy(\.isFinite) else {
            throw NeuralKitError.argument("KMeans: the data \(describeShape(data.shape)) contains NaN or infinite values")
        }
        let problem = KMeansProblem(data: data.scalars, n: n, d: d, k: clusters)
        let threshold = tolerance * problem.meanVariance()
        var rng = RandomGenerator(seed: seed)
        let seeds = (0..<restarts).map { _ in rng.next() }
        // Restarts shared out over the kernel threads (their GEMMs then run on the thread that
        // calls them); each run is deterministic given its seed.
        var runs = [KMeansProblem.Run?](repeating: nil, count: restarts)
        let finished = Mutex(0)
        runs.withUnsafeMutableBufferPointer { out in
            Parallelism.forEachRange(count: restarts, grain: 1) { range in
                for r in range {
                    var generator = RandomGenerator(seed: seeds[r])
                    out[r] = problem.run(using: &generator, threshold: threshold, maxIterations: maxIterations)
                    if let onRestartDone {
                        finished.withLock { done in
                            done += 1
                            onRestartDone(done, restarts)
                        }
                    }
                }
            }
        }
        let all = runs.map { $0! }
        let best = all.indices.min { all[$0].inertia < all[$1].inertia }!
        return KMeansResult(
            centroids: Tensor(shape: [clusters, d], scalars: all[best].centroids),
            assignments: all[best].assignments.map(Int.init), inertia: all[best].inertia,
            iterations: all[best].iterations, restartInertias: all.map(\.inertia))
    }
}
