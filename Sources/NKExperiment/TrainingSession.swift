// TrainingSession: one `train` invocation as the library runs it — a new run or the continuation of
// a run folder, its folder, checkpoint and TensorBoard file, and under a process group this rank's
// part. The command line chooses the options and prints; everything between is here.

import Foundation
import NKCore
import NKData
import NKTrain

/// A run prepared from a start (a new specification, or a run folder to continue), with the files it
/// writes opened: `run` is ready for progress callbacks, and `finish` trains, saves and writes.
///
/// Under a process group of several ranks, only rank 0 (the lead) opens the run folder and writes;
/// another rank receives the resumed run from it, trains its share of each batch and writes nothing.
/// Every rank checks that it runs the same specification as rank 0 before anything is trained.
public final class TrainingSession {
    /// How the session starts.
    public enum Start: Sendable {
        /// A new run, written to the run folder `folder` when given (`overwrite` replaces a run it holds).
        case new(RunSpecification, folder: String?, overwrite: Bool)
        /// The run recorded in the run folder `folder`, continued to `epochs` in all when given.
        case resume(folder: String, epochs: Int?)
    }

    /// The prepared run: set its progress callbacks before `finish`.
    public let run: TrainingRun
    /// The run folder (nil without one, and on a rank other than the lead).
    public let folder: RunFolder?
    /// Whether this process prints and writes (no group, or rank 0 of it).
    public let isLead: Bool
    /// The command line `config.json` records (a resumed run keeps its own).
    public let recordedCommand: String?
    /// Where registered datasets are read from: the one given, else the one a resumed run used.
    public let dataDirectory: URL
    private let eventFile: EventFileWriter?

    /// Prepares the run and opens its files.
    /// - Parameters:
    ///   - start: a new run or a run folder to continue.
    ///   - explicit: the data directory given explicitly (nil: a resumed run's own, else the default).
    ///   - command: the command line of this invocation, recorded by a new run and a resume's log.
    ///   - tensorBoard: write a TensorBoard event file into the run folder (nil: yes for a new run, and
    ///     for a resumed run that has one).
    ///   - group: the process group this process is one rank of (nil: one process).
    /// - Throws: `NeuralKitError` for a specification that cannot run, a run folder that cannot be
    ///   opened or continued, or ranks that disagree.
    public init(_ start: Start, dataDirectory explicit: URL?, command: String?, tensorBoard: Bool?, group: (any ProcessGroup)?) throws {
        isLead = (group?.rank ?? 0) == 0
        let defaultDirectory = explicit ?? DatasetRegistry.dataDirectory(explicit: nil)
        func directory(of record: RunFolder.Record) -> URL {
            explicit ?? record.dataDirectory.map { URL(fileURLWithPath: $0) } ?? defaultDirectory
        }
        func continued(_ record: RunFolder.Record, to epochs: Int?) -> RunSpecification {
            var spec = record.specification
            if let epochs { spec.training.epochs = epochs }
            return spec
        }
        var folder: RunFolder?
        switch start {
        case .new(let spec, let path, let overwrite):
            if let group { try RankAgreement.check(spec, group: group) }
            dataDirectory = defaultDirectory
            run = try TrainingRun(spec, dataDirectory: dataDirectory)
            if isLead, let path {  // after every check: overwriting removes files
                folder = try RunFolder(path: path, overwrite: overwrite)
                try folder?.begin(run, command: command, dataDirectory: dataDirectory)
            }
            recordedCommand = command
        case .resume(let path, let epochs):
            if isLead {
                let resumed = try RunFolder(resuming: path)
                let record = try resumed.record()
                let spec = continued(record, to: epochs)
                dataDirectory = directory(of: record)
                let file = resumed.file(ResumeFile.name)
                if let group {
                    let shared = try SharedResume.send(record: record, checkpointPath: file, group: group)
                    try RankAgreement.check(spec, group: group)
                    run = try TrainingRun(spec, dataDirectory: dataDirectory, resumed: try shared.resumed(path: file))
                } else {
                    run = try TrainingRun(spec, dataDirectory: dataDirectory, resumeFrom: file)
                }
                folder = resumed
                recordedCommand = record.command
                try resumed.noteResume(command: command, afterEpoch: run.resumedState?.progress.epochsDone ?? 0)
            } else {
                let group = group!
                let shared = try SharedResume.receive(group: group)
                let spec = continued(shared.record, to: epochs)
                dataDirectory = directory(of: shared.record)
                try RankAgreement.check(spec, group: group)
                run = try TrainingRun(spec, dataDirectory: dataDirectory, resumed: try shared.resumed(path: "rank 0's \(path)/\(ResumeFile.name)"))
                recordedCommand = nil
            }
        }
        self.folder = folder
        run.resumeFilePath = folder?.file(ResumeFile.name)
        run.processGroup = group
        let isNew = if case .new = start { true } else { false }
        if let folder, tensorBoard ?? (isNew || !folder.eventFiles.isEmpty) {
            eventFile = try folder.startEventFile()
        } else {
            eventFile = nil
        }
        if let eventFile { run.callbacks.append(TensorBoardCallback(writer: eventFile)) }
    }

    /// Trains, then saves the model to `save` and writes the run folder's files (the lead only), and
    /// lets the folder go (another session may then continue it). While it trains, the folder's
    /// `report.html` is rewritten after every epoch, after `run.onEpochEnd`.
    /// - Parameters:
    ///   - save: a checkpoint file to write the model to.
    ///   - sampleCount: how many training samples the report's samples grid shows.
    ///   - allPNG: also write every figure as PNG.
    ///   - onWarning: told what could not be written on the way (a live page, a layout the checkpoint
    ///     cannot convert), which does not stop the run.
    /// - Returns: the outcome.
    public func finish(save: String?, sampleCount: Int = 48, allPNG: Bool = false, onWarning: @escaping (String) -> Void = { _ in }) throws -> RunOutcome {
        guard isLead else { return try run.run() }
        if let folder {  // report.html shows the run while it goes
            let live = LiveReport(folder: folder, specification: run.specification, command: recordedCommand, previous: run.resumedState?.progress.history ?? [])
            live.onFailure = { onWarning("\(folder.path): \($0)") }
            let printed = run.onEpochEnd
            run.onEpochEnd = { metrics in
                printed?(metrics)
                live.epochEnded(metrics)
            }
        }
        let outcome = try run.run()
        if let save {
            for warning in try outcome.saveCheckpoint(to: save) { onWarning("\(save): \(warning)") }
        }
        if let folder {
            try folder.write(outcome, command: recordedCommand, dataDirectory: dataDirectory, sampleCount: sampleCount, allPNG: allPNG, eventFile: eventFile)
            try eventFile?.close()
            folder.releaseLock()
        }
        return outcome
    }
}
