// Dropout: inverted dropout in training, the identity in evaluation.

import NKCore

/// In training mode each element is kept with probability `1 − p` and scaled by `1 / (1 − p)`, or
/// set to 0 (inverted dropout, so evaluation needs no rescaling); in evaluation mode the layer is
/// the identity. The mask of each training `forward` comes from the layer's own seeded generator
/// (seeded from the model's seed when built from the notation), so `--seed` reproduces every mask;
/// `backwardDelta` multiplies by the mask of the last `forward`. Any input shape `(batch, …)`.
/// PyTorch: `torch.nn.Dropout(p)` (same expectation; the masks themselves differ).
///
/// In data-parallel training (`shard` set) each forward draws the masks of the whole global batch,
/// row after row, and keeps its own rows: every process advances its generator alike, and N processes
/// drop exactly the elements one process would.
///
/// For gradient checks the mask can be held like a ReLU's pieces (`PiecewiseLinearModule`): the
/// layer is then one fixed linear map.
///
/// ```swift
/// var rng = RandomGenerator(seed: 0)
/// let drop = Dropout(0.5, using: &rng)
/// let y = try drop.forward(x)        // about half of x's elements, doubled
/// drop.setTraining(false)            // now y == x
/// ```
public final class Dropout: ShapePreservingModule, PiecewiseLinearModule, BatchShardHolder {
    /// The probability of zeroing an element, in [0, 1).
    public let p: Float
    /// The generator the masks are drawn from (saved by `train --out` so that a resumed run draws
    /// the masks an uninterrupted one would).
    public var generator: RandomGenerator
    /// Whether `forward` drops (training) or passes the input through (evaluation).
    public private(set) var isTraining = true
    /// The global batch this process computes a share of (data-parallel training), or nil.
    public var shard: BatchShard?
    /// See `PiecewiseLinearModule` (gradient checks only).
    public var pieceHolding = PieceHolding.free
    /// The kept positions (1) of the last training `forward`.
    private var mask: [Int] = []

    /// Dropout with probability `p` in [0, 1), its generator seeded from `rng`.
    /// - Precondition: `0 ≤ p < 1` (the notation checks it and reports an error).
    public init(_ p: Float, using rng: inout RandomGenerator) {
        precondition(p >= 0 && p < 1, "Dropout: p must be in [0, 1)")
        self.p = p
        self.generator = RandomGenerator(seed: rng.next())
    }

    public func setTraining(_ training: Bool) { isTraining = training }

    /// The input with dropped elements zeroed and the others scaled by `1/(1 − p)` (training), or
    /// the input itself (evaluation, or `p = 0`).
    public func forward(_ input: Tensor) throws -> Tensor {
        try LayerSupport.checkBatched(self, input)
        guard isTraining, p > 0 else { return input }
        let threshold = p
        func draw() -> [Int] {
            // A local copy of the generator, stored back: the class's property was read and
            // written through on every draw (the same numbers, slower).
            var local = generator
            defer { generator = local }
            guard let shard, input.shape[0] > 0 else { return (0..<input.count).map { _ in local.nextUnitFloat() >= threshold ? 1 : 0 } }
            let perRow = input.count / input.shape[0]
            let all = (0..<shard.globalRows * perRow).map { _ in local.nextUnitFloat() >= threshold ? 1 : 0 }
            return Array(all[(shard.rows.lowerBound * perRow)..<(shard.rows.upperBound * perRow)])
        }
        mask = try selection(for: input, draw) ?? draw()
        return apply(input)
    }

    /// `δ` times the last mask and `1/(1 − p)` (training), or `δ` (evaluation).
    public func backwardDelta(input: Tensor, delta: Tensor) throws -> Tensor {
        try LayerSupport.checkBatched(self, input)
        try LayerSupport.checkDelta(self, delta, expected: input.shape)
        guard isTraining, p > 0 else { return delta }
        guard mask.count == delta.count else {
            throw NeuralKitError.shape("\(self): backwardDelta needs the mask of a training forward on an input of \(describeShape(delta.shape)); call forward first")
        }
        return apply(delta)
    }

    private func apply(_ x: Tensor) -> Tensor {
        let scale = 1 / (1 - p)
        return Tensor(uninitializedShape: x.shape) { out in
            x.withUnsafeBufferPointer { x in
                mask.withUnsafeBufferPointer { m in
                    for i in 0..<out.count { out[i] = m[i] == 0 ? 0 : x[i] * scale }
                }
            }
        }
    }

    /// `Dropout(p=0.2)`.
    public var description: String { "Dropout(p=\(p))" }
}
