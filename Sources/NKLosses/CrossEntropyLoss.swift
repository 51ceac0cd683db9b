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
        let perSample = prediction.withUnsafeBufferPointer { z in
            t.withUnsafeBufferPointer { t in
                (0..<n).map { i in
                    let lse = logSumExp(z, row: i, width: c)
                    var s = 0.0
                    for j in (i * c)..<((i + 1) * c) where t[j] != 0 { s += Double(t[j]) * (lse - Double(z[j])) }
                    return s
                }
            }
        }
        return LossSupport.reduce(perSample, reduction)
    }

    /// ∂(reduced loss)/∂prediction, shaped like `prediction`.
    public func backward(target: Tensor, prediction: Tensor) throws -> Tensor {
        let t = try LossSupport.classWeights(self, target: target, prediction: prediction)
        let (n, c) = (prediction.shape[0], prediction.shape[1])
        let scale = LossSupport.gradientScale(reduction, batch: n)
        return Tensor(uninitializedShape: prediction.shape) { g in
            prediction.withUnsafeBufferPointer { z in
                t.withUnsafeBufferPointer { t in
                    for i in 0..<n {
                        let lse = logSumExp(z, row: i, width: c)
                        var total = 0.0
                        for j in (i * c)..<((i + 1) * c) { total += Double(t[j]) }
                        for j in (i * c)..<((i + 1) * c) {  // softmax·Σt − t
                            g[j] = Float(scale * (LossSupport.exp(Double(z[j]) - lse) * total - Double(t[j])))
                        }
                    }
                }
            }
        }
    }

    /// The reduced loss and its gradient in one pass: each row's exponentials serve both its
    /// log-sum-exp and its softmax (`backward` and `forward` compute them separately).
    public func valueAndGradient(target: Tensor, prediction: Tensor) throws -> (value: Float, gradient: Tensor) {
        let t = try LossSupport.classWeights(self, target: target, prediction: prediction)
        let (n, c) = (prediction.shape[0], prediction.shape[1])
        let scale = LossSupport.gradientScale(reduction, batch: n)
        var perSample = [Double](repeating: 0, count: n)
        var e = [Double](repeating: 0, count: c)
        let gradient = Tensor(uninitializedShape: prediction.shape) { g in
            prediction.withUnsafeBufferPointer { z in
                t.withUnsafeBufferPointer { t in
                    for i in 0..<n {
                        let r = (i * c)..<((i + 1) * c)
                        let m = Double(z[r].max() ?? 0)
                        var s = 0.0, total = 0.0
                        for j in r {
                            e[j - r.lowerBound] = m.isFinite ? LossSupport.exp(Double(z[j]) - m) : .nan
                            s += e[j - r.lowerBound]
                            total += Double(t[j])
                        }
                        let lse = m.isFinite ? m + LossSupport.ln(s) : m
                        var l = 0.0
                        for j in r {
                            if t[j] != 0 { l += Double(t[j]) * (lse - Double(z[j])) }
                            g[j] = Float(scale * (e[j - r.lowerBound] / s * total - Double(t[j])))  // softmax·Σt − t
                        }
                        perSample[i] = l
                    }
                }
            }
        }
        return (number(LossSupport.reduce(perSample, reduction)), gradient)
    }

    /// `CrossEntropyLoss(reduction=mean)`.
    public var description: String { "CrossEntropyLoss(reduction=\(reduction))" }

    /// `log Σⱼ exp zᵢⱼ` over row `row`, shifted by the row maximum.
    private func logSumExp(_ z: UnsafeBufferPointer<Float>, row: Int, width: Int) -> Double {
        let r = (row * width)..<((row + 1) * width)
        let m = Double(z[r].max() ?? 0)
        guard m.isFinite else { return m }
        var s = 0.0
        for j in r { s += LossSupport.exp(Double(z[j]) - m) }
        return m + LossSupport.ln(s)
    }
}

extension CrossEntropyLoss {
    /// `ce`: class indices, raw scores (it applies its own softmax; after LogSoftmax too, whose softmax is the scores').
    public static let descriptor = LossDescriptor(
        name: "ce", target: .classIndices,
        refusal: { output, _ in
            output == .rowProbabilities
                ? "ce applies its own softmax to raw scores, so training would softmax twice. Remove the final Softmax() (the scores' argmax is the same class), or use --loss nll, which takes probabilities."
                : nil
        }
    ) { CrossEntropyLoss(reduction: $0) }
}
