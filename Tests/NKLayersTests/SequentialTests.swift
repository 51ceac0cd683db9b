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

    /// A last child differentiated from its output (the kept forward output): the sweep still equals
    /// the chain by hand, bit for bit.
    @Test func aLastActivationIsDifferentiatedFromTheKeptOutput() throws {
        var rng = RandomGenerator(seed: 34)
        let a = Linear(6, 3, using: &rng)
        for last in [TanH() as any Module, Sigmoid()] {
            let seq = Sequential([a, last])
            let x = TestSupport.input([4, 6], using: &rng), d = TestSupport.input([4, 3], using: &rng)
            let h = try a.forward(x)
            #expect(try seq.forward(x) == (try last.forward(h)))
            seq.zeroGrad()
            let dx = try seq.backward(input: x, delta: d)
            let gradient = a.weight.gradient
            seq.zeroGrad()
            let dh = try last.backwardDelta(input: h, delta: d)
            try a.backwardUpdateGradient(input: x, delta: dh)
            #expect(dx == (try a.backwardDelta(input: x, delta: dh)))
            #expect(a.weight.gradient == gradient)
        }
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
        let expected = try seq.backward(input: other, delta: d)  // must not use x's cached outputs
        let grads = seq.parameters.map(\.gradient)
        _ = try seq.forward(x)
        #expect(try seq.backwardDelta(input: other, delta: d) == expected)
        #expect(seq.parameters.map(\.gradient) == grads)  // backwardDelta leaves gradients alone
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

@Suite struct ShapeInferenceTests {
    func model(_ spec: String) throws -> Sequential {
        var rng = RandomGenerator(seed: 0)
        return try ModelNotation.parse(spec, using: &rng)
    }

    @Test func theFirstShapeFixingLayerAfterActivationsGivesTheSampleShape() throws {
        #expect(try model("Linear(784, 10)").inferredSampleShape == [784])
        #expect(try model("TanH() - ReLU() - Linear(10, 3)").inferredSampleShape == [10])
        #expect(try model("Reshape(28, 28, 1) - Conv2D(1, 4, 5) - Flatten() - Linear(2304, 10)").inferredSampleShape == [784])
        #expect(try model("Conv2D(1, 4, 5) - Flatten()").inferredSampleShape == nil)
        #expect(try model("Flatten() - Linear(12, 2)").inferredSampleShape == nil)  // Flatten takes any sample shape
        let nested = Sequential([Sequential([TanH(), Reshape(4, 4, 1)]), Flatten()])
        #expect(nested.inferredSampleShape == [16])
    }

    @Test func layerShapesAndTheirErrors() throws {
        let net = try model("Reshape(8, 8, 1) - Conv2D(1, 2, 3) - MaxPool2D(2) - Flatten() - Linear(18, 4)")
        #expect(try net.layerOutputShapes(sampleShape: [64], batch: 5, source: "x") == [[5, 8, 8, 1], [5, 6, 6, 2], [5, 3, 3, 2], [5, 18], [5, 4]])
        let message = TestSupport.errorMessage { _ = try net.layerOutputShapes(sampleShape: [63], source: "the data") }
        #expect(message?.hasPrefix("the data gives samples of shape (63), which layer 0 (Reshape(8, 8, 1)) cannot take") == true, "\(message ?? "")")
        var rng = RandomGenerator(seed: 1)
        let mismatched = Sequential([Linear(4, 3, using: &rng), Linear(2, 1, using: &rng)])  // the notation would refuse it
        let later = TestSupport.errorMessage { _ = try mismatched.layerOutputShapes(sampleShape: [4], source: "d") }
        #expect(later?.contains("layer 1 (Linear(2, 1)) cannot take the output (batch, 3) of layer 0 (Linear(4, 3))") == true, "\(later ?? "")")
        #expect(
            TestSupport.errorMessage { _ = try self.model("Conv2D(1, 4, 5)").sampleShape(explicit: nil, hint: "pass --input-shape") }?
                .contains("pass --input-shape") == true)
    }

    /// Found by the notation fuzzer: a 0 among the sample sizes made the total count 0 (so the
    /// overflow check passed) while Reshape multiplied the other sizes and trapped.
    @Test func anEmptySampleDimensionIsRefusedBeforeAnyLayerMultipliesSizes() throws {
        let reshape = try model("Reshape(28, 999991)")
        let (shapes, failure) = Sequential.walkShapes(reshape.modules, input: [1, 0, 4_444_444_444, 4_444_444_444, 4_444_444_444])
        #expect(shapes.isEmpty)
        #expect(failure?.error.message.contains("dimension of 0") == true, "\(failure?.error.message ?? "no failure")")
        #expect(Sequential.walkShapes(reshape.modules, input: [0, 24_444_444_437, 841_376_652, 28]).failure != nil)  // a batch of 0 too
        #expect(throws: NeuralKitError.self) { try reshape.outputShape(for: [2, 3, 0]) }
    }
}
