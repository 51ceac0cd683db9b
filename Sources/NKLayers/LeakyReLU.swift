// LeakyReLU: the rectifier with a small slope for negative inputs.

import NKCore

/// `y = x` for `x > 0`, `y = α·x` otherwise, elementwise; `∂y/∂x` is 1 or `α`, from the input.
/// Any input shape `(batch, …)`; output the same. No parameters.
/// PyTorch: `torch.nn.LeakyReLU(negative_slope=alpha)`.
///
/// ```swift
/// let y = try LeakyReLU(alpha: 0.1).forward(Tensor(shape: [1, 2], scalars: [-1, 2]))   // [-0.1, 2]
/// ```
public final class LeakyReLU: ShapePreservingModule, PiecewiseLinearModule {
    /// The slope for negative inputs.
    public let alpha: Float
    /// See `PiecewiseLinearModule` (gradient checks only).
    public var pieceHolding = PieceHolding.free

    /// A leaky rectifier with slope `alpha` for negative inputs (default 0.01, as in PyTorch).
    public init(alpha: Float = 0.01) { self.alpha = alpha }

    /// `x` or `α·x` elementwise, shaped like the input.
    public func forward(_ input: Tensor) throws -> Tensor {
        try LayerSupport.checkBatched(self, input)
        let a = alpha
        if let positive = try selection(for: input, { input.scalars.map { $0 > 0 ? 1 : 0 } }) {
            return Tensor(shape: input.shape, scalars: zip(input.scalars, positive).map { $1 == 1 ? $0 : a * $0 })
        }
        return LayerSupport.map(input) { $0 > 0 ? $0 : a * $0 }
    }

    /// `δ` where `x > 0`, else `α·δ`; shaped like the input.
    public func backwardDelta(input: Tensor, delta: Tensor) throws -> Tensor {
        try LayerSupport.checkBatched(self, input)
        try LayerSupport.checkDelta(self, delta, expected: input.shape)
        let a = alpha
        return LayerSupport.zip(input, delta) { x, d in x > 0 ? d : a * d }
    }

    /// `LeakyReLU(alpha=0.01)`.
    public var description: String { "LeakyReLU(alpha=\(alpha))" }
}
