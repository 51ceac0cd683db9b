// NLLLoss: negative log-likelihood of the true class, on probabilities or log-probabilities.

import NKCore

/// Negative log-likelihood of the true class. What the model outputs is said by `input`:
///
/// - `.probabilities` (`--loss nll`, a model ending in `Softmax()`): per sample
///   `lᵢ = Σⱼ tᵢⱼ·min(−log pᵢⱼ, 100)`. Safe at `p = 0`: `−log p` is clamped at 100 like `BCELoss`,
///   and the gradient `−tᵢⱼ / max(pᵢⱼ, 10⁻¹²)` stays finite. A negative value or NaN throws.
///   `NLLLoss(Softmax(z))` equals `CrossEntropyLoss(z)`; prefer the latter (more stable).
/// - `.logProbabilities` (`--loss nll-log`, a model ending in `LogSoftmax()`): `lᵢ = −Σⱼ tᵢⱼ·ℓᵢⱼ`,
///   gradient `−tᵢⱼ`. This is PyTorch's `torch.nn.NLLLoss`; like it, no value is refused.
///
/// - Shapes: `prediction` `(batch, classes)`; `target` class indices `(batch)` or `(batch, 1)`, or rows
///   `(batch, classes)` (one-hot or class probabilities).
///
/// ```swift
/// let loss = try NLLLoss(input: .logProbabilities).forward(target: Tensor(shape: [1], scalars: [1]), prediction: logProbs)
/// ```
public struct NLLLoss: Loss {
    /// What the prediction holds.
    public enum Input: String, Sendable {
        /// Class probabilities, each in [0, 1] (after `Softmax()`).
        case probabilities
        /// Natural logarithms of class probabilities, each ≤ 0 (after `LogSoftmax()`), as in PyTorch.
        case logProbabilities = "log-probabilities"
    }

    /// How the per-sample losses are reduced.
    public let reduction: Reduction
    /// Whether predictions are probabilities or log-probabilities.
    public let input: Input

    /// A negative log-likelihood loss reduced by `reduction` (default: mean over the batch), on
    /// `input` (default: probabilities).
    public init(reduction: Reduction = .mean, input: Input = .probabilities) {
        self.reduction = reduction
        self.input = input
    }

    /// The per-sample losses reduced by `reduction`: shape `(batch)` for `.none`, else a scalar.
    public func forward(target: Tensor, prediction: Tensor) throws -> Tensor {
        let t = try check(target: target, prediction: prediction)
        let (n, c) = (prediction.shape[0], prediction.shape[1])
        let perSample = (0..<n).map { i in
            (0..<c).reduce(0.0) { s, j in
                let w = Double(t.scalars[i * c + j]), v = Double(prediction.scalars[i * c + j])
                guard w != 0 else { return s }
                return s + w * (input == .probabilities ? min(-LossSupport.ln(v), 100) : -v)
            }
        }
        return LossSupport.reduce(perSample, reduction)
    }

    /// ∂(reduced loss)/∂prediction, shaped like `prediction`.
    public func backward(target: Tensor, prediction: Tensor) throws -> Tensor {
        let t = try check(target: target, prediction: prediction)
        let scale = LossSupport.gradientScale(reduction, batch: prediction.shape[0])
        return Tensor(
            shape: prediction.shape,
            scalars: zip(prediction.scalars, t.scalars).map { p, w in
                input == .probabilities ? Float(-scale * Double(w) / max(Double(p), 1e-12)) : Float(-scale * Double(w))
            })
    }

    /// `NLLLoss(reduction=mean)`, or `NLLLoss(reduction=mean, input=log-probabilities)`.
    public var description: String {
        input == .probabilities ? "NLLLoss(reduction=\(reduction))" : "NLLLoss(reduction=\(reduction), input=\(input.rawValue))"
    }

    private func check(target: Tensor, prediction: Tensor) throws -> Tensor {
        let t = try LossSupport.classWeights(self, target: target, prediction: prediction)
        switch input {
        case .probabilities:
            if let bad = prediction.scalars.firstIndex(where: { !($0 >= 0) }) {
                throw NeuralKitError.argument(
                    "\(self): prediction \(prediction.scalars[bad]) at element \(bad) is not a probability (negative or NaN); "
                        + "end the model with Softmax(), use nll-log after LogSoftmax(), or ce on raw scores")
            }
        case .logProbabilities:
            break  // any value is a valid input of a linear loss (PyTorch checks nothing either)
        }
        return t
    }
}

extension NLLLoss {
    /// `nll`: class indices, probabilities (after Softmax).
    public static let probabilitiesDescriptor = LossDescriptor(
        name: "nll", target: .classIndices,
        refusal: { output, _ in
            switch output {
            case .rowProbabilities: nil
            case .logProbabilities: "nll takes probabilities, and LogSoftmax() gives log-probabilities: use --loss nll-log (PyTorch's NLLLoss)."
            default: "nll takes probabilities: end the model with Softmax(), or use --loss ce on raw scores."
            }
        }
    ) { NLLLoss(reduction: $0, input: .probabilities) }

    /// `nll-log`: class indices, log-probabilities (after LogSoftmax): PyTorch's `NLLLoss`.
    public static let logProbabilitiesDescriptor = LossDescriptor(
        name: "nll-log", target: .classIndices,
        refusal: { output, _ in
            switch output {
            case .logProbabilities: nil
            case .rowProbabilities: "nll-log takes log-probabilities, and Softmax() gives probabilities: use --loss nll, or end with LogSoftmax()."
            default: "nll-log takes log-probabilities: end the model with LogSoftmax(), or use --loss ce on raw scores."
            }
        }
    ) { NLLLoss(reduction: $0, input: .logProbabilities) }
}
