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
/// ```
/// Every file is written atomically. `config.json` is written when the run starts and
/// `metrics.json` last, so a folder with the first and not the second holds a run that did not
/// finish (killed, or stopped by an error). A folder that already holds a run, finished or not, is
/// refused unless `overwrite` is given; then the run's own files (and nothing else) are removed
/// first. Temporary files left by a killed writer are removed on opening.
public struct RunFolder: Sendable {
    /// The folder.
    public let path: String

    /// The files a run folder may hold (figures aside), removed by `overwrite`.
    static let runFiles = ["config.json", "history.csv", "history.jsonl", "batch_history.csv", "metrics.json", "model.safetensors",
                           "last.safetensors", "report.html"]

    /// Opens (creating it and its parents) a folder for a new run.
    /// - Parameter overwrite: replace a run the folder already holds.
    /// - Throws: `NeuralKitError.file` naming `--out` when it holds a run (and `overwrite` is off), is
    ///   not a folder, or cannot be created or written.
    public init(path: String, overwrite: Bool = false) throws {
        self.path = path
        let fm = FileManager.default
        var isDirectory: ObjCBool = false
        if fm.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue {
            throw NeuralKitError.file("--out \(path): this is a file, not a folder.")
        }
        do {
            try fm.createDirectory(atPath: path, withIntermediateDirectories: true)
        } catch {
            throw NeuralKitError.file("--out \(path): cannot create the folder (\(error.localizedDescription)).")
        }
        guard access(path, W_OK) == 0 else { throw NeuralKitError.file("--out \(path): the folder is not writable.") }
        AtomicFile.removeStaleTemporaries(in: path)
        let state = RunFolder.state(of: path)
        if state != .empty {
            guard overwrite else {
                throw NeuralKitError.file(state == .finished
                    ? "--out \(path): this folder already holds a finished run (config.json, metrics.json); choose another folder, or pass --overwrite to replace it."
                    : "--out \(path): this folder holds a run that did not finish (config.json without metrics.json: killed, or stopped by an error); pass --overwrite to replace it, or choose another folder.")
            }
            let names = (try? fm.contentsOfDirectory(atPath: path)) ?? []
            for name in names where RunFolder.runFiles.contains(name) || name.hasSuffix(".svg") || name.hasSuffix(".png") {
                try? fm.removeItem(atPath: (path as NSString).appendingPathComponent(name))
            }
        }
    }

    /// Opens the folder of a run to continue it (`train --resume`): it must hold `config.json` and
    /// the resumable checkpoint `last.safetensors`; stale temporary files are removed.
    /// - Throws: `NeuralKitError.file` naming `--resume` and what is missing.
    public init(resuming path: String) throws {
        self.path = path
        let fm = FileManager.default
        guard fm.isReadableFile(atPath: (path as NSString).appendingPathComponent("config.json")) else {
            throw NeuralKitError.file("--resume \(path): no run here (config.json is missing); give the --out folder of a run.")
        }
        guard fm.fileExists(atPath: (path as NSString).appendingPathComponent(ResumeFile.name)) else {
            throw NeuralKitError.file("--resume \(path): the run left no \(ResumeFile.name) (it stopped before its first epoch ended, or was made by NeuralKit before 0.4); start it again with --overwrite.")
        }
        guard access(path, W_OK) == 0 else { throw NeuralKitError.file("--resume \(path): the folder is not writable.") }
        AtomicFile.removeStaleTemporaries(in: path)
    }

    /// The `config.json` of the run the folder holds.
    /// - Throws: `NeuralKitError.file` naming the file when it cannot be read or decoded.
    public func record() throws -> Record {
        let name = file("config.json")
        guard let data = FileManager.default.contents(atPath: name) else { throw NeuralKitError.file("\(name): cannot be read.") }
        do { return try JSONDecoder().decode(Record.self, from: data) } catch {
            throw NeuralKitError.file("\(name): not a NeuralKit run configuration (\(error)).")
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
        try writeRecord(Record(specification: run.resolvedSpecification, dataDirectory: run.data.source.entry == nil ? nil : dataDirectory?.path,
                               command: command, version: NeuralKitVersion.string, preprocessing: run.data.preprocessing.description))
    }

    private func writeRecord(_ record: Record) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try AtomicFile.write(Array(try encoder.encode(record)) + [0x0A], to: file("config.json"))
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
    ///   - command: the command line, recorded in `config.json` and the report.
    ///   - dataDirectory: where registered datasets were read from.
    ///   - sampleCount: how many training samples the samples grid shows (image data).
    ///   - allPNG: also write every figure as PNG beside its SVG (confusion matrices and decision
    ///     boundaries always get one).
    public func write(_ outcome: RunOutcome, command: String? = nil, dataDirectory: URL? = nil, sampleCount: Int = 48,
                      allPNG: Bool = false) throws {
        let spec = outcome.resolvedSpecification
        try writeRecord(Record(specification: spec, dataDirectory: outcome.data.source.entry == nil ? nil : dataDirectory?.path,
                               command: command, version: NeuralKitVersion.string, preprocessing: outcome.data.preprocessing.description))
        try AtomicFile.write(text: HistoryFile.csv(outcome.history), to: file("history.csv"))
        try AtomicFile.write(text: outcome.history.epochs.map(HistoryFile.jsonLine).joined(separator: "\n") + "\n", to: file("history.jsonl"))
        if outcome.batchLosses.count > 0 { try AtomicFile.write(text: outcome.batchLosses.csv, to: file("batch_history.csv")) }
        try outcome.saveCheckpoint(to: file("model.safetensors"))
        var content = try RunFolder.figures(of: outcome, sampleCount: sampleCount)
        for (name, figure, _) in content.figures { try figure.write(to: file(name)) }
        if allPNG {
            let existing = Set(content.pngs.map(\.0))
            for (name, figure, _) in content.figures {
                let png = (name as NSString).deletingPathExtension + ".png"
                if !existing.contains(png) { content.pngs.append((png, try figure.png())) }
            }
        }
        for (name, bytes) in content.pngs { try AtomicFile.write(bytes, to: file(name)) }

        var report = HTMLReport(title: "NeuralKit run: \(spec.model)")
        report.addSection("Configuration")
        var pairs = spec.summaryPairs
        pairs.append(("preprocessing as fitted", outcome.data.preprocessing.description))
        pairs.append(("validation fraction used", "\(outcome.data.validationFraction)"))
        if let command { pairs.append(("command", command)) }
        report.addKeyValueTable(pairs)
        report.addSection("Results")
        report.addTable(header: ["split", "samples", "loss", "accuracy"], rows: outcome.evaluations.map { e in
            [e.split.rawValue, "\(e.sampleCount)", String(format: "%.6f", Double(e.loss)),
             e.accuracy.map { String(format: "%.2f %%", Double($0) * 100) } ?? "–"]
        })
        if let (split, scores) = content.classScores {
            report.addTable(title: "Per-class scores on the \(split) part", header: ["class", "precision", "recall", "F1", "samples"],
                            rows: scores.map { s in
                                [content.classNames.indices.contains(s.label) ? content.classNames[s.label] : "\(s.label)",
                                 String(format: "%.4f", s.precision), String(format: "%.4f", s.recall), String(format: "%.4f", s.f1), "\(s.support)"]
                            })
        }
        report.addSection("Figures")
        for (_, figure, caption) in content.figures { try report.addFigure(figure, caption: caption) }
        report.addSection("Files", text: "Beside this report:")
        var files: [(name: String, description: String)] = [
            ("config.json", "the run as resolved (every default explicit), the command line and the version"),
            ("history.csv", "one row per epoch"), ("history.jsonl", "the same, one JSON object per line"),
        ]
        if outcome.batchLosses.count > 0 { files.append(("batch_history.csv", "the loss of every training batch")) }
        files += [("metrics.json", "the final scores"), ("model.safetensors", "the trained weights, with the run in their metadata"),
                  ("last.safetensors", "the trainer's state after the last epoch (train --resume)")]
        files += content.figures.map { ($0.0, "figure") } + content.pngs.map { ($0.0, "figure (PNG)") }
        report.addFileList(files)
        try report.write(to: file("report.html"))
        try AtomicFile.write(text: metricsJSON(outcome.evaluations), to: file("metrics.json"))   // last: the run is complete
    }

    /// `{"train": {"samples": …, "loss": …, "accuracy": …}, …}`.
    func metricsJSON(_ evaluations: [Evaluation]) -> String {
        func number(_ x: Float?) -> String { x.map { $0.isFinite ? "\($0)" : "null" } ?? "null" }
        let parts = evaluations.map { e in
            "\"\(e.split)\": {\"samples\": \(e.sampleCount), \"loss\": \(number(e.loss)), \"accuracy\": \(number(e.accuracy))"
                + (e.meanBaseline.map { ", \"mean_baseline\": \(number($0))" } ?? "") + "}"
        }
        return "{" + parts.joined(separator: ", ") + "}\n"
    }

    /// What a run's report shows besides its tables.
    struct ReportContent {
        /// File name, figure, caption.
        var figures: [(String, any Figure, String)] = []
        /// PNG copies, by file name.
        var pngs: [(String, [UInt8])] = []
        /// The per-class scores on a part, for classifiers.
        var classScores: (DataSplit, [ClassScores])?
        /// The class names those scores use.
        var classNames: [String] = []
    }

    /// The figures of a run with their file names and captions, the PNG copies, and the per-class scores.
    static func figures(of outcome: RunOutcome, sampleCount: Int = 48) throws -> ReportContent {
        var content = ReportContent()
        func add(_ name: String, _ figure: any Figure, _ caption: String) { content.figures.append((name, figure, caption)) }
        let histories = [(name: "run", history: outcome.history)]
        let heldOut = outcome.encoded.heldOutSplit
        let heldOutName = heldOut == .train ? "training" : heldOut.rawValue
        let parts = [outcome.validation == nil ? nil : "validation (dashed)", outcome.test == nil ? nil : "test (dotted)"].compactMap { $0 }
        let heldOutCurves = parts.isEmpty ? " (no held-out part: pass --validation-fraction to hold one out)" : ", " + parts.joined(separator: " and ")
        add("loss.svg", RunFigures.lossCurves(histories), "Loss after each epoch: training (solid; the mean over the epoch's batches, each taken before its update)\(heldOutCurves).")
        if let accuracy = RunFigures.accuracyCurves(histories) {
            add("accuracy.svg", accuracy, "Accuracy after each epoch: training (solid; measured on each batch before its update)\(heldOutCurves). The axis is zoomed to the data.")
        }
        if let batches = RunFigures.batchLossCurve(outcome.batchLosses) {
            add("batch_loss.svg", batches, "The loss of every training batch (light) and its moving average (solid), against the epoch: the noise of stochastic gradient descent that the per-epoch means hide.")
        }
        let judged = try outcome.encoded.part(heldOut)
        if let decision = outcome.decision, decision == .argmax || outcome.outputWidth == 1 {
            let classCount = decision == .argmax ? outcome.outputWidth : 2
            let predictions = try RunFigures.PartPredictions(network: outcome.network, part: judged, decision: decision)
            let confusion = try RunFigures.confusion(predictions, classCount: classCount)
            add("confusion.svg", confusion, "Confusion matrix of the final model on the \(heldOutName) data: rows are true classes, columns predicted ones.")
            content.pngs.append(("confusion.png", try confusion.png()))
            add("confusion_normalised.svg", try RunFigures.normalizedConfusion(predictions, classCount: classCount),
                "The same matrix with each row divided by its total, in per cent: the diagonal is each class's recall, the rest shows where its samples went.")
            let scores = try RunFigures.classScores(predictions, classCount: classCount)
            content.classScores = (heldOut, scores)
            content.classNames = predictions.classNames(classCount)
            add("class_scores.svg", RunFigures.classScoresFigure(predictions, scores: scores),
                "Precision (of the samples predicted as the class, the share that are), recall (of the class's samples, the share found) and their harmonic mean F1, per class on the \(heldOutName) data; the number of samples beside each class.")
            if let mistakes = try RunFigures.misclassified(predictions, network: outcome.network, sampleShape: judged.sampleShape,
                                                           images: try outcome.data.part(heldOut).inputs) {
                add("misclassified.svg", mistakes, "The \(heldOutName) samples the model got wrong with the highest confidence, surest first: true class → predicted class (the probability the model gave it).")
            }
            if outcome.encoded.train.featureCount == 2 {
                let boundary = try RunFigures.decisionBoundary(network: outcome.network, part: outcome.encoded.train, decision: decision)
                add("decision_boundary.svg", boundary, "The class the final model gives to every point of the plane, with the training points on top.")
                content.pngs.append(("decision_boundary.png", try boundary.png()))
            }
        } else if !outcome.specification.reconstruct {
            let predictions = try RunFigures.RegressionPredictions(network: outcome.network, part: judged)
            add("predicted_vs_actual.svg", RunFigures.predictedVersusActual(predictions),
                "The final model's prediction against the true value for each \(heldOutName) sample; points on the dashed line y = x are exact.")
            add("residuals.svg", RunFigures.residuals(predictions),
                "Residuals (true minus predicted value) of the \(heldOutName) samples against the prediction: a trend or a funnel is structure the model missed.")
            if outcome.data.source.isTimeOrdered,
               let forecast = try RunFigures.forecast(network: outcome.network, data: outcome.encoded, test: heldOut == .test ? predictions : nil) {
                add("forecast.svg", forecast, "The series (black) and the model's one-step predictions from the preceding window, over the training windows (solid) and the test windows (dotted).")
            }
        }
        if let samples = try RunFigures.samples(outcome.data.train, count: sampleCount) {
            add("samples.svg", samples, outcome.data.train.targets.rowSize == 1 ? "The first training samples with their labels." : "The first training samples.")
        }
        if outcome.specification.reconstruct {
            if let comparison = try RunFigures.reconstructions(outcome.network, part: judged) {
                add("reconstructions.svg", comparison, "The first \(heldOutName) samples (top) and the autoencoder's reconstructions of them (bottom).")
            }
            if let latent = try RunFigures.latentSpace(outcome.network, part: try outcome.data.part(heldOut), seed: outcome.specification.seed) {
                add("code_space.svg", latent, "The \(heldOutName) samples' codes at the autoencoder's narrowest layer, coloured by class (their first two principal components when the code has more than two units).")
            }
        }
        if let weights = try RunFigures.firstLayerWeights(outcome.network, sampleShape: outcome.data.train.sampleShape) {
            add("first_layer_weights.svg", weights, "The weights of the first layer's units, each drawn as an image of its input (symmetric scale: mid-grey is 0, lighter is positive, darker negative).")
        }
        if let filters = try RunFigures.convolutionFilters(outcome.network) {
            add("conv_filters.svg", filters, "The kernels the first convolution learned, one per output channel (symmetric scale: mid-grey is 0, lighter positive, darker negative).")
        }
        return content
    }
}
