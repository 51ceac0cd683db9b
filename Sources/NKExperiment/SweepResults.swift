// SweepResults: what a sweep folder holds, gathered from its trial folders (results.csv, figure, index.html).

import Foundation
import NKCore
import NKPlot
import NKTrain

/// The results of a sweep, rebuilt from whatever trial folders a sweep folder holds (so shards run
/// on several machines, an interrupted sweep, or `--collect` all give the same files):
/// `results.csv` (one row per finished trial: its values, seed, final loss and accuracy per part,
/// training seconds), `summary.svg` (the chosen metric against the first variable, mean over seeds
/// with the minimum and maximum dashed, one line per combination of the other variables) and
/// `index.html` (the figure, and every trial linked to its own report).
public struct SweepResults: Sendable {
    /// A finished trial's numbers.
    public struct Row: Sendable, Equatable {
        public var trial: SweepPlan.Trial
        /// `[part: (loss, accuracy)]` for train, validation, test.
        public var loss: [String: Float]
        public var accuracy: [String: Float]
        public var seconds: Double
    }

    public let plan: SweepPlan
    /// The metric to summarise and choose by, as `validation_accuracy` or `test_loss` (nil: see `metric`).
    public var metricName: String?
    public var rows: [Row]
    /// Trials of the plan with no finished folder.
    public var pending: [SweepPlan.Trial]

    static let planFile = "sweep.json", trialFile = "trial.json"
    static let parts = ["train", "validation", "test"]

    /// The description of the sweep written in its folder, for `--collect`.
    public struct Record: Codable, Sendable {
        public var variables: [SweepPlan.Variable]
        public var seeds: Int
        public var command: String?
        /// For a random search: how its trials were drawn.
        public var search: SweepPlan.Search?
        /// The `train` options every trial shares (nil in a record older than 0.5).
        public var trainArguments: [String]?

        /// The plan this record describes (a random search's draws are made again from its seed).
        func plan() throws -> SweepPlan {
            if let search { return try SweepPlan(samples: search.samples, count: search.trials, seed: search.seed) }
            return try SweepPlan(grids: variables.map { "\($0.name)=\($0.values.joined(separator: ","))" }, seedCount: seeds)
        }

        /// What differs between this sweep and `other`, in words; nil when they are the same sweep.
        func difference(from other: Record) -> String? {
            func grid(_ r: Record) -> String { r.variables.map { "\($0.name)=\($0.values.joined(separator: ","))" }.joined(separator: " ") }
            if variables != other.variables { return "its grid is \(grid(self)), this one's \(grid(other))" }
            if seeds != other.seeds { return "it runs \(seeds) seeds, this one \(other.seeds)" }
            if search != other.search { return "it is another random search (samples, trials or seed)" }
            guard let mine = trainArguments, let theirs = other.trainArguments, mine != theirs else { return nil }
            let a = Self.options(mine), b = Self.options(theirs)
            let changed = Set(a.keys).union(b.keys).sorted().filter { a[$0] != b[$0] }
            let described = changed.prefix(4).map { "\($0) \(a[$0].map { "'\($0)'" } ?? "absent") there, \(b[$0].map { "'\($0)'" } ?? "absent") here" }
            return "its trials' options differ (" + (described.isEmpty ? "their order" : described.joined(separator: "; ")) + ")"
        }

        /// `--name value` pairs (a flag maps to an empty value).
        static func options(_ arguments: [String]) -> [String: String] {
            var result: [String: String] = [:], i = 0
            while i < arguments.count {
                let name = arguments[i]
                if i + 1 < arguments.count, !arguments[i + 1].hasPrefix("--") {
                    result[name, default: ""] += (result[name] == nil ? "" : ",") + arguments[i + 1]
                    i += 2
                } else {
                    result[name] = ""
                    i += 1
                }
            }
            return result
        }
    }

    /// Writes `sweep.json` (the plan and the options every trial shares) in `directory`, creating it.
    /// A folder holding another sweep (other variables, seeds, search or shared options) is refused
    /// with the difference named, or emptied first with `overwrite`; the same sweep (a rerun, another
    /// shard) keeps the record it has.
    public static func begin(_ plan: SweepPlan, command: String?, trainArguments: [String], overwrite: Bool = false, in directory: String) throws {
        try AtomicFile.createFolder(directory, what: "The sweep folder")
        let path = (directory as NSString).appendingPathComponent(planFile)
        let new = Record(variables: plan.variables, seeds: plan.seeds.count, command: command, search: plan.search, trainArguments: trainArguments)
        if let existing = FileManager.default.contents(atPath: path) {
            guard let record = try? JSONDecoder().decode(Record.self, from: existing) else {
                throw NeuralKitError(.file, "\(path): not a NeuralKit sweep record; choose another sweep folder.", field: "sweepFolder")
            }
            if let difference = record.difference(from: new) {
                guard overwrite else {
                    throw NeuralKitError(
                        .file, "\(directory) holds another sweep: \(difference). Choose another folder, or overwrite it to replace that sweep and its trials.",
                        field: "sweepFolder")
                }
                try clear(directory, record: record)
            } else if record.trainArguments != nil {
                return
            }
        }
        try AtomicFile.write(Array(try JSONText.data(new, pretty: true)) + [0x0A], to: path)
    }

    /// Removes the sweep recorded by `record` from `directory`: its trials' run files (then their
    /// folders when empty) and the sweep's own files; refused while a trial is being run.
    static func clear(_ directory: String, record: Record) throws {
        let plan = try record.plan()
        let fm = FileManager.default
        for trial in plan.trials {
            let folder = (directory as NSString).appendingPathComponent(trial.folder)
            guard PathKind(folder) == .folder else { continue }
            if FolderLock.isHeld(folder: folder) || FolderLock.isHeld(folder: folder, name: FolderLock.claimFile) {
                throw NeuralKitError.file("\(folder): a trial of the old sweep is being run by another process; wait for it, then overwrite.")
            }
            try RunFolder.removeRunFiles(in: folder)
            for name in [trialFile, SweepHParams.sessionFile, FolderLock.runFile, FolderLock.claimFile] { try? fm.removeItem(atPath: (folder as NSString).appendingPathComponent(name)) }
            if (try? fm.contentsOfDirectory(atPath: folder))?.isEmpty == true { try? fm.removeItem(atPath: folder) }
        }
        for name in ["results.csv", "summary.svg", "summary.png", "index.html", SweepHParams.experimentFile, planFile] {
            try? fm.removeItem(atPath: (directory as NSString).appendingPathComponent(name))
        }
    }

    /// Reads the plan of the sweep in `directory`.
    public static func plan(in directory: String) throws -> SweepPlan {
        let path = (directory as NSString).appendingPathComponent(planFile)
        guard let data = FileManager.default.contents(atPath: path), let record = try? JSONDecoder().decode(Record.self, from: data) else {
            throw NeuralKitError.file("\(directory): not a sweep folder (\(planFile) is missing or unreadable).")
        }
        return try record.plan()
    }

    /// Writes `trial.json` into a trial's folder before it runs.
    public static func mark(_ trial: SweepPlan.Trial, in folder: String) throws {
        try AtomicFile.createFolder(folder, what: "The trial folder")
        try AtomicFile.write(Array(try JSONText.data(trial)), to: (folder as NSString).appendingPathComponent(trialFile))
    }

    /// Whether `trial` has finished in the sweep folder `directory`.
    public static func isFinished(_ trial: SweepPlan.Trial, in directory: String) -> Bool {
        RunFolder.state(of: (directory as NSString).appendingPathComponent(trial.folder)) == .finished
    }

    /// Gathers the finished trials of `plan` in `directory`.
    public init(plan: SweepPlan, directory: String, metricName: String? = nil) {
        self.plan = plan
        self.metricName = metricName
        var rows: [Row] = [], pending: [SweepPlan.Trial] = []
        for trial in plan.trials {
            let folder = (directory as NSString).appendingPathComponent(trial.folder)
            guard RunFolder.state(of: folder) == .finished,
                let data = FileManager.default.contents(atPath: (folder as NSString).appendingPathComponent("metrics.json")),
                let metrics = try? JSONSerialization.jsonObject(with: data) as? [String: Any]
            else {
                pending.append(trial)
                continue
            }
            var row = Row(trial: trial, loss: [:], accuracy: [:], seconds: 0)
            for part in Self.parts {
                guard let p = metrics[part] as? [String: Any] else { continue }
                if let l = p["loss"] as? Double { row.loss[part] = Float(l) }
                if let a = p["accuracy"] as? Double { row.accuracy[part] = Float(a) }
            }
            row.seconds = (try? HistoryFile.read((folder as NSString).appendingPathComponent("history.csv")))?.seconds.reduce(0, +) ?? 0
            rows.append(row)
        }
        self.rows = rows
        self.pending = pending
    }

    /// One line per finished trial.
    public var csv: String {
        func cell(_ x: Float?) -> String { x.map { "\($0)" } ?? "" }
        let header = ["trial"] + plan.variables.map(\.name) + ["seed"] + Self.parts.flatMap { ["\($0)_loss", "\($0)_accuracy"] } + ["seconds"]
        let lines = rows.map { r in
            (["\(r.trial.index)"] + r.trial.values.map(Self.csvCell) + ["\(r.trial.seed)"]
                + Self.parts.flatMap { [cell(r.loss[$0]), cell(r.accuracy[$0])] } + [String(format: "%.3f", r.seconds)]).joined(separator: ",")
        }
        return ([header.joined(separator: ",")] + lines).joined(separator: "\n") + "\n"
    }

    static func csvCell(_ s: String) -> String {
        s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" }) ? "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : s
    }

    /// Throws `.argument` unless `name` is a metric `metricName` can take: `train`, `validation` or
    /// `test`, then `_loss` or `_accuracy`.
    public static func checkMetric(_ name: String) throws {
        let parts = name.split(separator: "_").map(String.init)
        guard parts.count == 2, Self.parts.contains(parts[0]), ["loss", "accuracy"].contains(parts[1]) else {
            throw NeuralKitError.argument(
                "a metric is train, validation or test, then _loss or _accuracy (e.g. validation_accuracy), got '\(NeuralKitError.excerpt(name))'.", field: "metric")
        }
    }

    /// The metric the summary shows and `best` chooses by: `metricName` when measured, else (a grid)
    /// test accuracy when measured, else validation accuracy, else the test, validation or train loss;
    /// a random search prefers validation accuracy.
    public var metric: (name: String, value: (Row) -> Float?) {
        // A random search chooses by the validation part (choosing by the test part would make its
        // score optimistic); `metricName` (`--metric`) overrides.
        let wanted = metricName ?? (plan.search != nil ? "validation_accuracy" : nil)
        if let wanted {
            let parts = wanted.split(separator: "_").map(String.init)
            if parts.count == 2, Self.parts.contains(parts[0]) {
                let part = parts[0]
                if parts[1] == "accuracy", rows.contains(where: { $0.accuracy[part] != nil }) { return ("\(part) accuracy", { $0.accuracy[part] }) }
                if parts[1] == "loss", rows.contains(where: { $0.loss[part] != nil }) { return ("\(part) loss", { $0.loss[part] }) }
            }
        }
        for part in ["test", "validation"] where rows.contains(where: { $0.accuracy[part] != nil }) {
            return ("\(part) accuracy", { $0.accuracy[part] })
        }
        for part in Self.parts where rows.contains(where: { $0.loss[part] != nil }) {
            return ("\(part) loss", { $0.loss[part] })
        }
        return ("train loss", { $0.loss["train"] })
    }

    /// The metric against the first variable (see the type's documentation); nil without variables or rows.
    public func summaryFigure() -> LinePlot? {
        guard let first = plan.variables.first, !rows.isEmpty else { return nil }
        let (name, value) = metric
        let numeric = first.values.compactMap(Double.init)
        let isNumeric = numeric.count == first.values.count
        let positions = isNumeric ? numeric : first.values.indices.map { Double($0 + 1) }
        let logScale = isNumeric && numeric.allSatisfy { $0 > 0 } && (numeric.max()! / numeric.min()! >= 20)
        // Lines: the combinations of the other variables.
        var groups: [[String]: [Row]] = [:]
        for r in rows { groups[Array(r.trial.values.dropFirst()), default: []].append(r) }
        var series: [LineSeries] = []
        for (index, key) in groups.keys.sorted(by: { $0.joined(separator: "\u{1}") < $1.joined(separator: "\u{1}") }).enumerated() {
            let label = zip(plan.variables.dropFirst(), key).map { "\($0.name)=\($1)" }.joined(separator: " ")
            var mean: [Double] = [], low: [Double] = [], high: [Double] = []
            for v in first.values {
                let ys = groups[key]!.filter { $0.trial.values.first == v }.compactMap(value).map(Double.init)
                mean.append(ys.isEmpty ? .nan : ys.reduce(0, +) / Double(ys.count))
                low.append(ys.min() ?? .nan)
                high.append(ys.max() ?? .nan)
            }
            let base = label.isEmpty ? name : label
            // One colour per combination; the seeds' extremes in the same colour, dashed and dotted.
            let colour = Color.palette(index)
            series.append(LineSeries(name: plan.seeds.count > 1 ? "\(base) (mean)" : base, x: positions, y: mean, color: colour, markers: true))
            if plan.seeds.count > 1 {
                series.append(LineSeries(name: "\(base) (lowest seed)", x: positions, y: low, color: colour, style: .dashed))
                series.append(LineSeries(name: "\(base) (highest seed)", x: positions, y: high, color: colour, style: .dotted))
            }
        }
        let xLabel = isNumeric ? first.name : "\(first.name): " + first.values.enumerated().map { "\($0 + 1) = \($1)" }.joined(separator: ", ")
        return LinePlot(
            title: sentenceCase("\(name) against \(first.name)") + (plan.seeds.count > 1 ? " (\(plan.seeds.count) seeds)" : ""),
            x: Axis(label: xLabel, scale: logScale ? .log : .linear), y: Axis(label: name), series: series)
    }

    /// A random search: the metric against each sampled value (log axis for loguniform ones).
    public func searchFigures() -> [(String, ScatterPlot)] {
        guard let search = plan.search else { return [] }
        let (name, value) = metric
        return plan.variables.enumerated().compactMap { k, variable in
            let points = rows.compactMap { r -> (Double, Double)? in
                guard let x = Double(r.trial.values[k]), let y = value(r) else { return nil }
                return (x, Double(y))
            }
            guard !points.isEmpty else { return nil }
            let log = search.samples[k].contains("=loguniform:")
            return (
                "search_\(variable.name).svg",
                ScatterPlot(
                    title: sentenceCase("\(name) against \(variable.name)"), x: Axis(label: variable.name, scale: log ? .log : .linear),
                    y: Axis(label: name), xs: points.map(\.0), ys: points.map(\.1))
            )
        }
    }

    /// The best finished trial by `metric` (highest accuracy, lowest loss).
    public var best: Row? {
        let (name, value) = metric
        let scored = rows.compactMap { r in value(r).map { (r, $0) } }
        return name.hasSuffix("accuracy") ? scored.max { $0.1 < $1.1 }?.0 : scored.min { $0.1 < $1.1 }?.0
    }

    /// Writes `results.csv`, `summary.svg` and `index.html` into `directory`, and the HParams
    /// plugin's files of TensorBoard (`SweepHParams`).
    public func write(to directory: String, command: String?) throws {
        func path(_ name: String) -> String { (directory as NSString).appendingPathComponent(name) }
        try AtomicFile.write(text: csv, to: path("results.csv"))
        try SweepHParams.write(self, in: directory)
        var report = HTMLReport(title: "NeuralKit sweep")
        report.addSection("Plan")
        var pairs = plan.variables.map { ($0.name, $0.values.joined(separator: ", ")) }
        pairs.append(("seeds", plan.seeds.map(String.init).joined(separator: ", ")))
        pairs.append(("trials", "\(plan.trials.count) (\(rows.count) finished, \(pending.count) pending)"))
        if let command { pairs.append(("command", command)) }
        report.addKeyValueTable(pairs)
        if let best {
            report.addSection(
                "Best trial",
                text: "\(best.trial.folder): " + zip(plan.variables, best.trial.values).map { "\($0.name) = \($1)" }.joined(separator: ", ")
                    + " (\(metric.name) \(metric.value(best).map { String(format: "%.4f", Double($0)) } ?? "–"))")
        }
        if plan.search != nil {
            report.addSection("Metric against each sampled value")
            for (file, figure) in searchFigures() {
                try figure.write(to: path(file))
                try report.addFigure(figure, caption: "One point per finished trial.")
            }
        } else if let figure = summaryFigure() {
            try figure.write(to: path("summary.svg"))
            report.addSection("Summary")
            try report.addFigure(
                figure,
                caption: plan.seeds.count > 1
                    ? "\(metric.name) of each combination: the mean over the seeds (solid), and the lowest (dashed) and highest (dotted) seed, in the combination's colour."
                    : "\(metric.name) of each combination.")
        }
        report.addSection("Trials", text: "Each trial is a run folder; its name links to its report.")
        let (name, value) = metric
        report.addLinkedTable(
            header: ["trial"] + plan.variables.map(\.name) + ["seed", name, "seconds"],
            rows: rows.map { r in
                [r.trial.folder] + r.trial.values + [
                    "\(r.trial.seed)", value(r).map { String(format: "%.4f", Double($0)) } ?? "–",
                    String(format: r.seconds < 10 ? "%.2f" : "%.1f", r.seconds),
                ]
            }, links: rows.map { "\($0.trial.folder)/report.html" })
        if !pending.isEmpty {
            report.addParagraph("Pending (not finished here): " + pending.map(\.folder).joined(separator: ", ") + ". Run the sweep again to complete them, or --collect after the other shards.")
        }
        try report.write(to: path("index.html"))
    }
}

/// `text` with its first letter upper-cased (figure titles start with a capital).
func sentenceCase(_ text: String) -> String { text.prefix(1).uppercased() + text.dropFirst() }
