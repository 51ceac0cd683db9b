// Sigmoid: the logistic activation.

import NKCore

/// `y = σ(x) = 1 / (1 + e⁻ˣ)` elementwise; `∂y/∂x = σ(x)(1 − σ(x))`, recomputed from the input.
/// Any input shape `(batch, …)`; output the same. No parameters. PyTorch: `torch.nn.Sigmoid()`.
///
/// ```swift
/// let y = try Sigmoid().forward(Tensor(shape: [1, 1], scalars: [0]))   // [0.5]
/// ```
public final class Sigmoid: ShapePreservingModule {
    /// The logistic activation.
    public init() {}


    /// `σ(x)` elementwise, shaped like the input.
    public func forward(_ input: Tensor) throws -> Tensor {
        try LayerSupport.checkBatched(self, input)
        return Tensor(uninitializedShape: input.shape) { y in
            input.withUnsafeBufferPointer { x in Elementwise.sigmoid(x, y) }
        }
    }

    /// `δ ⊙ σ(x)(1 − σ(x))`, shaped like the input.
    public func backwardDelta(input: Tensor, delta: Tensor) throws -> Tensor {
        try LayerSupport.checkBatched(self, input)
        try LayerSupport.checkDelta(self, delta, expected: input.shape)
        return Tensor(uninitializedShape: input.shape) { dx in
            input.withUnsafeBufferPointer { x in Elementwise.sigmoid(x, dx) }   // dx = σ(x) for now
            delta.withUnsafeBufferPointer { d in
                for i in 0..<dx.count { dx[i] = d[i] * dx[i] * (1 - dx[i]) }
            }
        }
    }

    /// `Sigmoid()`.
    public var description: String { "Sigmoid()" }
}
