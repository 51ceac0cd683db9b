// BatchLosses: the loss of every training batch of a run, for the per-batch curve.

import NKTrain

/// The loss of each training batch, in order, with where it fell (epoch and batch). A resumed run
/// holds the batches of its own process only (the epochs before the resume are in the history).
public final class BatchLosses: @unchecked Sendable {
    /// 1-based epoch of each batch.
    public private(set) var epochs: [Int] = []
    /// 1-based batch number within its epoch.
    public private(set) var batches: [Int] = []
    /// Batches in that epoch.
    public private(set) var batchCounts: [Int] = []
    /// The batch's loss before its update.
    public private(set) var losses: [Float] = []

    /// An empty record.
    public init() {}

    /// Records one batch.
    public func record(_ progress: TrainingProgress) {
        epochs.append(progress.epoch)
        batches.append(progress.batch)
        batchCounts.append(progress.batches)
        losses.append(progress.batchLoss)
    }

    /// How many batches were recorded.
    public var count: Int { losses.count }

    /// Each batch's position in epochs: batch b of B in epoch e sits at `e − 1 + b / B`.
    public var positions: [Double] {
        (0..<count).map { Double(epochs[$0] - 1) + Double(batches[$0]) / Double(max(batchCounts[$0], 1)) }
    }

    /// `epoch,batch,loss` then one line per batch.
    public var csv: String {
        var text = "epoch,batch,loss\n"
        text.reserveCapacity(16 * count + 20)
        for i in 0..<count { text += "\(epochs[i]),\(batches[i]),\(losses[i])\n" }
        return text
    }
}
