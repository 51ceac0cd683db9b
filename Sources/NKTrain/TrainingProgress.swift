// TrainingProgress: what the per-batch progress callback receives.

/// A snapshot passed to `Trainer.onProgress` after every batch (for a progress bar).
public struct TrainingProgress: Sendable, Equatable {
    /// 1-based epoch number.
    public var epoch: Int
    /// 1-based batch number within the epoch.
    public var batch: Int
    /// Batches per epoch.
    public var batches: Int
    /// Mean loss of the epoch so far, weighted by batch size.
    public var runningLoss: Float
    /// The loss of this batch (before its update).
    public var batchLoss: Float

    /// A snapshot after batch `batch` of `batches` in epoch `epoch`.
    public init(epoch: Int, batch: Int, batches: Int, runningLoss: Float, batchLoss: Float? = nil) {
        self.epoch = epoch
        self.batch = batch
        self.batches = batches
        self.runningLoss = runningLoss
        self.batchLoss = batchLoss ?? runningLoss
    }
}
