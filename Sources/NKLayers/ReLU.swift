// ReLU: the rectified linear activation.

import NKCore

/// `y = max(0, x)` elementwise; `∂y/∂x` is 1 for `x > 0` and 0 otherwise (0 at `x = 0`, as in
/// PyTorch), computed from the input. Any input shape `(batch, …)`; output the same.
/// No parameters. PyTorch: `torch.nn.ReLU()`.
///
/// ```swift
/// let y = try ReLU().forward(Tensor(shape: [1, 2], scalars: [-1, 2]))   // [0, 2]
/// ```
public final class ReLU: ShapePreservingModule, PiecewiseLinearModule {
    /// See `PiecewiseLinearModule` (gradient checks only).
    public var pieceHolding = PieceHolding.free

    /// The rectifier.
    public init() {}

    /// `max(0, x)` elementwise, shaped like the input.
    public func forward(_ input: Tensor) throws -> Tensor {
        try LayerSupport.checkBatched(self, input)
        if let mask = try selection(for: input, { input.scalars.map { $0 > 0 ? 1 : 0 } }) {
            return Tensor(shape: input.shape, scalars: zip(input.scalars, mask).map { $1 == 1 ? $0 : 0 })
        }
        return Tensor(uninitializedShape: input.shape) { y in
            input.withUnsafeBufferPointer { x in Elementwise.relu(x, y) }
        }
    }

    /// `δ` where `x > 0`, else 0; shaped like the input.
    public func backwardDelta(input: Tensor, delta: Tensor) throws -> Tensor {
        try LayerSupport.checkBatched(self, input)
        try LayerSupport.checkDelta(self, delta, expected: input.shape)
        return Tensor(uninitializedShape: input.shape) { dx in
            input.withUnsafeBufferPointer { x in delta.withUnsafeBufferPointer { d in Elementwise.reluBackward(x, delta: d, dx) } }
        }
    }

    /// `ReLU()`.
    public var description: String { "ReLU()" }
}
