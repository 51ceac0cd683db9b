// BCELoss: binary cross-entropy on probabilities.

import NKCore

/// Binary cross-entropy on probabilities `p ∈ [0, 1]` (e.g. after `Sigmoid()`): per sample
/// `lᵢ = −Σⱼ [yᵢⱼ·log pᵢⱼ + (1 − yᵢⱼ)·log(1 − pᵢⱼ)]`, then reduced over the batch.
///
/// - Shapes: `prediction` `(batch, …)`, `target` the same (a `(batch)` target also
///   fits a `(batch, 1)` prediction), with values in [0, 1].
/// - Clamping, as in PyTorch: each `log` is clamped below at −100, so `p = 0` or `p = 1` give a
///   finite loss; the gradient `(p − y) / max(p(1 − p), 10⁻¹²)` stays finite too.
/// - Reduction over the batch as in `MSELoss`: summed over outputs, averaged over samples for
///   `.mean` (PyTorch's `BCELoss` averages over outputs too; equal for one output).
/// - A prediction outside [0, 1] (or NaN) throws; use `BCEWithLogitsLoss` on raw scores.
///
/// ```swift
/// let model = try ModelNotation.parse("Linear(2, 1) - Sigmoid()", using: &rng)
/// let loss = try BCELoss().forward(target: y, prediction: model.forward(x))
/// ```
public struct BCELoss: Loss {
    /// How the per-sample losses are reduced.
    public let reduction: Reduction

    /// A binary cross-entropy loss reduced by `reduction` (default: mean over the batch).
    public init(reduction: Reduction = .mean) { self.reduction = reduction }

    /// The per-sample losses reduced by `reduction`: shape `(batch)` for `.none`, else a scalar.
    public func forward(target: Tensor, prediction: Tensor) throws -> Tensor {
        try check(target: target, prediction: prediction)
        let (n, w) = (prediction.rowCount, prediction.rowSize)
        // log p and log(1 − p) for the whole batch with the vectorised kernel, then per-sample sums
        // in Double.
        var logs = [Float](repeating: 0, count: 2 * prediction.count)  // [log p | log(1 − p)]
        var perSample = [Double](repeating: 0, count: n)
        prediction.withUnsafeBufferPointer { p in
            target.withUnsafeBufferPointer { y in
                logs.withUnsafeMutableBufferPointer { l in
                    let count = p.count
                    for i in 0..<count { l[count + i] = 1 - p[i] }
                    Elementwise.log(p, UnsafeMutableBufferPointer(rebasing: l[0..<count]))
                    Elementwise.log(UnsafeBufferPointer(rebasing: l[count...]), UnsafeMutableBufferPointer(rebasing: l[count...]))
                    for i in 0..<n {
                        var s = 0.0
                        for j in (i * w)..<((i + 1) * w) {
                            let yv = Double(y[j])
                            s -= yv * Double(max(l[j], -100)) + (1 - yv) * Double(max(l[count + j], -100))
                        }
                        perSample[i] = s
                    }
                }
            }
        }
        return LossSupport.reduce(perSample, reduction)
    }

    /// ∂(reduced loss)/∂prediction, shaped like `prediction`: `scale·(p − y) / max(p(1 − p), 10⁻¹²)`,
    /// in Float in one vectorisable pass (`naiveBackward` is the Double reference the tests compare with).
    public func backward(target: Tensor, prediction: Tensor) throws -> Tensor {
        try check(target: target, prediction: prediction)
        let scale = Float(LossSupport.gradientScale(reduction, batch: prediction.rowCount))
        return Tensor(uninitializedShape: prediction.shape) { g in
            prediction.withUnsafeBufferPointer { p in
                target.withUnsafeBufferPointer { y in
                    for i in 0..<g.count {
                        let pv = p[i]
                        g[i] = scale * (pv - y[i]) / Swift.max(pv * (1 - pv), 1e-12)
                    }
                }
            }
        }
    }

    /// `value` and `backward` in one fused pass (`Elementwise.binaryCrossEntropy`): the range
    /// check, both logs, the row sums and the gradient. Same checks and errors as `forward`.
    public func valueAndGradient(target: Tensor, prediction: Tensor) throws -> (value: Float, gradient: Tensor) {
        try LossSupport.checkSameShape(self, target: target, prediction: prediction)
        let (n, w) = (prediction.rowCount, prediction.rowSize)
        let scale = Float(LossSupport.gradientScale(reduction, batch: n))
        var perSample = [Double](repeating: 0, count: n)
        var inRange = true
        let gradient = Tensor(uninitializedShape: prediction.shape) { g in
            prediction.withUnsafeBufferPointer { p in
                target.withUnsafeBufferPointer { y in
                    perSample.withUnsafeMutableBufferPointer { l in
                        inRange = Elementwise.binaryCrossEntropy(p, y, rows: n, cols: w, scale: scale, loss: l, gradient: g)
                    }
                }
            }
        }
        if !inRange { try check(target: target, prediction: prediction) }  // throws, naming the element
        return (number(LossSupport.reduce(perSample, reduction)), gradient)
    }

    /// The gradient computed element by element in Double: the reference for `backward`.
    func naiveBackward(target: Tensor, prediction: Tensor) throws -> Tensor {
        try check(target: target, prediction: prediction)
        let scale = LossSupport.gradientScale(reduction, batch: prediction.rowCount)
        return Tensor(
            shape: prediction.shape,
            scalars: zip(prediction.scalars, target.scalars).map { p, y in
                let (p, y) = (Double(p), Double(y))
                return Float(scale * (p - y) / max(p * (1 - p), 1e-12))
            })
    }

    /// `BCELoss(reduction=mean)`.
    public var description: String { "BCELoss(reduction=\(reduction))" }

    private func check(target: Tensor, prediction: Tensor) throws {
        try LossSupport.checkSameShape(self, target: target, prediction: prediction)
        // A branch-free pass over every element first (it vectorises); the search for the culprit
        // only when something is out of range (NaN compares false, so it counts as out of range).
        let bad = prediction.withUnsafeBufferPointer { p -> Int? in
            var outside: UInt32 = 0
            for v in p { outside |= (v >= 0) && (v <= 1) ? 0 : 1 }
            guard outside != 0 else { return nil }
            return p.firstIndex { !($0 >= 0 && $0 <= 1) }
        }
        if let bad {
            throw NeuralKitError.argument(
                "\(self): prediction \(prediction.scalars[bad]) at element \(bad) is not a probability in [0, 1]; "
                    + "end the model with Sigmoid() or use bce-logits")
        }
    }
}

extension BCELoss {
    /// `bce`: 0/1 targets, probabilities (after Sigmoid or Softmax), accuracy at 0.5.
    public static let descriptor = LossDescriptor(
        name: "bce", target: .binary(threshold: 0.5),
        refusal: { output, _ in
            output.isInUnitInterval ? nil : "bce takes probabilities: end the model with Sigmoid(), or use --loss bce-logits on raw scores."
        }
    ) { BCELoss(reduction: $0) }
}
