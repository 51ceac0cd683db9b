// BatchShard: which rows of a global batch this process computes, for layers that look across the batch.

import NKCore

/// In data-parallel training every process runs the model on its own contiguous rows of each global
/// batch; the layers whose output depends on the whole batch hold this shared description, which the
/// training loop updates before each step:
///
/// - `BatchNorm` sums its per-channel statistics over `group` in training mode, so that it normalises
///   with the global batch's mean and variance and back-propagates through them as one process would;
/// - `Dropout` draws the masks of the whole global batch from its generator (the same on every rank)
///   and keeps the rows of `rows`, so that N processes drop what one would.
///
/// Without a shard (`nil`, the default) a layer sees the batch it is given as the whole batch.
public final class BatchShard {
    /// The processes that share each batch.
    public let group: any ProcessGroup
    /// The number of rows of the current global batch.
    public var globalRows: Int
    /// This process's rows of it (positions `0..<globalRows`).
    public var rows: Range<Int>

    public init(group: any ProcessGroup, globalRows: Int = 0, rows: Range<Int> = 0..<0) {
        (self.group, self.globalRows, self.rows) = (group, globalRows, rows)
    }

    /// The contiguous share of rank `rank` of `size` in a batch of `count` rows (`count·rank/size
    /// ..< count·(rank+1)/size`: shares differ by one row at most).
    public static func share(of count: Int, rank: Int, size: Int) -> Range<Int> {
        (count * rank / size)..<(count * (rank + 1) / size)
    }
}

/// A layer whose training output depends on the whole batch (BatchNorm, Dropout's masks): data-parallel
/// training gives it the run's `BatchShard`.
public protocol BatchShardHolder: AnyObject {
    /// The description of the global batch, or nil when the batch given is the whole batch.
    var shard: BatchShard? { get set }
}
