// BCEWithLogitsLoss: binary cross-entropy on raw scores, fused with the sigmoid.

import NKCore

/// Binary cross-entropy on logits `x` (raw scores, no `Sigmoid()` at the end of the model):
/// per sample `lᵢ = Σⱼ [max(xᵢⱼ, 0) − xᵢⱼ·yᵢⱼ + log(1 + e^−|xᵢⱼ|)]`, which equals
/// `BCELoss(σ(x), y)` but never overflows or takes `log 0`.
///
/// - Shapes: `prediction` `(batch, …)`, `target` the same (a `(batch)` target also
///   fits a `(batch, 1)` prediction), with values in [0, 1].
/// - Gradient: `σ(x) − y`, times `1/batch` for `.mean`.
/// - PyTorch: `torch.nn.BCEWithLogitsLoss`, except that `.mean` averages over samples only
///   (summing over outputs), as `MSELoss` does.
///
/// ```swift
/// let loss = try BCEWithLogitsLoss().forward(target: y, prediction: scores)
/// ```
public struct BCEWithLogitsLoss: Loss {
    /// How the per-sample losses are reduced.
    public let reduction: Reduction

    /// A logits binary cross-entropy loss reduced by `reduction` (default: mean over the batch).
    public init(reduction: Reduction = .mean) { self.reduction = reduction }

    /// The per-sample losses reduced by `reduction`: shape `(batch)` for `.none`, else a scalar.
    public func forward(target: Tensor, prediction: Tensor) throws -> Tensor {
        try LossSupport.checkSameShape(self, target: target, prediction: prediction)
        let (n, w) = (prediction.rowCount, prediction.rowSize)
        let perSample = (0..<n).map { i in
            (0..<w).reduce(0.0) { s, j in
                let x = Double(prediction.scalars[i * w + j]), y = Double(target.scalars[i * w + j])
                return s + max(x, 0) - x * y + LossSupport.ln1p(LossSupport.exp(-abs(x)))
            }
        }
        return LossSupport.reduce(perSample, reduction)
    }

    /// ∂(reduced loss)/∂prediction, shaped like `prediction`.
    public func backward(target: Tensor, prediction: Tensor) throws -> Tensor {
        try LossSupport.checkSameShape(self, target: target, prediction: prediction)
        let scale = LossSupport.gradientScale(reduction, batch: prediction.rowCount)
        return Tensor(
            shape: prediction.shape,
            scalars: zip(prediction.scalars, target.scalars).map { x, y in
                let e = LossSupport.exp(-abs(Double(x)))  // σ(x) without overflow
                let sigma = x >= 0 ? 1 / (1 + e) : e / (1 + e)
                return Float(scale * (sigma - Double(y)))
            })
    }

    /// `BCEWithLogitsLoss(reduction=mean)`.
    public var description: String { "BCEWithLogitsLoss(reduction=\(reduction))" }
}

extension BCEWithLogitsLoss {
    /// `bce-logits`: 0/1 targets, raw scores (it applies its own sigmoid), accuracy at 0.
    public static let descriptor = LossDescriptor(
        name: "bce-logits", target: .binary(threshold: 0),
        refusal: { output, _ in
            output == .probabilities ? "bce-logits applies its own sigmoid to raw scores. Remove the final Sigmoid(), or use --loss bce." : nil
        }
    ) { BCEWithLogitsLoss(reduction: $0) }
}
