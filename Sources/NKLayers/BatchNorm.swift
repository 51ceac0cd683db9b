// BatchNorm: batch normalisation over every dimension but the channels (the last one).

import Foundation
import NKCore

/// Batch normalisation (Ioffe & Szegedy, 2015), channels-last like every NeuralKit layer:
/// `BatchNorm1D(n)` takes `(batch, n)` or `(batch, length, n)`, `BatchNorm2D(c)` takes
/// `(batch, height, width, c)`; each channel is normalised over all the other dimensions.
///
/// - Training mode: `y = γ·(x − μ_B)/√(σ²_B + ε) + β` with the batch mean `μ_B` and biased variance
///   `σ²_B`; then `running_mean ← (1 − m)·running_mean + m·μ_B` and `running_var ← (1 − m)·running_var
///   + m·σ²_B·R/(R − 1)` (unbiased, over the R values per channel), `num_batches_tracked += 1`.
/// - Evaluation mode: the running statistics replace the batch's, so a sample's output does not
///   depend on the others.
///
/// In data-parallel training (`shard` set) the statistics are those of the global batch: the
/// per-channel sums are added over the processes (in rank order) in `forward` and `backwardDelta`, as
/// PyTorch's `SyncBatchNorm` does; the result equals one process's to float rounding.
///
/// PyTorch: `torch.nn.BatchNorm1d`/`BatchNorm2d(num_features, eps=1e-5, momentum=0.1, affine=True)`
/// on the channels-first transpose; checkpoints use its names (`weight`, `bias`, `running_mean`,
/// `running_var`, `num_batches_tracked`), so `load_state_dict(strict=True)` takes them.
///
/// ```swift
/// let bn = BatchNorm(.oneD, features: 100)
/// let y = try bn.forward(x)          // (64, 100): each column has mean 0, variance ≈ 1
/// bn.setTraining(false)              // now the running statistics are used
/// ```
public final class BatchNorm: ShapePreservingModule, BatchShardHolder {
    /// `BatchNorm1D` (inputs of rank 2 or 3) or `BatchNorm2D` (rank 4).
    public enum Variant: Sendable { case oneD, twoD }

    public let variant: Variant
    /// The number of channels (the last dimension of the input).
    public let features: Int
    /// Added to the variance before the square root.
    public let eps: Float
    /// The weight of the newest batch in the running statistics.
    public let momentum: Float
    /// Whether `γ` and `β` are learned (else 1 and 0).
    public let affine: Bool
    /// `γ` (`weight`, ones) and `β` (`bias`, zeros) when affine.
    public let weight: Parameter?, bias: Parameter?
    /// The running statistics and the number of training batches seen.
    public let runningMean: Buffer, runningVar: Buffer, batchesTracked: Buffer
    /// Training (batch statistics) or evaluation (running statistics).
    public private(set) var isTraining = true
    /// The global batch this process computes a share of (data-parallel training), or nil.
    public var shard: BatchShard?

    /// What the last `forward` used: the normalised input and `1/√(σ² + ε)` per channel.
    private var normalized = Tensor(zeros: [0])
    private var inverseStd: [Float] = []
    private var forwardWasTraining = true

    /// A batch normalisation of `features` channels (PyTorch's defaults: eps 1e-5, momentum 0.1, affine).
    public init(_ variant: Variant, features: Int, eps: Float = 1e-5, momentum: Float = 0.1, affine: Bool = true) {
        self.variant = variant
        self.features = features
        self.eps = eps
        self.momentum = momentum
        self.affine = affine
        weight = affine ? Parameter(name: "weight", value: Tensor(repeating: 1, shape: [features])) : nil
        bias = affine ? Parameter(name: "bias", value: Tensor(zeros: [features])) : nil
        runningMean = Buffer(name: "running_mean", value: Tensor(zeros: [features]))
        runningVar = Buffer(name: "running_var", value: Tensor(repeating: 1, shape: [features]))
        batchesTracked = Buffer(name: "num_batches_tracked", value: Tensor(0), isInteger: true)
    }

    public var parameters: [Parameter] { [weight, bias].compactMap { $0 } }
    public var buffers: [Buffer] { [runningMean, runningVar, batchesTracked] }
    public func setTraining(_ training: Bool) { isTraining = training }

    /// The input's shape, after checking its rank and channel count.
    public func outputShape(for inputShape: [Int]) throws -> [Int] {
        let ranks = variant == .oneD ? [2, 3] : [4]
        guard ranks.contains(inputShape.count), inputShape.last == features else {
            let expected = variant == .oneD ? "(batch, \(features)) or (batch, length, \(features))" : "(batch, height, width, \(features))"
            throw NeuralKitError.shape("\(self): expected input \(expected), got \(describeShape(inputShape))")
        }
        return inputShape
    }

    /// Normalised per channel with the batch's statistics (training; the running statistics are
    /// updated) or the running ones (evaluation).
    /// - Throws: a shape error, or (training) when a channel has a single value, whose variance is undefined.
    public func forward(_ input: Tensor) throws -> Tensor {
        _ = try outputShape(for: input.shape)
        let c = features, rows = input.count / features
        var mean = [Float](repeating: 0, count: c), variance = [Float](repeating: 0, count: c)
        if isTraining {
            let rows = globalRows(input)
            guard rows > 1 else {
                throw NeuralKitError.shape("\(self): training needs more than one value per channel, got input \(describeShape(input.shape)) (use a batch of 2 or more, or evaluation mode)")
            }
            (mean, variance) = try Self.statistics(input, rows: rows, channels: c, combine: combine)
            let m = momentum, unbiased = Float(rows) / Float(rows - 1)
            runningMean.value.withUnsafeMutableBufferPointer { rm in
                runningVar.value.withUnsafeMutableBufferPointer { rv in
                    for j in 0..<c {
                        rm[j] = (1 - m) * rm[j] + m * mean[j]
                        rv[j] = (1 - m) * rv[j] + m * variance[j] * unbiased
                    }
                }
            }
            batchesTracked.value = Tensor(batchesTracked.value.scalars[0] + 1)
        } else {
            mean = runningMean.value.scalars
            variance = runningVar.value.scalars
        }
        let invStd = variance.map { 1 / ($0 + eps).squareRoot() }
        let gamma = weight?.value.scalars ?? [Float](repeating: 1, count: c)
        let beta = bias?.value.scalars ?? [Float](repeating: 0, count: c)
        var xhat = Tensor(zeros: [0])
        let output = Tensor(uninitializedShape: input.shape) { y in
            xhat = Tensor(uninitializedShape: input.shape) { h in
                input.withUnsafeBufferPointer { x in
                    for r in 0..<rows {
                        let o = r * c
                        for j in 0..<c {
                            let v = (x[o + j] - mean[j]) * invStd[j]
                            h[o + j] = v
                            y[o + j] = gamma[j] * v + beta[j]
                        }
                    }
                }
            }
        }
        normalized = xhat
        inverseStd = invStd
        forwardWasTraining = isTraining
        return output
    }

    /// `γ += Σ δ·x̂`, `β += Σ δ` per channel, with the `x̂` of the last `forward`.
    public func backwardUpdateGradient(input: Tensor, delta: Tensor) throws {
        try checkBackward(input, delta)
        guard let weight, let bias else { return }
        let (sumDelta, sumDeltaXhat) = try sums(delta, combine: { _ in })
        weight.gradient.withUnsafeMutableBufferPointer { g in for j in 0..<features { g[j] += sumDeltaXhat[j] } }
        bias.gradient.withUnsafeMutableBufferPointer { g in for j in 0..<features { g[j] += sumDelta[j] } }
    }

    /// Training: `γ/σ·(δ − mean δ − x̂·mean(δ·x̂))` per channel (the batch statistics depend on
    /// every input); evaluation: `γ/σ·δ`.
    public func backwardDelta(input: Tensor, delta: Tensor) throws -> Tensor {
        try checkBackward(input, delta)
        let c = features, rows = input.count / features
        let gamma = weight?.value.scalars ?? [Float](repeating: 1, count: c)
        let scale = (0..<c).map { gamma[$0] * inverseStd[$0] }
        var meanDelta = [Float](repeating: 0, count: c), meanDeltaXhat = [Float](repeating: 0, count: c)
        if forwardWasTraining {
            let (sd, sdx) = try sums(delta, combine: combine)
            let all = Float(globalRows(input))
            meanDelta = sd.map { $0 / all }
            meanDeltaXhat = sdx.map { $0 / all }
        }
        return Tensor(uninitializedShape: input.shape) { dx in
            delta.withUnsafeBufferPointer { d in
                normalized.withUnsafeBufferPointer { h in
                    for r in 0..<rows {
                        let o = r * c
                        for j in 0..<c { dx[o + j] = scale[j] * (d[o + j] - meanDelta[j] - h[o + j] * meanDeltaXhat[j]) }
                    }
                }
            }
        }
    }

    /// `BatchNorm1D(100)`, with the arguments that differ from PyTorch's defaults.
    public var description: String {
        var text = (variant == .oneD ? "BatchNorm1D(" : "BatchNorm2D(") + "\(features)"
        if eps != 1e-5 { text += ", eps=\(eps)" }
        if momentum != 0.1 { text += ", momentum=\(momentum)" }
        if !affine { text += ", affine=false" }
        return text + ")"
    }

    // MARK: - Private

    private func checkBackward(_ input: Tensor, _ delta: Tensor) throws {
        _ = try outputShape(for: input.shape)
        try LayerSupport.checkDelta(self, delta, expected: input.shape)
        guard normalized.shape == input.shape else {
            throw NeuralKitError.shape("\(self): the backward pass needs the forward pass of an input of \(describeShape(input.shape)); call forward first")
        }
    }

    /// The values per channel of the global batch (those of `input` without a shard).
    private func globalRows(_ input: Tensor) -> Int {
        let rows = input.count / features
        guard let shard, input.shape[0] > 0 else { return rows }
        return rows / input.shape[0] * shard.globalRows
    }

    /// Adds per-channel sums over the processes of the shard (nothing without one).
    private func combine(_ values: inout [Double]) throws { try shard?.group.sum(&values) }

    /// Per channel: `Σ δ` and `Σ δ·x̂` (accumulated in Double; `combine` adds the other processes').
    private func sums(_ delta: Tensor, combine: (inout [Double]) throws -> Void) throws -> ([Float], [Float]) {
        let c = features, rows = delta.count / features
        var sd = [Double](repeating: 0, count: c), sdx = [Double](repeating: 0, count: c)
        delta.withUnsafeBufferPointer { d in
            normalized.withUnsafeBufferPointer { h in
                for r in 0..<rows {
                    let o = r * c
                    for j in 0..<c {
                        sd[j] += Double(d[o + j])
                        sdx[j] += Double(d[o + j]) * Double(h[o + j])
                    }
                }
            }
        }
        var both = sd + sdx
        try combine(&both)
        return (both[..<c].map { Float($0) }, both[c...].map { Float($0) })
    }

    /// Per-channel mean and biased variance of the `rows` values per channel of a batch whose local
    /// part is `x`, in Double (two passes; `combine` adds each pass's sums over the processes).
    static func statistics(_ x: Tensor, rows: Int, channels c: Int, combine: (inout [Double]) throws -> Void) throws -> ([Float], [Float]) {
        var sum = [Double](repeating: 0, count: c), squares = [Double](repeating: 0, count: c)
        let local = x.count / c
        x.withUnsafeBufferPointer { x in for r in 0..<local { for j in 0..<c { sum[j] += Double(x[r * c + j]) } } }
        try combine(&sum)
        for j in 0..<c { sum[j] /= Double(rows) }
        x.withUnsafeBufferPointer { x in
            for r in 0..<local { for j in 0..<c { let d = Double(x[r * c + j]) - sum[j]; squares[j] += d * d } }
        }
        try combine(&squares)
        return (sum.map { Float($0) }, squares.map { Float($0 / Double(rows)) })
    }
}
