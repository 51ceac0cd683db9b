// DataParallel: data-parallel training — each process computes its share of every batch, and the
// processes combine their losses and gradients so that the step is the one-process step.

import NKCore
import NKLayers
import NKLosses

/// Makes `Trainer.fit` on every rank of `group` take the step one process would take on the global
/// batch (Horovod's and PyTorch DDP's recipe), with every rank holding the whole model and the data:
///
/// - at the start, rank 0's parameters, buffers and optimizer state are broadcast to the others;
/// - every rank visits the same shuffled order (the same `seed`); each batch of `batchSize` positions
///   is cut into `size` contiguous shares (`BatchShard.share`), the last, smaller batch too;
/// - after the loss, a `.mean` loss's gradient is scaled by the share's fraction of the batch
///   (`rows / globalRows`), and the loss and accuracy counts are summed over the ranks (one small
///   collective), so every rank reports and checks the global batch's loss;
/// - after the backward pass, the gradients are summed over the ranks, in rank order
///   (`ProcessGroup.sum`), so every rank applies the same update and stays identical to the others;
/// - `BatchNorm` and `Dropout` get the run's `BatchShard`: global batch statistics, and the masks of
///   the global batch.
///
/// The parameters then equal the one-process run's to float rounding (partial sums are added in a
/// different order). Held-out evaluation runs on every rank, on the whole held-out parts.
///
/// - Throws (at the start): `.argument` when a batch would have fewer rows than there are ranks, or
///   when the run uses augmentation (its draws are per batch, not yet split across ranks).
public final class DataParallel: TrainingCallback {
    /// The processes that share each batch.
    public let group: any ProcessGroup
    /// The description of the current batch that the batch-wide layers hold.
    public let shard: BatchShard
    private var parameters: [Parameter] = []

    public init(group: any ProcessGroup) {
        self.group = group
        shard = BatchShard(group: group)
    }

    public func runBegan(_ loop: TrainingLoop) throws {
        let size = group.size, batch = min(loop.configuration.batchSize, loop.samples)
        let last = loop.samples % batch == 0 ? batch : loop.samples % batch
        guard min(batch, last) >= size else {
            throw NeuralKitError.argument(
                "Data-parallel training on \(size) processes needs at least \(size) rows in every batch; with \(loop.samples) samples in batches of \(batch) the last batch has \(last). Choose another --batch-size or fewer processes.",
                field: "batchSize")
        }
        guard loop.configuration.augmentation.isEmpty else {
            throw NeuralKitError.argument("Data-parallel training does not support augmentation yet (--augment); run it in one process.", field: "augment")
        }
        for holder in Self.shardHolders(loop.network) { holder.shard = shard }
        parameters = loop.network.parameters
        try broadcastState(loop)
    }

    public func batchBegan(_ loop: TrainingLoop, _ batch: inout BatchRows) throws {
        shard.globalRows = batch.global.count
        shard.rows = BatchShard.share(of: batch.global.count, rank: group.rank, size: group.size)
        batch.local = (batch.global.lowerBound + shard.rows.lowerBound)..<(batch.global.lowerBound + shard.rows.upperBound)
    }

    public func lossComputed(_ loop: TrainingLoop, _ step: inout StepLoss) throws {
        let fraction = Float(step.rows) / Float(shard.globalRows)
        let reduction = loop.loss.reduction
        if reduction == .mean {
            let scaled = step.gradient.scalars.map { $0 * fraction }
            step.gradient = Tensor(shape: step.gradient.shape, scalars: scaled)
        }
        var totals = [Double(step.value) * (reduction == .sum ? 1 : Double(fraction)), Double(step.correct), Double(step.judged)]
        try group.sum(&totals)
        step.value = Float(totals[0])
        (step.correct, step.judged) = (Int(totals[1]), Int(totals[2]))
    }

    public func gradientsComputed(_ loop: TrainingLoop) throws {
        var flat = parameters.flatMap(\.gradient.scalars)
        try group.sum(&flat)
        var offset = 0
        for p in parameters {
            let count = p.value.count
            p.gradient = Tensor(shape: p.value.shape, scalars: Array(flat[offset..<(offset + count)]))
            offset += count
        }
    }

    public func runEnded(_ loop: TrainingLoop) throws {
        for holder in Self.shardHolders(loop.network) { holder.shard = nil }
    }

    /// Rank 0's parameters, buffers and optimizer state, on every rank.
    private func broadcastState(_ loop: TrainingLoop) throws {
        let buffers = loop.network.buffers, optimizer = loop.optim.optimizer
        let state = optimizer.state
        var flat = parameters.flatMap(\.value.scalars) + buffers.flatMap(\.value.scalars) + state.flatMap(\.tensor.scalars)
        try group.broadcast(&flat, from: 0)
        var offset = 0
        func next(_ shape: [Int]) -> Tensor {
            let count = shape.reduce(1, *)
            defer { offset += count }
            return Tensor(shape: shape, scalars: Array(flat[offset..<(offset + count)]))
        }
        for p in parameters { p.value = next(p.value.shape) }
        for b in buffers { b.value = next(b.value.shape) }
        guard !state.isEmpty else { return }
        let restored = state.map { ($0.name, next($0.tensor.shape)) }
        try optimizer.restore(state: Dictionary(restored, uniquingKeysWith: { a, _ in a }), steps: optimizer.steps, for: parameters)
    }

    /// The layers of `module` whose training output depends on the whole batch, in order.
    static func shardHolders(_ module: any Module) -> [any BatchShardHolder] {
        if let sequential = module as? Sequential { return sequential.modules.flatMap(shardHolders) }
        return (module as? any BatchShardHolder).map { [$0] } ?? []
    }
}
