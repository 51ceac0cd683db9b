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
    /// Throws `NeuralKitError.argument` when `loss` cannot train `model` on `targets` (raw labels).
    public static func check(model: Sequential, loss: LossKind, targets: Tensor) throws {
        let last = finalLayer(of: model)
        let ending = last.map { "ends in \($0)" } ?? "has no layers"
        func refuse(_ advice: String) -> NeuralKitError {
            .argument("--loss \(loss): the model \(ending); \(advice)")
        }
        let endsInSoftmax = last is Softmax, endsInLogSoftmax = last is LogSoftmax, endsInSigmoid = last is Sigmoid
        switch loss {
        case .ce where endsInSoftmax:
            throw refuse("ce applies its own softmax to raw scores, so training would softmax twice. Remove the final Softmax() (the scores' argmax is the same class), or use --loss nll, which takes probabilities.")
        case .multiHinge where endsInSoftmax:
            throw refuse("multi-hinge compares raw scores with a margin of 1, which probabilities cannot reach. Remove the final Softmax().")
        case .nll where !endsInSoftmax:
            throw refuse(endsInLogSoftmax ? "nll takes probabilities, and LogSoftmax() gives log-probabilities: use --loss nll-log (PyTorch's NLLLoss)." : "nll takes probabilities: end the model with Softmax(), or use --loss ce on raw scores.")
        case .nllLog where !endsInLogSoftmax:
            throw refuse(endsInSoftmax ? "nll-log takes log-probabilities, and Softmax() gives probabilities: use --loss nll, or end with LogSoftmax()." : "nll-log takes log-probabilities: end the model with LogSoftmax(), or use --loss ce on raw scores.")
        case .bce where !(endsInSigmoid || endsInSoftmax):
            throw refuse("bce takes probabilities: end the model with Sigmoid(), or use --loss bce-logits on raw scores.")
        case .bceLogits where endsInSigmoid:
            throw refuse("bce-logits applies its own sigmoid to raw scores. Remove the final Sigmoid(), or use --loss bce.")
        case .mse, .hinge:
            let values = Set(targets.scalars)
            if (endsInSigmoid || endsInSoftmax), values.contains(-1), values.isSubset(of: [-1, 1]) {
                throw refuse("its outputs lie in (0, 1) and cannot reach the −1 labels, so it would learn nothing. Use --loss bce (the labels become 0/1), or end the model with TanH().")
            }
        default:
            break
        }
    }

    /// The last layer that computes something (nested `Sequential`s opened), or nil for an empty model.
    static func finalLayer(of model: Sequential) -> (any Module)? {
        guard let last = model.modules.last else { return nil }
        if let nested = last as? Sequential { return finalLayer(of: nested) }
        return last
    }
}
