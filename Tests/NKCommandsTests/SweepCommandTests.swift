// Tests of `neuralkit sweep`: trials as run folders, resumption, shards and --collect.

import Foundation
import Testing
import NeuralKit
import NKTestSupport
@testable import NKCommands

@Suite struct SweepCommandTests {
    static let arguments = [
        "--model", "Linear(2, {h}) - TanH() - Linear({h}, 1) - Sigmoid()", "--grid", "h=2,6", "--grid", "lr=0.1,0.5",
        "--seeds", "2", "--data", "gen-arti:1", "--samples", "200", "--loss", "bce", "--epochs", "5",
        "--batch-size", "50", "--validation-fraction", "0.2",
    ]

    func sweep(_ extra: [String]) throws {
        var command = try NeuralKitCommand.parseAsRoot(["sweep"] + Self.arguments + extra)
        try command.run()
    }

    /// The results without the timing column.
    func results(_ dir: String) throws -> [String] {
        try String(contentsOfFile: dir + "/results.csv", encoding: .utf8).split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).dropLast().joined(separator: ",") }
    }

    @Test func aSweepRunsEveryTrialOnceAndResumes() throws {
        let dir = try temporaryDirectory().appendingPathComponent("sweep").path
        try sweep(["--out", dir])
        let rows = try results(dir)
        #expect(rows.count == 9)  // header + 8 trials
        #expect(rows[0] == "trial,h,lr,seed,train_loss,train_accuracy,validation_loss,validation_accuracy,test_loss,test_accuracy")
        #expect(rows[3].hasPrefix("2,2,0.5,0,"))
        for name in ["index.html", "summary.svg", "sweep.json", "trial-0007/report.html", "trial-0007/trial.json"] {
            #expect(FileManager.default.fileExists(atPath: dir + "/" + name), "\(name)")
        }
        let config = try String(contentsOfFile: dir + "/trial-0003/config.json", encoding: .utf8)
        #expect(config.contains("Linear(2, 6)") == false && config.contains("Linear(2, 2)") && config.contains("\"learningRate\" : 0.5"))
        // Remove one trial's metrics (as if killed): running again redoes that trial only.
        let before = try Data(contentsOf: URL(fileURLWithPath: dir + "/trial-0000/model.safetensors"))
        try FileManager.default.removeItem(atPath: dir + "/trial-0005/metrics.json")
        try sweep(["--out", dir])
        #expect(try Data(contentsOf: URL(fileURLWithPath: dir + "/trial-0000/model.safetensors")) == before)
        #expect(try results(dir) == rows)
    }

    /// `sweep --png`: every trial writes its PNGs and the sweep writes summary.png beside summary.svg
    /// (and again on --collect); `train --png` without a folder is refused rather than ignored.
    @Test func aSweepWithPNGWritesSummaryPNG() throws {
        let dir = try temporaryDirectory().appendingPathComponent("png").path
        var command = try NeuralKitCommand.parseAsRoot([
            "sweep", "--model", "Linear(2, {h}) - TanH() - Linear({h}, 1) - Sigmoid()", "--grid", "h=2,3", "--seeds", "2",
            "--data", "gen-arti:1", "--samples", "100", "--loss", "bce", "--epochs", "2", "--validation-fraction", "0.2", "--png", "--out", dir,
        ])
        try command.run()
        for name in ["summary.png", "summary.svg", "trial-0000/loss.png"] { #expect(FileManager.default.fileExists(atPath: dir + "/" + name), "\(name)") }
        try FileManager.default.removeItem(atPath: dir + "/summary.png")
        var collect = try NeuralKitCommand.parseAsRoot(["sweep", "--collect", dir])
        try collect.run()
        #expect(FileManager.default.fileExists(atPath: dir + "/summary.png"))
        let index = try String(contentsOfFile: dir + "/index.html", encoding: .utf8)
        #expect(index.contains("<polygon class=\"band\"") && index.contains("Best setting: h = "))
        #expect(failure(["train", "--model", "Linear(2, 1)", "--data", "gen-arti:1", "--loss", "bce", "--png"])?.contains("--out") == true)
    }

    /// Three shards run separately, then --collect, give the results of one unsharded run.
    @Test func shardsThenCollectEqualOneRun() throws {
        let base = try temporaryDirectory()
        let whole = base.appendingPathComponent("whole").path, sharded = base.appendingPathComponent("sharded").path
        try sweep(["--out", whole])
        for i in 0..<3 { try sweep(["--out", sharded, "--shard", "\(i)/3"]) }
        var collect = try NeuralKitCommand.parseAsRoot(["sweep", "--collect", sharded])
        try collect.run()
        #expect(try results(sharded) == results(whole))
    }

    @Test func mistakesAreRefusedBeforeAnyTrialRuns() throws {
        let dir = try temporaryDirectory().appendingPathComponent("bad").path
        func message(_ args: [String]) -> String? {
            do { var c = try NeuralKitCommand.parseAsRoot(["sweep"] + args); try c.run(); return nil } catch let e as NeuralKitError { return e.message } catch { return "\(error)" }
        }
        #expect(message(["--grid", "h=2", "--out", dir, "--model", "Linear(2, {h})", "--data", "gen-arti:1", "--loss", "bce", "--bogus", "1"])?.contains("bogus") == true)
        #expect(!FileManager.default.fileExists(atPath: dir))
        #expect(message(["--grid", "h=2", "--out", dir, "--seed", "3"])?.contains("--seed") == true)
        #expect(message(["--grid", "h=2", "--out", dir, "--shard", "3/3"])?.contains("--shard") == true)
        #expect(message(["--out", dir])?.contains("--grid") == true)
        #expect(message(["--grid", "h=2", "--out", dir, "--metric", "test_f1"])?.contains("--metric") == true)
    }

    /// A random search draws the same trials from the same seed, runs them as a sweep does, and
    /// names the best by the validation metric.
    @Test func aSearchDrawsReproduciblyAndChoosesByValidation() throws {
        let a = try SweepPlan(samples: ["lr=loguniform:0.01:1", "h=choice:2,6", "n=intuniform:1:3"], count: 5, seed: 4)
        let b = try SweepPlan(samples: ["lr=loguniform:0.01:1", "h=choice:2,6", "n=intuniform:1:3"], count: 5, seed: 4)
        #expect(a.trials == b.trials)
        #expect(a.trials.allSatisfy { t in (0.01...1).contains(Double(t.values[0])!) && ["2", "6"].contains(t.values[1]) && (1...3).contains(Int(t.values[2])!) })
        #expect(try SweepPlan(samples: ["lr=loguniform:0.01:1"], count: 5, seed: 5).trials.map(\.values) != a.trials.map { [$0.values[0]] })
        for bad in ["lr=loguniform:0:1", "lr=uniform:2:1", "lr=normal:0:1", "lr", "h=choice:"] {
            #expect(throws: NeuralKitError.self, "\(bad)") { try SweepPlan(samples: [bad], count: 3, seed: 0) }
        }
        let dir = try temporaryDirectory().appendingPathComponent("search").path
        var command = try NeuralKitCommand.parseAsRoot([
            "search", "--model", "Linear(2, {h}) - TanH() - Linear({h}, 1) - Sigmoid()",
            "--sample", "lr=loguniform:0.01:1", "--sample", "h=choice:2,6", "--trials", "4", "--seed", "1",
            "--data", "gen-arti:1", "--samples", "200", "--loss", "bce", "--epochs", "5",
            "--batch-size", "50", "--validation-fraction", "0.2", "--out", dir,
        ])
        try command.run()
        let plan = try SweepResults.plan(in: dir)
        let results = SweepResults(plan: plan, directory: dir)
        #expect(results.rows.count == 4 && results.metric.name == "validation accuracy")
        let best = try #require(results.best)
        #expect(results.rows.allSatisfy { ($0.accuracy["validation"] ?? 0) <= best.accuracy["validation"]! })
        #expect(FileManager.default.fileExists(atPath: dir + "/search_lr.svg"))
        #expect(try String(contentsOfFile: dir + "/index.html", encoding: .utf8).contains("Best setting: "))
    }
}
