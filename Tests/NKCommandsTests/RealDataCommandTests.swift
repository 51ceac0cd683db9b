// The CLI on the real datasets (skipped, with the reason, when ../shared/data is absent).

import Foundation
import Testing
import NeuralKit
import NKTestSupport
@testable import NKCommands

@Suite struct RealDataCommandTests {
    let dataDir = ["--data-dir", SharedData.directory.path]

    @Test(.enabled(if: SharedData.has("iris"), "iris not found in ../shared/data (set NEURALKIT_SHARED_DATA)"))
    func irisClassifierReachesNinetyFivePercentOnHeldOutData() throws {
        let outcome = try train(["--model", "Linear(4, 10) - ReLU() - Linear(10, 3)", "--data", "iris", "--loss", "ce",
                                 "--lr", "0.1", "--epochs", "100", "--batch-size", "16"] + dataDir)
        // No published test split: 20 % is held out for validation by default.
        #expect(outcome.train.accuracy != nil && outcome.test == nil)
        #expect(try #require(outcome.validation?.accuracy) >= 0.95)
    }

    @Test(.enabled(if: SharedData.has("usps"), "USPS not found in ../shared/data (set NEURALKIT_SHARED_DATA)"))
    func uspsTrainsOnItsTrainPartAndReportsTheTestPart() throws {
        let outcome = try train(["--model", "Linear(256, 30) - TanH() - Linear(30, 10)", "--data", "usps", "--loss", "ce",
                                 "--epochs", "3", "--limit", "1000"] + dataDir)
        let test = try #require(outcome.test?.accuracy)
        #expect(test > 0.7)   // 1,000 samples and 3 epochs already separate most digits
    }

    @Test(.enabled(if: SharedData.has("boston"), "Boston housing not found in ../shared/data (set NEURALKIT_SHARED_DATA)"))
    func housingRegressionBeatsPredictingTheMean() throws {
        let outcome = try train(["--model", "Linear(13, 1)", "--data", "boston", "--loss", "mse", "--lr", "0.01",
                                 "--epochs", "100"] + dataDir)
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
