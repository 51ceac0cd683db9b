// RunFigures for binary classifiers: the ROC and precision–recall curves of the held-out scores.

import NKAnalysis
import NKCore
import NKLayers
import NKPlot
import NKTrain

extension RunFigures {
    /// A binary classifier's score for the positive class (class 1) on every sample, and which
    /// samples are positive: the probability of class 1 for two outputs (argmax), the output itself
    /// for one (threshold); `nil` for more than two classes.
    public static func binaryScores(_ p: PartPredictions, network: Sequential) throws -> (scores: [Double], positives: [Bool])? {
        let positives = p.actual.map { $0 == 1 }
        switch p.decision {
        case .threshold:
            guard p.output.rowSize == 1 else { return nil }
            return (p.output.scalars.map(Double.init), positives)
        case .argmax:
            guard p.output.rowSize == 2 else { return nil }
            let probabilities = try classProbabilities(of: p.output, from: network)
            return ((0..<p.output.rowCount).map { Double(probabilities.scalars[2 * $0 + 1]) }, positives)
        }
    }

    /// A score in 0...1 with three decimals, `>0.999` where that would round a score below 1 up to
    /// `1.000` (an AUC of 0.9996 is not a perfect ranking).
    public static func scoreText(_ v: Double) -> String {
        v < 1 && v >= 0.9995 ? ">0.999" : String(format: "%.3f", v)
    }

    /// The ROC curve (true- against false-positive rate, class 1 positive) with the diagonal of
    /// guessing; the area under it is in the title.
    public static func rocFigure(_ roc: ROCCurve, partName: String, positiveName: String) -> LinePlot {
        LinePlot(
            title: "ROC curve (\(partName), AUC \(scoreText(roc.auc)))",
            x: Axis(label: "False-positive rate (of the others)", limits: 0...1, bounds: 0...1),
            y: Axis(label: "True-positive rate (recall of \(positiveName))", limits: 0...1, bounds: 0...1),
            series: [
                LineSeries(name: "guessing", x: [0, 1], y: [0, 1], color: .axisGray, style: .dashed),
                LineSeries(name: "model", x: roc.falsePositiveRates, y: roc.truePositiveRates, color: .palette(0)),
            ], size: (560, 480))
    }

    /// The precision–recall curve (class 1 positive) with the line of guessing (the share of
    /// positives); the average precision is in the title.
    public static func precisionRecallFigure(_ pr: PrecisionRecallCurve, partName: String, positiveName: String) -> LinePlot {
        LinePlot(
            title: "Precision–recall curve (\(partName), AP \(scoreText(pr.averagePrecision)))",
            x: Axis(label: "Recall of \(positiveName)", limits: 0...1, bounds: 0...1),
            y: Axis(label: "Precision of \(positiveName)", limits: 0...1, bounds: 0...1),
            series: [
                LineSeries(name: "guessing", x: [0, 1], y: [pr.positiveRate, pr.positiveRate], color: .axisGray, style: .dashed),
                LineSeries(name: "model", x: pr.recalls, y: pr.precisions, color: .palette(0)),
            ], size: (560, 480))
    }
}
