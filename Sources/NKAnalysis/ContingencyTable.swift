// The contingency table of two labelings: the counts every clustering metric is computed from.

import NKCore

/// Counts `n[i][j]` of samples with true class `classes[i]` and predicted cluster `clusters[j]`.
///
/// Labels are any integers; `classes` and `clusters` hold the distinct values that occur, sorted.
/// Rows are true classes, columns predicted clusters (as in `sklearn.metrics.cluster.contingency_matrix`).
///
/// ```swift
/// let t = try ContingencyTable(truth: [0, 0, 1, 1], predicted: [5, 5, 5, 7])
/// t.counts   // [[2, 0], [1, 1]]
/// ```
public struct ContingencyTable: Equatable, Sendable {
    /// The distinct true labels, ascending (row `i` is `classes[i]`).
    public let classes: [Int]
    /// The distinct predicted labels, ascending (column `j` is `clusters[j]`).
    public let clusters: [Int]
    /// `counts[i][j]`: samples of class `classes[i]` assigned to cluster `clusters[j]`.
    public let counts: [[Int]]
    /// The number of samples.
    public let total: Int

    /// Tabulates two labelings of the same samples.
    /// - Throws: `NeuralKitError.argument` when the labelings have different lengths.
    public init(truth: [Int], predicted: [Int]) throws {
        guard truth.count == predicted.count else {
            throw NeuralKitError.argument("ContingencyTable: the true labels have \(truth.count) samples but the predicted labels \(predicted.count)")
        }
        classes = Array(Set(truth)).sorted()
        clusters = Array(Set(predicted)).sorted()
        let row = Dictionary(uniqueKeysWithValues: classes.enumerated().map { ($1, $0) })
        let column = Dictionary(uniqueKeysWithValues: clusters.enumerated().map { ($1, $0) })
        var counts = [[Int]](repeating: [Int](repeating: 0, count: clusters.count), count: classes.count)
        for (t, p) in zip(truth, predicted) { counts[row[t]!][column[p]!] += 1 }
        self.counts = counts
        total = truth.count
    }

    /// A table from counts directly (rows classes `0..<rows`, columns clusters `0..<columns`).
    /// - Throws: `NeuralKitError.argument` for ragged rows or negative counts.
    public init(counts: [[Int]]) throws {
        let width = counts.first?.count ?? 0
        guard counts.allSatisfy({ $0.count == width && $0.allSatisfy { $0 >= 0 } }) else {
            throw NeuralKitError.argument("ContingencyTable: counts must be a rectangular table of non-negative integers")
        }
        classes = Array(0..<counts.count)
        clusters = Array(0..<width)
        self.counts = counts
        total = counts.joined().reduce(0, +)
    }

    /// Samples per class (row sums).
    public var classSizes: [Int] { counts.map { $0.reduce(0, +) } }
    /// Samples per cluster (column sums).
    public var clusterSizes: [Int] {
        (0..<clusters.count).map { j in counts.reduce(0) { $0 + $1[j] } }
    }
}
