// Tests of Conv1D and Conv2D: gradient checks, the naive reference, shapes and errors.

import Testing
import NeuralKit
@testable import NKCore
import NKTestSupport

@Suite struct ConvolutionTests {
    /// Random small 1-D cases: (batch, length, chanIn, chanOut, k, stride); batch 1, width-1 channels,
    /// odd lengths and stride > 1 always among them.
    static func cases1D(seed: UInt64) -> [(n: Int, l: Int, ci: Int, co: Int, k: Int, s: Int)] {
        var rng = RandomGenerator(seed: seed)
        let fixed = [(1, 7, 1, 1, 3, 1), (1, 9, 2, 3, 3, 2), (3, 5, 1, 2, 5, 1), (2, 8, 3, 1, 2, 3)]
        let random = (0..<3).map { _ in
            (
                Int.random(in: 1...3, using: &rng), Int.random(in: 4...11, using: &rng), Int.random(in: 1...3, using: &rng),
                Int.random(in: 1...4, using: &rng), Int.random(in: 1...4, using: &rng), Int.random(in: 1...3, using: &rng)
            )
        }
        return (fixed + random).map { (n: $0.0, l: $0.1, ci: $0.2, co: $0.3, k: $0.4, s: $0.5) }
    }

    @Test func conv1DGradientCheck() throws {
        var rng = RandomGenerator(seed: 21)
        for c in Self.cases1D(seed: 21) {
            let layer = Conv1D(kSize: c.k, chanIn: c.ci, chanOut: c.co, stride: c.s, using: &rng)
            let x = TestSupport.input([c.n, c.l, c.ci], using: &rng)
            let result = try GradientCheck.check(layer, input: x, options: .init(seed: 21))
            #expect(result.passed, "\(c): \(result)")
            #expect(result.entries.map(\.name) == ["input", "weight", "bias"])
        }
    }

    @Test func conv2DGradientCheck() throws {
        var rng = RandomGenerator(seed: 22)
        for (n, h, w, ci, co, k, s, p) in [(1, 5, 5, 1, 1, 3, 1, 0), (2, 6, 7, 2, 3, 3, 2, 1), (1, 4, 3, 3, 2, 2, 1, 2), (3, 7, 5, 1, 2, 4, 3, 1)] {
            for bias in [true, false] {
                let layer = Conv2D(ci, co, kernel: k, stride: s, padding: p, bias: bias, using: &rng)
                let x = TestSupport.input([n, h, w, ci], using: &rng)
                let result = try GradientCheck.check(layer, input: x, options: .init(seed: 22))
                #expect(result.passed, "\(layer) on \(x.shape): \(result)")
                #expect(result.entries.count == (bias ? 3 : 2))
            }
        }
    }

    @Test func conv1DMatchesNaiveReference() throws {
        var rng = RandomGenerator(seed: 23)
        for c in Self.cases1D(seed: 23) {
            let layer = Conv1D(kSize: c.k, chanIn: c.ci, chanOut: c.co, stride: c.s, using: &rng)
            let x = TestSupport.input([c.n, c.l, c.ci], using: &rng)
            let y = try layer.forward(x)
            let w4 = layer.weight.value.reshaped([c.co, 1, c.k, c.ci])
            let expected = NaiveConvolution.conv2D(
                x.reshaped([c.n, 1, c.l, c.ci]), weight: w4, bias: layer.bias!.value,
                stride: (1, c.s), padding: (0, 0))
            #expect(y.shape == [c.n, (c.l - c.k) / c.s + 1, c.co])
            #expect(TestSupport.maxDifference(y, expected.reshaped(y.shape)) < 1e-5)
            let d = TestSupport.input(y.shape, using: &rng)
            let naive = NaiveConvolution.conv2DBackward(
                x.reshaped([c.n, 1, c.l, c.ci]), weight: w4, delta: d.reshaped(expected.shape),
                stride: (1, c.s), padding: (0, 0))
            #expect(TestSupport.maxDifference(try layer.backwardDelta(input: x, delta: d), naive.input.reshaped(x.shape)) < 1e-5)
            try layer.backwardUpdateGradient(input: x, delta: d)
            #expect(TestSupport.maxDifference(layer.weight.gradient, naive.weight.reshaped(layer.weight.value.shape)) < 1e-5)
            #expect(TestSupport.maxDifference(layer.bias!.gradient, naive.bias) < 1e-5)
        }
    }

    /// Batches large enough to be split over two threads (im2col, col2im and pooling split by
    /// samples) give the naive results, with ranges that do not divide the batch evenly.
    @Test func batchesSplitOverThreadsMatchNaiveReference() throws {
        var rng = RandomGenerator(seed: 26)
        let conv = Conv2D(2, 3, kernel: 5, padding: 1, using: &rng)
        let x = TestSupport.input([41, 12, 12, 2], using: &rng)  // 41 · 100 · 51 floats of im2col
        let dy = TestSupport.input([41, 10, 10, 3], using: &rng)
        let images = TestSupport.input([301, 10, 10, 3], using: &rng)  // 301 · 300 floats to pool
        let pool = MaxPool2D(2), average = AvgPool2D(3, stride: 2)
        let (y, dx, p, a, dp, da) = try KernelLevel.with(nil, threads: 2) {
            let p = try pool.forward(images), a = try average.forward(images)
            return (
                try conv.forward(x), try conv.backwardDelta(input: x, delta: dy), p, a,
                try pool.backwardDelta(input: images, delta: p), try average.backwardDelta(input: images, delta: a)
            )
        }
        #expect(
            TestSupport.maxDifference(
                y,
                NaiveConvolution.conv2D(
                    x, weight: conv.weight.value, bias: conv.bias!.value,
                    stride: (1, 1), padding: (1, 1))) < 1e-5)
        let naive = NaiveConvolution.conv2DBackward(x, weight: conv.weight.value, delta: dy, stride: (1, 1), padding: (1, 1))
        #expect(TestSupport.maxDifference(dx, naive.input) < 1e-5)
        #expect(TestSupport.maxDifference(p, NaiveConvolution.pool2D(images, k: (2, 2), stride: (2, 2), max: true)) == 0)
        #expect(TestSupport.maxDifference(a, NaiveConvolution.pool2D(images, k: (3, 3), stride: (2, 2), max: false)) < 1e-6)
        #expect(TestSupport.maxDifference(dp, NaiveConvolution.pool2DBackward(images, delta: p, k: (2, 2), stride: (2, 2), max: true)) == 0)
        #expect(TestSupport.maxDifference(da, NaiveConvolution.pool2DBackward(images, delta: a, k: (3, 3), stride: (2, 2), max: false)) < 1e-6)
    }

    @Test func conv2DMatchesNaiveReference() throws {
        var rng = RandomGenerator(seed: 24)
        for (n, h, w, ci, co, k, s, p) in [(1, 9, 7, 1, 4, 3, 2, 1), (3, 8, 8, 2, 5, 5, 1, 0), (2, 11, 6, 3, 2, 4, 3, 2), (1, 5, 5, 1, 32, 5, 1, 0)] {
            let layer = Conv2D(ci, co, kernel: k, stride: s, padding: p, using: &rng)
            let x = TestSupport.input([n, h, w, ci], using: &rng)
            let y = try layer.forward(x)
            #expect(y.shape == [n, (h + 2 * p - k) / s + 1, (w + 2 * p - k) / s + 1, co])
            let expected = NaiveConvolution.conv2D(x, weight: layer.weight.value, bias: layer.bias!.value, stride: (s, s), padding: (p, p))
            #expect(TestSupport.maxDifference(y, expected) < 1e-5)
            let d = TestSupport.input(y.shape, using: &rng)
            let naive = NaiveConvolution.conv2DBackward(x, weight: layer.weight.value, delta: d, stride: (s, s), padding: (p, p))
            #expect(TestSupport.maxDifference(try layer.backwardDelta(input: x, delta: d), naive.input) < 1e-5)
            try layer.backwardUpdateGradient(input: x, delta: d)
            try layer.backwardUpdateGradient(input: x, delta: d)  // accumulates: twice the gradient
            #expect(TestSupport.maxDifference(layer.weight.gradient, naive.weight.scaled(2)) < 1e-4)
            #expect(TestSupport.maxDifference(layer.bias!.gradient, naive.bias.scaled(2)) < 1e-4)
            layer.zeroGrad()
            #expect(layer.weight.gradient.scalars.allSatisfy { $0 == 0 })
        }
    }

    /// The cached im2col matrix must not survive a change of input (same shape, new values).
    @Test func gradientUsesTheNewInputNotTheCachedOne() throws {
        var rng = RandomGenerator(seed: 25)
        let layer = Conv2D(2, 3, kernel: 3, using: &rng)
        let x1 = TestSupport.input([2, 5, 5, 2], using: &rng), x2 = TestSupport.input([2, 5, 5, 2], using: &rng)
        let d = TestSupport.input([2, 3, 3, 3], using: &rng)
        _ = try layer.forward(x1)
        try layer.backwardUpdateGradient(input: x2, delta: d)
        let naive = NaiveConvolution.conv2DBackward(x2, weight: layer.weight.value, delta: d, stride: (1, 1), padding: (0, 0))
        #expect(TestSupport.maxDifference(layer.weight.gradient, naive.weight) < 1e-5)
    }

    /// A batch whose im2col exceeds the 16 MB scratch (600 × 784 × 10 floats) runs in chunks of samples;
    /// it must equal the same samples run in two halves that each fit.
    @Test func largeBatchInChunksEqualsHalves() throws {
        var rng = RandomGenerator(seed: 28)
        let layer = Conv2D(1, 2, kernel: 3, using: &rng)
        let x = TestSupport.input([600, 30, 30, 1], using: &rng), d = TestSupport.input([600, 28, 28, 2], using: &rng)
        let y = try layer.forward(x)
        try layer.backwardUpdateGradient(input: x, delta: d)
        let gradient = layer.weight.gradient, biasGradient = layer.bias!.gradient
        let dx = try layer.backwardDelta(input: x, delta: d)
        layer.zeroGrad()
        for half in [0..<300, 300..<600] {
            let xh = x.rows(half), dh = d.rows(half)
            #expect(TestSupport.maxDifference(try layer.forward(xh), y.rows(half)) < 1e-5)
            try layer.backwardUpdateGradient(input: xh, delta: dh)
            #expect(TestSupport.maxDifference(try layer.backwardDelta(input: xh, delta: dh), dx.rows(half)) < 1e-5)
        }
        #expect(TestSupport.maxDifference(layer.weight.gradient, gradient) < 1e-2)
        #expect(TestSupport.maxDifference(layer.bias!.gradient, biasGradient) < 1e-2)
        #expect(gradient.scalars.contains { abs($0) > 1 })  // the sums are large, so 1e-2 is tight relative
    }

    @Test func shapeErrorsNameTheLayerAndShapes() throws {
        var rng = RandomGenerator(seed: 26)
        let conv1 = Conv1D(kSize: 3, chanIn: 2, chanOut: 4, stride: 1, using: &rng)
        let m1 = TestSupport.errorMessage { _ = try conv1.forward(Tensor(zeros: [2, 10, 3])) }
        #expect(m1?.contains("Conv1D(k_size=3, chan_in=2, chan_out=4, stride=1)") == true && m1?.contains("(2, 10, 3)") == true)
        #expect(TestSupport.errorMessage { _ = try conv1.forward(Tensor(zeros: [2, 2, 2])) } != nil)  // shorter than the kernel
        let conv2 = Conv2D(1, 8, kernel: 5, using: &rng)
        let m2 = TestSupport.errorMessage { _ = try conv2.forward(Tensor(zeros: [4, 784])) }
        #expect(m2?.contains("Conv2D(in=1, out=8, kernel=5") == true && m2?.contains("(4, 784)") == true)
        #expect(
            TestSupport.errorMessage { _ = try conv2.backwardDelta(input: Tensor(zeros: [1, 6, 6, 1]), delta: Tensor(zeros: [1, 3, 3, 8])) }?
                .contains("(1, 2, 2, 8)") == true)
    }

    @Test func flatSequenceEntersAOneChannelConv1D() throws {
        var rng = RandomGenerator(seed: 27)
        let layer = Conv1D(kSize: 3, chanIn: 1, chanOut: 2, stride: 1, using: &rng)
        let x = TestSupport.input([2, 6], using: &rng)
        #expect(try layer.forward(x) == (try layer.forward(x.reshaped([2, 6, 1]))))
    }
}

extension Tensor {
    /// Every element times `factor`.
    func scaled(_ factor: Float) -> Tensor { Tensor(shape: shape, scalars: scalars.map { $0 * factor }) }
}
