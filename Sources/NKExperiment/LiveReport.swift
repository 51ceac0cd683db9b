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
        report.addSection(
            "Running",
            text: String(format: "Epoch %ld of %ld done; %.2f s per epoch (the last %ld); ", done, total, perEpoch, recent.count)
                + "the run should end near \(format.string(from: end)) (local time). This page reloads itself; the final report replaces it.")
        var pairs = specification.summaryPairs
        if let command { pairs.append(("command", command)) }
        report.addKeyValueTable(title: "Configuration", pairs)
        try report.addFigure(loss, caption: "Loss after each epoch, so far.")
        if let accuracy { try report.addFigure(accuracy, caption: "Accuracy after each epoch, so far.") }
        report.addTable(
            title: "Epochs", header: HistoryFile.header.split(separator: ",").map(String.init),
            rows: HistoryFile.csv(history).split(separator: "\n").dropFirst().map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) })
        return report
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
