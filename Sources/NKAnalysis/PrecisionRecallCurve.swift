// The precision–recall curve of a binary classifier's scores and its average precision.

import NKCore

/// Precision (of the samples scored at or above a threshold, the share that are positive) against
/// recall (of the positives, the share scored at or above it), one point per distinct score,
/// highest threshold first, after a first point at recall 0 and precision 1 (as
/// `sklearn.metrics.precision_recall_curve` adds).
///
/// `averagePrecision` is `Σ (Rₙ − Rₙ₋₁) · Pₙ` over the thresholds, without interpolation
/// (`sklearn.metrics.average_precision_score`); it is the share of positives for scores that carry
/// no information, so compare it with `positiveRate`.
///
/// ```swift
/// let pr = try PrecisionRecallCurve(scores: [0.1, 0.4, 0.35, 0.8], positives: [false, false, true, true])
/// pr.averagePrecision   // 0.8333…
/// ```
public struct PrecisionRecallCurve: Sendable, Equatable {
    /// Recalls, increasing from 0 to 1.
    public var recalls: [Double]
    /// Precisions, one per recall.
    public var precisions: [Double]
    /// The average precision.
    public var averagePrecision: Double
    /// The share of positive samples: the precision of a classifier that guesses.
    public var positiveRate: Double

    /// The curve of `scores` (higher means more likely positive) against `positives`.
    /// - Throws: `NeuralKitError.argument` for different lengths, a non-finite score, or labels of one kind only.
    public init(scores: [Double], positives: [Bool]) throws {
        let counts = try ThresholdCounts(scores: scores, positives: positives, what: "PrecisionRecallCurve")
        let p = Double(counts.positives)
        recalls = [0] + counts.truePositives.map { Double($0) / p }
        precisions = [1] + zip(counts.truePositives, counts.falsePositives).map { Double($0) / Double($0 + $1) }
        var sum = 0.0
        for i in 1..<recalls.count { sum += (recalls[i] - recalls[i - 1]) * precisions[i] }
        averagePrecision = sum
        positiveRate = p / Double(counts.positives + counts.negatives)
    }
}
