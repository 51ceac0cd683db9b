// Tensor+Classes: the one argmax and the one one-hot encoding of NeuralKit.

extension Tensor {
    /// The position (0-based, relative to `start`) of the largest of `x[start..<start+count]`: the
    /// first one on ties; NaN never wins; 0 when every value is NaN or −∞.
    @inlinable
    public static func argmax(_ x: UnsafeBufferPointer<Float>, from start: Int, count: Int) -> Int {
        var best = 0
        var bestValue = -Float.infinity
        for j in 0..<count where x[start + j] > bestValue {
            best = j
            bestValue = x[start + j]
        }
        return best
    }

    /// The column of the largest value of each row of a `(batch, k)` tensor (any rank: the row is
    /// everything but the first dimension), with `argmax`'s tie and NaN rules.
    public func rowArgmax() -> [Int] {
        let n = rowCount, k = rowSize
        return withUnsafeBufferPointer { x in (0..<n).map { Tensor.argmax(x, from: $0 * k, count: k) } }
    }

    /// Class indices `(n)` or `(n, 1)` (stored as floats) as one-hot rows `(n, classes)`. An index
    /// that is not an integer in `0..<classes` gives a row of zeros (callers validate labels first).
    public static func oneHot(classIndices indices: Tensor, classes: Int) -> Tensor {
        var out = Tensor(zeros: [indices.count, classes])
        for (i, c) in indices.scalars.enumerated() where c >= 0 && c < Float(classes) && c.rounded() == c {
            out.scalars[i * classes + Int(c)] = 1
        }
        return out
    }
}
