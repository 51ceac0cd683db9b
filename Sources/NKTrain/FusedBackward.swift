// FusedBackward: a module that does both backward passes in one sweep (Sequential does).

import NKCore

/// A module that can accumulate its parameter gradients and compute the input gradient in a single
/// backward sweep, reusing what its last `forward` cached (as `Sequential` does).
///
/// `Optim` uses it when the network conforms, so that a container skips the input gradient of its
/// first layer (`needInputDelta: false`), which nothing consumes.
public protocol FusedBackward: AnyObject {
    /// Accumulates every parameter gradient for `delta` = ∂loss/∂output (shape of the last output)
    /// and returns ∂loss/∂input shaped like `input`, or `nil` when `needInputDelta` is false.
    /// Call it right after `forward(input)`.
    func backward(input: Tensor, delta: Tensor, needInputDelta: Bool) throws -> Tensor?
}
