// Tests of train's optimiser, schedule, early-stopping and resume options.

import Foundation
import Testing
import NeuralKit
import NKTestSupport
@testable import NKCommands

@Suite struct OptimizerCommandTests {
    static let model = [
        "--model", "Linear(2, 8) - BatchNorm1D(8) - TanH() - Dropout(0.2) - Linear(8, 1) - Sigmoid()",
        "--data", "gen-arti:1", "--loss", "bce", "--optimizer", "nesterov", "--lr", "0.2", "--batch-size", "50",
        "--schedule", "step:2:0.5", "--clip-grad-norm", "5", "--seed", "2",
    ]

    /// `train --resume DIR --epochs N` after a shorter run gives the bytes of an uninterrupted run.
    @Test func resumeContinuesAFinishedRunToMoreEpochsExactly() throws {
        let dir = try temporaryDirectory()
        let straight = dir.appendingPathComponent("straight").path, resumed = dir.appendingPathComponent("resumed").path
        _ = try train(Self.model + ["--epochs", "5", "--out", straight])
        _ = try train(Self.model + ["--epochs", "2", "--out", resumed])
        let outcome = try train(["--resume", resumed, "--epochs", "5"])
        #expect(outcome.history.epochs.count == 5)
        let a = try Data(contentsOf: URL(fileURLWithPath: straight + "/model.safetensors"))
        let b = try Data(contentsOf: URL(fileURLWithPath: resumed + "/model.safetensors"))
        #expect(a == b)
        let history = try HistoryFile.read(resumed + "/history.csv")
        #expect(history.epochs.map(\.learningRate) == [0.2, 0.2, 0.1, 0.1, 0.05])
        #expect(RunFolder.state(of: resumed) == .finished)
    }

    @Test func badCombinationsAreRefusedWithTheOptionNamed() throws {
        let dir = try temporaryDirectory().path
        func message(_ arguments: [String]) -> String? {
            do {
                let command = try NeuralKitCommand.parseAsRoot(["train", "--verbose", "0"] + arguments)
                _ = try (command as! TrainCommand).execute()
                return nil
            } catch let error as NeuralKitError { return error.message } catch { return "\(error)" }
        }
        let base = ["--model", "Linear(2, 1) - Sigmoid()", "--data", "gen-arti:1", "--loss", "bce"]
        // The library speaks of the optimizer's settings; the command line adds the option that carried the value.
        #expect(message(base + ["--betas", "0.9,0.99"])?.contains("--betas: Optimizer: betas apply to adam and adamw only, not sgd.") == true)
        #expect(message(base + ["--optimizer", "adam", "--momentum", "0.9"])?.contains("--momentum: Optimizer: a momentum does not apply to adam") == true)
        #expect(message(base + ["--schedule", "step:2:0.5", "--lr-decay", "0.9"])?.contains("give one") == true)
        #expect(message(base + ["--schedule", "cosine:3"])?.contains("--schedule") == true)
        #expect(message(base + ["--early-stopping", "3"])?.contains("held-out") == true)
        #expect(message(["--resume", dir + "/nothing"])?.contains("no run here") == true)
        #expect(message(["--resume", dir, "--model", "Linear(2, 1)"])?.contains("--model") == true)
        #expect(message(["--model", "Linear(2, 1)", "--data", "gen-arti:1"])?.contains("Missing --loss") == true)
    }
    /// Every option `train` declares is either one `--resume` honours or one it refuses by name: a new
    /// option must be added to one side (the refusal lists are written beside the declarations).
    @Test func resumeRefusesEveryOptionItWouldNotHonour() throws {
        let honoured: Set = ["--epochs", "--verbose", "--save", "--png", "--samples-grid", "--tensorboard", "--data-dir", "--resume", "--help", "--version"]
        let sample: [String: [String]] = [
            "--model": ["Linear(2, 1)"], "--seed": ["3"], "--data": ["gen-arti:1"], "--preprocess": ["binarize"], "--limit": ["10"],
            "--test-limit": ["10"], "--targets": ["1"], "--samples": ["100"], "--validation-fraction": ["0.1"], "--loss": ["mse"],
            "--optimizer": ["adam"], "--lr": ["0.2"], "--momentum": ["0.5"], "--betas": ["0.9,0.99"], "--eps": ["1e-7"],
            "--weight-decay": ["0.01"], "--schedule": ["step:2:0.5"], "--lr-decay": ["0.9"], "--warmup": ["1"], "--clip-grad-norm": ["1"],
            "--early-stopping": ["2"], "--batch-size": ["7"], "--augment": ["flip"], "--no-shuffle": [], "--reconstruct": [],
            "--init": ["x.safetensors"], "--pretrain": ["1"], "--pretrain-lr": ["0.1"], "--pretrain-data": ["all"], "--out": ["/tmp/elsewhere"],
            "--overwrite": [],
        ]
        let help = TrainCommand.helpMessage(columns: 400)
        let declared = help.split(separator: "\n").compactMap { line -> String? in
            guard let match = line.firstMatch(of: /^\s+(?:-[a-z], )?(--[a-z][a-z-]*)/) else { return nil }
            return String(match.1)
        }
        #expect(declared.count > 30, "\(declared)")
        for option in Set(declared).subtracting(honoured).sorted() {
            let value = try #require(sample[option], "\(option) is new: say whether --resume honours it (TrainCommand.validate)")
            let message = failure(["train", "--resume", "/tmp/nk-no-run", option] + value)
            // Refused as a change to the resumed run, or (betas, eps without their optimizer) by the option's own check.
            let refused = message.map { $0.contains("\(option) cannot be changed") || $0.hasPrefix("\(option): ") } ?? false
            #expect(refused, "\(option): \(message ?? "accepted")")
        }
    }
}
