// What k-means returns: the centroids, each sample's cluster, the inertia and the work done.

import NKCore

/// The best of the `restarts` runs of `KMeans.fit` (lowest inertia).
public struct KMeansResult: Sendable {
    /// `(k, d)` cluster centres.
    public var centroids: Tensor
    /// The cluster (`0..<k`) of each of the `n` samples: its nearest centroid.
    public var assignments: [Int]
    /// The sum over samples of the squared distance to their centroid (sklearn's `inertia_`).
    public var inertia: Double
    /// Lloyd iterations of the winning run.
    public var iterations: Int
    /// The inertia of every run, in run order (to see how much restarts matter).
    public var restartInertias: [Double]
}
