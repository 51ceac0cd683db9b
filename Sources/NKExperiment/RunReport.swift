// RunReport: the page (report.html) of a finished run, laid out in the report sections.

import Foundation
import NKCore
import NKData
import NKPlot

/// The `report.html` of a finished run: results (the scores on each part, then the figures of the
/// final model's predictions), curves, per class (the per-class table, then its figures), samples
/// and weights, configuration (the settings once each, and the files beside the report); a contents
/// list at the top links to each section that has something to show.
enum RunReport {
    /// The page of `outcome`, with the figures of `content` and `files` listed as the folder's.
    static func page(_ outcome: RunOutcome, content: RunReportContent, command: String?, files: [(name: String, description: String)]) throws -> HTMLReport {
        let spec = outcome.resolvedSpecification
        var report = HTMLReport(title: "NeuralKit run: \(spec.model)")
        for section in ReportSection.allCases {
            let figures = content.figures(in: section)
            switch section {
            case .results:
                report.addSection(section)
                let (header, rows) = resultsTable(outcome.evaluations)
                report.addTable(header: header, rows: rows)
            case .perClass:
                guard let (split, scores) = content.classScores else {
                    if !figures.isEmpty { report.addSection(section) }
                    break
                }
                report.addSection(section)
                report.addTable(
                    title: "Precision, recall and F1 per class on the \(split == .train ? "training" : split.rawValue) part",
                    header: ["class", "precision", "recall", "F1", "samples"],
                    rows: scores.map { s in
                        [
                            content.classNames.indices.contains(s.label) ? content.classNames[s.label] : "\(s.label)",
                            ReadableNumber.percent(s.precision, decimals: 1), ReadableNumber.percent(s.recall, decimals: 1),
                            ReadableNumber.percent(s.f1, decimals: 1), "\(s.support)",
                        ]
                    })
            case .curves, .samples:
                if !figures.isEmpty { report.addSection(section) }
            case .configuration:
                report.addSection(section)
                var pairs = spec.summaryPairs(preprocessing: outcome.data.preprocessing.description, validationFraction: outcome.data.validationFraction)
                if let command { pairs.append(("command", command)) }
                report.addKeyValueTable(pairs)
            }
            for (_, figure, caption) in figures { try report.addFigure(figure, caption: caption) }
            if section == .configuration {
                report.addParagraph("Files beside this report:")
                report.addFileList(files)
            }
        }
        return report
    }

    /// The scores per part: samples, loss, and accuracy for classifiers or the mean predictor's loss
    /// for regressions (columns nothing fills are left out).
    static func resultsTable(_ evaluations: [Evaluation]) -> (header: [String], rows: [[String]]) {
        let accuracy = evaluations.contains { $0.accuracy != nil }, baseline = evaluations.contains { $0.meanBaseline != nil }
        let header = ["part", "samples", "loss"] + (accuracy ? ["accuracy"] : []) + (baseline ? ["loss of predicting the training mean"] : [])
        let rows = evaluations.map { e in
            [e.split.rawValue, "\(e.sampleCount)", ReadableNumber.text(e.loss)]
                + (accuracy ? [e.accuracy.map { ReadableNumber.percent(Double($0)) } ?? "–"] : [])
                + (baseline ? [e.meanBaseline.map { ReadableNumber.text($0) } ?? "–"] : [])
        }
        return (header, rows)
    }
}
