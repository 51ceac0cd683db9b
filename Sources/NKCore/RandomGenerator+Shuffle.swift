// RandomGenerator+Shuffle: the one shuffle of NeuralKit (Fisher–Yates), and seeded permutations.

extension RandomGenerator {
    /// Shuffles `items` in place by Fisher–Yates: for `i` from the last position down to 1, swap
    /// position `i` with position `next() % (i + 1)`. Every NeuralKit shuffle (training batches,
    /// validation splits, synthetic data, sampled elements) goes through it, so one seed gives the
    /// same order on every platform (the standard library's `shuffle(using:)` promises no algorithm).
    /// Inlinable, so that each caller gets it specialised for its collection (unspecialised, every
    /// swap went through the element type's value witnesses: 0.6 % of a W1 epoch).
    @inlinable
    public mutating func shuffle<C: MutableCollection & RandomAccessCollection>(_ items: inout C) {
        let n = items.count
        guard n > 1 else { return }
        for i in stride(from: n - 1, to: 0, by: -1) {
            let j = Int(next() % UInt64(i + 1))
            items.swapAt(items.index(items.startIndex, offsetBy: i), items.index(items.startIndex, offsetBy: j))
        }
    }

    /// `0..<count` in a seeded random order (`shuffle` of the identity).
    public mutating func permutation(_ count: Int) -> [Int] {
        var order = Array(0..<max(count, 0))
        shuffle(&order)
        return order
    }
}
