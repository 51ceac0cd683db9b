// The README's library tour, compiled and run, so the documentation cannot drift from the API.

import Foundation
import Testing
import NeuralKit
import NKTestSupport

@Suite struct ReadmeTourTests {
    @Test func trainerExampleLearnsXOR() throws {
        var rng = RandomGenerator(seed: 0)
        let model = try ModelNotation.parse("Linear(2, 5) - TanH() - Linear(5, 1) - Sigmoid()", using: &rng)
        let (x, labels) = try SyntheticData.genArti(type: 1, count: 1000, using: &rng)
        let y = Tensor(shape: labels.shape, scalars: labels.scalars.map { $0 > 0 ? 1 : 0 })
        let trainer = Trainer(
            model, BCELoss(), configuration: .init(batchSize: 100, epochs: 100, learningRate: 0.5),
            decision: .threshold(0.5))
        let history = try trainer.fit(inputs: x, targets: y)
        #expect(try #require(history.trainAccuracy.last ?? nil) >= 0.97)
        // The README's callback: a second fit stops as soon as an epoch reaches 99 %.
        trainer.callbacks.append(StopWhenAccurate())
        let stopped = try trainer.fit(inputs: x, targets: y)
        #expect(stopped.epochs.count < 100 && (stopped.trainAccuracy.last ?? 0) ?? 0 >= 0.99)
    }

    @Test func primitivesByHandEqualOneOptimStep() throws {
        var rng = RandomGenerator(seed: 1)
        let spec = "Linear(2, 5) - TanH() - Linear(5, 1) - Sigmoid()"
        let model = try ModelNotation.parse(spec, using: &rng)
        var again = RandomGenerator(seed: 1)
        let twin = try ModelNotation.parse(spec, using: &again)
        let (x, labels) = try SyntheticData.genArti(type: 1, count: 50, using: &rng)
        let y = Tensor(shape: labels.shape, scalars: labels.scalars.map { $0 > 0 ? 1 : 0 })

        let out = try model.forward(x)
        let loss = BCELoss()
        let value = try loss.forward(target: y, prediction: out)
        let delta = try loss.backward(target: y, prediction: out)
        model.zeroGrad()
        try model.backwardUpdateGradient(input: x, delta: delta)
        let dx = try model.backwardDelta(input: x, delta: delta)
        model.updateParameters(step: 0.5)

        let optimLoss = try Optim(twin, loss, step: 0.5).step(input: x, target: y)
        #expect(value.scalars == [optimLoss])
        #expect(dx.shape == x.shape)
        for (a, b) in zip(model.parameters, twin.parameters) { #expect(a.value == b.value) }
    }

    /// The README's library example of a whole experiment (on 2,000 training images and one epoch,
    /// to stay quick; the README's full run gives 97.67 %).
    @Test(.enabled(if: SharedData.has("mnist"), SharedData.missing("mnist")))
    func runSpecificationExampleTrainsMNIST() throws {
        var spec = RunSpecification(
            model: "Linear(784, 100) - TanH() - Linear(100, 10)",
            data: DataSpecification(source: .dataset("mnist"), limit: 2000), loss: .ce)
        spec.training = TrainingConfiguration(batchSize: 64, epochs: 1, learningRate: 0.1)
        let outcome = try TrainingRun(spec, dataDirectory: SharedData.directory).run()
        #expect(outcome.test!.line.hasPrefix("test (10000 samples): loss "))
        #expect(try #require(outcome.test?.accuracy) > 0.8)
        let folder = try TemporaryFolder.make("nk-readme").appendingPathComponent("run").path
        try RunFolder(path: folder).write(outcome)
        #expect(FileManager.default.fileExists(atPath: folder + "/report.html"))
    }
}

/// The README's callback, as written there.
final class StopWhenAccurate: TrainingCallback {
    func epochEnded(_ loop: TrainingLoop, _ metrics: inout EpochMetrics) throws {
        if (metrics.trainAccuracy ?? 0) >= 0.99 { loop.stopRequested = true }  // ends the run after this epoch
    }
}
