// CrossEntropyLoss: softmax cross-entropy on logits, fused and stable.

import NKCore

/// Softmax cross-entropy on logits `z` (raw scores; do not end the model with `Softmax()`):
/// per sample `lᵢ = Σⱼ tᵢⱼ·(log Σₖ exp zᵢₖ − zᵢⱼ)`, which for a class index `c` is
/// `−log softmax(zᵢ)_c`. The log-sum-exp subtracts the row maximum, so any finite logits work.
///
/// - Shapes: `prediction` `(batch, classes)`; `target` class indices `(batch)` or `(batch, 1)`,
///   or rows `(batch, classes)`: one-hot, or class probabilities (soft labels).
/// - Gradient: `softmax(zᵢ)·Σⱼ tᵢⱼ − tᵢ` (`softmax − onehot` for a class), `1/batch` for `.mean`.
/// - PyTorch: `torch.nn.CrossEntropyLoss` (same value and gradient, indices or probabilities).
///
/// ```swift
/// let loss = try CrossEntropyLoss().forward(target: Tensor(shape: [2], scalars: [0, 2]), prediction: logits)
/// ```
public struct CrossEntropyLoss: Loss {
    /// How the per-sample losses are reduced.
    public let reduction: Reduction

    /// A cross-entropy loss reduced by `reduction` (default: mean over the batch).
    public init(reduction: Reduction = .mean) { self.reduction = reduction }

    /// The per-sample losses reduced by `reduction`: shape `(batch)` for `.none`, else a scalar.
    public func forward(target: Tensor, prediction: Tensor) throws -> Tensor {
        let t = try LossSupport.classWeights(self, target: target, prediction: prediction)
        let (n, c) = (prediction.shape[0], prediction.shape[1])
        let perSample = (0..<n).map { i in
            let z = prediction.scalars[(i * c)..<((i + 1) * c)].map(Double.init)
            let lse = logSumExp(z)
            return (0..<c).reduce(0.0) { s, j in
                let w = Double(t.scalars[i * c + j])
                return w == 0 ? s : s + w * (lse - z[j])
            }
        }
        return LossSupport.reduce(perSample, reduction)
    }

    /// ∂(reduced loss)/∂prediction, shaped like `prediction`.
    public func backward(target: Tensor, prediction: Tensor) throws -> Tensor {
        let t = try LossSupport.classWeights(self, target: target, prediction: prediction)
        let (n, c) = (prediction.shape[0], prediction.shape[1])
        let scale = LossSupport.gradientScale(reduction, batch: n)
        var grad = Tensor(zeros: prediction.shape)
        for i in 0..<n {
            let z = prediction.scalars[(i * c)..<((i + 1) * c)].map(Double.init)
            let lse = logSumExp(z)
            let total = (0..<c).reduce(0.0) { $0 + Double(t.scalars[i * c + $1]) }
            for j in 0..<c {
                let p = LossSupport.exp(z[j] - lse)
                grad.scalars[i * c + j] = Float(scale * (p * total - Double(t.scalars[i * c + j])))
            }
        }
        return grad
    }

    /// `CrossEntropyLoss(reduction=mean)`.
    public var description: String { "CrossEntropyLoss(reduction=\(reduction))" }

    /// `log Σ exp zⱼ`, shifted by the maximum.
    private func logSumExp(_ z: [Double]) -> Double {
        let m = z.max() ?? 0
        guard m.isFinite else { return m }
        return m + LossSupport.ln(z.reduce(0.0) { $0 + LossSupport.exp($1 - m) })
    }
}
