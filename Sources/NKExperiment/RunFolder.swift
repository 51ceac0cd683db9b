// RunFolder: a finished run on disk (configuration, history, metrics, checkpoint, figures, report).

import Foundation
import NKAnalysis
import NKCore
import NKData
import NKPlot
import NKTrain

/// Everything a training run leaves behind, in one folder:
///
/// ```
/// config.json        (written first) the resolved run specification (every default made explicit), the data
///                    directory, the command line and the NeuralKit version
/// history.csv        one row per epoch (also history.jsonl, one JSON object per line)
/// batch_history.csv  the loss of every training batch (epoch, batch, loss)
/// metrics.json       (written last) the final loss and accuracy (and sample count) on each part
/// model.safetensors  the trained weights (PyTorch names), with the run and its preprocessing
/// last.safetensors   rewritten after every epoch: the weights and the trainer's state, to resume from
/// loss.svg, accuracy.svg, confusion.svg/.png, decision_boundary.svg/.png, samples.svg, …
/// report.html        all of the above in one self-contained page
/// events.out.tfevents.<time>.<host>.<pid>.neuralkit
///                    TensorBoard's event file (one per run and per resume; appended to as the run
///                    trains, so it is the one file not written atomically): scalars, histograms, images
/// manifest.json      the names of the files the run wrote (what --overwrite removes)
/// resumes.jsonl      one line per `train --resume` that continued the run
/// ```
/// Every file is written atomically. `config.json` is written when the run starts and
/// `metrics.json` last, so a folder with the first and not the second holds a run that did not
/// finish (killed, or stopped by an error). A folder has one writer: the `FolderLock` `.neuralkit.lock`,
/// taken before the first file is written and held while the value lives, refuses a second `train`,
/// `--overwrite` or `--resume` naming the holder's pid. `manifest.json` lists every file the run
/// wrote (each name is added before its file is written); a folder that already holds a run,
/// finished or not, is refused unless `overwrite` is given, and then exactly the files of its manifest
/// are removed (a folder made before manifests: the fixed run files), and only when `config.json`
/// proves it is a NeuralKit run. A resume keeps `config.json`'s command and data directory and
/// appends itself to `resumes.jsonl`. Temporary files left by a killed writer are removed on opening.
public struct RunFolder: Sendable {
    /// The folder.
    public let path: String
    /// This process's hold on the folder.
    let lock: FolderLock

    /// Lets another writer open the folder (a later resume, in this process or another); this
    /// `RunFolder` must not write after it. The hold ends with the process otherwise.
    public func releaseLock() { lock.release() }

    /// The files a run folder holds whatever its figures, removed by `overwrite` in a folder written
    /// before manifests existed.
    static let runFiles = [
        "config.json", "history.csv", "history.jsonl", "batch_history.csv", "metrics.json", "model.safetensors",
        "last.safetensors", "report.html", "resumes.jsonl",
    ]
    /// The list of the files the run wrote.
    public static let manifestFile = "manifest.json"

    /// Whether `name` is a file a run folder may hold (a run file, its manifest or lock, a figure):
    /// another output of the same command may not take such a name inside the folder.
    public static func isRunFileName(_ name: String) -> Bool {
        runFiles.contains(name) || name == manifestFile || name == FolderLock.runFile || name.hasSuffix(".svg") || name.hasSuffix(".png")
            || EventFileWriter.isEventFile(name)
    }

    /// Opens (creating it and its parents) a folder for a new run, and takes its lock.
    /// - Parameters:
    ///   - path: the run folder.
    ///   - overwrite: replace a run the folder already holds.
    /// - Throws: `NeuralKitError.file` naming the folder when it holds a run (and `overwrite` is off), a
    ///   `config.json` that is not a run's, another process's lock, is not a folder, or cannot be
    ///   created or written.
    public init(path: String, overwrite: Bool = false) throws {
        self.path = path
        let fm = FileManager.default
        if PathKind(path) == .file {
            throw NeuralKitError(.file, "\(path): this is a file, not a folder.", field: "runFolder")
        }
        do {
            try fm.createDirectory(atPath: path, withIntermediateDirectories: true)
        } catch {
            throw NeuralKitError.fileSystem(path: path, action: "create the folder", underlying: error, option: "Run folder").inField("runFolder")
        }
        if let problem = AtomicFile.folderAccessProblem(path) { throw NeuralKitError(.file, "\(path): \(problem)", field: "runFolder") }
        lock = try FolderLock(folder: path, what: "Run folder \(path)")
        AtomicFile.removeStaleTemporaries(in: path)
        let state = RunFolder.state(of: path)
        if state != .empty {
            guard RunFolder.isNeuralKitRun(path) else {
                throw NeuralKitError.file(
                    "--out \(path): this folder holds a config.json that is not a NeuralKit run's; NeuralKit will not write there (choose another folder).")
            }
            guard overwrite else {
                throw NeuralKitError.file(
                    state == .finished
                        ? "--out \(path): this folder already holds a finished run (config.json, metrics.json); choose another folder, or pass --overwrite to replace it."
                        : "--out \(path): this folder holds a run that did not finish (config.json without metrics.json: killed, or stopped by an error); continue it with train --resume \(path), pass --overwrite to replace it, or choose another folder."
                )
            }
            try RunFolder.removeRunFiles(in: path)
        }
    }

    /// Removes the files of the run in `path`: those its manifest lists (before manifests: the
    /// fixed run files), then the manifest, then `config.json` (last: a crash half-way leaves a
    /// folder still recognised as a run). Nothing happens unless `config.json` is NeuralKit's.
    static func removeRunFiles(in path: String) throws {
        guard PathKind((path as NSString).appendingPathComponent("config.json")) == .file else { return }
        guard isNeuralKitRun(path) else {
            throw NeuralKitError.file("\(path): its config.json is not a NeuralKit run's; NeuralKit removes nothing there.")
        }
        let listed = (try? JSONDecoder().decode([String].self, from: FileManager.default.contents(atPath: (path as NSString).appendingPathComponent(manifestFile)) ?? Data())) ?? runFiles
        // A sweep's HParams session file is no run file, but describes the run it removes.
        let names = listed.filter { $0 != "config.json" } + [SweepHParams.sessionFile, manifestFile, "config.json"]
        for name in names where isRemovable(name) {
            let file = (path as NSString).appendingPathComponent(name)
            if PathKind(file) == .file { try? FileManager.default.removeItem(atPath: file) }
        }
    }

    /// Opens the folder of a run to continue it (`train --resume`): it must hold `config.json` and
    /// the resumable checkpoint `last.safetensors`; takes its lock; stale temporary files are removed.
    /// - Throws: `NeuralKitError.file` naming `--resume` and what is missing, or the lock's holder.
    public init(resuming path: String) throws {
        self.path = path
        let fm = FileManager.default
        guard fm.isReadableFile(atPath: (path as NSString).appendingPathComponent("config.json")) else {
            throw NeuralKitError(.file, "\(path): no run here (config.json is missing); give the folder a run was written to.", field: "resumeFolder")
        }
        guard fm.fileExists(atPath: (path as NSString).appendingPathComponent(ResumeFile.name)) else {
            throw NeuralKitError(
                .file,
                "\(path): the run left no \(ResumeFile.name) (it stopped before its first epoch ended, or was made by NeuralKit before 0.4); start it again, overwriting the folder.",
                field: "resumeFolder")
        }
        if let problem = AtomicFile.folderAccessProblem(path) { throw NeuralKitError(.file, "\(path): \(problem)", field: "resumeFolder") }
        lock = try FolderLock(folder: path, what: "Resumed run \(path)")
        AtomicFile.removeStaleTemporaries(in: path)
    }

    /// Whether the folder's `config.json` is one NeuralKit wrote (a JSON object recording a `version`).
    static func isNeuralKitRun(_ path: String) -> Bool {
        guard let data = FileManager.default.contents(atPath: (path as NSString).appendingPathComponent("config.json")),
            let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any]
        else { return false }
        return object["version"] is String
    }

    /// A manifest entry names one file directly inside the folder (never a path elsewhere).
    static func isRemovable(_ name: String) -> Bool {
        !name.isEmpty && name != "." && name != ".." && !name.contains("/") && name != FolderLock.runFile
    }

    /// The names `manifest.json` lists, or nil without one (a folder written before manifests).
    public func manifest() -> [String]? {
        guard let data = FileManager.default.contents(atPath: file(RunFolder.manifestFile)) else { return nil }
        return try? JSONDecoder().decode([String].self, from: data)
    }

    /// Adds `names` to the manifest (before their files are written).
    func claim(_ names: [String]) throws {
        var listed = manifest() ?? []
        let missing = names.filter { !listed.contains($0) }
        guard !missing.isEmpty else { return }
        listed += missing
        try AtomicFile.write(Array(try JSONText.data(listed, pretty: true)) + [0x0A], to: file(RunFolder.manifestFile))
    }

    /// Appends a resume to `resumes.jsonl`: the command that continued the run and after which epoch.
    public func noteResume(command: String?, afterEpoch epoch: Int) throws {
        struct Line: Encodable {
            let command: String?
            let after_epoch: Int
            let version: String
        }
        try claim(["resumes.jsonl"])
        let previous = FileManager.default.contents(atPath: file("resumes.jsonl")).map { [UInt8]($0) } ?? []
        let line = try JSONText.string(Line(command: command, after_epoch: epoch, version: NeuralKitVersion.string))
        try AtomicFile.write(previous + Array((line + "\n").utf8), to: file("resumes.jsonl"))
    }

    /// The `config.json` of the run the folder holds.
    /// - Throws: `NeuralKitError.file` naming the file when it cannot be read or decoded.
    public func record() throws -> Record {
        let name = file("config.json")
        guard let data = FileManager.default.contents(atPath: name) else { throw NeuralKitError.file("\(name): cannot be read.") }
        do { return try JSONDecoder().decode(Record.self, from: data) } catch {
            throw NeuralKitError.file("\(name): not a NeuralKit run configuration (\(NeuralKitError.describe(error))).")
        }
    }

    /// What a folder holds.
    public enum State: Sendable { case empty, unfinished, finished }

    /// Whether `path` holds no run, a run that did not finish, or a finished one.
    public static func state(of path: String) -> State {
        let fm = FileManager.default
        guard fm.fileExists(atPath: (path as NSString).appendingPathComponent("config.json")) else { return .empty }
        return fm.fileExists(atPath: (path as NSString).appendingPathComponent("metrics.json")) ? .finished : .unfinished
    }

    /// Writes `config.json` for a run about to start (so that a killed run is recognised).
    public func begin(_ run: TrainingRun, command: String? = nil, dataDirectory: URL? = nil) throws {
        try claim(["config.json", ResumeFile.name])
        try writeRecord(
            Record(
                specification: run.resolvedSpecification, dataDirectory: run.data.source.entry == nil ? nil : dataDirectory?.path,
                command: command, version: NeuralKitVersion.string, preprocessing: run.data.preprocessing.description))
    }

    private func writeRecord(_ record: Record) throws {
        try AtomicFile.write(Array(try JSONText.data(record, pretty: true)) + [0x0A], to: file("config.json"))
    }

    /// The path of `name` inside the folder.
    public func file(_ name: String) -> String { (path as NSString).appendingPathComponent(name) }

    /// What `config.json` holds.
    public struct Record: Codable, Sendable {
        /// The run, with every default resolved.
        public var specification: RunSpecification
        /// The folder registered datasets were read from.
        public var dataDirectory: String?
        /// The command line that started the run, when it came from the CLI.
        public var command: String?
        /// The NeuralKit version that ran it.
        public var version: String
        /// The preprocessing as fitted (statistics summarised).
        public var preprocessing: String
    }

    /// Writes every file of a finished run.
    /// - Parameters:
    ///   - outcome: the finished run.
    ///   - command: the command line, recorded in `config.json` and the report.
    ///   - dataDirectory: where registered datasets were read from.
    ///   - sampleCount: how many training samples the samples grid shows (image data).
    ///   - allPNG: also write every figure as PNG beside its SVG (confusion matrices and decision
    ///     boundaries always get one).
    ///   - eventFile: the run's TensorBoard event file, which receives the figures of
    ///     `RunReportContent.tensorBoardFigures` as images at the last epoch (before `metrics.json`).
    public func write(
        _ outcome: RunOutcome, command: String? = nil, dataDirectory: URL? = nil, sampleCount: Int = 48,
        allPNG: Bool = false, eventFile: EventFileWriter? = nil
    ) throws {
        let spec = outcome.resolvedSpecification
        var content = try RunReportFigures.content(of: outcome, sampleCount: sampleCount)
        if allPNG {
            let existing = Set(content.pngs.map(\.0))
            for (name, figure, _) in content.figures {
                let png = (name as NSString).deletingPathExtension + ".png"
                if !existing.contains(png) { content.pngs.append((png, try figure.png())) }
            }
        }
        try claim(
            ["config.json", "history.csv", "history.jsonl"] + (outcome.batchLosses.count > 0 ? ["batch_history.csv"] : []) + ["model.safetensors"]
                + content.figures.map(\.0) + content.pngs.map(\.0) + ["report.html", "metrics.json"])
        try writeRecord(
            Record(
                specification: spec, dataDirectory: outcome.data.source.entry == nil ? nil : dataDirectory?.path,
                command: command, version: NeuralKitVersion.string, preprocessing: outcome.data.preprocessing.description))
        try AtomicFile.write(text: HistoryFile.csv(outcome.history), to: file("history.csv"))
        try AtomicFile.write(text: outcome.history.epochs.map(HistoryFile.jsonLine).joined(separator: "\n") + "\n", to: file("history.jsonl"))
        if outcome.batchLosses.count > 0 { try AtomicFile.write(text: outcome.batchLosses.csv, to: file("batch_history.csv")) }
        try outcome.saveCheckpoint(to: file("model.safetensors"))
        for (name, figure, _) in content.figures { try figure.write(to: file(name)) }
        for (name, bytes) in content.pngs { try AtomicFile.write(bytes, to: file(name)) }
        if let eventFile {
            try eventFile.write(step: outcome.history.epochs.last?.epoch ?? 0, values: try content.tensorBoardImages())
            try eventFile.sync()
        }

        var files: [(name: String, description: String)] = [
            ("config.json", "the run as resolved (every default explicit), the command line and the version"),
            ("history.csv", "one row per epoch"), ("history.jsonl", "the same, one JSON object per line"),
        ]
        if outcome.batchLosses.count > 0 { files.append(("batch_history.csv", "the loss of every training batch")) }
        files += [
            ("metrics.json", "the final scores"), ("model.safetensors", "the trained weights, with the run in their metadata"),
            ("last.safetensors", "the trainer's state after the last epoch (train --resume)"),
            (RunFolder.manifestFile, "the names of the files this run wrote (what --overwrite removes)"),
        ]
        if PathKind(file("resumes.jsonl")) == .file { files.append(("resumes.jsonl", "one line per train --resume that continued the run")) }
        files += eventFiles.map { ($0, "TensorBoard's event file: tensorboard --logdir on this folder (or on several)") }
        files += content.figures.map { ($0.0, "figure") } + content.pngs.map { ($0.0, "figure (PNG)") }
        try RunReport.page(outcome, content: content, command: command, files: files).write(to: file("report.html"))
        try AtomicFile.write(text: try metricsJSON(outcome.evaluations), to: file("metrics.json"))  // last: the run is complete
    }

    /// `{"train": {"samples": …, "loss": …, "accuracy": …}, …}`.
    func metricsJSON(_ evaluations: [Evaluation]) throws -> String {
        typealias N = JSONText.FiniteOrNull<Float>
        struct Part: Encodable {
            let samples: Int
            let loss, accuracy: N
            let mean_baseline: N?
        }
        let parts = Dictionary(
            evaluations.map { e in (e.split.rawValue, Part(samples: e.sampleCount, loss: N(e.loss), accuracy: N(e.accuracy), mean_baseline: e.meanBaseline.map(N.init))) },
            uniquingKeysWith: { a, _ in a })
        return try JSONText.string(parts) + "\n"
    }
}
