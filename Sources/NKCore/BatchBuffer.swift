// BatchBuffer: mini-batches gathered into storage that is reused from one step to the next.

import CNKKernels

/// Gathers rows of a data set into batch tensors whose storage is reused, so that the steady state
/// of a training loop allocates no batch-sized memory.
///
/// Each batch shape (the full batch and a smaller last one) gets a ring of `depth` buffers used in
/// turn. A returned batch shares its buffer's storage; the buffer is written again `depth` calls
/// later for the same shape. With `depth: 2`, the batch a network keeps from its previous forward
/// pass (for its backward pass) is left alone while the next one is written. Value semantics are
/// never broken: when a buffer is still shared at its next turn (someone kept that batch), writing
/// makes a copy first (copy-on-write), and `allocations` counts it.
///
/// ```swift
/// var buffer = BatchBuffer()
/// for batch in batches {
///     let x = buffer.gather(batch, from: inputs)    // (batch.count, sampleShape…)
///     try optim.step(input: x, target: …)
/// }
/// ```
public struct BatchBuffer {
    /// How many buffers each batch shape cycles through.
    public let depth: Int
    /// Batch-sized buffers allocated so far: one per ring slot when reuse works, plus one for every
    /// turn whose buffer was still in use elsewhere.
    public private(set) var allocations = 0
    private var rings: [(shape: [Int], slots: [Tensor], turn: Int)] = []

    /// Cache lines announced at the start of each row (`prefetch`).
    static let announcedLines = 2

    /// Rows per piece when a gather is shared between threads: pieces of at least 64 KB.
    static func parallelRows(rowSize: Int) -> Int { max(1, (1 << 14) / max(rowSize, 1)) }

    /// Asks the memory system for the first two cache lines of each row of `source` at `indices`
    /// (those of the next batch), without waiting for them. A shuffled batch's rows lie in as many
    /// pages of a data set too large for the TLB; announcing them a step ahead, while the current
    /// step computes, takes the page walks and the start of each row's stream off the next gather
    /// (W1: about 3 % of the epoch; whole rows were slower, as the hints then queue behind each other).
    /// A batch with an index out of range is not announced at all.
    public static func prefetch(_ indices: ArraySlice<Int>, from source: Tensor) {
        let size = source.rowSize, hints = announced(indices, rowCount: source.rowCount)
        source.withUnsafeBufferPointer { src in
            hints.withUnsafeBufferPointer { rows in
                guard let from = src.baseAddress, let r = rows.baseAddress, size > 0 else { return }
                nk_prefetch_rows(from, r, rows.count, size, announcedLines)
            }
        }
    }

    /// The rows to announce: `indices` when every one is below `rowCount` (and not negative), else none.
    private static func announced(_ indices: ArraySlice<Int>?, rowCount: Int) -> ArraySlice<Int> {
        guard let indices, indices.allSatisfy({ $0 >= 0 && $0 < rowCount }) else { return [] }
        return indices
    }

    /// A buffer cycling through `depth` (at least 1) tensors per batch shape.
    public init(depth: Int = 2) { self.depth = max(1, depth) }

    /// The rows of `source` at `indices`, in that order: equal to `source.gatherRows(indices)`,
    /// written into the next buffer of the ring for that shape. Indices must be below `source.rowCount`.
    ///
    /// `next`, the rows of the batch after this one, are announced as `prefetch` does, each thread
    /// announcing those at the positions it gathers now: the thread that gathers a position of
    /// the next batch is then the one whose cache holds its start (a split over threads keeps its
    /// pieces from one call to the next), and the hints cost the calling thread only its share.
    public mutating func gather(_ indices: some Collection<Int>, from source: Tensor, announcing next: ArraySlice<Int>? = nil) -> Tensor {
        let size = source.rowSize, count = indices.count
        var r = 0
        while r < rings.count, !(rings[r].shape.first == count && rings[r].shape.dropFirst().elementsEqual(source.shape.dropFirst())) { r += 1 }
        if r == rings.count {
            var shape = source.shape
            shape[0] = count
            rings.append((shape, [], 0))
        }
        let slot = rings[r].turn % depth
        rings[r].turn += 1
        if slot == rings[r].slots.count {
            rings[r].slots.append(Tensor(uninitializedShape: rings[r].shape) { $0.initialize(repeating: 0) })
            allocations += 1
        }
        let before = rings[r].slots[slot].withUnsafeBufferPointer { $0.baseAddress }
        let rows = Array(indices), sourceRows = source.rowCount
        for i in rows { precondition(i >= 0 && i < sourceRows, "BatchBuffer: row \(i) of \(sourceRows)") }
        let hints = BatchBuffer.announced(next, rowCount: sourceRows)
        source.withUnsafeBufferPointer { src in
            rings[r].slots[slot].withUnsafeMutableBufferPointer { out in
                guard let from = src.baseAddress, let to = out.baseAddress else { return }
                // Large batches are copied by every kernel thread (rows of a shuffled data set come
                // from memory, and two cores wait for it in parallel).
                rows.withUnsafeBufferPointer { rows in
                    hints.withUnsafeBufferPointer { hints in
                        Parallelism.forEachRange(count: count, grain: BatchBuffer.parallelRows(rowSize: size)) { part in
                            nk_gather_rows(from, rows.baseAddress! + part.lowerBound, part.count, size, to + part.lowerBound * size)
                            // This part's positions of the next batch (the last part: any beyond this batch's end too).
                            let upper = part.upperBound == count ? hints.count : min(part.upperBound, hints.count)
                            if part.lowerBound < upper {
                                nk_prefetch_rows(from, hints.baseAddress! + part.lowerBound, upper - part.lowerBound, size, BatchBuffer.announcedLines)
                            }
                        }
                    }
                }
            }
        }
        if rings[r].slots[slot].withUnsafeBufferPointer({ $0.baseAddress }) != before { allocations += 1 }
        return rings[r].slots[slot]
    }

}
