// Sequential: the container that runs its children one after another.

import NKCore

/// A chain of modules: `y = fₙ(…f₂(f₁(x)))`. PyTorch: `torch.nn.Sequential(*modules)`.
///
/// `forward` keeps each child's input (and the last output), so `backward(input:delta:needInputDelta:)`
/// can run both backward passes child by child, last to first, without recomputing anything: a
/// `BackwardFromOutput` child (TanH, Sigmoid) is differentiated from its kept output. The protocol's
/// `backwardUpdateGradient` and `backwardDelta` work too; they recompute the forward pass when
/// `input` is not the tensor the last `forward` saw. Parameters are those of the children, in order.
///
/// A shape error in a child is rethrown as `Sequential: layer 2 (Linear(100, 10)): …`, with layers
/// counted from 0 as in PyTorch (and in checkpoint names such as `2.weight`). Prints itself in the model notation: `Linear(2, 3) - TanH()`.
///
/// ```swift
/// let model = Sequential([Linear(2, 8, using: &rng), TanH(), Linear(8, 1, using: &rng)])
/// let y = try model.forward(x)
/// _ = try model.backward(input: x, delta: lossGradient, needInputDelta: false)
/// ```
public final class Sequential: Module {
    /// The children, in the order they run.
    public let modules: [any Module]
    /// The input of each child during the last `forward` (empty before the first one).
    private var inputs: [Tensor] = []
    /// The output of the last `forward` (what a last `BackwardFromOutput` child differentiates).
    private var output: Tensor?

    /// A container running `modules` in order.
    public init(_ modules: [any Module]) { self.modules = modules }

    /// Every child's parameters, in order.
    public var parameters: [Parameter] { modules.flatMap(\.parameters) }

    /// Every child's buffers, in order.
    public var buffers: [Buffer] { modules.flatMap(\.buffers) }

    /// Sets every child's mode.
    public func setTraining(_ training: Bool) { for m in modules { m.setTraining(training) } }

    /// The shape after every child, or the first child's error, prefixed with its position.
    public func outputShape(for inputShape: [Int]) throws -> [Int] {
        let (shapes, failure) = Sequential.walkShapes(modules, input: inputShape)
        if let failure { return try child(failure.index) { throw failure.error } }
        return shapes.last ?? inputShape
    }

    /// Runs the children in order, saving each one's input for the backward pass.
    public func forward(_ input: Tensor) throws -> Tensor {
        var saved: [Tensor] = []
        saved.reserveCapacity(modules.count)
        var x = input
        for (i, m) in modules.enumerated() {
            saved.append(x)
            x = try child(i) { try m.forward(x) }
        }
        inputs = saved
        output = x
        return x
    }

    /// Both backward passes in one sweep from the last child to the first, using the inputs saved
    /// by the last `forward` (recomputed if `input` is not that forward's input).
    ///
    /// - Parameters:
    ///   - input: the input of the last `forward`, `(batch, …)`.
    ///   - delta: ∂loss/∂output, shaped like the output.
    ///   - needInputDelta: when `false`, the first child's `backwardDelta` is skipped (a training
    ///     loop never needs ∂loss/∂input, and for a leading `Linear` that saves a GEMM).
    /// - Returns: ∂loss/∂input, or `nil` when `needInputDelta` is `false`.
    public func backward(input: Tensor, delta: Tensor, needInputDelta: Bool = true) throws -> Tensor? {
        try sweep(input: input, delta: delta, updateGradients: true, needInputDelta: needInputDelta)
    }

    /// Adds every child's parameter gradients (`backward` without the first child's input delta).
    public func backwardUpdateGradient(input: Tensor, delta: Tensor) throws {
        _ = try sweep(input: input, delta: delta, updateGradients: true, needInputDelta: false)
    }

    /// ∂loss/∂input through every child (recomputing the forward pass if `input` is new); leaves gradients alone.
    public func backwardDelta(input: Tensor, delta: Tensor) throws -> Tensor {
        try sweep(input: input, delta: delta, updateGradients: false, needInputDelta: true) ?? delta
    }

    /// `Linear(2, 3) - TanH()`: the children joined by ` - `, as in the model notation.
    public var description: String { modules.map(\.description).joined(separator: " - ") }

    // MARK: - Private

    private func sweep(input: Tensor, delta: Tensor, updateGradients: Bool, needInputDelta: Bool) throws -> Tensor? {
        if !cacheMatches(input) { _ = try forward(input) }
        var d = delta
        for i in modules.indices.reversed() {
            let m = modules[i], x = inputs[i]
            if updateGradients { try child(i) { try m.backwardUpdateGradient(input: x, delta: d) } }
            if i == 0 && !needInputDelta { return nil }
            if let activation = m as? any BackwardFromOutput, let y = i + 1 < modules.count ? inputs[i + 1] : output {
                d = try child(i) { try activation.backwardDelta(output: y, delta: d) }  // no activation recomputed
            } else {
                d = try child(i) { try m.backwardDelta(input: x, delta: d) }
            }
        }
        return d
    }

    /// Whether `input` is the very tensor (same storage, same shape) the last `forward` saw.
    private func cacheMatches(_ input: Tensor) -> Bool {
        guard inputs.count == modules.count, let first = inputs.first else { return modules.isEmpty }
        guard first.shape == input.shape else { return false }
        if input.count == 0 { return true }
        let a = first.withUnsafeBufferPointer { $0.baseAddress }
        let b = input.withUnsafeBufferPointer { $0.baseAddress }
        return a == b
    }

    /// Runs `body` for child `i`, prefixing any `NeuralKitError` with the child's position and name.
    private func child<T>(_ i: Int, _ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as NeuralKitError {
            throw NeuralKitError(error.kind, "Sequential: layer \(i) (\(modules[i])): \(error.message)")
        }
    }
}
