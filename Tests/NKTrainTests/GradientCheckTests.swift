// Tests of GradientCheck: correct modules pass, deliberately broken ones fail, and it leaves no trace.

import Testing
import NeuralKit
import NKTestSupport

// MARK: - Deliberately broken modules and losses

/// A Linear that accumulates xᵀ·Δ instead of Δᵀ·x (the weight gradient transposed; square only).
final class TransposedGradientLinear: Module {
    let inner: Linear
    init(_ inner: Linear) { self.inner = inner }
    var parameters: [Parameter] { inner.parameters }
    func outputShape(for s: [Int]) throws -> [Int] { try inner.outputShape(for: s) }
    func forward(_ x: Tensor) throws -> Tensor { try inner.forward(x) }
    func backwardUpdateGradient(input: Tensor, delta: Tensor) throws {
        try inner.backwardUpdateGradient(input: input, delta: delta)  // the bias part is right
        inner.weight.gradient = Tensor.matmul(input, delta, transposeA: true)
    }
    func backwardDelta(input: Tensor, delta: Tensor) throws -> Tensor { try inner.backwardDelta(input: input, delta: delta) }
    var description: String { "TransposedGradientLinear" }
}

/// `y = c·x²` whose backward uses `factor·x·δ`: correct only for `factor == 2c`.
final class Square: Module {
    let c: Float, factor: Float
    init(c: Float, factor: Float) { (self.c, self.factor) = (c, factor) }
    func outputShape(for s: [Int]) throws -> [Int] { s }
    func forward(_ x: Tensor) throws -> Tensor { Tensor(shape: x.shape, scalars: x.scalars.map { c * $0 * $0 }) }
    func backwardDelta(input: Tensor, delta: Tensor) throws -> Tensor {
        Tensor(shape: input.shape, scalars: zip(input.scalars, delta.scalars).map { factor * $0 * $1 })
    }
    var description: String { "Square(c=\(c), factor=\(factor))" }
}

/// Squared error whose gradient forgets the factor 2.
struct MSEWithoutFactorTwo: Loss {
    var reduction: Reduction { .sum }
    func forward(target: Tensor, prediction: Tensor) throws -> Tensor { try MSELoss(reduction: .sum).forward(target: target, prediction: prediction) }
    func backward(target: Tensor, prediction: Tensor) throws -> Tensor {
        Tensor(shape: prediction.shape, scalars: zip(prediction.scalars, target.scalars).map { $0 - $1 })
    }
    var description: String { "MSEWithoutFactorTwo" }
}

// MARK: - Tests

@Suite struct GradientCheckTests {
    @Test func brokenModulesFailOnTheRightTensor() throws {
        var rng = RandomGenerator(seed: 61)
        for (batch, width) in TestSupport.smallShapes(seed: 61) {
            let x = TestSupport.input([batch, width], margin: 0.3, using: &rng)
            let wrongSign = try GradientCheck.check(ScaledDelta(Linear(width, 3, using: &rng), factor: -1), input: x)
            #expect(!wrongSign.passed && wrongSign.worst?.name == "input", "\(wrongSign)")
            let transposed = try GradientCheck.check(TransposedGradientLinear(Linear(width, width, using: &rng)), input: x)
            if width == 1 {  // a 1×1 weight equals its transpose
                #expect(transposed.passed, "\(transposed)")
            } else {
                #expect(!transposed.passed && transposed.worst?.name == "weight", "\(transposed)")
            }
            for (c, factor) in [(Float(1), Float(1)), (1, 4), (0.5, 0.5), (0.5, 2)] {  // missing or extra 2 or ½
                let result = try GradientCheck.check(Square(c: c, factor: factor), input: x)
                #expect(!result.passed, "\(result)")
            }
            #expect(try GradientCheck.check(Square(c: 0.5, factor: 1), input: x).passed)
            #expect(try GradientCheck.check(Square(c: 1, factor: 2), input: x).passed)
            let t = TestSupport.input([batch, width], using: &rng)
            #expect(!(try GradientCheck.check(MSEWithoutFactorTwo(), target: t, prediction: x)).passed)
            #expect(try GradientCheck.check(MSELoss(reduction: .sum), target: t, prediction: x).passed)
        }
    }

    @Test func correctModelWithLossPassesAndNamesParameters() throws {
        var rng = RandomGenerator(seed: 62)
        let model = try ModelNotation.parse("Linear(4, 5) - TanH() - Linear(5, 3)", using: &rng)
        let x = TestSupport.input([6, 4], using: &rng)
        let y = TestSupport.classIndices(batch: 6, classes: 3, using: &rng)
        let result = try GradientCheck.check(model, loss: CrossEntropyLoss(), input: x, target: y)
        #expect(result.passed, "\(result)")
        #expect(result.entries.map(\.name) == ["input", "0.weight", "0.bias", "2.weight", "2.bias", "output"])
        #expect(result.entries.map(\.checkedCount) == [24, 20, 5, 15, 3, 18])
        #expect(result.description.hasPrefix("gradient check of Linear(4, 5) - TanH() - Linear(5, 3) with CrossEntropyLoss(reduction=mean) (seed 0): passed"))
    }

    @Test func leavesValuesAndGradientsAsTheyWere() throws {
        var rng = RandomGenerator(seed: 63)
        let layer = Linear(3, 2, using: &rng)
        let x = TestSupport.input([2, 3], using: &rng)
        try layer.backwardUpdateGradient(input: x, delta: TestSupport.input([2, 2], using: &rng))
        let values = layer.parameters.map(\.value), gradients = layer.parameters.map(\.gradient)
        _ = try GradientCheck.check(layer, input: x)
        #expect(layer.parameters.map(\.value) == values)
        #expect(layer.parameters.map(\.gradient) == gradients)
    }

    @Test func samplesBigTensorsAndReportsFailures() throws {
        var rng = RandomGenerator(seed: 64)
        let layer = Linear(30, 20, using: &rng)
        let x = TestSupport.input([2, 30], using: &rng)
        let result = try GradientCheck.check(layer, input: x, options: .init(maxElementsPerTensor: 50, seed: 7))
        #expect(result.passed && result.seed == 7)
        #expect(result.entries.map(\.checkedCount) == [50, 50, 20])
        let broken = try GradientCheck.check(ScaledDelta(layer, factor: -1), input: x)
        let line = try #require(broken.description.split(separator: "\n").first { $0.contains("input") })
        #expect(line.hasPrefix("  FAIL input (2, 30), 60 checked: worst ratio"))
        #expect(broken.description.contains("FAILED"))
        let entry = try #require(broken.worst)
        #expect(entry.analytic * entry.numeric < 0 && entry.worstRelativeError > 1.9)  // opposite signs: relative error 2
    }
}
