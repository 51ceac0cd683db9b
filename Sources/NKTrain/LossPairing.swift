// LossPairing: refuses a loss that cannot work with the model's last layer or the labels.

import NKCore
import NKLayers
import NKLosses

/// The combinations of final layer, loss and labels that train silently wrong, refused with a
/// message that says what to write instead:
///
/// | model ends in | loss | why it is refused |
/// |---|---|---|
/// | `Softmax()` | `ce`, `multi-hinge` | they take raw scores; `ce` would apply a second softmax (on USPS: 62 % instead of 91 %) |
/// | anything but `Softmax()` | `nll` | `nll` takes probabilities |
/// | anything but `LogSoftmax()` | `nll-log` | `nll-log` takes log-probabilities |
/// | anything but `Sigmoid()`/`Softmax()` | `bce` | `bce` takes probabilities |
/// | `Sigmoid()` | `bce-logits` | it applies its own sigmoid |
/// | `Sigmoid()` or `Softmax()` | `mse`, `hinge` with ±1 labels | outputs in (0, 1) cannot reach −1 (the net learns nothing) |
///
/// `ce` after `LogSoftmax()` is allowed: the softmax of log-probabilities is the softmax of the scores.
public enum LossPairing {
    /// Throws `NeuralKitError.argument` when `loss` cannot train `model` on `targets` (raw labels):
    /// the loss's descriptor judges the kind of values the last layer outputs.
    public static func check(model: Sequential, loss: LossKind, targets: Tensor) throws {
        let last = finalLayer(of: model)
        let values = Set(targets.scalars)
        let minusOne = values.contains(-1) && values.isSubset(of: [-1, 1])
        if let advice = loss.descriptor.refusal(last?.outputKind ?? .unbounded, minusOne) {
            throw NeuralKitError.argument("Loss \(loss): the model \(last.map { "ends in \($0)" } ?? "has no layers"); \(advice)", field: "loss")
        }
    }

    /// The last layer that computes something (nested `Sequential`s opened), or nil for an empty model.
    static func finalLayer(of model: Sequential) -> (any Module)? {
        guard let last = model.modules.last else { return nil }
        if let nested = last as? Sequential { return finalLayer(of: nested) }
        return last
    }
}
