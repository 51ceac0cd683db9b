// ELU: the exponential linear unit.

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif
import NKCore

/// `y = x` for `x > 0`, `y = α(eˣ − 1)` otherwise, elementwise; `∂y/∂x` is 1 or `α·eˣ`, from the
/// input. Any input shape `(batch, …)`; output the same. No parameters.
/// PyTorch: `torch.nn.ELU(alpha=alpha)`.
///
/// ```swift
/// let y = try ELU().forward(Tensor(shape: [1, 2], scalars: [-1, 2]))   // [-0.632, 2]
/// ```
public final class ELU: ShapePreservingModule {
    /// The scale of the negative branch.
    public let alpha: Float

    /// An ELU with scale `alpha` (default 1, as in PyTorch).
    public init(alpha: Float = 1) { self.alpha = alpha }

    /// `x` or `α(eˣ − 1)` elementwise, shaped like the input.
    public func forward(_ input: Tensor) throws -> Tensor {
        try LayerSupport.checkBatched(self, input)
        let a = alpha
        return LayerSupport.map(input) { $0 > 0 ? $0 : a * expm1f($0) }
    }

    /// `δ` where `x > 0`, else `α·eˣ·δ`; shaped like the input.
    public func backwardDelta(input: Tensor, delta: Tensor) throws -> Tensor {
        try LayerSupport.checkBatched(self, input)
        try LayerSupport.checkDelta(self, delta, expected: input.shape)
        let a = alpha
        return LayerSupport.zip(input, delta) { x, d in x > 0 ? d : a * expf(x) * d }
    }

    /// `ELU(alpha=1.0)`.
    public var description: String { "ELU(alpha=\(alpha))" }
}
