// Every command tells the same truth about a run: evaluate, cluster, summary and gradcheck agree with train.

import Foundation
import Testing
import NeuralKit
import NKTestSupport
@testable import NKCommands

/// Parses and runs `neuralkit evaluate …`, returning its measurement.
func evaluate(_ arguments: [String]) throws -> Evaluation {
    let command = try #require(try NeuralKitCommand.parseAsRoot(["evaluate"] + arguments) as? EvaluateCommand)
    return try command.execute()
}

@Suite struct ExperimentCommandTests {
    /// `evaluate` with only the checkpoint measures what train reported last (here the validation
    /// part of the same seeded split), and `--split` chooses another part.
    @Test func evaluateDefaultsToTheRunsHeldOutPart() throws {
        let dir = try temporaryDirectory()
        let file = dir.appendingPathComponent("m.safetensors").path
        let outcome = try train([
            "--model", "Linear(2, 6) - TanH() - Linear(6, 1) - Sigmoid()", "--data", "gen-arti:2", "--loss", "bce",
            "--epochs", "3", "--validation-fraction", "0.3", "--seed", "5", "--save", file,
        ])
        let validation = try #require(outcome.validation)
        let again = try evaluate(["--checkpoint", file])
        #expect(again.split == .validation && again.sampleCount == 300)
        #expect(again.loss == validation.loss && again.accuracy == validation.accuracy)
        let onTrain = try evaluate(["--checkpoint", file, "--split", "train"])
        #expect(onTrain.sampleCount == 700 && onTrain.loss == outcome.train.loss)
        #expect(failure(["evaluate", "--checkpoint", file, "--split", "test"])?.contains("no published test part") == true)
    }

    /// On USPS: evaluate without options prints the test accuracy train reported; --limit cuts the
    /// training part only, --test-limit the test part.
    @Test(.enabled(if: SharedData.has("usps"), SharedData.missing("usps")))
    func evaluateOnADatasetWithATestPartMatchesTrain() throws {
        let dir = try temporaryDirectory()
        let file = dir.appendingPathComponent("usps.safetensors").path
        let data = ["--data", "usps", "--data-dir", SharedData.directory.path]
        let outcome = try train(
            [
                "--model", "Linear(256, 20) - TanH() - Linear(20, 10)", "--loss", "ce", "--epochs", "2",
                "--limit", "500", "--save", file,
            ] + data)
        let test = try #require(outcome.test)
        #expect(outcome.train.sampleCount == 500 && test.sampleCount == 2007)  // the whole test part
        let again = try evaluate(["--checkpoint", file, "--data-dir", SharedData.directory.path])
        #expect(again.split == .test && again.accuracy == test.accuracy && again.loss == test.loss)
        let limited = try train(
            [
                "--model", "Linear(256, 20) - TanH() - Linear(20, 10)", "--loss", "ce", "--epochs", "1",
                "--limit", "300", "--test-limit", "100",
            ] + data)
        #expect(limited.train.sampleCount == 300 && limited.test?.sampleCount == 100)
    }

    /// A checkpoint remembers its preprocessing: cluster and embed on a layer feed the model what it
    /// was trained on without being told, and --preprocess still overrides it.
    @Test func analysisReusesTheRecordedPreprocessing() throws {
        let dir = try temporaryDirectory()
        let file = dir.appendingPathComponent("ae.safetensors").path
        let csv = try twoClassTable(in: dir)
        _ = try train([
            "--model", "Linear(2, 3) - TanH() - Linear(3, 2)", "--data", csv, "--reconstruct", "--loss", "mse",
            "--preprocess", "scale:400:600", "--epochs", "5", "--save", file,
        ])
        func rows(_ extra: [String]) throws -> Tensor {
            let command = try #require(try NeuralKitCommand.parseAsRoot(["cluster", "--data", csv, "--k", "2", "--checkpoint", file, "--layer", "1"] + extra) as? ClusterCommand)
            return try command.representation.input(data: command.data, seed: 0).rows
        }
        let recorded = try rows([]), explicit = try rows(["--preprocess", "scale:400:600"]), none = try rows(["--preprocess", "none"])
        #expect(recorded == explicit)
        #expect(recorded != none)
        // evaluate --reconstruct judges the autoencoder against its inputs (as recorded, and when asked).
        let judged = try evaluate(["--checkpoint", file])
        #expect(judged.accuracy == nil && judged.split == .train)
        #expect(try evaluate(["--checkpoint", file, "--reconstruct"]).loss == judged.loss)
    }

    /// `train --init FILE` without --model builds the model the file records, and starts from its weights.
    @Test func trainInitReadsTheNotationFromTheCheckpoint() throws {
        let dir = try temporaryDirectory()
        let file = dir.appendingPathComponent("xor.safetensors").path
        let first = try train([
            "--model", "Linear(2, 5) - TanH() - Linear(5, 1) - Sigmoid()", "--data", "gen-arti:1", "--loss", "bce",
            "--lr", "0.5", "--epochs", "40", "--batch-size", "100", "--save", file,
        ])
        let resumed = try train(["--init", file, "--data", "gen-arti:1", "--loss", "bce", "--lr", "0.5", "--epochs", "1", "--batch-size", "100"])
        #expect(ModelNotation.describe(resumed.network) == "Linear(2, 5) - TanH() - Linear(5, 1) - Sigmoid()")
        #expect(resumed.history.trainLoss[0] < 0.5 * (try #require(first.history.trainLoss.first)))  // it starts trained
        #expect(failure(["train", "--data", "gen-arti:1", "--loss", "bce"])?.contains("--model") == true)
    }

    /// Losses that cannot train the model as written are refused with what to write instead.
    @Test func lossesThatTrapUsersAreRefused() throws {
        let xor = ["--data", "gen-arti:1", "--verbose", "0", "--epochs", "1"]
        let double = failure(["train", "--model", "Linear(2, 2) - Softmax()", "--loss", "ce"] + xor)
        #expect(double?.contains("softmax twice") == true && double?.contains("Remove the final Softmax()") == true, "\(double ?? "")")
        #expect(failure(["train", "--model", "Linear(2, 2) - LogSoftmax()", "--loss", "nll"] + xor)?.contains("nll-log") == true)
        #expect(failure(["train", "--model", "Linear(2, 2) - Softmax()", "--loss", "nll-log"] + xor)?.contains("--loss nll") == true)
        let signed = failure(["train", "--model", "Linear(2, 1) - Sigmoid()", "--loss", "mse"] + xor)
        #expect(signed?.contains("cannot reach the −1 labels") == true, "\(signed ?? "")")
        #expect(failure(["train", "--model", "Linear(2, 1) - Sigmoid()", "--loss", "bce-logits"] + xor)?.contains("own sigmoid") == true)
        // The PyTorch pairing trains: LogSoftmax with nll-log.
        let outcome = try train([
            "--model", "Linear(2, 8) - TanH() - Linear(8, 2) - LogSoftmax()", "--loss", "nll-log", "--lr", "0.5",
            "--data", "gen-arti:1", "--epochs", "60", "--batch-size", "100",
        ])
        #expect(try #require(outcome.train.accuracy) > 0.95)
    }

    /// summary and gradcheck infer the input shape from the README's conv nets (a leading Reshape).
    @Test func summaryAndGradcheckInferTheShapeOfConvNets() throws {
        let conv = "Reshape(28, 28, 1) - Conv2D(1, 4, 5) - ReLU() - MaxPool2D(2) - Flatten() - Linear(576, 10)"
        #expect(failure(["summary", "--model", conv]) == nil)
        var rng = RandomGenerator(seed: 0)
        let network = try ModelNotation.parse(conv, using: &rng)
        let summary = try ModelSummary(network, sampleShape: try #require(network.inferredSampleShape))
        #expect(summary.rows.map(\.outputShape) == [[1, 28, 28, 1], [1, 24, 24, 4], [1, 24, 24, 4], [1, 12, 12, 4], [1, 576], [1, 10]])
        #expect(failure(["gradcheck", "--model", conv, "--loss", "ce", "--max-elements", "40"]) == nil)
        let open = failure(["summary", "--model", "Conv2D(1, 4, 5) - Flatten()"])
        #expect(open?.contains("--input-shape") == true, "\(open ?? "")")
        #expect(failure(["summary", "--model", "Conv2D(1, 4, 5) - Flatten()", "--input-shape", "8,8,1"]) == nil)
    }

    /// config.json records the resolved run (validation fraction used, preprocessing), and --version answers.
    @Test func configRecordsEveryValueUsed() throws {
        let dir = try temporaryDirectory().appendingPathComponent("run").path
        _ = try train([
            "--model", "Linear(2, 1) - Sigmoid()", "--data", "gen-arti:0", "--loss", "bce", "--epochs", "1",
            "--validation-fraction", "0.2", "--out", dir,
        ])
        let record = try JSONDecoder().decode(RunFolder.Record.self, from: Data(contentsOf: URL(fileURLWithPath: dir + "/config.json")))
        #expect(record.specification.data.validationFraction == 0.2)
        #expect(record.specification.data.preprocessing == [])
        #expect(record.specification.training.epochs == 1 && record.specification.loss == .bce)
        #expect(record.version == NeuralKitVersion.string)
        let metrics = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: dir + "/metrics.json"))) as? [String: [String: Any]]
        #expect(metrics?["validation"]?["samples"] as? Int == 200)
        #expect(NeuralKitCommand.configuration.version == "neuralkit \(NeuralKitVersion.string)")
    }
}

/// A CSV of 60 two-class samples whose first feature lives around 500 (so scaling matters).
func twoClassTable(in directory: URL) throws -> String {
    var rng = RandomGenerator(seed: 3)
    let lines = (0..<60).map { i -> String in
        let c = i % 2
        return "\(500 + 50 * (Float(c) * 2 - 1) + 10 * Float(rng.nextNormal())),\(Float(rng.nextNormal())),\(c)"
    }
    let path = directory.appendingPathComponent("table.csv").path
    try lines.joined(separator: "\n").write(toFile: path, atomically: true, encoding: .utf8)
    return path
}
