// Flatten: (batch, d1, d2, …) → (batch, d1·d2·…), keeping the memory order.

import NKCore

/// Flattens every sample: `(batch, d₁, …, dₖ)` → `(batch, d₁·…·dₖ)`, row-major, so a channels-last
/// `(batch, H, W, C)` becomes `(batch, H·W·C)` with index `(h·W + w)·C + c`. (PyTorch flattens NCHW,
/// index `c·H·W + h·W + w`; checkpoints permute the following `Linear`'s columns to match.)
/// A rank-1 input `(batch)` becomes `(batch, 1)`. No parameters; no copy. PyTorch: `torch.nn.Flatten()`.
///
/// ```swift
/// let y = try Flatten().forward(Tensor(zeros: [64, 12, 12, 32]))   // (64, 4608)
/// ```
public final class Flatten: Module {
    /// The flattening layer.
    public init() {}

    /// `(batch, product of the other dimensions)`.
    public func outputShape(for inputShape: [Int]) throws -> [Int] {
        guard let batch = inputShape.first else { throw NeuralKitError.shape("\(self): expected input (batch, …), got ()") }
        return [batch, inputShape.dropFirst().reduce(1, *)]
    }

    /// The input, reshaped.
    public func forward(_ input: Tensor) throws -> Tensor { input.reshaped(try outputShape(for: input.shape)) }

    /// `δ` reshaped to the input's shape.
    public func backwardDelta(input: Tensor, delta: Tensor) throws -> Tensor {
        try LayerSupport.checkDelta(self, delta, expected: try outputShape(for: input.shape))
        return delta.reshaped(input.shape)
    }

    /// `Flatten()`.
    public var description: String { "Flatten()" }
}
