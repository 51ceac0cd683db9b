// The Loss protocol and how per-sample losses are reduced over a batch.

import NKCore

/// How a loss turns per-sample values into what `forward` returns.
public enum Reduction: String, Sendable, CaseIterable {
    /// One value per sample, shape `(batch)`; `backward` gives the gradient of their sum.
    case none
    /// The mean over the batch (the default), a scalar.
    case mean
    /// The sum over the batch, a scalar.
    case sum
}

/// A loss function comparing a batch of predictions with targets.
///
/// Arguments are labelled (`target:` first, then `prediction:`) because the order is the one most
/// often confused. `prediction` has shape `(batch, outputs)`. For classification losses `target`
/// may hold class indices, shape `(batch)` or `(batch, 1)`, or one-hot rows shaped like
/// `prediction`.
///
/// - `forward` returns shape `(batch)` for `.none`, else a scalar tensor (shape `[]`).
/// - `backward` returns ∂(reduced loss)/∂prediction, shaped like `prediction`; for `.none`, the
///   gradient of the sum of the per-sample losses.
public protocol Loss: CustomStringConvertible {
    var reduction: Reduction { get }
    func forward(target: Tensor, prediction: Tensor) throws -> Tensor
    func backward(target: Tensor, prediction: Tensor) throws -> Tensor
    /// The reduced loss as a number (as `value`) and ∂(reduced loss)/∂prediction (as `backward`):
    /// what a training step needs, computed in one pass by losses that can share the work. The
    /// gradient is unspecified when the value is not finite.
    func valueAndGradient(target: Tensor, prediction: Tensor) throws -> (value: Float, gradient: Tensor)
}

extension Loss {
    /// The reduced loss as a number (for `.none`, the mean of the per-sample losses).
    public func value(target: Tensor, prediction: Tensor) throws -> Float {
        number(try forward(target: target, prediction: prediction))
    }

    /// What `value` reports for a result of `forward`: the scalar, or the mean for `.none`.
    func number(_ forwarded: Tensor) -> Float {
        reduction == .none ? forwarded.scalars.reduce(0, +) / Float(max(forwarded.count, 1)) : forwarded.scalars[0]
    }

    /// `value` then, when it is finite, `backward`.
    public func valueAndGradient(target: Tensor, prediction: Tensor) throws -> (value: Float, gradient: Tensor) {
        let v = try value(target: target, prediction: prediction)
        guard v.isFinite else { return (v, prediction) }
        return (v, try backward(target: target, prediction: prediction))
    }
}
