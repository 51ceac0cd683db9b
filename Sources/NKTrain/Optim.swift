// Optim: one training step on a batch (forward, loss, backward, optional clipping, update).

import NKCore
import NKLayers
import NKLosses

/// One optimisation step at a time on a network and a loss, with any `Optimizer` (plain SGD by
/// default: `θ ← θ − step · (∂loss/∂θ + weightDecay · θ)`).
///
/// Each `step(input:target:)` puts the network in training mode, zeroes the gradients, runs the
/// forward pass, computes the loss and its gradient, back-propagates, clips the gradients' global
/// norm when `clipGradientNorm` is set, and lets the optimizer update every parameter. With the
/// default `.mean` reduction the gradient is that of the batch mean, as in PyTorch's
/// `optimizer.zero_grad(); loss.backward(); optimizer.step()`.
///
/// ```swift
/// let optim = Optim(model, MSELoss(), step: 1e-3)                        // SGD
/// let adam = Optim(model, CrossEntropyLoss(), optimizer: Adam(learningRate: 1e-3))
/// let lossValue = try optim.step(input: x, target: y)
/// ```
public final class Optim {
    /// The network being trained; its parameters are updated in place.
    public let network: any Module
    /// The loss minimised.
    public let loss: any Loss
    /// The update rule.
    public let optimizer: any Optimizer
    /// When set, the gradients are scaled before each update so that their global L2 norm is at
    /// most this (`torch.nn.utils.clip_grad_norm_`).
    public var clipGradientNorm: Float?
    /// Called after the loss and its gradient, before the backward pass; it may change them (the
    /// trainer calls `TrainingCallback.lossComputed` here).
    public var onLoss: ((inout StepLoss) throws -> Void)?
    /// Called after the backward pass, before clipping and the update (the trainer calls
    /// `TrainingCallback.gradientsComputed` here).
    public var onGradients: (() throws -> Void)?
    /// The global gradient norm of the last step, before clipping (0 before the first step).
    public private(set) var lastGradientNorm: Float = 0
    /// The network's parameters, listed once.
    private let parameters: [Parameter]

    /// The learning rate of the optimizer.
    public var learningRate: Float {
        get { optimizer.learningRate }
        set { optimizer.learningRate = newValue }
    }

    /// Plain SGD with learning rate `step`.
    public convenience init(_ network: any Module, _ loss: any Loss, step: Float) {
        self.init(network, loss, optimizer: SGD(learningRate: step))
    }

    /// Steps with `optimizer`.
    public init(_ network: any Module, _ loss: any Loss, optimizer: any Optimizer) {
        self.network = network
        self.loss = loss
        self.optimizer = optimizer
        self.parameters = network.parameters
    }

    /// One step on a batch; returns the loss of the batch *before* the update.
    ///
    /// - Parameters:
    ///   - input: `(batch, …)`, what the network accepts.
    ///   - target: what the loss expects for the network's output.
    /// - Throws: `NeuralKitError` from the network or the loss (wrong shapes).
    @discardableResult
    public func step(input: Tensor, target: Tensor) throws -> Float {
        try stepReturningPrediction(input: input, target: target).loss
    }

    /// One step on a batch; returns the loss before the update and the prediction it was
    /// computed from (used by the training loop to measure accuracy without a second forward).
    /// The parameters are not updated when the loss (after `onLoss`) is NaN or infinite.
    public func stepReturningPrediction(input: Tensor, target: Tensor) throws -> (loss: Float, prediction: Tensor) {
        network.setTraining(true)
        network.zeroGrad()
        let prediction = try network.forward(input)  // (batch, outputs)
        var (value, delta) = try loss.valueAndGradient(target: target, prediction: prediction)  // delta: like prediction
        if let onLoss {
            var step = StepLoss(value: value, gradient: delta, prediction: prediction, target: target)
            try onLoss(&step)
            (value, delta) = (step.value, step.gradient)
        }
        guard value.isFinite else { return (value, prediction) }
        if let fused = network as? any FusedBackward {
            _ = try fused.backward(input: input, delta: delta, needInputDelta: false)
        } else {
            // The input gradient of the whole network is not needed by anyone, so only the
            // parameter pass runs; a container computes its inner deltas inside this call.
            try network.backwardUpdateGradient(input: input, delta: delta)
        }
        try onGradients?()
        if let clipGradientNorm {
            lastGradientNorm = GradientClipping.clip(parameters, maxNorm: clipGradientNorm)
        }
        optimizer.step(parameters)
        return (value, prediction)
    }
}
