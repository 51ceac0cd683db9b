// BatchLosses: the loss of every training batch of a run, for the per-batch curve.

import NKCore
import NKTrain

/// The loss of each training batch, in order, with where it fell (epoch and batch). A run folder's
/// resume file keeps them (`tensor`), so a resumed run holds every batch since the first epoch.
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

    /// The record as a `(batches, 4)` tensor of rows (epoch, batch, batches in the epoch, loss), as
    /// `last.safetensors` keeps it.
    public var tensor: Tensor {
        Tensor(shape: [count, 4], scalars: (0..<count).flatMap { [Float(epochs[$0]), Float(batches[$0]), Float(batchCounts[$0]), losses[$0]] })
    }

    /// The record `tensor` holds, which must cover exactly epochs 1 to `epochsDone` (it comes from a file).
    /// - Throws: `NeuralKitError(.checkpoint, …)` naming `path` when the rows are not such a record.
    public init(restoring tensor: Tensor, epochsDone: Int, path: String) throws {
        func bad(_ what: String) -> NeuralKitError { NeuralKitError(.checkpoint, "Checkpoint '\(path)': the batch history \(what).") }
        guard tensor.rank == 2, tensor.shape[1] == 4 else { throw bad("is not a (batches, 4) tensor") }
        let s = tensor.scalars
        for row in 0..<tensor.shape[0] {
            let (e, b, n) = (s[4 * row], s[4 * row + 1], s[4 * row + 2])
            guard [e, b, n].allSatisfy({ $0 >= 1 && $0 <= 16_777_216 && $0 == $0.rounded() }), b <= n, e <= Float(epochsDone) else {
                throw bad("row \(row + 1) is not an (epoch ≤ \(epochsDone), batch ≤ batches, batches, loss) row")
            }
            if row > 0 {
                let (pe, pb) = (s[4 * row - 4], s[4 * row - 3])
                guard e == pe ? b == pb + 1 : (e == pe + 1 && b == 1) else { throw bad("is not in order at row \(row + 1)") }
            }
            epochs.append(Int(e))
            batches.append(Int(b))
            batchCounts.append(Int(n))
            losses.append(s[4 * row + 3])
        }
        guard epochsDone == 0 || (epochs.last == epochsDone && batches.last == batchCounts.last) else { throw bad("does not end with epoch \(epochsDone)") }
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
