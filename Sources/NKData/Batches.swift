// Batches: mini-batches drawn from a dataset without copying it per epoch.

import NKCore

/// The mini-batches of one epoch: a (seeded) permutation of indices, and each batch gathered from the
/// dataset only when it is reached, so an epoch never copies the whole dataset. Batches are written
/// into reused storage (`BatchBuffer`): after the first two, gathering allocates nothing as long as
/// each batch is let go before the one after next (a batch kept longer is copied, never changed).
///
/// ```swift
/// var rng = RandomGenerator(seed: 0)
/// for (x, y) in Batches(train, size: 64, shuffle: true, using: &rng) { … }   // x: (≤64, 28, 28, 1)
/// ```
public struct Batches: Sequence, IteratorProtocol {
    private let dataset: Dataset
    private let order: [Int]
    private let size: Int
    private var start = 0
    private var inputBuffer = BatchBuffer(), targetBuffer = BatchBuffer()

    /// Batches of `size` (the last may be smaller), in a shuffled order when `shuffle` is true.
    public init(_ dataset: Dataset, size: Int, shuffle: Bool, using rng: inout RandomGenerator) {
        self.dataset = dataset
        self.size = Swift.max(size, 1)
        self.order = shuffle ? rng.permutation(dataset.count) : Array(0..<dataset.count)
    }

    /// The next batch's inputs `(b, sampleShape…)` and targets `(b, t)`, or nil after the last.
    public mutating func next() -> (inputs: Tensor, targets: Tensor)? {
        guard start < order.count else { return nil }
        let indices = order[start..<Swift.min(start + size, order.count)]
        start += size
        return (inputBuffer.gather(indices, from: dataset.inputs), targetBuffer.gather(indices, from: dataset.targets))
    }
}
