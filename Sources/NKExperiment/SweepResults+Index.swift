// The files a sweep folder's results are written to: results.csv, the figures, index.html.

import Foundation
import NKCore
import NKPlot

extension SweepResults {
    /// Writes `results.csv`, `summary.svg` (a search: `search_NAME.svg`), their PNGs when the trials
    /// write PNGs, and `index.html` into `directory`, and the HParams plugin's files of TensorBoard
    /// (`SweepHParams`).
    ///
    /// The index is laid out in the report sections: results (the best setting, the figures),
    /// trials (each linked to its report), configuration (the plan and the command).
    public func write(to directory: String, command: String?) throws {
        func path(_ name: String) -> String { (directory as NSString).appendingPathComponent(name) }
        let png = Self.writesPNG(in: directory)
        var figureFiles: [(name: String, description: String)] = []
        func write(_ figure: some Figure, _ name: String) throws {
            try figure.write(to: path(name))
            figureFiles.append((name, "figure"))
            guard png else { return }
            let copy = (name as NSString).deletingPathExtension + ".png"
            try figure.write(to: path(copy))
            figureFiles.append((copy, "figure (PNG)"))
        }
        try AtomicFile.write(text: csv, to: path("results.csv"))
        try SweepHParams.write(self, in: directory)
        var report = HTMLReport(title: "NeuralKit \(plan.search == nil ? "sweep" : "search")")
        report.addSection(.results)
        if let text = bestSettingText {
            report.addParagraph("Best setting: " + text)
        } else {
            report.addParagraph("No trial has finished yet.")
        }
        if plan.search != nil {
            for (file, figure) in searchFigures() {
                try write(figure, file)
                try report.addFigure(figure, caption: "\(sentenceCase(metric.name)) against each sampled value: one point per finished trial.")
            }
        } else if let figure = summaryFigure() {
            try write(figure, "summary.svg")
            try report.addFigure(
                figure,
                caption: plan.seeds.count > 1
                    ? "\(sentenceCase(metric.name)) of each setting: the mean over the \(plan.seeds.count) seeds (line and markers) and the range over the seeds, from the lowest to the highest (shaded band), one colour per combination of the other variables."
                    : "\(sentenceCase(metric.name)) of each setting, one colour per combination of the other variables.")
        }
        report.addSection("Trials", id: "trials", text: "Each trial is a run folder; its name links to its report.")
        let (name, value) = metric
        report.addLinkedTable(
            header: ["trial"] + plan.variables.map(\.name) + ["seed", name, "training seconds"],
            rows: rows.map { r in
                [r.trial.folder] + r.trial.values + [
                    "\(r.trial.seed)", value(r).map { Self.format(name, Double($0)) } ?? "–",
                    String(format: r.seconds < 10 ? "%.2f" : "%.1f", r.seconds),
                ]
            }, links: rows.map { "\($0.trial.folder)/report.html" })
        if !pending.isEmpty {
            report.addParagraph("Pending (not finished here): " + pending.map(\.folder).joined(separator: ", ") + ". Run the sweep again to complete them, or --collect after the other shards.")
        }
        report.addSection(.configuration)
        var pairs = plan.variables.map { ($0.name, $0.values.joined(separator: ", ")) }
        pairs.append(("seeds", plan.seeds.map(String.init).joined(separator: ", ")))
        pairs.append(("trials", "\(plan.trials.count) (\(rows.count) finished, \(pending.count) pending)"))
        if let command { pairs.append(("command", command)) }
        report.addKeyValueTable(pairs)
        report.addFileList([("results.csv", "one row per finished trial"), ("sweep.json", "the plan and the options every trial shares")] + figureFiles)
        try report.write(to: path("index.html"))
    }
}
