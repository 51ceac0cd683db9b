// Tests of Sequential: chaining, the one-sweep backward, cache handling and error naming.

import Testing
import NeuralKit
import NKTestSupport

@Suite struct SequentialTests {
    func model(_ rng: inout RandomGenerator) -> (Sequential, Linear, Linear) {
        let a = Linear(3, 4, using: &rng), b = Linear(4, 2, using: &rng)
        return (Sequential([a, TanH(), b]), a, b)
    }

    @Test func forwardAndBackwardMatchTheChainByHand() throws {
        var rng = RandomGenerator(seed: 31)
        let (seq, a, b) = model(&rng)
        let x = TestSupport.input([5, 3], using: &rng), d = TestSupport.input([5, 2], using: &rng)
        let h1 = try a.forward(x), h2 = try TanH().forward(h1), y = try b.forward(h2)
        #expect(try seq.forward(x) == y)
        let dx = try seq.backward(input: x, delta: d)
        let gradients = seq.parameters.map(\.gradient)
        seq.zeroGrad()
        try b.backwardUpdateGradient(input: h2, delta: d)
        let d2 = try TanH().backwardDelta(input: h1, delta: try b.backwardDelta(input: h2, delta: d))
        try a.backwardUpdateGradient(input: x, delta: d2)
        #expect(dx == (try a.backwardDelta(input: x, delta: d2)))
        #expect(seq.parameters.map(\.gradient) == gradients)
        #expect(seq.parameters.map(\.name) == ["weight", "bias", "weight", "bias"])
    }

    @Test func skippingTheInputDeltaGivesTheSameGradients() throws {
        var rng = RandomGenerator(seed: 32)
        let (seq, _, _) = model(&rng)
        let x = TestSupport.input([2, 3], using: &rng), d = TestSupport.input([2, 2], using: &rng)
        _ = try seq.forward(x)
        _ = try seq.backward(input: x, delta: d)
        let full = seq.parameters.map(\.gradient)
        seq.zeroGrad()
        #expect(try seq.backward(input: x, delta: d, needInputDelta: false) == nil)
        #expect(seq.parameters.map(\.gradient) == full)
    }

    @Test func protocolMethodsRecomputeForANewInputAndKeepTheirContracts() throws {
        var rng = RandomGenerator(seed: 33)
        let (seq, _, _) = model(&rng)
        let x = TestSupport.input([2, 3], using: &rng), other = TestSupport.input([2, 3], using: &rng)
        let d = TestSupport.input([2, 2], using: &rng)
        _ = try seq.forward(x)
        let expected = try seq.backward(input: other, delta: d)      // must not use x's cached outputs
        let grads = seq.parameters.map(\.gradient)
        _ = try seq.forward(x)
        #expect(try seq.backwardDelta(input: other, delta: d) == expected)
        #expect(seq.parameters.map(\.gradient) == grads)             // backwardDelta leaves gradients alone
        seq.zeroGrad()
        _ = try seq.forward(x)
        try seq.backwardUpdateGradient(input: other, delta: d)
        #expect(seq.parameters.map(\.gradient) == grads)
    }

    @Test func accumulatesZeroesAndUpdatesThroughChildren() throws {
        var rng = RandomGenerator(seed: 37)
        let (seq, a, _) = model(&rng)
        let x = TestSupport.input([3, 3], using: &rng), d = TestSupport.input([3, 2], using: &rng)
        _ = try seq.forward(x)
        _ = try seq.backward(input: x, delta: d, needInputDelta: false)
        let once = seq.parameters.map(\.gradient)
        _ = try seq.backward(input: x, delta: d, needInputDelta: false)
        for (p, g) in zip(seq.parameters, once) {
            #expect(TestSupport.maxDifference(p.gradient, Tensor(shape: g.shape, scalars: g.scalars.map { 2 * $0 })) < 1e-6)
        }
        let w = a.weight.value, g = a.weight.gradient
        seq.updateParameters(step: 0.5)
        #expect(a.weight.value.scalars == zip(w.scalars, g.scalars).map { $0 - 0.5 * $1 })
        seq.zeroGrad()
        #expect(seq.parameters.allSatisfy { $0.gradient.scalars.allSatisfy { $0 == 0 } })
        #expect(seq.parameterCount == 3 * 4 + 4 + 4 * 2 + 2)
    }

    @Test func gradientCheckNamesParametersByPosition() throws {
        var rng = RandomGenerator(seed: 34)
        for (batch, _) in TestSupport.smallShapes(seed: 34) {
            let seq = Sequential([Linear(3, 4, using: &rng), ELU(), Linear(4, 1, bias: false, using: &rng), Sigmoid()])
            let result = try GradientCheck.check(seq, input: TestSupport.input([batch, 3], using: &rng), options: .init(seed: 34))
            #expect(result.passed, "\(result)")
            #expect(result.entries.map(\.name) == ["input", "0.weight", "0.bias", "2.weight"])
        }
    }

    @Test func childErrorsNamePositionAndChild() throws {
        var rng = RandomGenerator(seed: 35)
        let seq = Sequential([Linear(3, 4, using: &rng), TanH(), Linear(5, 2, using: &rng)])
        let message = TestSupport.errorMessage { _ = try seq.forward(Tensor(zeros: [2, 3])) }
        #expect(message == "Sequential: layer 2 (Linear(5, 2)): Linear(5, 2): expected input (batch, 5), got (2, 4)")
        let shapeMessage = TestSupport.errorMessage { _ = try seq.outputShape(for: [2, 3]) }
        #expect(shapeMessage?.hasPrefix("Sequential: layer 2 (Linear(5, 2))") == true)
        let first = TestSupport.errorMessage { _ = try seq.forward(Tensor(zeros: [2, 7])) }
        #expect(first?.hasPrefix("Sequential: layer 0 (Linear(3, 4)): ") == true)
    }

    @Test func emptyAndDescription() throws {
        var rng = RandomGenerator(seed: 36)
        let x = TestSupport.input([2, 3], using: &rng)
        #expect(try Sequential([]).forward(x) == x)
        #expect(try Sequential([]).backward(input: x, delta: x) == x)
        #expect(Sequential([Linear(3, 4, using: &rng), ReLU()]).description == "Linear(3, 4) - ReLU()")
    }
}
