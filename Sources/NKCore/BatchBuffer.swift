// BatchBuffer: mini-batches gathered into storage that is reused from one step to the next.

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

    /// A buffer cycling through `depth` (at least 1) tensors per batch shape.
    public init(depth: Int = 2) { self.depth = max(1, depth) }

    /// The rows of `source` at `indices`, in that order: equal to `source.gatherRows(indices)`,
    /// written into the next buffer of the ring for that shape. Indices must be below `source.rowCount`.
    public mutating func gather(_ indices: some Collection<Int>, from source: Tensor) -> Tensor {
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
        source.withUnsafeBufferPointer { src in
            rings[r].slots[slot].withUnsafeMutableBufferPointer { out in
                guard let from = src.baseAddress, let to = out.baseAddress else { return }
                var o = 0
                for i in indices {
                    precondition(i >= 0 && i < source.rowCount, "BatchBuffer: row \(i) of \(source.rowCount)")
                    (to + o).update(from: from + i * size, count: size)
                    o += size
                }
            }
        }
        if rings[r].slots[slot].withUnsafeBufferPointer({ $0.baseAddress }) != before { allocations += 1 }
        return rings[r].slots[slot]
    }
}
