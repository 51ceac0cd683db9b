// ReproductionPage: an experiment's report.html (the report's setting, ours, the results and the
// figures) and its reproduction.json.

import Foundation
import NKCore
import NKPlot

enum ReproductionPage {
    /// Writes the figures (`png`: each also as PNG), `report.html` and `reproduction.json` into `out`.
    static func write(
        _ e: Reproduction, budget: ReproductionBudget, result: Reproduction.Result, record: ReproductionRecord, png: Bool = false, to out: String
    ) throws {
        var page = HTMLReport(title: e.pageTitle(budget: budget))
        page.addSection("The report's setting", text: "As \(e.seedFile) in the project's original reports states it.")
        page.addKeyValueTable(e.reportSetting)
        page.addParagraph("The report shows: \(e.reportResult)")
        if !e.readings.isEmpty {
            page.addSection("How we read it")
            for reading in e.readings { page.addParagraph(reading) }
        }
        page.addSection("Deviations", text: e.deviations.isEmpty ? "None: every stated setting is the report's." : nil)
        if !e.deviations.isEmpty {
            page.addTable(header: ["what", "report", "ours", "why"], rows: e.deviations.map { [$0.what, $0.report, $0.ours, $0.why] })
        }
        if budget != .report {
            page.addParagraph("Quick budget: \(ReproductionBudget.quick.summary). The numbers below are a smoke test, not the report's setting.")
        }
        page.addSection("Our runs")
        page.addTable(header: ["run", "command"], rows: record.plan.runs.map { [$0.name, shellLine($0.command) + ($0.note.map { " (\($0))" } ?? "")] })
        for step in e.analyses { page.addParagraph(step) }
        page.addSection("Results")
        page.addTable(header: ["quantity", "NeuralKit", "report"], rows: result.rows.map { [$0.0, $0.1, $0.2] })
        if !result.comparisons.isEmpty {
            page.addTable(
                title: "Verdicts", header: ["quantity", "NeuralKit", "report", "tolerance", "verdict"],
                rows: result.comparisons.map { [$0.quantity, format($0.ours), format($0.report), "± " + format($0.tolerance), $0.verdict.rawValue] })
        }
        for table in result.tables { page.addTable(title: table.title, header: table.header, rows: table.rows) }
        if let reference = e.reference { page.addParagraph("Published reference: \(reference)") }
        for note in result.notes { page.addParagraph(note) }
        if !result.figures.isEmpty { page.addSection("Figures") }
        for (name, figure, caption) in result.figures {
            try figure.write(to: (out as NSString).appendingPathComponent(name))
            if png { try figure.write(to: (out as NSString).appendingPathComponent((name as NSString).deletingPathExtension + ".png")) }
            try page.addFigure(figure, caption: caption)
        }
        page.addParagraph(String(format: "Wall time: %.1f s.", record.wallSeconds))
        try page.write(to: (out as NSString).appendingPathComponent("report.html"))
        try record.write(to: (out as NSString).appendingPathComponent("reproduction.json"))
    }

    /// Four significant digits.
    static func format(_ x: Double) -> String { String(format: "%.4g", x) }
}

extension ReproductionBudget {
    /// What the budget does, in words.
    public var summary: String {
        switch self {
        case .report: "the report's setting, with the deviations the page states"
        case .quick: "at most 2 epochs on at most 600 training and 500 test samples, one pre-training epoch on the training rows"
        }
    }
}
