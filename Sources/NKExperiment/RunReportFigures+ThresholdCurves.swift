// The report figures of binary classifiers (see RunReportFigures for the registry): the ROC and
// precision–recall curves of the held-out part.

import NKAnalysis
import NKPlot

/// Binary classifiers (two classes by argmax, or one output with a threshold) whose held-out part
/// holds both classes: the ROC and the precision–recall curve, class 1 counted as positive.
struct ThresholdCurvesFigures: RunReportFigure {
    func add(to c: inout RunReportContent, _ run: RunReportContext) throws {
        guard let (predictions, classCount) = try run.classification(), classCount == 2,
            let (scores, positives) = try RunFigures.binaryScores(predictions, network: run.outcome.network),
            positives.contains(true), positives.contains(false)
        else { return }
        let positive = predictions.classNames(2)[1]
        let score = predictions.decision == .argmax ? "the probability the model gives class \(positive)" : "the model's output"
        let roc = try ROCCurve(scores: scores, positives: positives)
        c.add(
            "roc.svg", RunFigures.rocFigure(roc, partName: run.heldOutName, positiveName: positive),
            "ROC curve on the \(run.heldOutName) data (\(positives.count) samples), class \(positive) positive, every value of \(score) taken as the threshold: AUC \(RunFigures.scoreText(roc.auc)) (the chance that a random sample of class \(positive) scores above a random other one; 0.5 is guessing, the dashed diagonal)."
        )
        let pr = try PrecisionRecallCurve(scores: scores, positives: positives)
        c.add(
            "precision_recall.svg", RunFigures.precisionRecallFigure(pr, partName: run.heldOutName, positiveName: positive),
            "Precision against recall of class \(positive) on the \(run.heldOutName) data over the same thresholds: average precision \(RunFigures.scoreText(pr.averagePrecision)) (guessing gives the share of class \(positive), \(String(format: "%.3f", pr.positiveRate)), the dashed line)."
        )
    }
}
