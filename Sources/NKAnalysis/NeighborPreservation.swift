// How well an embedding keeps each point's nearest neighbours: a number to judge a t-SNE or a PCA by.

import NKCore

/// The fraction of k-nearest-neighbour relations that an embedding preserves.
///
/// For every point, the `k` nearest others are found (exact Euclidean search) in the original space
/// and in the embedding; the score is `Σᵢ |Nₖ(xᵢ) ∩ Nₖ(yᵢ)| / (n·k)`, in [0, 1] (1: every
/// neighbourhood kept; about `k/(n−1)` for a random embedding). Cost O(n²·d): meant for n up to
/// tens of thousands.
///
/// ```swift
/// let kept = try NeighborPreservation.fraction(original: x, embedding: y, k: 10)
/// ```
public enum NeighborPreservation {
    /// - Parameters:
    ///   - original: `(n, d)` (or any rank, flattened per row) points.
    ///   - embedding: `(n, e)` coordinates of the same points.
    ///   - k: neighbours per point, `1 ≤ k < n`.
    /// - Throws: `NeuralKitError.shape` when the row counts differ, `.argument` for a bad `k`.
    public static func fraction(original: Tensor, embedding: Tensor, k: Int) throws -> Double {
        let n = original.rowCount
        guard embedding.rowCount == n else {
            throw NeuralKitError.shape(
                "NeighborPreservation: the original data has \(n) rows \(describeShape(original.shape)) but the embedding \(embedding.rowCount) \(describeShape(embedding.shape))")
        }
        guard k >= 1, k < n else {
            throw NeuralKitError.argument("NeighborPreservation: k = \(k) must be between 1 and the number of points minus one (\(n - 1))")
        }
        let before = original.withUnsafeBufferPointer { ExactNeighbors.search($0, count: n, dimension: original.rowSize, k: k) }
        let after = embedding.withUnsafeBufferPointer { ExactNeighbors.search($0, count: n, dimension: embedding.rowSize, k: k) }
        var kept = 0
        for i in 0..<n { kept += Set(before[i]).intersection(after[i]).count }
        return Double(kept) / Double(n * k)
    }
}
