// GradientCheck+Targets: random targets of the kind each loss takes, for checking a model with it.

import NKCore
import NKLosses

extension GradientCheck {
    /// A random target of the kind `loss` expects for a `(batch, width)` prediction: class indices
    /// for `ce`, `nll`, `nll-log`, `multi-hinge`; 0/1 for `bce`, `bce-logits`; ±1 for `hinge`;
    /// standard normal values for `mse`.
    public static func randomTarget(for loss: LossKind, batch: Int, width: Int, using rng: inout RandomGenerator) -> Tensor {
        switch loss.descriptor.target {
        case .classIndices:
            return Tensor(shape: [batch], scalars: (0..<batch).map { _ in Float(Int.random(in: 0..<width, using: &rng)) })
        case .binary:
            return Tensor(uninitializedShape: [batch, width]) { t in for i in t.indices { t[i] = rng.next() & 1 == 0 ? 0 : 1 } }
        case .signs:
            return Tensor(uninitializedShape: [batch, width]) { t in for i in t.indices { t[i] = rng.next() & 1 == 0 ? -1 : 1 } }
        case .values:
            return Tensor.normal([batch, width], using: &rng)
        }
    }
}
