// Accuracy, confusion matrix and per-class precision / recall / F1 of predicted class labels.

import NKCore

/// Scores of predicted class labels against true ones; labels are integers `0..<classCount`.
///
/// ```swift
/// let m = try ClassificationMetrics.confusionMatrix(truth: y, predicted: p, classCount: 10)
/// let f1 = try ClassificationMetrics.classScores(truth: y, predicted: p, classCount: 10).map(\.f1)
/// ```
public enum ClassificationMetrics {
    /// The fraction of samples whose predicted label equals the true one (0 for no samples).
    /// - Throws: `NeuralKitError.argument` when the lengths differ.
    public static func accuracy(truth: [Int], predicted: [Int]) throws -> Double {
        try check(truth, predicted, classCount: nil)
        guard !truth.isEmpty else { return 0 }
        return Double(zip(truth, predicted).filter { $0 == $1 }.count) / Double(truth.count)
    }

    /// `m[t][p]`: the number of samples of true class `t` predicted as `p` (rows truth, columns
    /// prediction, like `sklearn.metrics.confusion_matrix`).
    /// - Throws: `NeuralKitError.argument` for different lengths or labels outside `0..<classCount`.
    public static func confusionMatrix(truth: [Int], predicted: [Int], classCount: Int) throws -> [[Int]] {
        try check(truth, predicted, classCount: classCount)
        var m = [[Int]](repeating: [Int](repeating: 0, count: classCount), count: classCount)
        for (t, p) in zip(truth, predicted) { m[t][p] += 1 }
        return m
    }

    /// Precision, recall, F1 and support of every class `0..<classCount`.
    public static func classScores(truth: [Int], predicted: [Int], classCount: Int) throws -> [ClassScores] {
        let m = try confusionMatrix(truth: truth, predicted: predicted, classCount: classCount)
        return (0..<classCount).map { c in
            let tp = Double(m[c][c])
            let predictedCount = Double(m.reduce(0) { $0 + $1[c] })
            let support = m[c].reduce(0, +)
            let precision = predictedCount == 0 ? 0 : tp / predictedCount
            let recall = support == 0 ? 0 : tp / Double(support)
            let f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall)
            return ClassScores(label: c, precision: precision, recall: recall, f1: f1, support: support)
        }
    }

    static func check(_ truth: [Int], _ predicted: [Int], classCount: Int?) throws {
        guard truth.count == predicted.count else {
            throw NeuralKitError.argument("ClassificationMetrics: \(truth.count) true labels but \(predicted.count) predictions")
        }
        if let classCount, let bad = (truth + predicted).first(where: { $0 < 0 || $0 >= classCount }) {
            throw NeuralKitError.argument("ClassificationMetrics: label \(bad) is outside 0..<\(classCount)")
        }
    }
}
