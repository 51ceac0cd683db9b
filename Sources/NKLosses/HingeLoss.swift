// HingeLoss: the binary SVM margin loss with ±1 labels.

import NKCore

/// Binary hinge loss with labels ±1: per sample `lᵢ = Σⱼ max(0, 1 − yᵢⱼ·ŷᵢⱼ)`.
///
/// - Shapes: `prediction` `(batch, …)` (raw scores), `target` the same (`(batch)` also fits
///   `(batch, 1)`), every value −1 or +1
///   (anything else throws).
/// - Gradient: `−yᵢⱼ` where the margin is violated (`yŷ < 1`), else 0; `1/batch` for `.mean`.
/// - PyTorch: no direct equivalent (`torch.nn.HingeEmbeddingLoss` is different);
///   `torch.clamp(1 - y * yhat, min=0).sum(1).mean()`.
///
/// ```swift
/// let loss = try HingeLoss().forward(target: Tensor(shape: [2, 1], scalars: [1, -1]), prediction: scores)
/// ```
public struct HingeLoss: Loss {
    /// How the per-sample losses are reduced.
    public let reduction: Reduction

    /// A hinge loss reduced by `reduction` (default: mean over the batch).
    public init(reduction: Reduction = .mean) { self.reduction = reduction }

    /// The per-sample losses reduced by `reduction`: shape `(batch)` for `.none`, else a scalar.
    public func forward(target: Tensor, prediction: Tensor) throws -> Tensor {
        try check(target: target, prediction: prediction)
        let (n, w) = (prediction.rowCount, prediction.rowSize)
        let perSample = (0..<n).map { i in
            (0..<w).reduce(0.0) { s, j in
                s + max(0, 1 - Double(target.scalars[i * w + j]) * Double(prediction.scalars[i * w + j]))
            }
        }
        return LossSupport.reduce(perSample, reduction)
    }

    /// ∂(reduced loss)/∂prediction, shaped like `prediction`.
    public func backward(target: Tensor, prediction: Tensor) throws -> Tensor {
        try check(target: target, prediction: prediction)
        let scale = Float(LossSupport.gradientScale(reduction, batch: prediction.rowCount))
        return Tensor(
            shape: prediction.shape,
            scalars: zip(prediction.scalars, target.scalars).map { p, y in
                y * p < 1 ? -scale * y : 0
            })
    }

    /// `HingeLoss(reduction=mean)`.
    public var description: String { "HingeLoss(reduction=\(reduction))" }

    private func check(target: Tensor, prediction: Tensor) throws {
        try LossSupport.checkSameShape(self, target: target, prediction: prediction)
        if let bad = target.scalars.firstIndex(where: { $0 != 1 && $0 != -1 }) {
            throw NeuralKitError.argument("\(self): target \(target.scalars[bad]) at element \(bad) is not a label −1 or +1")
        }
    }
}

extension HingeLoss {
    /// `hinge`: ±1 targets, scores; refused after Sigmoid or Softmax with ±1 labels.
    public static let descriptor = LossDescriptor(name: "hinge", target: .signs, refusal: LossDescriptor.unreachableMinusOne) { HingeLoss(reduction: $0) }
}
