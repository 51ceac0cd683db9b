// Tests for Optim: one SGD step, the fused backward path, and the non-finite guard.

import Testing
import NeuralKit

@Suite struct OptimTests {
    @Test func stepMovesEveryParameterByMinusStepTimesGradient() throws {
        var rng = RandomGenerator(seed: 1)
        let model = TestAffine(3, 2, using: &rng)
        let x = Tensor.normal([5, 3], using: &rng), y = Tensor.normal([5, 2], using: &rng)
        let loss = TestSquaredError()

        // The gradient, computed directly from the module's primitives.
        let before = model.parameters.map(\.value)
        let prediction = try model.forward(x)
        let expectedLoss = try loss.value(target: y, prediction: prediction)
        try model.backwardUpdateGradient(input: x, delta: try loss.backward(target: y, prediction: prediction))
        let gradients = model.parameters.map(\.gradient)
        // Stale gradient: step must zero it first.
        model.zeroGrad()
        for p in model.parameters { p.gradient = Tensor(repeating: 100, shape: p.value.shape) }

        let returned = try Optim(model, loss, step: 0.3).step(input: x, target: y)
        #expect(returned == expectedLoss)
        for (p, (old, g)) in zip(model.parameters, zip(before, gradients)) {
            for i in 0..<old.count {
                #expect(abs(p.value.scalars[i] - (old.scalars[i] - 0.3 * g.scalars[i])) < 1e-6)
            }
        }
    }

    /// With weight decay λ the step is θ − step·(g + λθ), g the loss gradient at θ.
    @Test func weightDecayAddsLambdaTimesTheWeightToTheGradient() throws {
        var rng = RandomGenerator(seed: 2)
        let model = TestAffine(3, 2, using: &rng)
        let x = Tensor.normal([5, 3], using: &rng), y = Tensor.normal([5, 2], using: &rng)
        let loss = TestSquaredError()
        let before = model.parameters.map(\.value)
        try model.backwardUpdateGradient(input: x, delta: try loss.backward(target: y, prediction: try model.forward(x)))
        let gradients = model.parameters.map(\.gradient)
        let optim = Optim(model, loss, optimizer: SGD(learningRate: 0.3, weightDecay: 0.5))
        try optim.step(input: x, target: y)
        for (p, (old, g)) in zip(model.parameters, zip(before, gradients)) {
            for i in 0..<old.count {
                let expected = old.scalars[i] - 0.3 * (g.scalars[i] + 0.5 * old.scalars[i])
                #expect(abs(p.value.scalars[i] - expected) < 1e-6)
            }
        }
        #expect(throws: NeuralKitError.self) { try TrainingConfiguration(weightDecay: -1).validate() }
    }

    @Test func usesFusedBackwardWithoutInputDelta() throws {
        var rng = RandomGenerator(seed: 2)
        let pair = TestFusedPair(TestAffine(2, 3, using: &rng), TestAffine(3, 1, using: &rng))
        let x = Tensor.normal([4, 2], using: &rng), y = Tensor.normal([4, 1], using: &rng)
        let before = try TestSquaredError().value(target: y, prediction: pair.forward(x))
        try Optim(pair, TestSquaredError(), step: 0.01).step(input: x, target: y)
        #expect(pair.fusedCalls == [false])
        #expect(pair.separateGradientCalls == 0)
        let after = try TestSquaredError().value(target: y, prediction: pair.forward(x))
        #expect(after < before)
    }

    @Test func nonFiniteLossLeavesParametersAlone() throws {
        var rng = RandomGenerator(seed: 3)
        let model = TestAffine(2, 1, using: &rng)
        let before = model.weight.value
        let x = Tensor(shape: [1, 2], scalars: [.nan, 1])
        let value = try Optim(model, TestSquaredError(), step: 0.1).step(input: x, target: Tensor(shape: [1, 1], scalars: [0]))
        #expect(value.isNaN)
        #expect(model.weight.value == before)
    }
}
