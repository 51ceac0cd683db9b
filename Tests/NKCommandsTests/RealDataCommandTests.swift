// The CLI on the real datasets (skipped, with the reason, when ../shared/data is absent).

import Foundation
import Testing
import NeuralKit
import NKTestSupport
@testable import NKCommands

@Suite struct RealDataCommandTests {
    let dataDir = ["--data-dir", SharedData.directory.path]

    @Test(.enabled(if: SharedData.has("iris"), SharedData.missing("iris")))
    func irisClassifierReachesNinetyFivePercentOnHeldOutData() throws {
        let outcome = try train(
            [
                "--model", "Linear(4, 10) - ReLU() - Linear(10, 3)", "--data", "iris", "--loss", "ce",
                "--lr", "0.1", "--epochs", "100", "--batch-size", "16",
            ] + dataDir)
        // No published test split: 20 % is held out for validation by default.
        #expect(outcome.train.accuracy != nil && outcome.test == nil)
        #expect(try #require(outcome.validation?.accuracy) >= 0.95)
    }

    @Test(.enabled(if: SharedData.has("usps"), SharedData.missing("usps")))
    func uspsTrainsOnItsTrainPartAndReportsTheTestPart() throws {
        let outcome = try train(
            [
                "--model", "Linear(256, 30) - TanH() - Linear(30, 10)", "--data", "usps", "--loss", "ce",
                "--epochs", "3", "--limit", "1000",
            ] + dataDir)
        let test = try #require(outcome.test?.accuracy)
        #expect(test > 0.7)  // 1,000 samples and 3 epochs already separate most digits
    }

    /// The USPS autoencoder of the reports, briefly: its run folder shows test digits over their
    /// reconstructions, and its latent layer can be clustered from the checkpoint.
    @Test(.enabled(if: SharedData.has("usps"), SharedData.missing("usps")))
    func uspsAutoencoderRunShowsReconstructions() throws {
        let dir = try temporaryDirectory().appendingPathComponent("ae").path
        let outcome = try train(
            [
                "--model", "Linear(256, 30) - TanH() - Linear(30, 256) - Sigmoid()", "--data", "usps",
                "--preprocess", "scale:-1:1", "--reconstruct", "--loss", "bce", "--lr", "0.05",
                "--epochs", "2", "--limit", "500", "--out", dir,
            ] + dataDir)
        #expect(outcome.test != nil && outcome.test!.accuracy == nil)
        #expect(outcome.history.trainLoss.last! < outcome.history.trainLoss.first!)
        let files = try FileManager.default.contentsOfDirectory(atPath: dir)
        #expect(files.contains("reconstructions.svg"))
        let report = try String(contentsOfFile: dir + "/report.html", encoding: .utf8)
        #expect(report.contains("reconstructions of them"))
    }

    @Test(.enabled(if: SharedData.has("boston"), SharedData.missing("boston")))
    func housingRegressionBeatsPredictingTheMean() throws {
        let outcome = try train(
            [
                "--model", "Linear(13, 1)", "--data", "boston", "--loss", "mse", "--lr", "0.01",
                "--epochs", "100",
            ] + dataDir)
        let validation = try #require(outcome.validation)
        #expect(validation.loss < 0.5 * (try #require(validation.meanBaseline)))
    }

    @Test func missingDatasetSaysWhichFilesToPutWhere() throws {
        let empty = FileManager.default.temporaryDirectory.appendingPathComponent("nk-empty-\(UUID().uuidString)").path
        let message = try #require(failure(["train", "--model", "Linear(256, 10)", "--data", "usps", "--loss", "ce", "--data-dir", empty]))
        #expect(message.contains("zip.train.gz") && message.contains(empty + "/usps"))
        #expect(failure(["train", "--model", "Linear(4, 3)", "--data", "iris", "--loss", "ce", "--preprocess", "squash"])?.contains("--preprocess") == true)
    }
}
