// ProgressReport: closures told of every batch and every epoch (a progress bar, a line per epoch).

/// Calls `onBatch` after every batch and `onEpoch` after every epoch with its recorded metrics.
public final class ProgressReport: TrainingCallback {
    public let onBatch: ((TrainingProgress) -> Void)?
    public let onEpoch: ((EpochMetrics) -> Void)?

    public init(onBatch: ((TrainingProgress) -> Void)?, onEpoch: ((EpochMetrics) -> Void)?) { (self.onBatch, self.onEpoch) = (onBatch, onEpoch) }

    public func batchEnded(_ loop: TrainingLoop, _ progress: TrainingProgress) throws { onBatch?(progress) }
    public func epochEnded(_ loop: TrainingLoop, _ metrics: inout EpochMetrics) throws { onEpoch?(metrics) }
}
