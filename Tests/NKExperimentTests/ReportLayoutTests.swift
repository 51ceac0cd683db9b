// Tests of how the reports are laid out: the sections in one order, each figure kind in its section,
// settings once each, numbers written for people.

import Foundation
import Testing
import NeuralKit
import NKTestSupport
@testable import NKExperiment

@Suite struct ReportLayoutTests {
    typealias S = ExperimentTestSupport

    /// The anchors of a page's sections, in order.
    static func sections(_ html: String) -> [String] {
        html.components(separatedBy: "<section id=\"").dropFirst().map { String($0.prefix { $0 != "\"" }) }
    }

    /// A figure kind that declares no section.
    struct Undeclared: RunReportFigure {
        func add(to content: inout RunReportContent, _ run: RunReportContext) throws {}
    }

    /// A new figure kind goes with the curves unless it says otherwise; the report takes the kinds
    /// section by section, and within a section in the registry's order.
    @Test func figureKindsDeclareTheirSectionAndTheReportOrdersByIt() {
        #expect(Undeclared().section == .curves)
        #expect(ReportSection.allCases.map(\.id) == ["results", "curves", "per-class", "samples", "configuration"])
        let ordered = RunReportFigures.ordered.map(\.section)
        #expect(ordered == ordered.sorted() && Set(ordered) == [.results, .curves, .perClass, .samples])
        let names = RunReportFigures.ordered.map { "\(type(of: $0))" }
        #expect(names.prefix(2) == ["DecisionBoundaryFigure", "RegressionFigures"])
        #expect(names.firstIndex(of: "LossCurvesFigure")! < names.firstIndex(of: "AccuracyCurvesFigure")!)
        #expect(names.firstIndex(of: "ConfusionFigures")! < names.firstIndex(of: "SamplesFigure")!)
    }

    /// A finished run's page: results, curves, per class, configuration (no samples for a table),
    /// linked from a contents list; the validation fraction and the preprocessing once each, as used
    /// and as fitted; losses to 4 significant digits, accuracy in per cent.
    @Test func aRunReportHasTheSectionsInOrderAndEachSettingOnce() throws {
        let dir = try S.temporaryDirectory()
        let csv = try S.twoClassTable(rows: 120, seed: 2, in: dir)
        let spec = RunSpecification(
            model: "Linear(2, 4) - TanH() - Linear(4, 2)", data: DataSpecification(source: .csv(path: csv, targetColumns: 1), preprocessing: [.standardize], validationFraction: 0.2),
            loss: .ce, training: TrainingConfiguration(batchSize: 20, epochs: 2, learningRate: 0.1, seed: 1))
        let outcome = try TrainingRun(spec).run()
        let folder = try RunFolder(path: dir.appendingPathComponent("run").path)
        try folder.write(outcome)
        let html = try String(contentsOfFile: folder.file("report.html"), encoding: .utf8)
        #expect(Self.sections(html) == ["results", "curves", "per-class", "configuration"])
        for id in Self.sections(html) { #expect(html.contains("<li><a href=\"#\(id)\">"), "\(id)") }
        // Each figure in its section: the decision boundary with the results, the loss with the curves.
        let body = html.components(separatedBy: "<section id=\"")
        #expect(body[1].contains("Decision boundary") && !body[1].contains("Loss per epoch") && body[2].contains("Loss per epoch"))
        #expect(body[3].contains("Confusion matrix") && body[3].contains("<caption>Precision, recall and F1 per class"))
        for duplicate in ["as fitted", "validation fraction used"] { #expect(!html.contains(duplicate), "\(duplicate)") }
        #expect(html.components(separatedBy: "<th>validation fraction</th>").count == 2)
        #expect(html.contains("<th>preprocessing</th><td>standardize (2 features)</td>"))
        #expect(html.contains("<th>validation fraction</th><td>0.2</td>"))
        // No float noise: no number with more than 6 digits after its decimal point anywhere in the tables.
        let tables = html.components(separatedBy: "<table").dropFirst().map { $0.components(separatedBy: "</table>")[0] }
        #expect(tables.allSatisfy { $0.range(of: #"\d\.\d{7,}"#, options: .regularExpression) == nil })
        let loss = try #require(outcome.evaluations.first?.loss)
        #expect(html.contains("<td class=\"num\">\(ReadableNumber.text(loss))</td>"))
        #expect(html.contains(" %</td>"))
    }

    /// The live page: its epochs table written for people, and the curves before the configuration.
    @Test func theLivePageWritesEpochsForPeople() throws {
        var history = History()
        history.epochs = [
            EpochMetrics(epoch: 1, trainLoss: 0.43879998, trainAccuracy: 0.8125, learningRate: 0.05, seconds: 1.234),
            EpochMetrics(epoch: 2, trainLoss: 0.31, trainAccuracy: 0.9, learningRate: 0.05, seconds: 1.5),
        ]
        let (header, rows) = LiveReport.epochTable(history)
        #expect(header == ["epoch", "training loss", "training accuracy", "learning rate", "seconds"])
        #expect(rows[0] == ["1", "0.4388", "81.25 %", "0.05", "1.23"])
        let dir = try S.temporaryDirectory()
        let spec = RunSpecification(
            model: "Linear(2, 2)", data: DataSpecification(source: .genArti(type: 1, samples: 100)), loss: .ce,
            training: TrainingConfiguration(epochs: 3))
        let live = LiveReport(folder: try RunFolder(path: dir.appendingPathComponent("live").path), specification: spec, command: nil)
        live.epochEnded(history.epochs[0])
        let html = try String(contentsOfFile: dir.appendingPathComponent("live/report.html").path, encoding: .utf8)
        #expect(Self.sections(html) == ["curves", "configuration"])
        #expect(html.contains("0.4388") && !html.contains("0.43879998"))
    }

    /// The fitted preprocessing says "1 column", not "1 columns", and writes no float noise.
    @Test func theFittedPreprocessingIsWrittenForPeople() {
        let fitted = FittedPreprocessing(steps: [
            .scale(low: 0, high: 255), .standardizeTargets(Standardization(mean: [1], std: [2])),
            .standardize(Standardization(mean: [0, 0], std: [1, 1])),
        ])
        #expect(fitted.description == "scale:0:255, standardize-targets (1 column), standardize (2 features)")
    }
}
