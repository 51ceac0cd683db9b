// The ticks of one axis: the domain they cover, their values and labels.

/// The result of a tick computation: the axis runs from `lower` to `upper` (both data units),
/// with ticks at `values` labelled `labels`.
public struct TickSet: Equatable, Sendable {
    /// The start of the axis domain (data units); a tick sits here for linear axes.
    public var lower: Double
    /// The end of the axis domain (data units).
    public var upper: Double
    /// Tick positions in data units, increasing.
    public var values: [Double]
    /// One label per tick, e.g. `0.5`, `100`, `1e-5`.
    public var labels: [String]

    /// A tick set from its parts.
    public init(lower: Double, upper: Double, values: [Double], labels: [String]) {
        self.lower = lower
        self.upper = upper
        self.values = values
        self.labels = labels
    }
}
