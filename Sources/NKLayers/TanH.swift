// TanH: the hyperbolic tangent activation.

import NKCore

/// `y = tanh(x)` elementwise; `∂y/∂x = 1 − y²` (from the output when a container keeps it, see
/// `BackwardFromOutput`, else recomputed from the input).
/// Any input shape `(batch, …)`; output the same. No parameters. PyTorch: `torch.nn.Tanh()`.
///
/// ```swift
/// let y = try TanH().forward(Tensor(shape: [1, 2], scalars: [0, 1]))   // [0, 0.7616]
/// ```
public final class TanH: ShapePreservingModule, BackwardFromOutput {
    /// The tanh activation.
    public init() {}

    /// `tanh(x)` elementwise, shaped like the input.
    public func forward(_ input: Tensor) throws -> Tensor {
        try LayerSupport.checkBatched(self, input)
        return Tensor(uninitializedShape: input.shape) { y in
            input.withUnsafeBufferPointer { x in Elementwise.tanh(x, y) }
        }
    }

    /// `δ ⊙ (1 − y²)` from the output `y = tanh(x)`: one pass, no tanh evaluated.
    public func backwardDelta(output: Tensor, delta: Tensor) throws -> Tensor {
        try LayerSupport.checkDelta(self, delta, expected: output.shape)
        return Tensor(uninitializedShape: output.shape) { dx in
            output.withUnsafeBufferPointer { y in
                delta.withUnsafeBufferPointer { d in
                    for i in 0..<dx.count { dx[i] = d[i] * (1 - y[i] * y[i]) }
                }
            }
        }
    }

    /// `TanH()`.
    public var description: String { "TanH()" }
}
