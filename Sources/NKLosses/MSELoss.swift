// MSELoss: the squared error summed over each sample's outputs.

import NKCore

/// Squared error: per sample `lᵢ = Σⱼ (yᵢⱼ − ŷᵢⱼ)²`, then reduced over the batch.
///
/// - Shapes: `prediction` `(batch, …)`, `target` the same (a `(batch)` target also fits a
///   `(batch, 1)` prediction).
/// - Gradient: `∂lᵢ/∂ŷᵢⱼ = 2(ŷᵢⱼ − yᵢⱼ)`, times `1/batch` for `.mean`.
/// - **Differs from PyTorch**: `torch.nn.MSELoss(reduction="mean")` divides by the number of
///   elements (`batch · outputs`); this one divides by `batch` only, so that the loss of a sample
///   does not depend on how many outputs the model has. PyTorch's value is ours divided by the
///   output width; `reduction: .sum` is identical to PyTorch's `"sum"`.
///
/// ```swift
/// let loss = try MSELoss().forward(target: y, prediction: model.forward(x))
/// ```
public struct MSELoss: Loss {
    /// How the per-sample losses are reduced.
    public let reduction: Reduction

    /// A squared-error loss reduced by `reduction` (default: mean over the batch).
    public init(reduction: Reduction = .mean) { self.reduction = reduction }

    /// The per-sample losses reduced by `reduction`: shape `(batch)` for `.none`, else a scalar.
    public func forward(target: Tensor, prediction: Tensor) throws -> Tensor {
        try LossSupport.checkSameShape(self, target: target, prediction: prediction)
        let (n, w) = (prediction.rowCount, prediction.rowSize)
        let perSample = (0..<n).map { i in
            (0..<w).reduce(0.0) { s, j in
                let e = Double(prediction.scalars[i * w + j]) - Double(target.scalars[i * w + j])
                return s + e * e
            }
        }
        return LossSupport.reduce(perSample, reduction)
    }

    /// ∂(reduced loss)/∂prediction, shaped like `prediction`.
    public func backward(target: Tensor, prediction: Tensor) throws -> Tensor {
        try LossSupport.checkSameShape(self, target: target, prediction: prediction)
        let scale = 2 * LossSupport.gradientScale(reduction, batch: prediction.rowCount)
        return Tensor(
            shape: prediction.shape,
            scalars: zip(prediction.scalars, target.scalars).map { p, t in
                Float(scale * (Double(p) - Double(t)))
            })
    }

    /// `MSELoss(reduction=mean)`.
    public var description: String { "MSELoss(reduction=\(reduction))" }
}

extension MSELoss {
    /// `mse`: values (a class column and a wider output: one-hot rows); refused after Sigmoid or Softmax with ±1 labels.
    public static let descriptor = LossDescriptor(name: "mse", target: .values, refusal: LossDescriptor.unreachableMinusOne) { MSELoss(reduction: $0) }
}
