// One row of the per-cluster purity table: a cluster, its size, its majority class and purity.

/// The composition of one predicted cluster.
public struct ClusterPurity: Equatable, Sendable {
    /// The cluster's label.
    public var cluster: Int
    /// The number of samples in the cluster.
    public var size: Int
    /// The most frequent true class in the cluster (the smallest label on ties).
    public var majorityClass: Int
    /// `count(majorityClass in cluster) / size`, in (0, 1].
    public var purity: Double
}
