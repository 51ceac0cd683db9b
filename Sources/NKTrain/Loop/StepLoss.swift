// StepLoss: a training step's loss between the forward and the backward pass.

import NKCore

/// What `TrainingCallback.lossComputed` sees of a step, after the loss and before the backward pass.
/// A callback may change `value` (the loss reported and checked for divergence), `gradient` (what is
/// back-propagated) and the accuracy counts; the step skips the backward pass and the update when
/// `value` is then NaN or infinite.
public struct StepLoss {
    /// The batch's loss (of this process's rows, until a callback combines the processes').
    public var value: Float
    /// `∂value/∂prediction`, shaped like `prediction`.
    public var gradient: Tensor
    /// The network's output `(rows, …)` and the targets it is compared with.
    public let prediction: Tensor, target: Tensor
    /// Correct decisions and decisions judged (0 and 0 when accuracy is not measured).
    public var correct = 0, judged = 0

    public init(value: Float, gradient: Tensor, prediction: Tensor, target: Tensor) {
        (self.value, self.gradient, self.prediction, self.target) = (value, gradient, prediction, target)
    }

    /// The rows this process computed.
    public var rows: Int { prediction.shape.first ?? 0 }
}
