// Optim: one SGD step on a batch (forward, loss, backward, update).

import NKCore
import NKLayers
import NKLosses

/// Plain stochastic gradient descent on a network and a loss, one batch at a time:
/// `θ ← θ − step · (∂loss/∂θ + weightDecay · θ)` (weight decay 0 by default).
///
/// Each `step(input:target:)` zeroes the gradients, runs the forward pass, computes the loss and
/// its gradient, back-propagates, and updates every parameter. With the default `.mean` reduction
/// the gradient is that of the batch mean, as in PyTorch's `optimizer.zero_grad(); loss.backward();
/// optimizer.step()` with `torch.optim.SGD(lr: step)`.
///
/// ```swift
/// let optim = Optim(model, MSELoss(), step: 1e-3)
/// let lossValue = try optim.step(input: x, target: y)
/// ```
public final class Optim {
    /// The network being trained; its parameters are updated in place.
    public let network: any Module
    /// The loss minimised.
    public let loss: any Loss
    /// The learning rate (the `step` of the initializer).
    public var learningRate: Float
    /// The L2 penalty `λ`: each step adds `λ·θ` to every parameter's gradient, which minimises
    /// `loss + λ/2 · Σ θ²` (biases included, as PyTorch's `SGD(weight_decay: λ)` does). Default 0.
    public var weightDecay: Float = 0

    /// - Parameters:
    ///   - network: the model to train.
    ///   - loss: the objective; its `backward` gives ∂loss/∂prediction.
    ///   - step: the learning rate, a positive number.
    public init(_ network: any Module, _ loss: any Loss, step: Float) {
        self.network = network
        self.loss = loss
        self.learningRate = step
    }

    /// One SGD step on a batch; returns the loss of the batch *before* the update.
    ///
    /// - Parameters:
    ///   - input: `(batch, …)`, what the network accepts.
    ///   - target: what the loss expects for the network's output.
    /// - Throws: `NeuralKitError` from the network or the loss (wrong shapes).
    @discardableResult
    public func step(input: Tensor, target: Tensor) throws -> Float {
        try stepReturningPrediction(input: input, target: target).loss
    }

    /// One SGD step on a batch; returns the loss before the update and the prediction it was
    /// computed from (used by the training loop to measure accuracy without a second forward).
    /// The parameters are not updated when the loss is NaN or infinite.
    public func stepReturningPrediction(input: Tensor, target: Tensor) throws -> (loss: Float, prediction: Tensor) {
        network.zeroGrad()
        let prediction = try network.forward(input)                              // (batch, outputs)
        let value = try loss.value(target: target, prediction: prediction)
        guard value.isFinite else { return (value, prediction) }
        let delta = try loss.backward(target: target, prediction: prediction)    // like prediction
        if let fused = network as? any FusedBackward {
            _ = try fused.backward(input: input, delta: delta, needInputDelta: false)
        } else {
            // The input gradient of the whole network is not needed by anyone, so only the
            // parameter pass runs; a container computes its inner deltas inside this call.
            try network.backwardUpdateGradient(input: input, delta: delta)
        }
        if weightDecay != 0 { addWeightDecay() }
        network.updateParameters(step: learningRate)
        return (value, prediction)
    }

    /// `gradient += weightDecay · value` for every parameter.
    private func addWeightDecay() {
        let lambda = weightDecay
        for p in network.parameters {
            let v = p.value
            p.gradient.withUnsafeMutableBufferPointer { g in
                v.withUnsafeBufferPointer { v in for i in 0..<g.count { g[i] += lambda * v[i] } }
            }
        }
    }
}
