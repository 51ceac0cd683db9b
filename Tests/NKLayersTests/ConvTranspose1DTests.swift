// Tests of ConvTranspose1D: gradient check, the naive reference, and the adjoint identity with Conv1D.

import Testing
import NeuralKit
import NKTestSupport

@Suite struct ConvTranspose1DTests {
    static let cases = [(n: 1, l: 1, ci: 1, co: 1, k: 3, s: 1), (2, 5, 2, 3, 3, 2), (1, 4, 3, 1, 2, 3), (3, 3, 1, 2, 4, 1)]
        .map { (n: $0.0, l: $0.1, ci: $0.2, co: $0.3, k: $0.4, s: $0.5) }

    @Test func gradientCheckAndNaiveReference() throws {
        var rng = RandomGenerator(seed: 41)
        for c in Self.cases {
            let layer = ConvTranspose1D(kSize: c.k, chanIn: c.ci, chanOut: c.co, stride: c.s, using: &rng)
            let x = TestSupport.input([c.n, c.l, c.ci], using: &rng)
            let result = try GradientCheck.check(layer, input: x, options: .init(seed: 41))
            #expect(result.passed, "\(layer): \(result)")
            let y = try layer.forward(x)
            #expect(y.shape == [c.n, (c.l - 1) * c.s + c.k, c.co])
            let expected = NaiveConvolution.convTranspose1D(x, weight: layer.weight.value, bias: layer.bias!.value, stride: c.s)
            #expect(TestSupport.maxDifference(y, expected) < 1e-5)
        }
    }

    /// ⟨Conv1D(z), x⟩ = ⟨z, ConvTranspose1D(x)⟩ for the same filters (bias off): the transpose is the adjoint.
    @Test func isTheAdjointOfConv1D() throws {
        var rng = RandomGenerator(seed: 42)
        for c in Self.cases {
            let t = ConvTranspose1D(kSize: c.k, chanIn: c.ci, chanOut: c.co, stride: c.s, bias: false, using: &rng)
            let conv = Conv1D(kSize: c.k, chanIn: c.co, chanOut: c.ci, stride: c.s, bias: false, using: &rng)
            // Conv1D weight (out = ci, k, in = co) is the transposed conv's (ci, k, co): the same numbers.
            conv.weight.value = t.weight.value
            let x = TestSupport.input([c.n, c.l, c.ci], using: &rng)
            let z = TestSupport.input([c.n, (c.l - 1) * c.s + c.k, c.co], using: &rng)
            let left = zip(try conv.forward(z).scalars, x.scalars).reduce(0.0) { $0 + Double($1.0) * Double($1.1) }
            let right = zip(z.scalars, try t.forward(x).scalars).reduce(0.0) { $0 + Double($1.0) * Double($1.1) }
            #expect(abs(left - right) < 1e-4 * max(1, abs(left)))
        }
    }
}
