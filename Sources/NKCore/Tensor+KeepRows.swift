// Tensor+KeepRows: selecting and reordering rows within a tensor's own storage.

extension Tensor {
    /// Keeps the rows at `indices`, in that order, moving them within this tensor's storage:
    /// afterwards row `j` is the former row `indices[j]` and `rowCount == indices.count`. The same
    /// rows as `gatherRows(indices)`, without a second copy of the data (one row of scratch); the
    /// storage keeps its capacity. The indices must be distinct and below `rowCount`.
    public mutating func keepRows(_ indices: [Int]) {
        let n = rowCount, size = rowSize, kept = indices.count
        precondition(kept <= n, "keepRows: \(kept) indices for \(n) rows")
        // A full permutation: position j takes row source[j]; the rows not kept fill the tail.
        var used = [Bool](repeating: false, count: n)
        for i in indices {
            precondition(i >= 0 && i < n && !used[i], "keepRows: index \(i) is out of range or repeated")
            used[i] = true
        }
        var source = indices
        source.reserveCapacity(n)
        for i in 0..<n where !used[i] { source.append(i) }
        // Follow each cycle of the permutation, holding its first row aside.
        var done = [Bool](repeating: false, count: n)
        var scratch = [Float](repeating: 0, count: size)
        withUnsafeMutableBufferPointer { x in
            guard let base = x.baseAddress, size > 0 else { return }
            scratch.withUnsafeMutableBufferPointer { saved in
                for start in 0..<n where !done[start] && source[start] != start {
                    saved.baseAddress!.update(from: base + start * size, count: size)
                    var j = start
                    while true {
                        done[j] = true
                        let from = source[j]
                        if from == start {
                            (base + j * size).update(from: saved.baseAddress!, count: size)
                            break
                        }
                        (base + j * size).update(from: base + from * size, count: size)
                        j = from
                    }
                }
            }
        }
        var newShape = shape
        newShape[0] = kept
        var storage = scalars
        scalars = []  // storage is now the only reference
        storage.removeLast((n - kept) * size)
        self = Tensor(shape: newShape, scalars: storage)
    }
}
