// BatchRows: the positions of an epoch's order that a batch covers, and the ones this process computes.

/// A training batch as `TrainingCallback.batchBegan` sees it: `global` is the batch (positions in the
/// epoch's shuffled order), `local` the part this process runs forward and backward — all of it,
/// unless a callback such as `DataParallel` narrows it to this process's share.
public struct BatchRows: Sendable, Equatable {
    /// The batch's positions in the epoch's order.
    public let global: Range<Int>
    /// The positions this process computes (a sub-range of `global`).
    public var local: Range<Int>

    public init(global: Range<Int>) { (self.global, self.local) = (global, global) }
}
