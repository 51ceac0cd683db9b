// Gradient checks whose tolerance follows each tensor's scale: broken backward passes fail on a
// CIFAR-sized net at normal scale and with every weight scaled by 10⁻³; correct ones pass at both.

import Testing
import NeuralKit
import NKTestSupport

/// Any module whose input gradient (`backwardDelta`) is `factor` times the right one.
final class ScaledDelta: Module {
    let inner: any Module, factor: Float
    init(_ inner: any Module, factor: Float) { (self.inner, self.factor) = (inner, factor) }
    var parameters: [Parameter] { inner.parameters }
    func outputShape(for s: [Int]) throws -> [Int] { try inner.outputShape(for: s) }
    func forward(_ x: Tensor) throws -> Tensor { try inner.forward(x) }
    func backwardUpdateGradient(input: Tensor, delta: Tensor) throws { try inner.backwardUpdateGradient(input: input, delta: delta) }
    func backwardDelta(input: Tensor, delta: Tensor) throws -> Tensor {
        let d = try inner.backwardDelta(input: input, delta: delta)
        return Tensor(shape: d.shape, scalars: d.scalars.map { factor * $0 })
    }
    var description: String { "ScaledDelta(\(inner), \(factor))" }
}

/// Any module whose first parameter's gradient (a layer's weight) is `factor` times the right one.
final class ScaledWeightGradient: Module {
    let inner: any Module, factor: Float
    init(_ inner: any Module, factor: Float) { (self.inner, self.factor) = (inner, factor) }
    var parameters: [Parameter] { inner.parameters }
    func outputShape(for s: [Int]) throws -> [Int] { try inner.outputShape(for: s) }
    func forward(_ x: Tensor) throws -> Tensor { try inner.forward(x) }
    func backwardUpdateGradient(input: Tensor, delta: Tensor) throws {
        let weight = inner.parameters[0], before = weight.gradient
        try inner.backwardUpdateGradient(input: input, delta: delta)
        let f = factor
        weight.gradient = Tensor(shape: before.shape, scalars: zip(before.scalars, weight.gradient.scalars).map { $0 + f * ($1 - $0) })
    }
    func backwardDelta(input: Tensor, delta: Tensor) throws -> Tensor { try inner.backwardDelta(input: input, delta: delta) }
    var description: String { "ScaledWeightGradient(\(inner), \(factor))" }
}

@Suite struct ScaledGradientCheckTests {
    /// Every parameter of `model` multiplied by `factor`.
    func scale(_ model: Sequential, by factor: Float) -> Sequential {
        for p in model.parameters { p.value = Tensor(shape: p.value.shape, scalars: p.value.scalars.map { $0 * factor }) }
        return model
    }

    /// `Linear(3072, 50) - ReLU() - Linear(50, 10)` (report 002's net), with the pieces given.
    func cifarNet(
        first: (Linear) -> any Module = { $0 }, relu: any Module = ReLU(), second: (Linear) -> any Module = { $0 },
        scale factor: Float
    ) -> Sequential {
        var rng = RandomGenerator(seed: 90)
        return scale(Sequential([first(Linear(3072, 50, using: &rng)), relu, second(Linear(50, 10, using: &rng))]), by: factor)
    }

    func check(_ model: Sequential, batch: Int = 3, width: Int = 3072, inputScale: Float = 1) throws -> GradientCheckResult {
        var rng = RandomGenerator(seed: 91)
        let x = Tensor(shape: [batch, width], scalars: Tensor.normal([batch, width], using: &rng).scalars.map { $0 * inputScale })
        let y = GradientCheck.randomTarget(for: .ce, batch: batch, width: 10, using: &rng)
        return try GradientCheck.check(model, loss: CrossEntropyLoss(), input: x, target: y, options: .init(maxElementsPerTensor: 128))
    }

    @Test(arguments: [Float(1), 1e-3])
    func correctNetPassesAtEveryScale(scale: Float) throws {
        let result = try check(cifarNet(scale: scale))
        #expect(result.passed, "\(result)")
        #expect(result.entries.map(\.name) == ["input", "0.weight", "0.bias", "2.weight", "2.bias", "output"])
        #expect(result.entries.allSatisfy { $0.scale > 0 }, "\(result)")
    }

    @Test(arguments: [Float(1), 1e-3])
    func brokenLinearBackwardsFailAtEveryScale(scale: Float) throws {
        for factor: Float in [2, 0.5, -1] {
            let weight = try check(cifarNet(first: { ScaledWeightGradient($0, factor: factor) }, scale: scale))
            #expect(!weight.passed && weight.entries.first { $0.name == "0.weight" }?.passed == false, "weight ×\(factor) at \(scale): \(weight)")
            let delta = try check(cifarNet(second: { ScaledDelta($0, factor: factor) }, scale: scale))
            #expect(!delta.passed && delta.entries.first { $0.name == "0.weight" }?.passed == false, "delta ×\(factor) at \(scale): \(delta)")
        }
    }

    @Test(arguments: [Float(1), 1e-3])
    func brokenReLUBackwardsFailAtEveryScale(scale: Float) throws {
        for (name, rule) in [
            ("no mask", { @Sendable (_: Float, d: Float) in d }),
            ("inverted mask", { @Sendable (x: Float, d: Float) in x > 0 ? 0 : d }),
            ("half slope", { @Sendable (x: Float, d: Float) in x > 0 ? d / 2 : 0 }),
        ] {
            let result = try check(cifarNet(relu: ReLUWithBackward(rule), scale: scale))
            #expect(!result.passed && result.entries.first { $0.name == "0.weight" }?.passed == false, "\(name) at \(scale): \(result)")
        }
        #expect(try check(cifarNet(relu: ReLUWithBackward({ x, d in x > 0 ? d : 0 }), scale: scale)).passed)
    }

    @Test(arguments: [Float(1), 1e-3])
    func brokenConvBackwardsFailAtEveryScale(scale: Float) throws {
        func net(_ conv: (Conv2D) -> any Module) -> Sequential {
            var rng = RandomGenerator(seed: 92)
            return self.scale(
                Sequential([
                    Reshape([8, 8, 3]), conv(Conv2D(3, 4, kernel: 3, using: &rng)), ReLU(), Flatten(),
                    Linear(144, 10, using: &rng),
                ]), by: scale)
        }
        #expect(try check(net { $0 }, width: 192).passed)
        for factor: Float in [2, 0.5, -1] {
            let weight = try check(net { ScaledWeightGradient($0, factor: factor) }, width: 192)
            #expect(!weight.passed && weight.entries.first { $0.name == "1.weight" }?.passed == false, "conv weight ×\(factor) at \(scale): \(weight)")
            let delta = try check(net { ScaledDelta($0, factor: factor) }, width: 192)
            #expect(!delta.passed && delta.entries.first { $0.name == "input" }?.passed == false, "conv delta ×\(factor) at \(scale): \(delta)")
        }
    }

    /// The case that slipped through an absolute tolerance: first-layer gradients below 10⁻³ (small
    /// inputs), a backward off by a factor 2, and `|a − n| ≤ 10⁻³ + 10⁻²·|n|` would have said "passed".
    @Test func aFactorTwoOnSmallGradientsIsCaught() throws {
        let result = try check(cifarNet(second: { ScaledDelta($0, factor: 2) }, scale: 1), inputScale: 1e-3)
        let entry = try #require(result.entries.first { $0.name == "0.weight" })
        #expect(entry.scale < 1e-3, "the gradients are small: \(entry)")
        #expect(abs(entry.analytic - entry.numeric) < 1e-3, "an absolute tolerance of 10⁻³ would pass it: \(entry)")
        #expect(!entry.passed && entry.worstRelativeError > 0.3, "\(entry)")
        #expect(try check(cifarNet(scale: 1), inputScale: 1e-3).passed)
    }
}
