// A run folder (`train --out DIR`): configuration, history, metrics, checkpoint, figures, report.

import Foundation
import NeuralKit

/// Everything a training run leaves behind, in one folder:
///
/// ```
/// config.json        the exact options, the model notation, the seed
/// history.csv        one row per epoch (also history.jsonl, one JSON object per line)
/// metrics.json       the final loss and accuracy on each split
/// model.safetensors  the trained weights (PyTorch names)
/// loss.svg, accuracy.svg, confusion.svg/.png, decision_boundary.svg/.png
/// report.html        all of the above in one self-contained page
/// ```
/// Every file is written atomically. A folder that already holds a run is refused, so no run is
/// overwritten by accident.
struct RunFolder {
    let path: String

    init(_ path: String) throws {
        self.path = path
        let fm = FileManager.default
        if fm.fileExists(atPath: (path as NSString).appendingPathComponent("config.json")) {
            throw NeuralKitError.file("--out \(path): this folder already holds a run (config.json); choose another folder or delete it.")
        }
        do {
            try fm.createDirectory(atPath: path, withIntermediateDirectories: true)
        } catch {
            throw NeuralKitError.file("--out \(path): cannot create the folder (\(error.localizedDescription)).")
        }
    }

    func file(_ name: String) -> String { (path as NSString).appendingPathComponent(name) }

    /// Writes every file of a finished run.
    func write(configuration: [(String, String)], outcome: TrainCommand.Outcome, evaluations: [(String, Evaluation)],
               figures: [(name: String, figure: any Figure, caption: String)], pngs: [(name: String, bytes: [UInt8])]) throws {
        try AtomicFile.write(text: JSONText.object(configuration.map { ($0.0, JSONText.string($0.1)) }) + "\n", to: file("config.json"))
        try AtomicFile.write(text: HistoryFile.csv(outcome.history), to: file("history.csv"))
        try AtomicFile.write(text: outcome.history.epochs.map(EpochLine.json).joined(separator: "\n") + "\n", to: file("history.jsonl"))
        let metrics = evaluations.map { name, e in
            (name, JSONText.object([("loss", JSONText.number(e.loss)), ("accuracy", e.accuracy.map(JSONText.number) ?? "null")]))
        }
        try AtomicFile.write(text: JSONText.object(metrics) + "\n", to: file("metrics.json"))
        try saveWeights(of: outcome.network, to: file("model.safetensors"))
        for (name, figure, _) in figures { try figure.write(to: file(name)) }
        for (name, bytes) in pngs { try AtomicFile.write(bytes, to: file(name)) }

        var report = HTMLReport(title: "NeuralKit run: \(configuration.first { $0.0 == "model" }?.1 ?? "")")
        report.addSection("Configuration")
        report.addKeyValueTable(configuration)
        report.addSection("Results")
        report.addTable(header: ["split", "loss", "accuracy"], rows: evaluations.map { name, e in
            [name, String(format: "%.6f", Double(e.loss)), e.accuracy.map { String(format: "%.2f %%", Double($0) * 100) } ?? "–"]
        })
        report.addSection("Figures")
        for (_, figure, caption) in figures { try report.addFigure(figure, caption: caption) }
        report.addSection("Files", text: "config.json, history.csv, history.jsonl, metrics.json, model.safetensors and the figures above, beside this report.")
        try report.write(to: file("report.html"))
    }
}

/// Tiny JSON text builders for the run files (values are numbers, strings, null or nested objects).
enum JSONText {
    static func string(_ s: String) -> String { Checkpoint.jsonString(s) }

    static func number(_ x: Float) -> String { x.isFinite ? "\(x)" : "null" }

    static func object(_ pairs: [(String, String)]) -> String {
        "{" + pairs.map { "\(string($0.0)): \($0.1)" }.joined(separator: ", ") + "}"
    }
}

/// The CSV form of a history, and reading it back (for `neuralkit plot`).
enum HistoryFile {
    static let header = "epoch,train_loss,train_accuracy,validation_loss,validation_accuracy,seconds"

    static func csv(_ history: History) -> String {
        func cell(_ x: Float?) -> String { x.map { "\($0)" } ?? "" }
        return ([header] + history.epochs.map { m in
            "\(m.epoch),\(m.trainLoss),\(cell(m.trainAccuracy)),\(cell(m.validationLoss)),\(cell(m.validationAccuracy)),\(m.seconds)"
        }).joined(separator: "\n") + "\n"
    }

    static func read(_ path: String) throws -> History {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw NeuralKitError.file("\(path): cannot read this history file.")
        }
        var lines = text.split(whereSeparator: \.isNewline).map(String.init)
        guard lines.first == header else {
            throw NeuralKitError.file("\(path): not a NeuralKit history (expected the header '\(header)').")
        }
        lines.removeFirst()
        var history = History()
        for (i, line) in lines.enumerated() {
            let cells = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            guard cells.count == 6, let epoch = Int(cells[0]), let loss = Float(cells[1]), let seconds = Double(cells[5]) else {
                throw NeuralKitError.file("\(path): line \(i + 2) is not 'epoch,train_loss,…,seconds': \(line)")
            }
            history.epochs.append(EpochMetrics(epoch: epoch, trainLoss: loss, trainAccuracy: Float(cells[2]),
                                               validationLoss: Float(cells[3]), validationAccuracy: Float(cells[4]),
                                               seconds: seconds))
        }
        return history
    }
}
