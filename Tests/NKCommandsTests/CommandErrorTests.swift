// Every user mistake gets one clear error naming the option, layer or file.

import Foundation
import Testing
import NeuralKit
import ArgumentParser
@testable import NKCommands
import NKBench

/// The message a command line fails with, from parsing or from running.
func failure(_ arguments: [String]) -> String? {
    do {
        var command = try NeuralKitCommand.parseAsRoot(arguments)
        try command.run()
        return nil
    } catch {
        return NeuralKitCommand.message(for: NeuralKitCommand.userError(error))
    }
}

@Suite struct CommandErrorTests {
    let xor = ["--data", "gen-arti:1", "--loss", "bce", "--verbose", "0"]

    @Test func unknownLayerPointsAtIt() throws {
        let message = try #require(failure(["train", "--model", "Linear(2, 5) - Tanhh()"] + xor))
        #expect(message.contains("unknown layer 'Tanhh'") && message.contains("^"))
    }

    @Test func wrongInputWidthNamesTheLayerAndBothShapes() throws {
        let message = try #require(failure(["train", "--model", "Linear(3, 1) - Sigmoid()"] + xor))
        #expect(message.contains("Linear(3, 1)") && message.contains("(batch, 3)") && message.contains("gen-arti:1 gives samples of shape (2)"))
    }

    @Test func missingFileIsNamed() throws {
        let message = try #require(failure(["train", "--model", "Linear(2, 1)", "--data", "/nonexistent/d.csv", "--loss", "mse"]))
        #expect(message.contains("/nonexistent/d.csv"))
    }

    @Test func badCSVRowNamesFileAndLine() throws {
        let dir = try temporaryDirectory()
        let csv = dir.appendingPathComponent("bad.csv")
        try "1,2,0\n3,oops,1\n".write(to: csv, atomically: true, encoding: .utf8)
        let message = try #require(failure(["train", "--model", "Linear(2, 1)", "--data", csv.path, "--loss", "mse"]))
        #expect(message.contains("bad.csv") && message.contains("line 2"))
    }

    @Test func unknownOptionAndLossAndBadValues() throws {
        #expect(try #require(failure(["train", "--model", "Linear(2, 1)", "--bogus"] + xor)).contains("--bogus"))
        #expect(try #require(failure(["train", "--model", "Linear(2, 1)", "--data", "gen-arti:1", "--loss", "l2"])).contains("'l2'"))
        #expect(try #require(failure(["train", "--model", "Linear(2, 1)", "--lr", "-1"] + xor)).contains("--lr"))
        #expect(try #require(failure(["train", "--model", "Linear(2, 1)", "--lr-decay", "1.5"] + xor)).contains("--lr-decay"))
        #expect(try #require(failure(["train", "--model", "Linear(2, 1)", "--data", "gen-arti:7", "--loss", "mse"])).contains("gen-arti"))
        #expect(try #require(failure(["bench", "--only", "W7"])).contains("W7"))
    }

    /// A negative number is the value of a numeric option, not an unknown option: the option's own
    /// validation answers (`--lr -1` used to read "Missing value for '--lr'").
    @Test func negativeNumbersReachTheValidationOfEveryNumericOption() throws {
        let model = ["train", "--model", "Linear(2, 1) - Sigmoid()"] + xor
        let cases: [([String], String)] = [
            (model + ["--lr", "-1"], "--lr must be a positive number, got -1.0"),
            (model + ["--epochs", "-3"], "--epochs must be at least 1, got -3"),
            (model + ["--batch-size", "-5"], "--batch-size must be at least 1, got -5"),
            (model + ["--momentum", "-0.5"], "momentum"),
            (model + ["--weight-decay", "-1"], "weight"),
            (model + ["--limit", "-1"], "--limit"),
            (model + ["--validation-fraction", "-0.5"], "--validation-fraction"),
            (["train", "--model", "Linear(2, 1) - Sigmoid()", "--data", "gen-arti:1", "--loss", "bce", "--samples", "-10"], "--samples"),
            (model + ["--seed", "-1"], "'-1' is invalid for '--seed"),
            (["embed", "--data", "gen-arti:1", "--perplexity", "-2", "--out", "/tmp/nk-never-written.csv"], "perplexity"),
        ]
        for (arguments, expected) in cases {
            let message = try #require(failure(arguments), "\(arguments.suffix(2))")
            #expect(!message.contains("Missing value"), "\(arguments.suffix(2)): \(message)")
            #expect(message.contains(expected), "\(arguments.suffix(2)): \(message)")
        }
    }

    /// The library's messages speak of its parameters; the command line puts the option that carried
    /// the value in front (a Swift user of the library never typed `--grid`).
    @Test func libraryErrorsAreToldWithTheOptionThatCarriedTheValue() throws {
        let libraryErrors: [(String, () throws -> Void)] = [
            ("seedCount", { _ = try SweepPlan(grids: ["h=1"], seedCount: 0) }),
            ("grids", { _ = try SweepPlan(grids: ["h"], seedCount: 1) }),
            ("grids", { _ = try SweepPlan(grids: ["h=1", "h=2"], seedCount: 1) }),
            ("trials", { _ = try SweepPlan(samples: ["lr=uniform:0:1"], count: 0, seed: 0) }),
            ("search.samples", { _ = try SweepPlan(samples: [], count: 3, seed: 0) }),
            ("search.samples", { _ = try SweepPlan(samples: ["lr=normal:0:1"], count: 3, seed: 0) }),
            ("shard", { _ = try SweepPlan.parseShard("3/2") }),
            ("metric", { try SweepResults.checkMetric("accuracy") }),
        ]
        for (field, body) in libraryErrors {
            do {
                try body()
                Issue.record("\(field): no error")
            } catch let error as NeuralKitError {
                #expect(error.field == field && !error.message.contains("--"), "\(field): \(error.message)")
            }
        }
        let sweep = ["sweep", "--model", "Linear(2, 1) - Sigmoid()", "--data", "gen-arti:1", "--loss", "bce", "--out", "/tmp/nk-never-written"]
        let cases: [([String], String)] = [
            (sweep + ["--grid", "h"], "--grid: 'h': a grid is NAME=V1,V2,…"),
            (sweep + ["--grid", "h=1", "--seeds", "0"], "--seeds: The number of seeds must be between 1 and 1000, got 0."),
            (sweep + ["--grid", "h=1", "--shard", "3/2"], "--shard: expected a shard I/N"),
            (sweep + ["--grid", "h=1", "--metric", "accuracy"], "--metric: a metric is train, validation or test"),
            (
                ["search", "--model", "Linear(2, 1) - Sigmoid()", "--data", "gen-arti:1", "--loss", "bce", "--out", "/tmp/nk-never-written"],
                "--sample: A search needs at least one sampled variable"
            ),
        ]
        for (arguments, expected) in cases {
            let message = try #require(failure(arguments), "\(arguments.suffix(2))")
            #expect(message.contains(expected), "\(arguments.suffix(2)): \(message)")
        }
        #expect(!FileManager.default.fileExists(atPath: "/tmp/nk-never-written"))
    }

    /// Counts beyond 32 bits are shown as they are (`--epochs 4294967295` used to show "Epoch 1/-1").
    @Test func epochCountsBeyond32BitsAreShownWhole() {
        let metrics = EpochMetrics(epoch: 1, trainLoss: 0.5, seconds: 0.1)
        #expect(EpochLine.line(metrics, epochs: 4_294_967_295).hasPrefix("Epoch 1/4294967295  loss"))
        #expect(EpochLine.line(EpochMetrics(epoch: 10_000_000_001, trainLoss: 0.5), epochs: 10_000_000_000).hasPrefix("Epoch 10000000001/10000000000"))
    }

    @Test func divergenceStopsWithAClearMessage() throws {
        let message = try #require(
            failure([
                "train", "--model", "Linear(2, 1)", "--data", "linear-regression",
                "--loss", "mse", "--lr", "100", "--verbose", "0",
            ]))
        #expect(message.contains("diverged") && message.contains("learning rate"))
    }

    @Test func checkpointThatIsNotSafetensorsIsNamed() throws {
        let dir = try temporaryDirectory()
        let bogus = dir.appendingPathComponent("w.safetensors")
        try Data("not a checkpoint".utf8).write(to: bogus)
        let message = try #require(failure(["train", "--model", "Linear(2, 1) - Sigmoid()", "--init", bogus.path] + xor))
        #expect(message.contains(bogus.path))
    }
}

@Suite struct SummaryAndHelpTests {
    @Test func summaryCountsParameters() throws {
        var rng = RandomGenerator(seed: 0)
        let logistic = try ModelSummary(ModelNotation.parse("Linear(784, 10)", using: &rng), sampleShape: [784])
        #expect(logistic.total == 7_850)
        #expect(logistic.table().contains("Total parameters: 7,850"))
        let mlp = try ModelSummary(ModelNotation.parse("Linear(784, 100) - TanH() - Linear(100, 10)", using: &rng), sampleShape: [784])
        #expect(mlp.rows.map(\.parameters) == [78_500, 0, 1_010])
        #expect(mlp.rows.map(\.outputShape) == [[1, 100], [1, 100], [1, 10]])
    }

    @Test func helpListsEverySubcommand() {
        let help = NeuralKitCommand.helpMessage()
        for name in ["train", "evaluate", "summary", "gradcheck", "bench"] { #expect(help.contains(name)) }
        #expect(NeuralKitCommand.helpMessage(for: TrainCommand.self).contains("--no-shuffle"))
    }

    @Test func gradcheckPassesForACorrectModelAndFailsAtAnImpossibleTolerance() throws {
        let model = ["gradcheck", "--model", "Linear(3, 4) - ELU() - Linear(4, 2) - LogSoftmax()", "--loss", "mse"]
        var passing = try NeuralKitCommand.parseAsRoot(model)
        #expect(throws: Never.self) { try passing.run() }
        var failing = try NeuralKitCommand.parseAsRoot(model + ["--rtol", "0", "--atol", "0"])
        #expect(throws: ExitCode.self) { try failing.run() }
    }
}

/// A library error about a specification field reaches the user with the option that carried it.
@Suite struct OptionNamingTests {
    @Test func benchErrorsNameTheOption() {
        func message(_ args: [String]) -> String {
            do { _ = try NeuralKitCommand.parseAsRoot(["bench"] + args); return "" } catch { return NeuralKitCommand.fullMessage(for: error) }
        }
        #expect(message(["--runs", "0"]).contains("--runs: Benchmark: the number of runs must be at least 1, got 0."))
        #expect(message(["--only", "W7"]).contains("--only: Benchmark: unknown workload 'W7'"))
        #expect(throws: NeuralKitError.self) { try BenchSpecification(threads: 0).validate() }
        do { try BenchSpecification(threads: 0).validate() } catch let e as NeuralKitError { #expect(e.field == "threads" && !e.message.contains("--")) } catch {}
    }
}

/// The bench table's rows travel from child processes as text lines, with their peak memory.
@Suite struct BenchRowTests {
    @Test func recordRoundTrips() throws {
        let row = BenchRow(id: "W1", what: "epoch, 60,000 × 784", seconds: 0.2875, unit: .seconds, target: 0.3, peakBytes: 279_264 * 1024)
        let back = try #require(BenchRow(record: row.record))
        #expect(back.id == "W1" && back.what == row.what && back.seconds == row.seconds && back.unit == .seconds)
        #expect(back.target == 0.3 && back.peakBytes == row.peakBytes)
        let unknown = try #require(BenchRow(record: BenchRow(id: "W9", what: "w", seconds: 1e-6, unit: .microseconds, target: .infinity).record))
        #expect(unknown.peakBytes == nil && unknown.target == .infinity)
        #expect(BenchRow(record: "D1 skipped: the MNIST files are not in /x") == nil)
    }

    @Test func tableShowsThePeak() {
        let table = BenchRow.table([BenchRow(id: "W1", what: "w", seconds: 0.25, unit: .seconds, target: 0.3, peakBytes: 300_000_000)])
        #expect(table.contains("peak RSS"))
        #expect(table.contains("300 MB"))
    }
}
