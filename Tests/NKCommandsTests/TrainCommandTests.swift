// Tests of `neuralkit train`: convergence on the built-in data, exact one-step semantics, checkpoints.

import Foundation
import Testing
import NKTestSupport
import NeuralKit
@testable import NKCommands

/// Parses `arguments` as `neuralkit train …` (quietly) and runs it.
func train(_ arguments: [String]) throws -> RunOutcome {
    let command = try #require(try NeuralKitCommand.parseAsRoot(["train", "--verbose", "0"] + arguments) as? TrainCommand)
    return try command.execute()
}

/// A fresh temporary directory for one test.
func temporaryDirectory() throws -> URL {
    try TemporaryFolder.make("nk-cli")
}

@Suite struct TrainCommandTests {
    @Test func xorIsLearnedByATwoFiveOneNetwork() throws {
        let outcome = try train([
            "--model", "Linear(2, 5) - TanH() - Linear(5, 1) - Sigmoid()", "--data", "gen-arti:1",
            "--loss", "bce", "--lr", "0.5", "--epochs", "100", "--batch-size", "100", "--seed", "0",
        ])
        #expect(try #require(outcome.train.accuracy) >= 0.97)
    }

    /// `--reconstruct` trains the network to output its own inputs: the reported loss is the loss
    /// against the inputs, and it falls; a model of the wrong width and a class loss are refused.
    @Test func reconstructTrainsAnAutoencoderOnItsInputs() throws {
        let args = ["--data", "gen-arti:0", "--reconstruct", "--loss", "mse", "--lr", "0.05", "--batch-size", "20"]
        let outcome = try train(["--model", "Linear(2, 8) - TanH() - Linear(8, 2)", "--epochs", "60"] + args)
        #expect(outcome.history.trainLoss.last! < 0.2 * outcome.history.trainLoss.first!)
        // On fresh samples of the same distribution, the outputs are close to the inputs.
        var rng = RandomGenerator(seed: 99)
        let (x, _) = try SyntheticData.genArti(type: 0, count: 1000, using: &rng)
        let error = try MSELoss().value(target: x, prediction: try outcome.network.forward(x))
        let energy = try MSELoss().value(target: x, prediction: Tensor(zeros: x.shape))
        #expect(error < 0.2 * energy, "reconstruction error \(error), input energy \(energy)")
        let narrow = failure(["train", "--model", "Linear(2, 1)", "--verbose", "0"] + args)
        #expect(narrow?.contains("--reconstruct") == true && narrow?.contains("1 values per sample") == true, "\(narrow ?? "no error")")
        let classes = failure(["train", "--model", "Linear(2, 2)", "--data", "gen-arti:0", "--reconstruct", "--loss", "ce"])
        #expect(classes?.contains("--reconstruct") == true, "\(classes ?? "no error")")
    }

    @Test func linearRegressionRecoversTheCoefficientsWithinOnePercent() throws {
        let outcome = try train([
            "--model", "Linear(2, 1)", "--data", "linear-regression", "--loss", "mse",
            "--lr", "0.1", "--epochs", "300", "--batch-size", "100",
        ])
        let linear = try #require(outcome.network.modules.first as? Linear)
        let found = linear.weight.value.scalars + [linear.bias!.value.scalars[0]]
        for (value, truth) in zip(found, [Float(1002), 13, 4]) {
            #expect(abs(value - truth) / truth < 0.01, "recovered \(value), true \(truth)")
        }
    }

    @Test func oneFullBatchEpochWithoutShuffleIsExactlyOneSGDStep() throws {
        let dir = try temporaryDirectory()
        let csv = dir.appendingPathComponent("d.csv")
        try "0.5,-1,0\n1,2,1\n-0.3,0.7,2\n2,0,1\n".write(to: csv, atomically: true, encoding: .utf8)
        let spec = "Linear(2, 4) - ReLU() - Linear(4, 3)"
        let outcome = try train([
            "--model", spec, "--data", csv.path, "--loss", "ce", "--lr", "0.3",
            "--epochs", "1", "--batch-size", "4", "--no-shuffle", "--seed", "7",
        ])
        // The same model, built from the same seed, stepped once by hand.
        var rng = RandomGenerator(seed: 7)
        let reference = try ModelNotation.parse(spec, using: &rng)
        let x = Tensor(shape: [4, 2], scalars: [0.5, -1, 1, 2, -0.3, 0.7, 2, 0])
        let y = Tensor(shape: [4, 1], scalars: [0, 1, 2, 1])
        try Optim(reference, CrossEntropyLoss(), step: 0.3).step(input: x, target: y)
        for (a, b) in zip(outcome.network.parameters, reference.parameters) {
            #expect(a.value == b.value)
        }
        #expect(outcome.network.parameters.count == 4)
    }

    @Test func savedWeightsReloadAndAnotherModelIsRejected() throws {
        let dir = try temporaryDirectory()
        let file = dir.appendingPathComponent("xor.safetensors").path
        let spec = "Linear(2, 5) - TanH() - Linear(5, 1) - Sigmoid()"
        let outcome = try train(["--model", spec, "--data", "gen-arti:1", "--loss", "bce", "--epochs", "2", "--save", file])
        // Evaluating the saved file reads its notation and gives the same loss on the same data.
        let evaluate = try #require(
            try NeuralKitCommand.parseAsRoot(
                ["evaluate", "--checkpoint", file, "--data", "gen-arti:1", "--loss", "bce"]) as? EvaluateCommand)
        #expect(try evaluate.execute().loss == outcome.train.loss)
        let checkpoint = try RunCheckpoint.read(file)
        let network = try checkpoint.recordedModel(seed: 99)
        try checkpoint.loadWeights(into: network)
        #expect(ModelNotation.describe(network) == spec)
        for (a, b) in zip(network.parameters, outcome.network.parameters) { #expect(a.value == b.value) }
        // A checkpoint for another model is a clear error naming the file.
        #expect {
            _ = try train([
                "--model", "Linear(2, 3) - TanH() - Linear(3, 1) - Sigmoid()", "--data", "gen-arti:1",
                "--loss", "bce", "--epochs", "1", "--init", file,
            ])
        } throws: { error in
            "\(error)".contains(file) && "\(error)".contains("0.weight")
        }
        // The file left behind is complete: no temporary files beside it.
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["xor.safetensors"])
    }

    @Test func sameSeedSameRunDifferentSeedDifferentRun() throws {
        let args = ["--model", "Linear(2, 3) - TanH() - Linear(3, 1)", "--data", "gen-arti:2", "--loss", "mse", "--epochs", "2"]
        let a = try train(args + ["--seed", "3"]), b = try train(args + ["--seed", "3"]), c = try train(args + ["--seed", "4"])
        #expect(a.history.sameMetrics(as: b.history))
        #expect(a.network.parameters[0].value == b.network.parameters[0].value)
        #expect(a.network.parameters[0].value != c.network.parameters[0].value)
    }

    @Test func validationFractionHoldsOutSamples() throws {
        let outcome = try train([
            "--model", "Linear(2, 1) - Sigmoid()", "--data", "gen-arti:0", "--loss", "bce",
            "--epochs", "3", "--validation-fraction", "0.25",
        ])
        #expect(try #require(outcome.validation?.accuracy) > 0.95)
        #expect(outcome.history.epochs.allSatisfy { $0.validationLoss != nil })
    }
}

@Suite struct AugmentOptionTests {
    /// --augment is recorded in the run specification (and its command line), refused on data that
    /// are not images, and cannot be changed by --resume.
    @Test func augmentIsRecordedAndCheckedAgainstTheData() throws {
        let command = try #require(
            try NeuralKitCommand.parseAsRoot([
                "train", "--model", "Reshape(28, 28, 1) - Flatten() - Linear(784, 10)", "--data", "mnist", "--loss", "ce", "--augment", "shift:2",
                "--augment", "flip",
            ]) as? TrainCommand)
        let spec = try command.specification()
        #expect(spec.training.augmentation == [.shift(2), .flip])
        #expect(spec.commandArguments.joined(separator: " ").contains("--augment shift:2 --augment flip"))
        let decoded = try JSONDecoder().decode(RunSpecification.self, from: JSONEncoder().encode(spec))
        #expect(decoded.training.augmentation == [.shift(2), .flip])
        let tabular = TestSupport.errorMessage {
            _ = try train(["--model", "Linear(2, 1) - Sigmoid()", "--data", "gen-arti:1", "--loss", "bce", "--augment", "shift:1"])
        }
        #expect(tabular?.contains("Augmentation applies to images") == true, "\(tabular ?? "no error")")
        do {
            _ = try NeuralKitCommand.parseAsRoot(["train", "--augment", "rotate:5"])
            Issue.record("--augment rotate:5 was accepted")
        } catch {
            let bad = NeuralKitCommand.fullMessage(for: error)
            #expect(bad.contains("--augment: Augmentation 'rotate:5': expected shift:N, crop:P or flip."), "\(bad)")
        }
    }
}
