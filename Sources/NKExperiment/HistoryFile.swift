// HistoryFile: a run's history as CSV and JSON lines, and reading the CSV back (`neuralkit plot`).

import Foundation
import NKCore
import NKTrain

/// The text forms of a `History`: `history.csv` (read back by `neuralkit plot`) and JSON lines.
public enum HistoryFile {
    /// The CSV header.
    public static let header = "epoch,train_loss,train_accuracy,validation_loss,validation_accuracy,test_loss,test_accuracy,learning_rate,seconds"
    /// The header of version 0.3 files (no test columns, no learning rate), still read.
    static let header03 = "epoch,train_loss,train_accuracy,validation_loss,validation_accuracy,seconds"

    /// The history as CSV, one row per epoch (empty cells for what was not measured).
    public static func csv(_ history: History) -> String {
        func cell(_ x: Float?) -> String { x.map { "\($0)" } ?? "" }
        return
            ([header]
            + history.epochs.map { m in
                "\(m.epoch),\(m.trainLoss),\(cell(m.trainAccuracy)),\(cell(m.validationLoss)),\(cell(m.validationAccuracy)),"
                    + "\(cell(m.testLoss)),\(cell(m.testAccuracy)),\(cell(m.learningRate)),\(m.seconds)"
            }).joined(separator: "\n") + "\n"
    }

    /// One epoch as a JSON object on one line (`--verbose 2`, `history.jsonl`).
    public static func jsonLine(_ m: EpochMetrics) -> String {
        typealias N = JSONText.FiniteOrNull<Float>
        struct Line: Encodable {
            let epoch: Int
            let train_loss, train_accuracy, validation_loss, validation_accuracy, test_loss, test_accuracy, learning_rate: N
            let seconds: Double
        }
        let line = Line(
            epoch: m.epoch, train_loss: N(m.trainLoss), train_accuracy: N(m.trainAccuracy), validation_loss: N(m.validationLoss),
            validation_accuracy: N(m.validationAccuracy), test_loss: N(m.testLoss), test_accuracy: N(m.testAccuracy),
            learning_rate: N(m.learningRate), seconds: m.seconds)
        return (try? JSONText.string(line)) ?? "{}"
    }

    /// The histories of several runs, each given as a run folder or a `history.csv`, named by their
    /// folder (by the paths given when two folders share a name, as `a/x` and `b/x`).
    public static func readRuns(_ paths: [String]) throws -> [(name: String, history: History)] {
        var histories = try paths.map { path -> (name: String, history: History) in
            let folder = PathKind(path) == .folder
            let file = folder ? (path as NSString).appendingPathComponent("history.csv") : path
            let name = folder ? (path as NSString).lastPathComponent : ((path as NSString).deletingLastPathComponent as NSString).lastPathComponent
            return (name.isEmpty ? path : name, try read(file))
        }
        if Set(histories.map(\.name)).count < histories.count {
            for i in histories.indices { histories[i].name = paths[i] }
        }
        return histories
    }

    /// Reads a `history.csv`.
    /// - Throws: `NeuralKitError.file` naming the file and line for anything else.
    public static func read(_ path: String) throws -> History {
        guard FileManager.default.fileExists(atPath: path) else {
            throw NeuralKitError.file("\(path): no such file (give a run folder, or its history.csv).")
        }
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw NeuralKitError.file("\(path): cannot read this history file.")
        }
        var lines = text.split(whereSeparator: \.isNewline).map(String.init)
        let columns = lines.first == header ? 9 : lines.first == header03 ? 6 : 0
        guard columns > 0 else {
            throw NeuralKitError.file("\(path): not a NeuralKit history (expected the header '\(header)').")
        }
        lines.removeFirst()
        var history = History()
        for (i, line) in lines.enumerated() {
            let cells = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            guard cells.count == columns, let epoch = Int(cells[0]), let loss = Float(cells[1]), let seconds = Double(cells[columns - 1]) else {
                throw NeuralKitError.file("\(path): line \(i + 2) is not 'epoch,train_loss,…,seconds': \(String(line.prefix(200)))")
            }
            var m = EpochMetrics(
                epoch: epoch, trainLoss: loss, trainAccuracy: Float(cells[2]),
                validationLoss: Float(cells[3]), validationAccuracy: Float(cells[4]), seconds: seconds)
            if columns == 9 { (m.testLoss, m.testAccuracy, m.learningRate) = (Float(cells[5]), Float(cells[6]), Float(cells[7])) }
            history.epochs.append(m)
        }
        return history
    }
}
