// The ROC curve of a binary classifier's scores and the area under it.

import NKCore

/// The receiver operating characteristic of scores against binary labels: for every threshold,
/// the share of negatives scored at or above it (false-positive rate, x) and the share of
/// positives (true-positive rate, y). One point per distinct score, from `(0, 0)` to `(1, 1)`;
/// samples with equal scores enter together, so a tie draws a diagonal step (as
/// `sklearn.metrics.roc_curve` does).
///
/// `auc` is the trapezoidal area under those points: the probability that a random positive
/// scores above a random negative, ties counting one half (0.5 for scores that carry no information).
///
/// ```swift
/// let roc = try ROCCurve(scores: [0.1, 0.4, 0.35, 0.8], positives: [false, false, true, true])
/// roc.auc   // 0.75
/// ```
public struct ROCCurve: Sendable, Equatable {
    /// False-positive rates, increasing from 0 to 1.
    public var falsePositiveRates: [Double]
    /// True-positive rates, one per false-positive rate.
    public var truePositiveRates: [Double]
    /// The area under the curve.
    public var auc: Double

    /// The curve of `scores` (higher means more likely positive) against `positives`.
    /// - Throws: `NeuralKitError.argument` for different lengths, a non-finite score, or labels of one kind only.
    public init(scores: [Double], positives: [Bool]) throws {
        let counts = try ThresholdCounts(scores: scores, positives: positives, what: "ROCCurve")
        let p = Double(counts.positives), n = Double(counts.negatives)
        falsePositiveRates = [0] + counts.falsePositives.map { Double($0) / n }
        truePositiveRates = [0] + counts.truePositives.map { Double($0) / p }
        var area = 0.0
        for i in 1..<falsePositiveRates.count {
            area += (falsePositiveRates[i] - falsePositiveRates[i - 1]) * (truePositiveRates[i] + truePositiveRates[i - 1]) / 2
        }
        auc = area
    }
}
