// Tests of `train --out DIR` run folders and of `neuralkit plot`.

import Foundation
import Testing
import NeuralKit
@testable import NKCommands

@Suite struct RunFolderTests {
    @Test func runFolderHoldsEveryFileAndTheReportInlinesTheFigures() throws {
        let dir = try temporaryDirectory().appendingPathComponent("run").path
        let outcome = try train([
            "--model", "Linear(2, 4) - TanH() - Linear(4, 1) - Sigmoid()", "--data", "gen-arti:1",
            "--loss", "bce", "--lr", "0.5", "--epochs", "3", "--validation-fraction", "0.2", "--out", dir,
        ])
        let files = Set(try FileManager.default.contentsOfDirectory(atPath: dir))
        #expect(files.filter(EventFileWriter.isEventFile).count == 1)  // TensorBoard's, named by time, host and pid
        let named: Set<String> = files.filter { !EventFileWriter.isEventFile($0) }
        #expect(
            named == [
                "config.json", "history.csv", "history.jsonl", "batch_history.csv", "metrics.json", "model.safetensors",
                "last.safetensors", "loss.svg", "accuracy.svg", "batch_loss.svg", "loss_gap.svg", "seconds_per_epoch.svg", "confusion.svg", "confusion.png", "confusion_normalised.svg",
                "class_scores.svg", "roc.svg",
                "precision_recall.svg", "decision_boundary.svg", "decision_boundary.png", "report.html", "manifest.json", ".neuralkit.lock",
            ])
        let history = try HistoryFile.read(dir + "/history.csv")
        #expect(history.sameMetrics(as: outcome.history))
        let report = try String(contentsOfFile: dir + "/report.html", encoding: .utf8)
        // loss, accuracy, batch loss, loss gap, seconds per epoch, confusion (counts, normalised),
        // class scores, ROC, precision–recall, boundary: all inlined (a constant rate has no figure)
        #expect(report.components(separatedBy: "<svg").count - 1 == 11)
        #expect(report.contains("AUC "))
        // Every file beside the report is linked from it (the event file too), the bookkeeping aside.
        for file in files where !["report.html", "manifest.json", ".neuralkit.lock"].contains(file) { #expect(report.contains("<a href=\"\(file)\">"), "\(file) is not linked") }
        #expect(report.contains("Per-class scores on the validation part"))
        #expect(!report.contains("http://") && !report.contains("https://"))
        #expect(report.contains("Linear(2, 4) - TanH() - Linear(4, 1) - Sigmoid()"))
        let metrics = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: dir + "/metrics.json"))) as? [String: Any]
        #expect(metrics?["validation"] != nil)
        // A second run into the same folder is refused rather than overwriting the first.
        #expect(throws: NeuralKitError.self) {
            _ = try train(["--model", "Linear(2, 1)", "--data", "gen-arti:1", "--loss", "bce", "--out", dir])
        }
    }

    /// A regression's report has no accuracy column (nothing to fill it) but the loss of always
    /// predicting the training mean, also drawn on the loss curve.
    @Test func regressionReportShowsTheBaselineAndNoAccuracy() throws {
        let dir = try temporaryDirectory().appendingPathComponent("regression").path
        _ = try train([
            "--model", "Linear(2, 1)", "--data", "linear-regression", "--loss", "mse", "--lr", "0.1", "--epochs", "3",
            "--validation-fraction", "0.2", "--out", dir,
        ])
        let report = try String(contentsOfFile: dir + "/report.html", encoding: .utf8)
        #expect(!report.contains("<th>accuracy</th>") && report.contains("<th>loss predicting the training mean</th>"))
        #expect(!FileManager.default.fileExists(atPath: dir + "/accuracy.svg"))
        let loss = try String(contentsOfFile: dir + "/loss.svg", encoding: .utf8)
        #expect(loss.contains("mean predictor (validation)"))
        #expect(try String(contentsOfFile: dir + "/predicted_vs_actual.svg", encoding: .utf8).contains("training mean"))
    }

    @Test func plotRedrawsAndOverlaysSavedHistories() throws {
        let root = try temporaryDirectory()
        for lr in ["0.1", "0.5"] {
            _ = try train([
                "--model", "Linear(2, 3) - TanH() - Linear(3, 1) - Sigmoid()", "--data", "gen-arti:0", "--loss", "bce",
                "--lr", lr, "--epochs", "2", "--out", root.appendingPathComponent("lr-\(lr)").path,
            ])
        }
        let out = root.appendingPathComponent("sweep.svg").path
        var plot = try NeuralKitCommand.parseAsRoot([
            "plot", root.appendingPathComponent("lr-0.1").path,
            root.appendingPathComponent("lr-0.5").path, "--metric", "accuracy", "--out", out,
        ])
        try plot.run()
        let svg = try String(contentsOfFile: out, encoding: .utf8)
        #expect(svg.contains("lr-0.1 train") && svg.contains("lr-0.5 train"))
        #expect(failure(["plot", "/nonexistent/history.csv", "--out", out])?.contains("/nonexistent/history.csv") == true)
        #expect(failure(["plot", root.path, "--out", root.appendingPathComponent("x.pdf").path])?.contains("--out") == true)
    }

    @Test func historyFileRejectsForeignCSV() throws {
        let file = try temporaryDirectory().appendingPathComponent("h.csv")
        try "a,b\n1,2\n".write(to: file, atomically: true, encoding: .utf8)
        #expect(throws: NeuralKitError.self) { try HistoryFile.read(file.path) }
        let missing = file.deletingLastPathComponent().appendingPathComponent("none.csv").path
        do {
            _ = try HistoryFile.read(missing)
            Issue.record("a missing history file was read")
        } catch let error as NeuralKitError {
            #expect(error.message.contains("\(missing): no such file"))
        }
    }
}
