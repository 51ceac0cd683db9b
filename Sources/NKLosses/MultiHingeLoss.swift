// MultiHingeLoss: the multi-class SVM margin loss.

import NKCore

/// Multi-class hinge loss (Weston–Watkins SVM, margin 1): per sample with true class `c`,
/// `lᵢ = Σ_{j≠c} max(0, 1 + ŷᵢⱼ − ŷᵢc)`.
///
/// - Shapes: `prediction` `(batch, classes)` (raw scores); `target` class indices `(batch)` or
///   `(batch, 1)`, or one-hot rows `(batch, classes)` (exactly one 1 per row).
/// - Gradient: for each violated `j`, +1 on `ŷᵢⱼ` and −1 on `ŷᵢc`; `1/batch` for `.mean`.
/// - **Differs from PyTorch**: `torch.nn.MultiMarginLoss` divides each sample's sum by the number
///   of classes; this one keeps the sum (the textbook SVM loss), so its value is PyTorch's times
///   `classes`. The choice keeps the margin's meaning independent of the number of classes.
///
/// ```swift
/// let loss = try MultiHingeLoss().forward(target: Tensor(shape: [1], scalars: [2]), prediction: scores)
/// ```
public struct MultiHingeLoss: Loss {
    /// How the per-sample losses are reduced.
    public let reduction: Reduction

    /// A multi-class hinge loss reduced by `reduction` (default: mean over the batch).
    public init(reduction: Reduction = .mean) { self.reduction = reduction }

    /// The per-sample losses reduced by `reduction`: shape `(batch)` for `.none`, else a scalar.
    public func forward(target: Tensor, prediction: Tensor) throws -> Tensor {
        let labels = try LossSupport.classIndices(self, target: target, prediction: prediction)
        let c = prediction.shape[1]
        let perSample = labels.enumerated().map { i, y in
            let truth = Double(prediction.scalars[i * c + y])
            return (0..<c).reduce(0.0) { s, j in
                j == y ? s : s + max(0, 1 + Double(prediction.scalars[i * c + j]) - truth)
            }
        }
        return LossSupport.reduce(perSample, reduction)
    }

    /// ∂(reduced loss)/∂prediction, shaped like `prediction`.
    public func backward(target: Tensor, prediction: Tensor) throws -> Tensor {
        let labels = try LossSupport.classIndices(self, target: target, prediction: prediction)
        let c = prediction.shape[1]
        let scale = Float(LossSupport.gradientScale(reduction, batch: labels.count))
        var grad = Tensor(zeros: prediction.shape)
        for (i, y) in labels.enumerated() {
            let truth = prediction.scalars[i * c + y]
            for j in 0..<c where j != y && 1 + prediction.scalars[i * c + j] - truth > 0 {
                grad.scalars[i * c + j] += scale
                grad.scalars[i * c + y] -= scale
            }
        }
        return grad
    }

    /// `MultiHingeLoss(reduction=mean)`.
    public var description: String { "MultiHingeLoss(reduction=\(reduction))" }
}

extension MultiHingeLoss {
    /// `multi-hinge`: class indices, raw scores (a margin of 1, which probabilities cannot reach).
    public static let descriptor = LossDescriptor(
        name: "multi-hinge", target: .classIndices,
        refusal: { output, _ in
            output == .rowProbabilities ? "multi-hinge compares raw scores with a margin of 1, which probabilities cannot reach. Remove the final Softmax()." : nil
        }
    ) { MultiHingeLoss(reduction: $0) }
}
