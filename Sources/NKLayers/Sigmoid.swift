// Sigmoid: the logistic activation.

import NKCore

/// `y = σ(x) = 1 / (1 + e⁻ˣ)` elementwise; `∂y/∂x = y(1 − y)` (from the output when a container
/// keeps it, see `BackwardFromOutput`, else recomputed from the input).
/// Any input shape `(batch, …)`; output the same. No parameters. PyTorch: `torch.nn.Sigmoid()`.
///
/// ```swift
/// let y = try Sigmoid().forward(Tensor(shape: [1, 1], scalars: [0]))   // [0.5]
/// ```
public final class Sigmoid: ShapePreservingModule, BackwardFromOutput {
    /// The logistic activation.
    public init() {}

    /// `σ(x)` elementwise, shaped like the input.
    public func forward(_ input: Tensor) throws -> Tensor {
        try LayerSupport.checkBatched(self, input)
        return Tensor(uninitializedShape: input.shape) { y in
            input.withUnsafeBufferPointer { x in Elementwise.sigmoid(x, y) }
        }
    }

    /// `δ ⊙ y(1 − y)` from the output `y = σ(x)`: one pass, no exponential evaluated.
    public func backwardDelta(output: Tensor, delta: Tensor) throws -> Tensor {
        try LayerSupport.checkDelta(self, delta, expected: output.shape)
        return Tensor(uninitializedShape: output.shape) { dx in
            output.withUnsafeBufferPointer { y in
                delta.withUnsafeBufferPointer { d in
                    for i in 0..<dx.count { dx[i] = d[i] * y[i] * (1 - y[i]) }
                }
            }
        }
    }

    /// `Sigmoid()`.
    public var description: String { "Sigmoid()" }
}

extension Sigmoid {
    /// The kind of values it outputs, for the losses' pairing rules.
    public var outputKind: OutputKind { .probabilities }
}
