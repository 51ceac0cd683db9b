// DivergenceGuard: stops a run whose loss is no longer finite or has grown a thousandfold.

import NKCore

/// Ends the run with `NeuralKitError(.divergence, …)`, naming the epoch and batch and suggesting a
/// lower learning rate, when a batch loss is NaN or infinite (the step left the parameters as they
/// were) or above `factor` times the first batch's loss (times 1 when that was below 1). The threshold
/// is set by the run's first batch and kept in the resumable state.
public final class DivergenceGuard: TrainingCallback {
    /// How many times the first batch's loss (at least 1) a batch loss may reach.
    public let factor: Float

    public init(factor: Float = Trainer.divergenceFactor) { self.factor = factor }

    public func batchEnded(_ loop: TrainingLoop, _ p: TrainingProgress) throws {
        let value = p.batchLoss, lr = loop.optim.learningRate
        guard value.isFinite else {
            throw NeuralKitError(.divergence, "Training diverged at epoch \(p.epoch), batch \(p.batch) of \(p.batches): the loss became \(value); try a lower learning rate than \(lr).")
        }
        if let threshold = loop.progress.divergenceThreshold, value > threshold {
            throw NeuralKitError(
                .divergence,
                "Training diverged at epoch \(p.epoch), batch \(p.batch) of \(p.batches): the loss reached \(value), over \(Int(factor)) times the first batch's (\(threshold / factor)); try a lower learning rate than \(lr)."
            )
        }
        if loop.progress.divergenceThreshold == nil { loop.progress.divergenceThreshold = factor * max(value, 1) }
    }
}
