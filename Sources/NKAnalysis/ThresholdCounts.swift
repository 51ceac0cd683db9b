// True and false positives at every distinct score: what ROC and precision–recall curves share.

import NKCore

/// True and false positives counted at every distinct score taken as the threshold (highest first):
/// what the ROC and the precision–recall curves are drawn from.
struct ThresholdCounts {
    /// The distinct scores, decreasing.
    var thresholds: [Double] = []
    /// Positives scored at or above each threshold.
    var truePositives: [Int] = []
    /// Negatives scored at or above each threshold.
    var falsePositives: [Int] = []
    let positives: Int, negatives: Int

    init(scores: [Double], positives labels: [Bool], what: String) throws {
        guard scores.count == labels.count else {
            throw NeuralKitError.argument("\(what): \(scores.count) scores but \(labels.count) labels")
        }
        guard scores.allSatisfy(\.isFinite) else { throw NeuralKitError.argument("\(what): every score must be finite") }
        positives = labels.filter { $0 }.count
        negatives = labels.count - positives
        guard positives > 0, negatives > 0 else {
            throw NeuralKitError.argument("\(what): needs positive and negative samples, got \(positives) and \(negatives)")
        }
        let order = scores.indices.sorted { scores[$0] > scores[$1] }
        var tp = 0, fp = 0
        for (k, i) in order.enumerated() {
            if labels[i] { tp += 1 } else { fp += 1 }
            // One point per distinct score: only after the last sample of a group of equal scores.
            if k + 1 == order.count || scores[order[k + 1]] != scores[i] {
                thresholds.append(scores[i])
                truePositives.append(tp)
                falsePositives.append(fp)
            }
        }
    }
}
