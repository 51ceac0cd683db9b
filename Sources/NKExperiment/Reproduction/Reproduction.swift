// Reproduction: one experiment of the reports (REFERENCE.md), run as the report describes, with our
// figure beside the report's.

import Foundation
import NKCore
import NKData
import NKPlot
import NKTrain

/// An experiment of the five reports this project grew from: what it runs (sizes from the report,
/// our defaults where the report is vague, stated in `setting`), the report's figure, the published
/// reference, and the code that produces our figure.
public struct Reproduction: Sendable {
    /// `A3`, `D2`, `E1`, …
    public let id: String
    public let title: String
    /// How we run it, with the choices the report leaves open.
    public let setting: String
    /// The report's own figure, as REFERENCE.md gives it.
    public let reportFigure: String
    /// The published bar, when there is one.
    public let reference: String?
    /// Roughly how long it takes on two cores.
    public let minutes: Double
    /// Datasets it needs (`DatasetRegistry` names).
    public let datasets: [String]
    /// Runs the experiment; `dataDirectory` is where datasets live, `out` its folder.
    let run: @Sendable (_ dataDirectory: URL, _ out: String) throws -> Result

    /// What an experiment produced.
    public struct Result: Sendable {
        /// (quantity, ours, the report's) rows.
        public var rows: [(String, String, String)]
        /// Figures with file names and captions.
        public var figures: [(name: String, figure: any Figure, caption: String)]
        /// Remarks on the comparison.
        public var notes: [String]
    }

    /// Why it cannot run here (a missing dataset), or nil.
    public func missing(dataDirectory: URL) -> String? {
        for name in datasets {
            guard let entry = try? DatasetRegistry.entry(named: name) else { return "dataset \(name) is unknown" }
            switch DatasetRegistry.status(of: entry, in: dataDirectory) {
            case .present, .verified: continue
            default: return "needs the \(name) dataset (neuralkit datasets --download \(name))"
            }
        }
        return nil
    }

    /// Runs it into `out` (created) and writes `report.html` and the figures there.
    public func reproduce(dataDirectory: URL, out: String) throws -> Result {
        if let missing = missing(dataDirectory: dataDirectory) { throw NeuralKitError.data("\(id): \(missing).") }
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        let result = try run(dataDirectory, out)
        var report = HTMLReport(title: "\(id): \(title)")
        report.addSection("Setting", text: setting)
        report.addSection("Results")
        report.addTable(header: ["quantity", "NeuralKit", "report"], rows: result.rows.map { [$0.0, $0.1, $0.2] })
        if let reference { report.addParagraph("Published reference: \(reference)") }
        for note in result.notes { report.addParagraph(note) }
        if !result.figures.isEmpty { report.addSection("Figures") }
        for (name, figure, caption) in result.figures {
            try figure.write(to: (out as NSString).appendingPathComponent(name))
            try report.addFigure(figure, caption: caption)
        }
        try report.write(to: (out as NSString).appendingPathComponent("report.html"))
        return result
    }
}
