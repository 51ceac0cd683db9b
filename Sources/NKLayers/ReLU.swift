// ReLU: the rectified linear activation.

import NKCore

/// `y = max(0, x)` elementwise; `∂y/∂x` is 1 for `x > 0` and 0 otherwise (0 at `x = 0`, as in
/// PyTorch), computed from the input. Any input shape `(batch, …)`; output the same.
/// No parameters. PyTorch: `torch.nn.ReLU()`.
///
/// ```swift
/// let y = try ReLU().forward(Tensor(shape: [1, 2], scalars: [-1, 2]))   // [0, 2]
/// ```
public final class ReLU: ShapePreservingModule {
    /// The rectifier.
    public init() {}


    /// `max(0, x)` elementwise, shaped like the input.
    public func forward(_ input: Tensor) throws -> Tensor {
        try LayerSupport.checkBatched(self, input)
        return LayerSupport.map(input) { max($0, 0) }
    }

    /// `δ` where `x > 0`, else 0; shaped like the input.
    public func backwardDelta(input: Tensor, delta: Tensor) throws -> Tensor {
        try LayerSupport.checkBatched(self, input)
        try LayerSupport.checkDelta(self, delta, expected: input.shape)
        return LayerSupport.zip(input, delta) { x, d in x > 0 ? d : 0 }
    }

    /// `ReLU()`.
    public var description: String { "ReLU()" }
}
