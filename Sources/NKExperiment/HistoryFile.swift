// HistoryFile: a run's history as CSV and JSON lines, and reading the CSV back (`neuralkit plot`).

import Foundation
import NKCore
import NKTrain

/// The text forms of a `History`: `history.csv` (read back by `neuralkit plot`) and JSON lines.
public enum HistoryFile {
    /// The CSV header.
    public static let header = "epoch,train_loss,train_accuracy,validation_loss,validation_accuracy,seconds"

    /// The history as CSV, one row per epoch (empty cells for what was not measured).
    public static func csv(_ history: History) -> String {
        func cell(_ x: Float?) -> String { x.map { "\($0)" } ?? "" }
        return ([header] + history.epochs.map { m in
            "\(m.epoch),\(m.trainLoss),\(cell(m.trainAccuracy)),\(cell(m.validationLoss)),\(cell(m.validationAccuracy)),\(m.seconds)"
        }).joined(separator: "\n") + "\n"
    }

    /// One epoch as a JSON object on one line (`--verbose 2`, `history.jsonl`).
    public static func jsonLine(_ m: EpochMetrics) -> String {
        func num(_ x: Float?) -> String { x.map { $0.isFinite ? "\($0)" : "null" } ?? "null" }
        return "{\"epoch\":\(m.epoch),\"train_loss\":\(num(m.trainLoss)),\"train_accuracy\":\(num(m.trainAccuracy)),"
            + "\"validation_loss\":\(num(m.validationLoss)),\"validation_accuracy\":\(num(m.validationAccuracy)),\"seconds\":\(m.seconds)}"
    }

    /// Reads a `history.csv`.
    /// - Throws: `NeuralKitError.file` naming the file and line for anything else.
    public static func read(_ path: String) throws -> History {
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
                throw NeuralKitError.file("\(path): line \(i + 2) is not 'epoch,train_loss,…,seconds': \(String(line.prefix(200)))")
            }
            history.epochs.append(EpochMetrics(epoch: epoch, trainLoss: loss, trainAccuracy: Float(cells[2]),
                                               validationLoss: Float(cells[3]), validationAccuracy: Float(cells[4]),
                                               seconds: seconds))
        }
        return history
    }
}
