// Tests of a run folder's one writer, its manifest, resumes that keep every file whole, and colliding outputs.

import Foundation
import Testing
import NKTestSupport
import NeuralKit
@testable import NKCommands

@Suite struct RunFolderSafetyTests {
    static let run = [
        "--model", "Linear(2, 6) - TanH() - Dropout(0.1) - Linear(6, 1) - Sigmoid()", "--data", "gen-arti:1", "--samples", "200",
        "--loss", "bce", "--optimizer", "adam", "--lr", "0.05", "--batch-size", "40", "--seed", "4",
    ]

    static func message(_ arguments: [String]) -> String? {
        do {
            _ = try train(arguments)
            return nil
        } catch let error as NeuralKitError { return error.message } catch { return "\(error)" }
    }

    static func text(_ path: String) throws -> String { try String(contentsOfFile: path, encoding: .utf8) }

    /// While one process holds a folder, a second writer (new run, --overwrite, --resume) is refused with its pid.
    @Test func aFolderHasOneWriter() throws {
        let dir = try temporaryDirectory().appendingPathComponent("run").path
        let holder = try RunFolder(path: dir)
        let second = Self.message(Self.run + ["--epochs", "1", "--out", dir, "--overwrite"])
        #expect(second?.contains("another NeuralKit process (pid \(getpid()))") == true, "\(second ?? "no error")")
        #expect(FolderLock.isHeld(folder: dir))
        _ = holder
        withExtendedLifetime(holder) {}
    }

    /// --overwrite removes exactly the files the run listed in its manifest: a user's own SVG, a
    /// folder named like a figure, and other files stay.
    @Test func overwriteRemovesOnlyTheRunsOwnFiles() throws {
        let dir = try temporaryDirectory().appendingPathComponent("run").path
        _ = try train(Self.run + ["--epochs", "2", "--out", dir])
        let manifest = try #require(try RunFolder(resuming: dir).manifest())
        #expect(["config.json", "last.safetensors", "history.csv", "batch_history.csv", "metrics.json", "report.html", "loss.svg"].allSatisfy(manifest.contains))
        try "mine".write(toFile: dir + "/notes.svg", atomically: true, encoding: .utf8)
        try FileManager.default.createDirectory(atPath: dir + "/plots.svg", withIntermediateDirectories: true)
        try "keep".write(toFile: dir + "/plots.svg/a.txt", atomically: true, encoding: .utf8)
        _ = try train(Self.run + ["--epochs", "1", "--out", dir, "--overwrite"])
        #expect(try Self.text(dir + "/notes.svg") == "mine")
        #expect(try Self.text(dir + "/plots.svg/a.txt") == "keep")
        #expect(try HistoryFile.read(dir + "/history.csv").epochs.count == 1)
    }

    /// A folder whose config.json NeuralKit did not write is never treated as a run, even with --overwrite.
    @Test func aForeignConfigIsNotARun() throws {
        let dir = try temporaryDirectory().path
        try #"{"name": "my project"}"#.write(toFile: dir + "/config.json", atomically: true, encoding: .utf8)
        let refused = Self.message(Self.run + ["--epochs", "1", "--out", dir, "--overwrite"])
        #expect(refused?.contains("not a NeuralKit run's") == true, "\(refused ?? "no error")")
        #expect(try Self.text(dir + "/config.json").contains("my project"))
    }

    /// A run resumed after 2 epochs ends with the files of a run never interrupted: the batch
    /// history continues, config.json keeps the run's own command, and the resume is logged.
    @Test func aResumeKeepsEveryFileWhole() throws {
        let base = try temporaryDirectory()
        let straight = base.appendingPathComponent("straight").path, resumed = base.appendingPathComponent("resumed").path
        _ = try train(Self.run + ["--epochs", "4", "--out", straight])
        _ = try train(Self.run + ["--epochs", "2", "--out", resumed])
        let config = try Self.text(resumed + "/config.json")
        _ = try train(["--resume", resumed, "--epochs", "4"])
        #expect(try Self.text(resumed + "/batch_history.csv") == (try Self.text(straight + "/batch_history.csv")))
        #expect(try Self.text(resumed + "/batch_history.csv").split(separator: "\n").count == 1 + 4 * 5)
        for name in ["model.safetensors", "metrics.json"] {  // last.safetensors and history.csv also hold each epoch's seconds
            #expect(FileManager.default.contents(atPath: resumed + "/" + name) == FileManager.default.contents(atPath: straight + "/" + name), "\(name)")
        }
        let after = try Self.text(resumed + "/config.json")
        #expect(after == config.replacingOccurrences(of: "\"epochs\" : 2", with: "\"epochs\" : 4"))
        let log = try Self.text(resumed + "/resumes.jsonl").split(separator: "\n")
        #expect(log.count == 1 && log[0].contains("\"after_epoch\":2") && log[0].contains("\"command\""))
    }

    /// --resume refuses every option it would not honour, naming them.
    @Test func resumeRefusesOptionsItWouldIgnore() throws {
        let dir = try temporaryDirectory().appendingPathComponent("run").path
        _ = try train(Self.run + ["--epochs", "1", "--out", dir])
        let refused = Self.message(["--resume", dir, "--lr", "0.5", "--batch-size", "7", "--optimizer", "sgd", "--epochs", "2"])
        #expect(refused?.contains("--optimizer, --lr, --batch-size cannot be changed") == true, "\(refused ?? "no error")")
        #expect(Self.message(["--resume", dir, "--seed", "3"])?.contains("--seed") == true)
        #expect(Self.message(["--resume", dir, "--preprocess", "standardize"])?.contains("--preprocess") == true)
        #expect(Self.message(["--resume", dir, "--epochs", "2"]) == nil)
    }

    /// Two outputs of one command that land on the same file are refused before any work.
    @Test func collidingOutputsAreRefused() throws {
        let dir = try temporaryDirectory()
        let out = dir.appendingPathComponent("sv").path
        let save = Self.message(Self.run + ["--epochs", "1", "--out", out, "--save", out + "/metrics.json"])
        #expect(save?.contains("--save") == true && save?.contains("collides with --out") == true, "\(save ?? "no error")")
        #expect(RunFolder.state(of: out) == .empty)
        #expect(Self.message(Self.run + ["--epochs", "1", "--out", out, "--save", out + "/model-copy.safetensors"]) == nil)
        let e = dir.appendingPathComponent("e.svg").path
        let embed = TestSupport.errorMessage {
            var command = try #require(try NeuralKitCommand.parseAsRoot(["embed", "--data", "iris", "--method", "pca", "--out", e, "--figure", dir.path + "/./e.svg"]) as? EmbedCommand)
            try command.run()
        }
        #expect(embed?.contains("--out and --figure both write") == true, "\(embed ?? "no error")")
    }
}

@Suite struct LiveReportTests {
    /// While a run goes, report.html says which epoch it is at and reloads itself; the final report
    /// replaces it without the mark.
    @Test func theReportShowsTheRunWhileItGoes() throws {
        let dir = try temporaryDirectory().appendingPathComponent("run").path
        let command = try #require(
            try NeuralKitCommand.parseAsRoot(["train", "--verbose", "0", "--epochs", "3", "--out", dir] + RunFolderSafetyTests.run) as? TrainCommand)
        var seen: [String] = []
        let folder = try RunFolder(path: dir + "-probe")
        let spec = try command.specification()
        let live = LiveReport(folder: folder, specification: spec, command: "neuralkit train …")
        for epoch in 1...2 {
            live.epochEnded(EpochMetrics(epoch: epoch, trainLoss: 1 / Float(epoch), trainAccuracy: 0.5, learningRate: 0.05, seconds: 2))
            seen.append(try String(contentsOfFile: dir + "-probe/report.html", encoding: .utf8))
        }
        #expect(seen[0].contains("running — epoch 1 of 3") && seen[1].contains("running — epoch 2 of 3"))
        #expect(seen[1].contains("http-equiv=\"refresh\"") && seen[1].contains("2.00 s per epoch"))
        #expect(FileManager.default.fileExists(atPath: dir + "-probe/loss.svg"))
        _ = try command.execute()
        let final = try String(contentsOfFile: dir + "/report.html", encoding: .utf8)
        #expect(!final.contains("running —") && !final.contains("http-equiv=\"refresh\""))
    }
}
