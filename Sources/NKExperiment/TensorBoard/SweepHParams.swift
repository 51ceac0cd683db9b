// SweepHParams: the HParams plugin's files of a sweep, so TensorBoard's HParams tab compares its trials.

import Foundation
import NKCore

/// The HParams summaries of a sweep folder, each in a small event file written whole (atomically)
/// and rewritten whenever the results are gathered, so that `--collect`, shards and reruns agree:
///
/// - `experimentFile` in the sweep folder: the experiment — every variable with its values
///   (numbers when all of them are, else strings) and the epoch metrics the trials measured
///   (`epoch/train_loss`, `epoch/validation_accuracy`, …);
/// - `sessionFile` in each finished trial's folder: the session's start (the trial's values; the
///   seeds of one setting form a group) and end (success), at the times `trial.json` and
///   `metrics.json` were written.
///
/// Only trials whose run wrote event files take part (a sweep with `--tensorboard off` gets none).
public enum SweepHParams {
    /// The experiment's file in the sweep folder.
    public static let experimentFile = EventFileWriter.namePrefix + "hparams-experiment.neuralkit"
    /// A session's file in a trial's folder.
    public static let sessionFile = EventFileWriter.namePrefix + "hparams-session.neuralkit"

    /// Writes the experiment and the session of every finished trial of `results` in `directory`
    /// (nothing when no finished trial wrote event files).
    /// - Throws: `NeuralKitError.file` when a file cannot be written.
    public static func write(_ results: SweepResults, in directory: String) throws {
        let logged = results.rows.filter { hasEventFiles(folder(directory, $0.trial)) }
        guard !logged.isEmpty else { return }
        for row in logged { try writeSession(row.trial, plan: results.plan, in: directory) }
        var metrics: [HParamsPluginData.MetricInfo] = []
        for part in SweepResults.parts {
            let type: HParamsPluginData.DatasetType = part == "train" ? .training : part == "validation" ? .validation : .unknown
            if logged.contains(where: { $0.loss[part] != nil }) { metrics.append(.init(tag: "epoch/\(part)_loss", datasetType: type)) }
            if logged.contains(where: { $0.accuracy[part] != nil }) { metrics.append(.init(tag: "epoch/\(part)_accuracy", datasetType: type)) }
        }
        let hparams = results.plan.variables.map { v in
            let numeric = isNumeric(v.values)
            return HParamsPluginData.HParamInfo(
                name: v.name, type: numeric ? .float64 : .string, domain: v.values.map { numeric ? .number(Double($0)!) : .string($0) })
        }
        let content = HParamsPluginData.experiment(
            description: "NeuralKit \(results.plan.search == nil ? "sweep" : "search") of \(results.plan.trials.count) trials",
            timeCreated: modificationTime((directory as NSString).appendingPathComponent(SweepResults.planFile)) ?? EventFileWriter.now,
            hparams: hparams, metrics: metrics)
        try writeFile([HParamsPluginData.value(tag: HParamsPluginData.experimentTag, content: content)], to: (directory as NSString).appendingPathComponent(experimentFile))
    }

    /// Writes the session file of `trial` in its folder inside `directory`, when the trial finished
    /// and its run wrote event files; otherwise does nothing.
    public static func writeSession(_ trial: SweepPlan.Trial, plan: SweepPlan, in directory: String) throws {
        let folder = folder(directory, trial)
        guard RunFolder.state(of: folder) == .finished, hasEventFiles(folder) else { return }
        let hparams = zip(plan.variables, trial.values).map { v, value in
            (name: v.name, value: isNumeric(v.values) ? HParamsPluginData.Value.number(Double(value)!) : .string(value))
        }
        let group = plan.seeds.count > 1 ? zip(plan.variables, trial.values).map { "\($0.name)=\($1)" }.joined(separator: " ") : ""
        let start = HParamsPluginData.sessionStart(
            hparams: hparams, groupName: group, modelURI: (folder as NSString).appendingPathComponent("model.safetensors"),
            startTime: modificationTime((folder as NSString).appendingPathComponent(SweepResults.trialFile)) ?? 0)
        let end = HParamsPluginData.sessionEnd(status: .success, endTime: modificationTime((folder as NSString).appendingPathComponent("metrics.json")) ?? 0)
        try writeFile(
            [
                HParamsPluginData.value(tag: HParamsPluginData.sessionStartTag, content: start),
                HParamsPluginData.value(tag: HParamsPluginData.sessionEndTag, content: end),
            ], to: (folder as NSString).appendingPathComponent(sessionFile))
    }

    /// An event file holding the version record, then one summary per value at step 0, written atomically.
    static func writeFile(_ values: [TensorBoardValue], to path: String) throws {
        let now = EventFileWriter.now
        var bytes = TFRecord.frame(TensorBoardEvent(wallTime: now, content: .fileVersion(TensorBoardEvent.currentFileVersion)).serialized)
        for value in values { bytes += TFRecord.frame(TensorBoardEvent(wallTime: now, content: .summary([value])).serialized) }
        try AtomicFile.write(bytes, to: path)
    }

    /// Whether every value is a finite number (then the variable is numeric in TensorBoard).
    static func isNumeric(_ values: [String]) -> Bool { values.allSatisfy { Double($0)?.isFinite ?? false } }

    /// Whether the run in `folder` wrote event files (its manifest lists one).
    static func hasEventFiles(_ folder: String) -> Bool {
        let manifest = (folder as NSString).appendingPathComponent(RunFolder.manifestFile)
        guard let data = FileManager.default.contents(atPath: manifest), let names = try? JSONDecoder().decode([String].self, from: data) else { return false }
        return names.contains(where: EventFileWriter.isEventFile)
    }

    static func folder(_ directory: String, _ trial: SweepPlan.Trial) -> String { (directory as NSString).appendingPathComponent(trial.folder) }

    /// When `path` was last written, in seconds since 1970 (nil when it is missing).
    static func modificationTime(_ path: String) -> Double? {
        ((try? FileManager.default.attributesOfItem(atPath: path))?[.modificationDate] as? Date)?.timeIntervalSince1970
    }
}
