// HeldOutEvaluation: the validation and test parts' loss and accuracy after every epoch.

import NKCore

/// Evaluates the validation and test parts, when given, after every epoch (evaluation mode, in
/// batches of at least 256 rows) and fills the epoch's metrics with their loss and accuracy.
public final class HeldOutEvaluation: TrainingCallback {
    public let validation: (inputs: Tensor, targets: Tensor)?
    public let test: (inputs: Tensor, targets: Tensor)?

    public init(validation: (inputs: Tensor, targets: Tensor)?, test: (inputs: Tensor, targets: Tensor)?) {
        (self.validation, self.test) = (validation, test)
    }

    public func epochEnded(_ loop: TrainingLoop, _ metrics: inout EpochMetrics) throws {
        let batch = max(loop.configuration.batchSize, 256)
        if let validation {
            let r = try evaluate(network: loop.network, loss: loop.loss, inputs: validation.inputs, targets: validation.targets, decision: loop.decision, batchSize: batch)
            (metrics.validationLoss, metrics.validationAccuracy) = (r.loss, r.accuracy)
        }
        if let test {
            let r = try evaluate(network: loop.network, loss: loop.loss, inputs: test.inputs, targets: test.targets, decision: loop.decision, batchSize: batch)
            (metrics.testLoss, metrics.testAccuracy) = (r.loss, r.accuracy)
        }
    }
}
