// Tests for Trainer: convergence, reproducibility, the full-batch step, divergence, callbacks.

import Testing
import NeuralKit

@Suite struct TrainerTests {
    /// y = 2·x₁ − 3·x₂ + 0.5 on 32 normal points.
    func regressionData(seed: UInt64 = 10) -> (Tensor, Tensor) {
        var rng = RandomGenerator(seed: seed)
        let x = Tensor.normal([32, 2], using: &rng)
        let y = Tensor(shape: [32, 1], scalars: (0..<32).map { 2 * x[$0, 0] - 3 * x[$0, 1] + 0.5 })
        return (x, y)
    }

    func train(seed: UInt64, shuffle: Bool = true, epochs: Int = 5) throws -> History {
        var rng = RandomGenerator(seed: 7)
        let model = TestAffine(2, 1, using: &rng)
        let (x, y) = regressionData()
        let config = TrainingConfiguration(batchSize: 5, epochs: epochs, learningRate: 0.05, shuffle: shuffle, seed: seed)
        return try Trainer(model, TestSquaredError(), configuration: config).fit(inputs: x, targets: y, validation: (x, y))
    }

    @Test func trainingReducesTheLoss() throws {
        let history = try train(seed: 1, epochs: 30)
        #expect(history.epochs.count == 30)
        #expect(history.trainLoss.last! < 0.01 * history.trainLoss.first!)
        #expect(history.validationLoss.last!! < 1e-3)
        #expect(history.trainAccuracy.allSatisfy { $0 == nil })
        #expect(history.seconds.allSatisfy { $0 >= 0 })
    }

    @Test func sameSeedSameHistoryDifferentSeedDifferent() throws {
        let a = try train(seed: 42), b = try train(seed: 42), c = try train(seed: 43)
        #expect(a.sameMetrics(as: b))
        #expect(!a.sameMetrics(as: c))
        // Without shuffling the seed does not matter.
        #expect(try train(seed: 1, shuffle: false).sameMetrics(as: train(seed: 2, shuffle: false)))
    }

    @Test func oneEpochFullBatchIsExactlyOneSGDStep() throws {
        var rng = RandomGenerator(seed: 5)
        let model = TestAffine(3, 1, using: &rng)
        let n = 6
        let x = Tensor.normal([n, 3], using: &rng), y = Tensor.normal([n, 1], using: &rng)
        let w = model.weight.value.scalars.map(Double.init), b = Double(model.bias.value.scalars[0])
        let lr = 0.1

        // Hand-computed: L = (1/n) Σ (pᵢ − yᵢ)², ∂L/∂w_j = (2/n) Σ (pᵢ − yᵢ) x_ij, ∂L/∂b = (2/n) Σ (pᵢ − yᵢ).
        var gw = [0.0, 0.0, 0.0], gb = 0.0, loss = 0.0
        for i in 0..<n {
            let p = b + (0..<3).reduce(0.0) { $0 + w[$1] * Double(x[i, $1]) }
            let r = p - Double(y[i, 0])
            loss += r * r / Double(n)
            gb += 2 * r / Double(n)
            for j in 0..<3 { gw[j] += 2 * r * Double(x[i, j]) / Double(n) }
        }
        let config = TrainingConfiguration(batchSize: n, epochs: 1, learningRate: Float(lr), shuffle: false)
        var batchesSeen = 0
        let trainer = Trainer(model, TestSquaredError(), configuration: config)
        trainer.onProgress = { _ in batchesSeen += 1 }
        let history = try trainer.fit(inputs: x, targets: y)

        #expect(batchesSeen == 1)
        #expect(abs(Double(history.trainLoss[0]) - loss) < 1e-5)
        for j in 0..<3 { #expect(abs(Double(model.weight.value.scalars[j]) - (w[j] - lr * gw[j])) < 1e-6) }
        #expect(abs(Double(model.bias.value.scalars[0]) - (b - lr * gb)) < 1e-6)
    }

    /// With decay d, epoch e steps by lr·d^(e−1): three epochs equal three one-epoch runs at lr,
    /// lr·d and lr·d², and differ from three epochs at a constant lr.
    @Test func learningRateDecaysOncePerEpoch() throws {
        let (x, y) = regressionData()
        func model() -> TestAffine { var rng = RandomGenerator(seed: 7); return TestAffine(2, 1, using: &rng) }
        let decayed = model()
        try Trainer(
            decayed, TestSquaredError(),
            configuration: TrainingConfiguration(
                batchSize: 4, epochs: 3, learningRate: 0.05, learningRateDecay: 0.5, shuffle: false)
        ).fit(inputs: x, targets: y)
        let stepwise = model(), constant = model()
        for lr: Float in [0.05, 0.025, 0.0125] {
            try Trainer(
                stepwise, TestSquaredError(),
                configuration: TrainingConfiguration(
                    batchSize: 4, epochs: 1, learningRate: lr, shuffle: false)
            ).fit(inputs: x, targets: y)
        }
        try Trainer(
            constant, TestSquaredError(),
            configuration: TrainingConfiguration(
                batchSize: 4, epochs: 3, learningRate: 0.05, shuffle: false)
        ).fit(inputs: x, targets: y)
        for (a, b) in zip(decayed.parameters, stepwise.parameters) { #expect(a.value == b.value) }
        #expect(decayed.parameters[0].value != constant.parameters[0].value)
        // Out-of-range decays are refused.
        for bad: Float in [0, -0.5, 1.5, .nan] {
            #expect(throws: NeuralKitError.self) { try TrainingConfiguration(learningRateDecay: bad).validate() }
        }
    }

    @Test func epochLossIsTheBatchSizeWeightedMean() throws {
        // A model without parameters: every sample keeps its loss, so the epoch loss must be the
        // plain mean over samples even though the batches (2, 2, 1) have different sizes.
        let x = Tensor(shape: [5, 1], scalars: [1, 2, 3, 4, 10])
        let y = Tensor(zeros: [5, 1])
        let config = TrainingConfiguration(batchSize: 2, epochs: 1, learningRate: 1, shuffle: false)
        var progress: [TrainingProgress] = []
        let trainer = Trainer(TestIdentity(), TestSquaredError(), configuration: config)
        trainer.onProgress = { progress.append($0) }
        let history = try trainer.fit(inputs: x, targets: y)
        #expect(history.trainLoss[0] == (1 + 4 + 9 + 16 + 100) / 5)
        #expect(progress.map(\.batch) == [1, 2, 3])
        #expect(progress.allSatisfy { $0.batches == 3 && $0.epoch == 1 })
        #expect(progress[0].runningLoss == 2.5)  // (1 + 4) / 2
        #expect(progress.last!.runningLoss == history.trainLoss[0])
    }

    @Test func divergenceThrowsNamingEpochAndBatch() throws {
        var rng = RandomGenerator(seed: 3)
        let model = TestAffine(2, 1, using: &rng)
        let (x, y) = regressionData()
        let config = TrainingConfiguration(batchSize: 8, epochs: 50, learningRate: 1e4, shuffle: false)
        var epochsEnded = 0
        let trainer = Trainer(model, TestSquaredError(), configuration: config)
        trainer.onEpochEnd = { _ in epochsEnded += 1 }
        do {
            try trainer.fit(inputs: x, targets: y)
            Issue.record("a learning rate of 1e4 should diverge")
        } catch let error as NeuralKitError {
            #expect(error.kind == .divergence)
            #expect(error.message.contains("epoch \(epochsEnded + 1), batch"))
            #expect(error.message.contains("lower learning rate"))
        }
    }

    @Test func epochEndCallbackAndAccuracyOnSeparableBlobs() throws {
        var rng = RandomGenerator(seed: 11)
        let (x, labels) = try SyntheticData.genArti(type: 0, count: 200, center: 1, sigma: 0.1, noise: 0.02, using: &rng)
        let model = TestAffine(2, 1, using: &rng)
        let config = TrainingConfiguration(batchSize: 20, epochs: 10, learningRate: 0.05, seed: 1)
        var ended: [Int] = []
        let trainer = Trainer(model, TestSquaredError(), configuration: config, decision: .threshold(0))
        trainer.onEpochEnd = { ended.append($0.epoch) }
        let history = try trainer.fit(inputs: x, targets: labels, validation: (x, labels))
        #expect(ended == Array(1...10))
        #expect(history.validationAccuracy.last!! >= 0.99)
        #expect(history.trainAccuracy.last!! >= 0.95)
    }

    @Test func badConfigurationAndDataThrowArgumentErrors() throws {
        var rng = RandomGenerator(seed: 0)
        let model = TestAffine(2, 1, using: &rng)
        let (x, y) = regressionData()
        for config in [TrainingConfiguration(batchSize: 0), TrainingConfiguration(epochs: -1), TrainingConfiguration(learningRate: .nan)] {
            #expect(throws: NeuralKitError.self) { try Trainer(model, TestSquaredError(), configuration: config).fit(inputs: x, targets: y) }
        }
        let trainer = Trainer(model, TestSquaredError(), configuration: .init())
        #expect(throws: NeuralKitError.self) { try trainer.fit(inputs: x, targets: y.rows(0..<10)) }
        #expect(throws: NeuralKitError.self) { try trainer.fit(inputs: x.rows(0..<0), targets: y.rows(0..<0)) }
    }

    @Test func evaluateDoesNotDependOnBatchSize() throws {
        var rng = RandomGenerator(seed: 4)
        let model = TestAffine(2, 3, using: &rng)
        let x = Tensor.normal([37, 2], using: &rng)
        let classes = Tensor(shape: [37], scalars: (0..<37).map { Float($0 % 3) })
        let oneHot = Tensor(shape: [37, 3], scalars: (0..<37).flatMap { i in (0..<3).map { $0 == i % 3 ? Float(1) : 0 } })
        let whole = try evaluate(network: model, loss: TestSquaredError(), inputs: x, targets: oneHot, batchSize: 1000)
        let direct = try TestSquaredError().value(target: oneHot, prediction: model.forward(x))
        #expect(abs(whole.loss - direct) < 1e-6)
        #expect(whole.accuracy == nil)
        let batched = try evaluate(network: model, loss: TestSquaredError(), inputs: x, targets: oneHot, decision: .argmax, batchSize: 5)
        #expect(abs(batched.loss - direct) < 1e-5)
        let expected = try Decision.argmax.correctCount(prediction: model.forward(x), target: classes)
        #expect(batched.accuracy == Float(expected.correct) / 37)
    }

    @Test func linearRegressionA1RecoversCoefficientsWithinOnePercent() throws {
        var rng = RandomGenerator(seed: 2024)
        let (x, y) = try SyntheticData.linearRegression(using: &rng)
        let model = TestAffine(2, 1, using: &rng)
        let config = TrainingConfiguration(batchSize: 100, epochs: 300, learningRate: 0.1, shuffle: false)
        try Trainer(model, TestSquaredError(), configuration: config).fit(inputs: x, targets: y)
        let (a, b, c) = (model.weight.value.scalars[0], model.weight.value.scalars[1], model.bias.value.scalars[0])
        #expect(abs(a - 1002) < 10.02)
        #expect(abs(b - 13) < 0.13)
        #expect(abs(c - 4) < 0.04)
    }
}
