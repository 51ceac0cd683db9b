// The Module protocol: the contract every layer and container implements.

import NKCore

/// A layer of a network, in the Lua Torch tradition: three primitives, and the rest derived.
///
/// ## Semantics (the one place they are written down)
/// - `forward(_:)` computes the output for a batch. The first dimension is always the batch.
/// - `backwardUpdateGradient(input:delta:)` **adds** ∂loss/∂θ to every parameter's `gradient`,
///   given the same `input` as the preceding `forward` and `delta` = ∂loss/∂output. It never resets
///   gradients (two calls give twice the gradient) and returns nothing.
/// - `backwardDelta(input:delta:)` **returns** ∂loss/∂input, a fresh tensor shaped like `input`.
///   It never touches parameter gradients.
/// - `zeroGrad()` sets every parameter gradient to zero; only it resets them. (It does so lazily,
///   through `Parameter.zeroGradient()`: a layer that accumulates with
///   `Parameter.accumulateGradient` may then overwrite instead of adding; to everyone else the
///   gradient reads as zeros.)
/// - `updateParameters(step:)` does `value -= step * gradient` for every parameter and leaves the
///   gradient as it is.
/// - `parameters` lists the trainable tensors in a fixed order (PyTorch's: weight, then bias);
///   `buffers` the state that is saved but not trained (BatchNorm's running statistics).
/// - `setTraining(_:)` switches between training behaviour (Dropout drops, BatchNorm uses and
///   updates batch statistics) and evaluation behaviour (identity; running statistics). Modules start
///   in training mode, as in PyTorch; `Optim` and `Trainer` switch to it for every step, `evaluate`,
///   `predict` and every evaluation path switch to evaluation. Other layers ignore it.
///
/// Call the backward methods right after `forward` on the same input: containers such as
/// `Sequential` keep the intermediate outputs of the last forward pass.
///
/// Errors: a wrong input shape throws `NeuralKitError` naming the layer and both shapes.
public protocol Module: AnyObject, CustomStringConvertible {
    /// The output for `input`, shape `(batch, …)`.
    func forward(_ input: Tensor) throws -> Tensor

    /// Accumulates the parameter gradients for `input` and `delta` = ∂loss/∂output.
    func backwardUpdateGradient(input: Tensor, delta: Tensor) throws

    /// Returns ∂loss/∂input for `input` and `delta` = ∂loss/∂output.
    func backwardDelta(input: Tensor, delta: Tensor) throws -> Tensor

    /// The trainable tensors, in PyTorch's order.
    var parameters: [Parameter] { get }

    /// The output shape for an input of shape `inputShape` (batch included), or an error naming
    /// the layer and the shape it expected. Used to check a whole model before it runs.
    func outputShape(for inputShape: [Int]) throws -> [Int]

    /// The shape of one input sample (batch excluded) that this layer alone fixes, or `nil` when it
    /// takes several: `[inputSize]` for `Linear`, `[d₁·…·dₖ]` for `Reshape`, `nil` for activations and
    /// convolutions (any length or image size). `Sequential.inferredSampleShape` starts from it.
    var fixedSampleShape: [Int]? { get }

    /// State saved with the parameters but not trained, in PyTorch's order (`running_mean`,
    /// `running_var`, `num_batches_tracked` for BatchNorm); empty for most layers.
    var buffers: [Buffer] { get }

    /// Training (`true`) or evaluation (`false`) behaviour; see the type's documentation.
    func setTraining(_ training: Bool)

    /// The kind of values the layer outputs (losses refuse a last layer they cannot train):
    /// `.unbounded` unless the layer says otherwise (`Sigmoid`, `Softmax`, `LogSoftmax`).
    var outputKind: OutputKind { get }
}

extension Module {
    public var parameters: [Parameter] { [] }

    public var outputKind: OutputKind { .unbounded }

    public var fixedSampleShape: [Int]? { nil }

    public var buffers: [Buffer] { [] }

    /// Layers that behave the same in training and evaluation ignore the mode.
    public func setTraining(_ training: Bool) {}

    /// Parameter-free layers have nothing to accumulate.
    public func backwardUpdateGradient(input: Tensor, delta: Tensor) throws {}

    public func zeroGrad() {
        for p in parameters { p.zeroGradient() }
    }

    public func updateParameters(step: Float) {
        for p in parameters {
            let g = p.gradient
            p.value.withUnsafeMutableBufferPointer { v in
                g.withUnsafeBufferPointer { g in
                    for i in 0..<v.count { v[i] -= step * g[i] }
                }
            }
        }
    }

    /// The number of trainable scalars.
    public var parameterCount: Int { parameters.reduce(0) { $0 + $1.value.count } }
}
