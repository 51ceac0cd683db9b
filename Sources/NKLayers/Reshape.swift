// Reshape: (batch, n) → (batch, d1, …, dk), e.g. a flat image vector into (batch, 28, 28, 1).

import NKCore

/// Gives every sample the shape `dims`: `(batch, …)` with `d₁·…·dₖ` values per sample →
/// `(batch, d₁, …, dₖ)`, keeping the memory order (row-major). Use it to feed a flat dataset into a
/// convolution: `Reshape(28, 28, 1)` turns `(batch, 784)` into NHWC `(batch, 28, 28, 1)`.
/// No parameters; no copy. PyTorch: `torch.nn.Unflatten(1, dims)` (for one channel, where NHWC and
/// NCHW coincide).
///
/// ```swift
/// let y = try Reshape([28, 28, 1]).forward(Tensor(zeros: [64, 784]))   // (64, 28, 28, 1)
/// ```
public final class Reshape: Module {
    /// The per-sample shape of the output (batch excluded).
    public let dims: [Int]

    /// A reshape to `(batch, dims…)`; `dims` non-empty and positive.
    public init(_ dims: [Int]) {
        precondition(!dims.isEmpty && dims.allSatisfy { $0 > 0 }, "Reshape: dimensions must be positive")
        self.dims = dims
    }

    /// A reshape to `(batch, dims…)`, written as in the notation: `Reshape(28, 28, 1)`.
    public convenience init(_ dims: Int...) { self.init(dims) }

    /// `[d₁·…·dₖ]`: the flat sample a reshape expects (any shape with as many values fits too).
    public var fixedSampleShape: [Int]? { [dims.reduce(1, *)] }

    /// `(batch, dims…)` when the input has `dims`' product of values per sample.
    public func outputShape(for inputShape: [Int]) throws -> [Int] {
        guard let batch = inputShape.first, (try? Shape.count(Array(inputShape.dropFirst()), what: "")) == dims.reduce(1, *) else {
            throw NeuralKitError.shape("\(self): expected input (batch, …) with \(dims.reduce(1, *)) values per sample, got \(describeShape(inputShape))")
        }
        return [batch] + dims
    }

    /// The input, reshaped.
    public func forward(_ input: Tensor) throws -> Tensor { input.reshaped(try outputShape(for: input.shape)) }

    /// `δ` reshaped to the input's shape.
    public func backwardDelta(input: Tensor, delta: Tensor) throws -> Tensor {
        try LayerSupport.checkDelta(self, delta, expected: try outputShape(for: input.shape))
        return delta.reshaped(input.shape)
    }

    /// `Reshape(28, 28, 1)`.
    public var description: String { "Reshape(\(dims.map(String.init).joined(separator: ", ")))" }
}

/// PyTorch's name for the same operation on a flat input (`nn.Unflatten(1, dims)`).
public typealias Unflatten = Reshape
