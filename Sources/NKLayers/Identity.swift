// Identity: the layer that passes its input through unchanged.

import NKCore

/// `y = x`. Any input shape `(batch, …)`; output the same. No parameters.
/// Useful as a placeholder in a model spec. PyTorch: `torch.nn.Identity()`.
///
/// ```swift
/// let y = try Identity().forward(x)   // y == x
/// ```
public final class Identity: ShapePreservingModule {
    /// The identity layer.
    public init() {}

    /// `y = x`, any shape.
    public func forward(_ input: Tensor) throws -> Tensor {
        try LayerSupport.checkBatched(self, input)
        return input
    }

    /// Returns `delta` itself: ∂y/∂x is the identity.
    public func backwardDelta(input: Tensor, delta: Tensor) throws -> Tensor {
        try LayerSupport.checkBatched(self, input)
        try LayerSupport.checkDelta(self, delta, expected: input.shape)
        return delta
    }

    /// `Identity()`.
    public var description: String { "Identity()" }
}
