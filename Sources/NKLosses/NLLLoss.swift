// NLLLoss: negative log-likelihood of the true class, on probabilities.

import NKCore

/// Negative log-likelihood on class probabilities `p` (a model ending in `Softmax()`): per sample
/// `lᵢ = Σⱼ tᵢⱼ·min(−log pᵢⱼ, 100)`, i.e. `−log p` of the true class for a class index.
///
/// - Shapes: `prediction` `(batch, classes)`, probabilities (a negative value or NaN throws);
///   `target` class indices `(batch)` or `(batch, 1)`, or rows `(batch, classes)` (one-hot or
///   class probabilities).
/// - Safe at `p = 0`: `−log p` is clamped at 100 like `BCELoss`, and the gradient
///   `−tᵢⱼ / max(pᵢⱼ, 10⁻¹²)` stays finite.
/// - **Differs from PyTorch**: `torch.nn.NLLLoss` takes *log*-probabilities (after `LogSoftmax`);
///   this one takes probabilities, so that `… - Softmax()` models train with it directly.
///   `NLLLoss(Softmax(z))` equals `CrossEntropyLoss(z)`; prefer the latter (more stable).
///
/// ```swift
/// let loss = try NLLLoss().forward(target: Tensor(shape: [1], scalars: [1]), prediction: probs)
/// ```
public struct NLLLoss: Loss {
    /// How the per-sample losses are reduced.
    public let reduction: Reduction

    /// A negative log-likelihood loss reduced by `reduction` (default: mean over the batch).
    public init(reduction: Reduction = .mean) { self.reduction = reduction }

    /// The per-sample losses reduced by `reduction`: shape `(batch)` for `.none`, else a scalar.
    public func forward(target: Tensor, prediction: Tensor) throws -> Tensor {
        let t = try check(target: target, prediction: prediction)
        let (n, c) = (prediction.shape[0], prediction.shape[1])
        let perSample = (0..<n).map { i in
            (0..<c).reduce(0.0) { s, j in
                let w = Double(t.scalars[i * c + j])
                return w == 0 ? s : s + w * min(-LossSupport.ln(Double(prediction.scalars[i * c + j])), 100)
            }
        }
        return LossSupport.reduce(perSample, reduction)
    }

    /// ∂(reduced loss)/∂prediction, shaped like `prediction`.
    public func backward(target: Tensor, prediction: Tensor) throws -> Tensor {
        let t = try check(target: target, prediction: prediction)
        let scale = LossSupport.gradientScale(reduction, batch: prediction.shape[0])
        return Tensor(shape: prediction.shape, scalars: zip(prediction.scalars, t.scalars).map { p, w in
            Float(-scale * Double(w) / max(Double(p), 1e-12))
        })
    }

    /// `NLLLoss(reduction=mean)`.
    public var description: String { "NLLLoss(reduction=\(reduction))" }

    private func check(target: Tensor, prediction: Tensor) throws -> Tensor {
        let t = try LossSupport.classWeights(self, target: target, prediction: prediction)
        if let bad = prediction.scalars.firstIndex(where: { !($0 >= 0) }) {
            throw NeuralKitError.argument(
                "\(self): prediction \(prediction.scalars[bad]) at element \(bad) is not a probability (negative or NaN); "
                    + "end the model with Softmax() or use ce on raw scores")
        }
        return t
    }
}
