// ReproductionSuite: several experiments in turn, each in its folder, and the index page beside them.

import Foundation
import NKCore
import NKPlot

/// Runs experiments one after the other (`neuralkit reproduce all`) and writes `index.html`: one row
/// per experiment with the report's figure, ours, the verdict and the minutes.
public enum ReproductionSuite {
    /// What happened to one experiment.
    public enum Entry: Sendable {
        case done(ReproductionRecord)
        case skipped(id: String, why: String)
    }

    /// Runs `experiments` into sub-folders of `out` (named by id) and writes `out/index.html`
    /// (`png`: every figure also as PNG). `onStart` is told of each experiment before it runs, `onRun`
    /// of each of its runs.
    public static func run(
        _ experiments: [Reproduction], out: String, budget: ReproductionBudget, dataDirectory: URL, png: Bool = false,
        onStart: ((Reproduction) -> Void)? = nil, onRun: ((String) -> Void)? = nil,
        onEnd: ((Entry) -> Void)? = nil
    ) throws -> [Entry] {
        var entries: [Entry] = []
        for e in experiments {
            if let missing = e.missing(dataDirectory: dataDirectory) {
                entries.append(.skipped(id: e.id, why: missing))
                onEnd?(entries.last!)
                continue
            }
            onStart?(e)
            let record = try e.reproduce(dataDirectory: dataDirectory, out: (out as NSString).appendingPathComponent(e.id), budget: budget, png: png, progress: onRun)
            entries.append(.done(record))
            onEnd?(entries.last!)
            try writeIndex(entries, out: out, budget: budget)
        }
        try writeIndex(entries, out: out, budget: budget)
        return entries
    }

    /// Rewrites `out/index.html` from the `reproduction.json` files of the experiments' folders in
    /// `out` (after one experiment was run again on its own); returns how many it found.
    @discardableResult
    public static func rebuildIndex(out: String) throws -> Int {
        var entries: [Entry] = []
        for e in ReproductionCatalogue.experiments {
            let path = (out as NSString).appendingPathComponent("\(e.id)/reproduction.json")
            guard let data = FileManager.default.contents(atPath: path) else { continue }
            do { entries.append(.done(try JSONDecoder().decode(ReproductionRecord.self, from: data))) } catch {
                throw NeuralKitError.data("\(path) is not a reproduction record: \(NeuralKitError.describe(error)).")
            }
        }
        let quick = entries.contains { if case .done(let r) = $0 { r.plan.budget == .quick } else { false } }
        try writeIndex(entries, out: out, budget: quick ? .quick : .report)
        return entries.count
    }

    /// `index.html`: one row per experiment.
    static func writeIndex(_ entries: [Entry], out: String, budget: ReproductionBudget) throws {
        var index = HTMLReport(title: "NeuralKit: the experiments of the reports" + (budget == .report ? "" : " — quick budget, not the reports' settings"))
        var rows: [[String]] = [], links: [String] = []
        var total = 0.0
        for entry in entries {
            switch entry {
            case .done(let r):
                total += r.wallSeconds
                let first = r.rows.first
                rows.append([
                    r.plan.id, r.plan.title, r.plan.reportResult, first.map { "\($0.quantity): \($0.ours)" } ?? "", verdictText(r),
                    String(format: "%.1f", r.wallSeconds / 60),
                ])
                links.append("\(r.plan.id)/report.html")
            case .skipped(let id, let why):
                rows.append([id, "skipped", why, "", "", ""])
                links.append("")
            }
        }
        index.addParagraph(
            "Each row links to its page: the report's setting, ours, the deviations and the figures. Verdicts compare ours with the report's numbers within the tolerance each page states.")
        index.addLinkedTable(header: ["experiment", "title", "the report", "ours (first result)", "verdict", "minutes"], rows: rows, links: links)
        index.addParagraph(String(format: "Total wall time: %.1f minutes.", total / 60))
        try AtomicFile.createFolder(out, what: "The output folder")
        try index.write(to: (out as NSString).appendingPathComponent("index.html"))
        try AtomicFile.write(text: markdown(entries), to: (out as NSString).appendingPathComponent("index.md"))
    }

    /// The index as a Markdown table (for docs/reproductions.md): every result row of every experiment.
    static func markdown(_ entries: [Entry]) -> String {
        func cell(_ text: String) -> String { text.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\n", with: " ") }
        var lines = ["| experiment | quantity | NeuralKit | report | verdict | minutes |", "|---|---|---|---|---|---|"]
        var total = 0.0
        for entry in entries {
            switch entry {
            case .done(let r):
                total += r.wallSeconds
                for (i, row) in r.rows.enumerated() {
                    lines.append(
                        "| \(i == 0 ? "**\(r.plan.id)** \(cell(r.plan.title))" : "") | \(cell(row.quantity)) | \(cell(row.ours)) | \(cell(row.report)) | "
                            + (i == 0 ? "\(cell(verdictText(r))) | \(String(format: "%.1f", r.wallSeconds / 60))" : " | ") + " |")
                }
            case .skipped(let id, let why):
                lines.append("| **\(id)** | skipped: \(cell(why)) | | | | |")
            }
        }
        lines.append("")
        lines.append(String(format: "Total wall time: %.1f minutes.", total / 60))
        return lines.joined(separator: "\n") + "\n"
    }

    /// The verdict and its tolerances, e.g. `matches (± 1 point)`.
    static func verdictText(_ r: ReproductionRecord) -> String {
        guard !r.comparisons.isEmpty else { return r.verdict }
        let tolerances = Set(r.comparisons.map { String(format: "±%.3g", $0.tolerance) }).sorted().joined(separator: ", ")
        return "\(r.verdict) (\(tolerances))"
    }
}
