// RunFigures for classifiers: confusion matrices (counts and normalised), per-class scores, and
// the misclassified samples the model was surest about.

import Foundation
import NKAnalysis
import NKCore
import NKData
import NKLayers
import NKPlot
import NKTrain

extension RunFigures {
    /// A model's outputs on one part of the data, computed once for every figure that needs them.
    public struct PartPredictions {
        /// The part (encoded targets).
        public var part: Dataset
        /// The network's outputs, one row per sample.
        public var output: Tensor
        /// The predicted class of each sample.
        public var predicted: [Int]
        /// The true class of each sample.
        public var actual: [Int]
        /// How outputs became classes.
        public var decision: Decision

        /// Runs `network` (in evaluation mode) over `part`.
        public init(network: Sequential, part: Dataset, decision: Decision) throws {
            network.setTraining(false)
            self.part = part
            self.decision = decision
            output = try predict(network: network, inputs: part.inputs)
            (predicted, actual) = RunFigures.classes(prediction: output, target: part.targets, decision: decision)
        }

        /// The class names to print (the data's, else the class numbers).
        func classNames(_ classCount: Int) -> [String] {
            if let names = part.classNames, names.count == classCount { return names }
            return (0..<classCount).map(String.init)
        }
    }

    /// The confusion matrix of counts (rows: true class, columns: predicted), the diagonal (correct)
    /// in blue and the errors in vermillion, each on its own scale with its own colour bar.
    public static func confusion(_ p: PartPredictions, classCount: Int) throws -> Heatmap {
        let counts = try ClassificationMetrics.confusionMatrix(truth: p.actual, predicted: p.predicted, classCount: classCount)
        var map = Heatmap.confusionMatrix(
            counts, classNames: p.classNames(classCount),
            title: "Confusion matrix (\(p.part.name), \(p.part.count) samples)")
        map.colorBarLabel = "Correct (diagonal)"
        map.offDiagonalLabel = "Errors (own scale)"
        map.size = (640, 480)
        return map
    }

    /// The confusion matrix with each row divided by its total, in per cent: the diagonal is each
    /// class's recall, the rest where its samples went. Cells have one decimal ("<0.1" and ">99.9"
    /// where that would round to 0 or 100; blank for none). The diagonal is coloured from 0 to 100 %,
    /// the errors on a scale of their own up to the largest; both colour bars are drawn beside it.
    public static func normalizedConfusion(_ p: PartPredictions, classCount: Int) throws -> Heatmap {
        let counts = try ClassificationMetrics.confusionMatrix(truth: p.actual, predicted: p.predicted, classCount: classCount)
        let percent = counts.map { row -> [Double] in
            let total = row.reduce(0, +)
            return row.map { total == 0 ? .nan : 100 * Double($0) / Double(total) }
        }
        let names = p.classNames(classCount)
        var map = Heatmap(
            title: "Confusion matrix, normalised by true class (\(p.part.name))", values: percent,
            rowLabels: names, columnLabels: names, xLabel: "Predicted class", yLabel: "True class",
            decimals: 1, colorBarLabel: "Correct, % of the true class", valueRange: 0...100, size: (680, 480))
        map.percentCells = true  // one error in a thousand reads 0.1, not 0; no error is a blank cell
        map.offDiagonalLabel = "Errors, % (own scale)"
        return map
    }

    /// Precision, recall and F1 of every class, with their supports.
    public static func classScores(_ p: PartPredictions, classCount: Int) throws -> [ClassScores] {
        try ClassificationMetrics.classScores(truth: p.actual, predicted: p.predicted, classCount: classCount)
    }

    /// Precision, recall and F1 of every class as a heatmap (rows: classes). The colour scale runs
    /// from the lowest score rounded down to a tenth up to 1, so that 0.95 and 0.99 look different.
    /// The cells stretch to fill the figure's width.
    public static func classScoresFigure(_ p: PartPredictions, scores: [ClassScores]) -> Heatmap {
        let names = p.classNames(scores.count)
        let lowest = scores.flatMap { [$0.precision, $0.recall, $0.f1] }.filter(\.isFinite).min() ?? 0
        let floor = min(max((lowest * 10).rounded(.down) / 10, 0), 0.9)
        var map = Heatmap(
            title: "Precision, recall and F1 per class (\(p.part.name))",
            values: scores.map { [$0.precision, $0.recall, $0.f1] },
            rowLabels: names.enumerated().map { "\($1) (\(scores[$0].support))" },
            columnLabels: ["Precision", "Recall", "F1"], xLabel: "Score", yLabel: "Class (samples)",
            decimals: 2, colorBarLabel: "Score", valueRange: floor...1,
            size: (540, max(240, 90 + 34 * Double(scores.count))))
        map.squareCells = false  // three wide columns fill the figure instead of narrow squares
        return map
    }

    /// A probability in per cent for a caption: whole percents from 1 to 99 (`87 %`), one decimal
    /// below and above (`99.4 %`, `0.3 %`), and `>99.9 %` or `<0.1 %` where even that would round
    /// to 100 or 0 — a probability that merely rounds to 100 % is not certainty.
    public static func probabilityText(_ p: Double) -> String {
        let percent = 100 * p
        if percent >= 100 { return "100 %" }
        if percent <= 0 { return "0 %" }
        if let bound = ReadableNumber.percentNearBounds(percent) { return bound + " %" }
        if percent >= 99 || percent < 1 { return String(format: "%.1f %%", percent) }
        return "\(Int(percent.rounded())) %"
    }

    /// The misclassified samples the model gave the highest probability to, surest first, captioned
    /// `true → predicted (probability)`; `nil` when the samples are not images or none is wrong.
    public static func misclassified(
        _ p: PartPredictions, network: Sequential, sampleShape: [Int], images: Tensor,
        count: Int = 24
    ) throws -> ImageGrid? {
        guard p.decision == .argmax, let shape = imageShape(sampleShape), images.rowCount == p.part.count else { return nil }
        let probabilities = try classProbabilities(of: p.output, from: network)
        let k = probabilities.rowSize
        let wrong = p.predicted.indices.filter { p.predicted[$0] != p.actual[$0] }
        guard !wrong.isEmpty else { return nil }
        let confidence = { (i: Int) in probabilities.scalars[i * k + p.predicted[i]] }
        let chosen = wrong.sorted { confidence($0) != confidence($1) ? confidence($0) > confidence($1) : $0 < $1 }.prefix(max(count, 1))
        let names = p.classNames(k)
        let captions = chosen.map { i in
            "\(names[p.actual[i]]) → \(names[p.predicted[i]]) (\(probabilityText(Double(confidence(i)))))"
        }
        return try ImageGrid(
            title: "Most confident mistakes (\(p.part.name): \(wrong.count) of \(p.part.count) wrong)",
            images: images.gatherRows(chosen).flattenedRows, sampleShape: shape,
            columns: 8, captions: captions, normalization: .perImage)
    }
}
