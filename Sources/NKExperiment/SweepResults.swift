// SweepResults: what a sweep folder holds, gathered from its trial folders (results.csv, figure, index.html).

import Foundation
import NKCore
import NKPlot
import NKTrain

/// The results of a sweep, rebuilt from whatever trial folders a sweep folder holds (so shards run
/// on several machines, an interrupted sweep, or `--collect` all give the same files):
/// `results.csv` (one row per finished trial: its values, seed, final loss and accuracy per part,
/// training seconds), `summary.svg` (the chosen metric against the first variable: one line per
/// combination of the other variables, the mean over seeds, in a shaded band from the lowest to the
/// highest seed; `summary.png` too when the trials write PNGs) and `index.html` (the best setting,
/// chosen on the validation part averaged over seeds, the figure, and every trial linked to its own report).
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

    /// The metric the summary shows: `metricName` when measured, else (a grid) test accuracy when
    /// measured, else validation accuracy, else the test, validation or train loss; a random search
    /// prefers validation accuracy. (`selection`, not this, chooses the best setting.)
    public var metric: (name: String, value: (Row) -> Float?) {
        // A random search shows the validation part (the one it chooses by); `metricName` (`--metric`) overrides.
        if let wanted = metricName ?? (plan.search != nil ? "validation_accuracy" : nil), let chosen = measured(wanted) { return chosen }
        for name in ["test_accuracy", "validation_accuracy", "test_loss", "validation_loss"] {
            if let chosen = measured(name) { return chosen }
        }
        return ("train loss", { $0.loss["train"] })
    }

    /// The metric `name` (`validation_accuracy`, `test_loss`, …) when some finished trial measured it.
    func measured(_ name: String) -> (name: String, value: (Row) -> Float?)? {
        let parts = name.split(separator: "_").map(String.init)
        guard parts.count == 2, Self.parts.contains(parts[0]) else { return nil }
        let part = parts[0]
        if parts[1] == "accuracy", rows.contains(where: { $0.accuracy[part] != nil }) { return ("\(part) accuracy", { $0.accuracy[part] }) }
        if parts[1] == "loss", rows.contains(where: { $0.loss[part] != nil }) { return ("\(part) loss", { $0.loss[part] }) }
        return nil
    }

    /// Whether the sweep's trials write PNG figures (`--png` among their options): the sweep's own
    /// figures then get a PNG too.
    static func writesPNG(in directory: String) -> Bool {
        let path = (directory as NSString).appendingPathComponent(planFile)
        guard let data = FileManager.default.contents(atPath: path), let record = try? JSONDecoder().decode(Record.self, from: data) else { return false }
        return record.trainArguments?.contains("--png") ?? false
    }
}

/// `text` with its first letter upper-cased (figure titles start with a capital).
func sentenceCase(_ text: String) -> String { text.prefix(1).uppercased() + text.dropFirst() }
