// Tests of DoubleConv1D: gradient check, and both halves against the naive 2-D convolution.

import Testing
import NeuralKit
import NKTestSupport

@Suite struct DoubleConv1DTests {
    @Test func gradientCheck() throws {
        var rng = RandomGenerator(seed: 81)
        for (n, h, w, ci, co, k) in [(1, 3, 3, 1, 1, 2), (2, 5, 4, 2, 3, 3), (1, 4, 6, 1, 2, 1)] {
            let layer = DoubleConv1D(kSize: k, chanIn: ci, chanOut: co, using: &rng)
            let result = try GradientCheck.check(layer, input: TestSupport.input([n, h, w, ci], using: &rng), options: .init(seed: 81))
            #expect(result.passed, "\(layer): \(result)")
            #expect(result.entries.map(\.name) == ["input", "h.weight", "h.bias", "v.weight", "v.bias"])
        }
    }

    /// Each sample's output is the (1×k) convolution flattened, then the (k×1) one, as documented.
    @Test func halvesAreTheRowAndColumnConvolutions() throws {
        var rng = RandomGenerator(seed: 82)
        let layer = DoubleConv1D(kSize: 3, chanIn: 1, chanOut: 2, side: 5, using: &rng)
        let x = TestSupport.input([2, 25], using: &rng)
        let y = try layer.forward(x)
        #expect(y.shape == [2, 2 * 5 * 3 * 2])
        let p = layer.parameters.map(\.value), image = x.reshaped([2, 5, 5, 1])
        let h = NaiveConvolution.conv2D(image, weight: p[0], bias: p[1], stride: (1, 1), padding: (0, 0))
        let v = NaiveConvolution.conv2D(image, weight: p[2], bias: p[3], stride: (1, 1), padding: (0, 0))
        var expected: [Float] = []
        for i in 0..<2 {
            let rows = (i * 30)..<(i * 30 + 30)
            expected += h.scalars[rows]
            expected += v.scalars[rows]
        }
        #expect(TestSupport.maxDifference(y, Tensor(shape: [2, 60], scalars: expected)) < 1e-5)
        #expect(TestSupport.errorMessage { _ = try layer.forward(Tensor(zeros: [2, 24])) }?.contains("(2, 24)") == true)
    }
}
