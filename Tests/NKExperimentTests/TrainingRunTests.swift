// Tests of TrainingRun, RunOutcome, RunCheckpoint and SavedModel: one specification, one truth.

import Foundation
import Testing
import NeuralKit
import NKTestSupport

@Suite struct TrainingRunTests {
    typealias S = ExperimentTestSupport

    static func xor(epochs: Int = 60, validation: Double? = nil, seed: UInt64 = 0) -> RunSpecification {
        var spec = RunSpecification(
            model: "Linear(2, 6) - TanH() - Linear(6, 1) - Sigmoid()",
            data: DataSpecification(source: .genArti(type: 1, samples: 400), validationFraction: validation),
            loss: .bce, training: TrainingConfiguration(batchSize: 50, epochs: epochs, learningRate: 0.5))
        spec.seed = seed
        return spec
    }

    /// The library runs an experiment in a few lines, and the same specification gives the same run.
    @Test func aSpecificationRunsAndRepeatsExactly() throws {
        let a = try TrainingRun(Self.xor()).run(), b = try TrainingRun(Self.xor()).run()
        #expect(try #require(a.train.accuracy) > 0.95)
        #expect(a.history.sameMetrics(as: b.history))
        #expect(a.network.parameters.map(\.value) == b.network.parameters.map(\.value))
        #expect(a.evaluations.map(\.split) == [.train] && a.train.sampleCount == 400)
        let c = try TrainingRun(Self.xor(seed: 1)).run()
        #expect(c.network.parameters[0].value != a.network.parameters[0].value)
        // The specification survives JSON exactly (config.json and checkpoints record it).
        let spec = Self.xor(validation: 0.2)
        #expect(try JSONDecoder().decode(RunSpecification.self, from: JSONEncoder().encode(spec)) == spec)
    }

    /// The checkpoint records the model, the resolved run and the fitted preprocessing; a saved model
    /// evaluated on its default part gives exactly the validation score the run reported.
    @Test func checkpointCarriesTheRunAndEvaluationAgreesWithTraining() throws {
        let dir = try S.temporaryDirectory()
        let csv = try S.twoClassTable(rows: 120, seed: 7, in: dir)
        var spec = RunSpecification(
            model: "Linear(2, 4) - TanH() - Linear(4, 2)",
            data: DataSpecification(source: .csv(path: csv, targetColumns: 1), preprocessing: [.standardize], validationFraction: 0.25),
            loss: .ce, training: TrainingConfiguration(batchSize: 16, epochs: 5, learningRate: 0.3))
        spec.seed = 11
        let outcome = try TrainingRun(spec, dataDirectory: dir).run()
        let file = dir.appendingPathComponent("m.safetensors").path
        try outcome.saveCheckpoint(to: file)

        let checkpoint = try RunCheckpoint.read(file)
        #expect(checkpoint.notation == spec.model)
        #expect(checkpoint.specification == outcome.resolvedSpecification)
        #expect(checkpoint.specification?.data.validationFraction == 0.25)
        #expect(checkpoint.preprocessing == outcome.data.preprocessing)

        let saved = try SavedModel(checkpoint: file, overrides: RunOverrides(), dataDirectory: dir, needsLoss: true)
        let again = try saved.evaluate()
        let reported = try #require(outcome.validation)
        #expect(again.split == .validation && again.sampleCount == 30)
        #expect(again.loss == reported.loss && again.accuracy == reported.accuracy)
        #expect(try saved.evaluate(split: .train).loss == outcome.train.loss)
        #expect(throws: NeuralKitError.self) { try saved.evaluate(split: .test) }  // a CSV has no test part
    }

    /// A checkpoint with a NaN weight is refused, naming the tensor.
    @Test func nonFiniteWeightsAreRefused() throws {
        let dir = try S.temporaryDirectory()
        var rng = RandomGenerator(seed: 0)
        let model = try ModelNotation.parse("Linear(2, 3) - TanH() - Linear(3, 1)", using: &rng)
        model.parameters[2].value.scalars[1] = .nan
        let file = dir.appendingPathComponent("nan.safetensors").path
        try RunCheckpoint.write(model, to: file)
        let message = TestSupport.errorMessage { try RunCheckpoint.read(file).loadWeights(into: model) }
        #expect(message?.contains("'2.weight'") == true && message?.contains("nan") == true, "\(message ?? "no error")")
    }

    /// A model that cannot fit the data, or a loss that cannot fit the model, is refused before training.
    @Test func mistakesAreReportedBeforeTraining() throws {
        var wide = Self.xor()
        wide.model = "Linear(3, 1) - Sigmoid()"
        #expect(TestSupport.errorMessage { _ = try TrainingRun(wide) }?.contains("gen-arti:1 gives samples of shape (2)") == true)
        var softmax = Self.xor()
        softmax.model = "Linear(2, 2) - Softmax()"
        softmax.loss = .ce
        #expect(TestSupport.errorMessage { _ = try TrainingRun(softmax) }?.contains("softmax twice") == true)
    }

    /// Regression runs report the mean-prediction baseline, and the A1 data its coefficients.
    @Test func regressionReportsItsBaselineAndCoefficients() throws {
        let spec = RunSpecification(
            model: "Linear(2, 1)", data: DataSpecification(source: .linearRegression(samples: 100)), loss: .mse,
            training: TrainingConfiguration(batchSize: 100, epochs: 300, learningRate: 0.1))
        let outcome = try TrainingRun(spec).run()
        #expect(outcome.train.meanBaseline! > 100 * outcome.train.loss)
        #expect(
            outcome.recoveredCoefficients?.hasPrefix("Recovered coefficients: a = 1001.9") == true
                || outcome.recoveredCoefficients?.hasPrefix("Recovered coefficients: a = 1002.0") == true, "\(outcome.recoveredCoefficients ?? "")")
    }
}
