// LiveReport: a run folder's report.html and curves while the run is going, rewritten after every epoch.

import Foundation
import NKCore
import NKPlot
import NKTrain

/// Rewrites `report.html`, `loss.svg` and `accuracy.svg` (atomically) after every epoch of a run in
/// progress: the page is marked "running — epoch e of E", gives the time per epoch and an estimate of
/// the end, and asks the browser to reload it, so a refresh shows progress. The final
/// `RunFolder.write` replaces all three and removes the mark. A live page that cannot be written is
/// reported once and training goes on (the final write reports its own errors).
public final class LiveReport {
    let folder: RunFolder
    let specification: RunSpecification
    let command: String?
    /// The epochs so far (a resumed run's earlier epochs included).
    public private(set) var history = History()
    private var warned = false
    /// Called once with a message when the page could not be written.
    public var onFailure: ((String) -> Void)?

    /// A live report of `specification` in `folder`, continuing `previous` epochs (a resumed run's).
    public init(folder: RunFolder, specification: RunSpecification, command: String?, previous: [EpochMetrics] = []) {
        self.folder = folder
        self.specification = specification
        self.command = command
        history.epochs = previous
    }

    /// Records `metrics` and rewrites the page.
    public func epochEnded(_ metrics: EpochMetrics) {
        history.epochs.append(metrics)
        do { try write() } catch {
            if !warned { onFailure?("the live report could not be written (\(error)); training goes on") }
            warned = true
        }
    }

    /// The page for the epochs so far.
    func page(loss: LinePlot, accuracy: LinePlot?, now: Date = Date()) throws -> HTMLReport {
        let total = specification.training.epochs, done = history.epochs.last?.epoch ?? 0
        let recent = history.epochs.suffix(5).map(\.seconds)
        let perEpoch = recent.isEmpty ? 0 : recent.reduce(0, +) / Double(recent.count)
        let end = now.addingTimeInterval(perEpoch * Double(max(0, total - done)))
        let format = DateFormatter()
        format.dateFormat = "yyyy-MM-dd HH:mm:ss"
        var report = HTMLReport(title: "NeuralKit run: \(specification.model) (running — epoch \(done) of \(total))")
        report.refreshSeconds = max(2, min(60, Int(perEpoch.rounded(.up))))
        report.addParagraph(
            String(format: "Running: epoch %ld of %ld done; %.2f s per epoch (the last %ld); ", done, total, perEpoch, recent.count)
                + "the run should end near \(format.string(from: end)) (local time). This page reloads itself; the final report replaces it.")
        report.addSection(.curves)
        try report.addFigure(loss, caption: "Loss after each epoch, so far.")
        if let accuracy { try report.addFigure(accuracy, caption: "Accuracy after each epoch, so far.") }
        let (header, rows) = Self.epochTable(history)
        report.addTable(title: "Epochs", header: header, rows: rows)
        report.addSection(.configuration)
        var pairs = specification.summaryPairs
        if let command { pairs.append(("command", command)) }
        report.addKeyValueTable(pairs)
        return report
    }

    /// The epochs as a table for people: losses to 4 significant digits, accuracies in per cent,
    /// seconds to 2 decimals; a column no epoch fills is left out.
    static func epochTable(_ history: History) -> (header: [String], rows: [[String]]) {
        typealias Column = (name: String, value: (EpochMetrics) -> String?)
        func loss(_ x: Float?) -> String? { x.map { ReadableNumber.text($0) } }
        func percent(_ x: Float?) -> String? { x.map { ReadableNumber.percent(Double($0)) } }
        let columns: [Column] = [
            ("epoch", { "\($0.epoch)" }), ("training loss", { loss($0.trainLoss) }), ("training accuracy", { percent($0.trainAccuracy) }),
            ("validation loss", { loss($0.validationLoss) }), ("validation accuracy", { percent($0.validationAccuracy) }),
            ("test loss", { loss($0.testLoss) }), ("test accuracy", { percent($0.testAccuracy) }),
            ("learning rate", { $0.learningRate.map { ReadableNumber.text($0) } }), ("seconds", { String(format: "%.2f", $0.seconds) }),
        ]
        let shown = columns.filter { c in history.epochs.contains { c.value($0) != nil } }
        return (shown.map(\.name), history.epochs.map { m in shown.map { $0.value(m) ?? "–" } })
    }

    func write() throws {
        let loss = RunFigures.lossCurves([(name: "run", history: history)], loss: specification.loss)
        let accuracy = RunFigures.accuracyCurves([(name: "run", history: history)])
        let report = try page(loss: loss, accuracy: accuracy)
        try folder.claim(["loss.svg", "report.html"] + (accuracy == nil ? [] : ["accuracy.svg"]))
        try loss.write(to: folder.file("loss.svg"))
        if let accuracy { try accuracy.write(to: folder.file("accuracy.svg")) }
        try report.write(to: folder.file("report.html"))
    }
}
