// History: the per-epoch record of a training run.

/// The per-epoch measurements of a training run, in order, with each series as an array for plots.
public struct History: Sendable, Equatable {
    /// One entry per completed epoch.
    public var epochs: [EpochMetrics]
    /// What early stopping watched (`validation loss` or `test loss`); nil without early stopping.
    public var monitor: String?
    /// The epoch whose weights the model ends with, when early stopping restored them (nil otherwise).
    public var bestEpoch: Int?
    /// Whether early stopping ended the run before its last epoch.
    public var stoppedEarly = false

    /// A history with the given epochs (empty by default).
    public init(epochs: [EpochMetrics] = []) { self.epochs = epochs }

    /// Training loss per epoch.
    public var trainLoss: [Float] { epochs.map(\.trainLoss) }
    /// Training accuracy per epoch (nil entries when no `Decision` was given).
    public var trainAccuracy: [Float?] { epochs.map(\.trainAccuracy) }
    /// Validation loss per epoch (nil entries without validation data).
    public var validationLoss: [Float?] { epochs.map(\.validationLoss) }
    /// Validation accuracy per epoch.
    public var validationAccuracy: [Float?] { epochs.map(\.validationAccuracy) }
    /// Test loss per epoch (nil entries without test data).
    public var testLoss: [Float?] { epochs.map(\.testLoss) }
    /// Test accuracy per epoch.
    public var testAccuracy: [Float?] { epochs.map(\.testAccuracy) }
    /// Seconds per epoch.
    public var seconds: [Double] { epochs.map(\.seconds) }

    /// Same measurements epoch by epoch, ignoring timings.
    public func sameMetrics(as other: History) -> Bool {
        epochs.count == other.epochs.count && zip(epochs, other.epochs).allSatisfy { $0.sameMetrics(as: $1) }
    }
}
