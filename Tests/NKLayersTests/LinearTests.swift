// Tests of Linear: values, gradients, accumulation, updates, initialisation and errors.

import Testing
import NeuralKit
import NKTestSupport

@Suite struct LinearTests {
    /// y = x·Wᵀ + b written out as loops, in Double.
    func reference(_ layer: Linear, _ x: Tensor) -> [Float] {
        let (n, i, o) = (x.rowCount, layer.inputSize, layer.outputSize)
        return (0..<(n * o)).map { e in
            let (r, j) = (e / o, e % o)
            var s = Double(layer.bias?.value.scalars[j] ?? 0)
            for k in 0..<i { s += Double(x.scalars[r * i + k]) * Double(layer.weight.value.scalars[j * i + k]) }
            return Float(s)
        }
    }

    @Test(arguments: [true, false]) func gradientCheckAtSmallShapes(bias: Bool) throws {
        var rng = RandomGenerator(seed: 11)
        for (batch, width) in TestSupport.smallShapes(seed: 11) {
            for outputs in [1, 3] {
                let layer = Linear(width, outputs, bias: bias, using: &rng)
                let x = TestSupport.input([batch, width], using: &rng)
                let result = try GradientCheck.check(layer, input: x, options: .init(seed: 11))
                #expect(result.passed, "\(result)")
                #expect(result.entries.map(\.name) == (bias ? ["input", "weight", "bias"] : ["input", "weight"]))
            }
        }
    }

    /// Zeroing is lazy (the next accumulation overwrites): after zeroGrad, one backward gives
    /// exactly what it gives on a fresh layer, a second one adds to it, and the gradient reads as
    /// zeros (and can be written) before anything accumulates.
    @Test func zeroGradThenAccumulateOverwritesStaleValues() throws {
        var rng = RandomGenerator(seed: 3)
        let layer = Linear(20, 9, using: &rng)
        let x = TestSupport.input([7, 20], using: &rng), d = TestSupport.input([7, 9], using: &rng)
        try layer.backwardUpdateGradient(input: x, delta: d)
        let fresh = layer.parameters.map(\.gradient)
        try layer.backwardUpdateGradient(input: TestSupport.input([7, 20], using: &rng), delta: d)  // stale values
        layer.zeroGrad()
        #expect(layer.weight.gradient.scalars.allSatisfy { $0 == 0 })  // read while marked
        layer.zeroGrad()
        try layer.backwardUpdateGradient(input: x, delta: d)
        #expect(layer.parameters.map(\.gradient) == fresh)
        try layer.backwardUpdateGradient(input: x, delta: d)
        for (p, g) in zip(layer.parameters, fresh) {
            #expect(TestSupport.maxDifference(p.gradient, Tensor(shape: g.shape, scalars: g.scalars.map { 2 * $0 })) < 1e-5)
        }
        layer.zeroGrad()
        layer.weight.gradient.withUnsafeMutableBufferPointer { $0[0] = 5 }  // written while marked
        #expect(layer.weight.gradient.scalars[0] == 5 && layer.weight.gradient.scalars.dropFirst().allSatisfy { $0 == 0 })
        layer.zeroGrad()
        layer.weight.gradient = Tensor(shape: [9, 20], scalars: [Float](repeating: 1, count: 180))  // replaced while marked
        #expect(layer.weight.gradient.scalars.allSatisfy { $0 == 1 })
    }

    @Test func forwardMatchesFormula() throws {
        var rng = RandomGenerator(seed: 1)
        let layer = Linear(5, 3, using: &rng)
        let x = TestSupport.input([4, 5], using: &rng)
        let y = try layer.forward(x)
        #expect(y.shape == [4, 3])
        #expect(TestSupport.maxDifference(y, Tensor(shape: [4, 3], scalars: reference(layer, x))) < 1e-6)
    }

    @Test func accumulationZeroGradAndUpdate() throws {
        var rng = RandomGenerator(seed: 2)
        let layer = Linear(3, 2, using: &rng)
        let x = TestSupport.input([4, 3], using: &rng), d = TestSupport.input([4, 2], using: &rng)
        try layer.backwardUpdateGradient(input: x, delta: d)
        let once = layer.parameters.map(\.gradient)
        #expect(once.allSatisfy { $0.scalars.contains { $0 != 0 } })
        try layer.backwardUpdateGradient(input: x, delta: d)
        for (p, g) in zip(layer.parameters, once) {
            #expect(TestSupport.maxDifference(p.gradient, Tensor(shape: g.shape, scalars: g.scalars.map { 2 * $0 })) < 1e-6)
        }
        let before = layer.parameters.map(\.value), grads = layer.parameters.map(\.gradient)
        layer.updateParameters(step: 0.25)
        for (p, (v, g)) in zip(layer.parameters, zip(before, grads)) {
            #expect(p.value.scalars == zip(v.scalars, g.scalars).map { $0 - 0.25 * $1 })
            #expect(p.gradient == g)
        }
        layer.zeroGrad()
        #expect(layer.parameters.allSatisfy { $0.gradient.scalars.allSatisfy { $0 == 0 } })
    }

    @Test func batchEqualsRowsOneByOne() throws {
        var rng = RandomGenerator(seed: 3)
        let batched = Linear(4, 3, using: &rng)
        let x = TestSupport.input([5, 4], using: &rng), d = TestSupport.input([5, 3], using: &rng)
        let y = try batched.forward(x), dx = try batched.backwardDelta(input: x, delta: d)
        try batched.backwardUpdateGradient(input: x, delta: d)
        let single = Linear(4, 3, using: &rng)
        single.weight.value = batched.weight.value
        single.bias!.value = batched.bias!.value
        for r in 0..<5 {
            let xr = x.rows(r..<(r + 1)), dr = d.rows(r..<(r + 1))
            #expect(TestSupport.maxDifference(try single.forward(xr), y.rows(r..<(r + 1))) < 1e-6)
            #expect(TestSupport.maxDifference(try single.backwardDelta(input: xr, delta: dr), dx.rows(r..<(r + 1))) < 1e-6)
            try single.backwardUpdateGradient(input: xr, delta: dr)
        }
        #expect(TestSupport.maxDifference(single.weight.gradient, batched.weight.gradient) < 1e-5)
        #expect(TestSupport.maxDifference(single.bias!.gradient, batched.bias!.gradient) < 1e-5)
    }

    @Test func initialisations() {
        var rng = RandomGenerator(seed: 4)
        let fanIn = Linear(100, 50, using: &rng)
        #expect(fanIn.weight.value.scalars.allSatisfy { abs($0) <= 0.1 })
        #expect(fanIn.bias!.value.scalars.allSatisfy { abs($0) <= 0.1 } && fanIn.bias!.value.scalars.contains { abs($0) > 0.05 })
        #expect(fanIn.weight.value.scalars.contains { abs($0) > 0.09 })
        let xavier = Linear(100, 50, initialization: .xavierUniform, using: &rng)
        let bound = (6.0 / 150.0).squareRoot()
        #expect(xavier.weight.value.scalars.allSatisfy { abs(Double($0)) <= bound })
        #expect(xavier.weight.value.scalars.contains { abs(Double($0)) > 0.9 * bound })
        #expect(xavier.bias!.value.scalars.allSatisfy { $0 == 0 })
        let he = Linear(200, 100, initialization: .heNormal, using: &rng)
        let w = he.weight.value.scalars.map(Double.init)
        let mean = w.reduce(0, +) / Double(w.count)
        let variance = w.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(w.count)
        #expect(abs(mean) < 0.005 && abs(variance / (2.0 / 200) - 1) < 0.05)
        #expect(he.bias!.value.scalars.allSatisfy { $0 == 0 })
    }

    @Test func normalInitialisationFromTheNotation() throws {
        var rng = RandomGenerator(seed: 5)
        let model = try ModelNotation.parse("Linear(400, 300, std=0.1) - Sigmoid() - Linear(300, 10)", using: &rng)
        let drawn = try #require(model.modules[0] as? Linear)
        let w = drawn.weight.value.scalars.map(Double.init)
        let mean = w.reduce(0, +) / Double(w.count)
        let std = (w.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(w.count)).squareRoot()
        #expect(abs(mean) < 0.002 && abs(std / 0.1 - 1) < 0.02)
        #expect(drawn.bias!.value.scalars.allSatisfy { $0 == 0 })
        #expect(drawn.initialization == .normal(std: 0.1) && "\(drawn)" == "Linear(400, 300, std=0.1)")
        let plain = try #require(model.modules[2] as? Linear)
        #expect(plain.initialization == .uniformFanIn && "\(plain)" == "Linear(300, 10)")
        #expect(throws: NeuralKitError.self) { try ModelNotation.parse("Linear(4, 3, std=-1)", using: &rng) }
    }

    @Test func descriptionAndShapes() throws {
        var rng = RandomGenerator(seed: 5)
        #expect(Linear(784, 100, using: &rng).description == "Linear(784, 100)")
        let noBias = Linear(784, 100, bias: false, using: &rng)
        #expect(noBias.description == "Linear(784, 100, bias=false)" && noBias.parameterCount == 78_400)
        #expect(try Linear(12, 5, using: &rng).outputShape(for: [7, 3, 4]) == [7, 5])
        #expect(try Linear(2, 5, using: &rng).forward(Tensor(zeros: [0, 2])).shape == [0, 5])
    }

    @Test func shapeErrorsNameLayerAndShapes() throws {
        var rng = RandomGenerator(seed: 6)
        let layer = Linear(3, 2, using: &rng)
        let forward = TestSupport.errorMessage { _ = try layer.forward(Tensor(zeros: [4, 5])) }
        #expect(forward == "Linear(3, 2): expected input (batch, 3), got (4, 5)")
        let delta = TestSupport.errorMessage { _ = try layer.backwardDelta(input: Tensor(zeros: [4, 3]), delta: Tensor(zeros: [4, 3])) }
        #expect(delta?.contains("Linear(3, 2)") == true && delta?.contains("(4, 3)") == true && delta?.contains("(4, 2)") == true)
        #expect(throws: NeuralKitError.self) { try layer.backwardUpdateGradient(input: Tensor(zeros: [4, 3]), delta: Tensor(zeros: [3, 2])) }
    }
}
