// Tests of DataSpecification.prepare: the order limit → split → fit on training rows → apply.

import Foundation
import Testing
import NeuralKit
import NKTestSupport

@Suite struct DataSpecificationTests {
    typealias S = ExperimentTestSupport

    /// Standardisation statistics come from the training rows of the split only: the training part
    /// has mean 0 and standard deviation 1 exactly, the validation part does not, and the fitted
    /// statistics equal those of the training rows taken before preprocessing.
    @Test func statisticsAreFittedAfterTheSplitOnTrainingRowsOnly() throws {
        let dir = try S.temporaryDirectory()
        let csv = try S.twoClassTable(rows: 200, seed: 1, in: dir)
        let spec = DataSpecification(source: .csv(path: csv, targetColumns: 1), preprocessing: [.standardize], validationFraction: 0.25)
        let prepared = try spec.prepare(seed: 3, dataDirectory: dir)
        #expect(prepared.train.count == 150 && prepared.validation?.count == 50 && prepared.validationFraction == 0.25)
        let trainStats = Standardization(fitting: prepared.train.inputs)
        for j in 0..<2 {
            #expect(abs(trainStats.mean[j]) < 1e-4 && abs(trainStats.std[j] - 1) < 1e-4)
        }
        let validationStats = Standardization(fitting: try #require(prepared.validation).inputs)
        #expect(abs(validationStats.mean[0]) > 1e-3, "the validation rows did not feed the statistics")
        // The same split without preprocessing: the recorded statistics are those of its training rows.
        var raw = spec
        raw.preprocessing = []
        let rawTrain = try raw.prepare(seed: 3, dataDirectory: dir).train
        guard case .standardize(let fitted) = try #require(prepared.preprocessing.steps.first) else { Issue.record("not standardize"); return }
        #expect(fitted == Standardization(fitting: rawTrain.inputs))
        // A different seed gives a different split.
        #expect(try spec.prepare(seed: 4, dataDirectory: dir).train.inputs != prepared.train.inputs)
    }

    /// `limit` cuts the training part only; `testLimit` the test part; the defaults of the
    /// validation fraction follow the source.
    @Test func limitsAndDefaultFractions() throws {
        let dir = try S.temporaryDirectory()
        let csv = try S.twoClassTable(rows: 40, seed: 2, in: dir)
        let limited = try DataSpecification(source: .csv(path: csv, targetColumns: 1), limit: 10).prepare(seed: 0, dataDirectory: dir)
        #expect(limited.train.count == 10 && limited.validation == nil && limited.validationFraction == 0)
        #expect(DataSpecification(source: .dataset("iris")).heldOutFraction(hasTestPart: false) == 0.2)
        #expect(DataSpecification(source: .dataset("usps")).heldOutFraction(hasTestPart: true) == 0)
        #expect(DataSpecification(source: .dataset("iris"), validationFraction: 0).heldOutFraction(hasTestPart: false) == 0)
        #expect(DataSpecification(source: .genArti(type: 0, samples: 10)).heldOutFraction(hasTestPart: false) == 0)
    }

    /// A fraction that rounds to no sample (or to every sample) is an error naming the option.
    @Test func aFractionThatHoldsOutNothingIsRefused() throws {
        let dir = try S.temporaryDirectory()
        let csv = try S.twoClassTable(rows: 40, seed: 2, in: dir)
        for fraction in [0.01, 0.99] {
            let spec = DataSpecification(source: .csv(path: csv, targetColumns: 1), validationFraction: fraction)
            let message = TestSupport.errorMessage { _ = try spec.prepare(seed: 0, dataDirectory: dir) }
            #expect(message?.contains("--validation-fraction \(fraction)") == true, "\(message ?? "no error")")
        }
    }

    /// The advice names fractions that work: each bound it gives, fed back, holds out 1 and n − 1
    /// samples (it used to advise 0.988 for 40 samples, which holds out all 40). Below two samples
    /// no fraction works, and the advice says so instead of "between 0.5 and 0.5".
    @Test func theAdvisedFractionsAreAccepted() throws {
        let dir = try S.temporaryDirectory()
        let csv = try S.twoClassTable(rows: 40, seed: 2, in: dir)
        func spec(_ fraction: Double, _ limit: Int) -> DataSpecification {
            DataSpecification(source: .csv(path: csv, targetColumns: 1), validationFraction: fraction, limit: limit)
        }
        for n in [2, 3, 6, 7, 40] {
            for refused in [0.001, 0.999] {
                let message = try #require(TestSupport.errorMessage { _ = try spec(refused, n).prepare(seed: 0, dataDirectory: dir) })
                let bounds = try #require(message.firstMatch(of: /from ([0-9.e-]+) \(1 sample\) to ([0-9.e-]+) \(/), "\(message)")
                let low = try #require(Double(bounds.1)), high = try #require(Double(bounds.2))
                #expect(try spec(low, n).prepare(seed: 0, dataDirectory: dir).validation?.count == 1, "\(n): \(message)")
                #expect(try spec(high, n).prepare(seed: 0, dataDirectory: dir).validation?.count == n - 1, "\(n): \(message)")
            }
        }
        let one = TestSupport.errorMessage { _ = try spec(0.5, 1).prepare(seed: 0, dataDirectory: dir) }
        #expect(one?.contains("need at least 2 samples") == true && one?.contains("--limit") == true, "\(one ?? "no error")")
        #expect(one?.contains("between") == false && one?.contains("from 0.5") == false, "\(one ?? "no error")")
    }

    /// A fitted preprocessing given to `prepare` is applied as it is, not fitted again.
    @Test func aRecordedPreprocessingIsAppliedUnchanged() throws {
        let dir = try S.temporaryDirectory()
        let csv = try S.twoClassTable(rows: 30, seed: 5, in: dir)
        let recorded = FittedPreprocessing(steps: [.standardize(Standardization(mean: [500, 0], std: [100, 1]))])
        let prepared = try DataSpecification(source: .csv(path: csv, targetColumns: 1))
            .prepare(seed: 0, dataDirectory: dir, fitted: recorded)
        let raw = try DataSpecification(source: .csv(path: csv, targetColumns: 1)).prepare(seed: 0, dataDirectory: dir)
        #expect(prepared.preprocessing == recorded)
        #expect(prepared.train.inputs.scalars[0] == (raw.train.inputs.scalars[0] - 500) / 100)
    }

    /// The specification and the fitted preprocessing survive JSON (checkpoints and config.json).
    @Test func specificationAndPreprocessingRoundTripThroughJSON() throws {
        let spec = DataSpecification(
            source: .genArti(type: 2, samples: 300), preprocessing: [.scale(low: -1, high: 1), .normalize(mean: 0.1307, std: 0.3081), .binarize(threshold: 0.25)],
            validationFraction: 0.1, limit: 20, testLimit: 5)
        #expect(try JSONDecoder().decode(DataSpecification.self, from: JSONEncoder().encode(spec)) == spec)
        let fitted = FittedPreprocessing(steps: [
            .scale(low: 0, high: 255), .subtractMean([0.5, 0.25]),
            .standardizeTargets(Standardization(mean: [3], std: [0.1])),
        ])
        #expect(try JSONDecoder().decode(FittedPreprocessing.self, from: JSONEncoder().encode(fitted)) == fitted)
        #expect(try DataSource.parse("gen-arti:1") == .genArti(type: 1, samples: 1000))
        #expect(try DataSource.parse("linear-regression", samples: 7) == .linearRegression(samples: 7))
        #expect(try DataSource.parse("mnist") == .dataset("mnist"))
        #expect(try DataSource.parse("x.csv", targetColumns: 2) == .csv(path: "x.csv", targetColumns: 2))
        #expect(throws: NeuralKitError.self) { try DataSource.parse("iris", samples: 5) }
    }

    /// On the real iris table: 30 validation rows, statistics from the other 120 (skipped without the data).
    @Test(.enabled(if: SharedData.has("iris"), SharedData.missing("iris")))
    func irisHoldsOutTwentyPercentBeforeStandardising() throws {
        let prepared = try DataSpecification(source: .dataset("iris")).prepare(seed: 0, dataDirectory: SharedData.directory)
        #expect(prepared.train.count == 120 && prepared.validation?.count == 30 && prepared.validationFraction == 0.2)
        let stats = Standardization(fitting: prepared.train.inputs)
        #expect(stats.mean.allSatisfy { abs($0) < 1e-5 })
    }
}
