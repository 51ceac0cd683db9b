// Tests of MaxPool1D, AvgPool1D, MaxPool2D, AvgPool2D, Flatten and Reshape.

import Testing
import NeuralKit
import NKTestSupport
@testable import NKCore

@Suite struct PoolingTests {
    /// Distinct values 0.05 apart in random order, so that no two window elements are within the
    /// gradient check's ±2h (h = 0.002·|v| rounded, |v| ≤ 7 here) of each other (max pooling has a kink at every tie).
    static func distinct(_ shape: [Int], using rng: inout RandomGenerator) -> Tensor {
        let count = shape.reduce(1, *)
        let values = (0..<count).map { Float($0 - count / 2) * 0.05 }.shuffled(using: &rng)
        return Tensor(shape: shape, scalars: values)
    }

    static let shapes1D = [(n: 1, l: 7, c: 1, k: 2, s: 2), (2, 9, 3, 3, 2), (3, 5, 2, 2, 1), (1, 8, 1, 3, 3), (2, 6, 2, 1, 1), (2, 8, 3, 2, 2), (1, 5, 19, 2, 1)]
        .map { (n: $0.0, l: $0.1, c: $0.2, k: $0.3, s: $0.4) }
    static let shapes2D = [(n: 1, h: 5, w: 5, c: 1, k: 2, s: 2), (2, 7, 6, 3, 3, 2), (1, 4, 6, 2, 2, 1), (2, 6, 5, 1, 3, 3), (2, 6, 4, 2, 2, 2), (1, 4, 4, 16, 2, 2), (1, 5, 3, 11, 2, 1)]
        .map { (n: $0.0, h: $0.1, w: $0.2, c: $0.3, k: $0.4, s: $0.5) }

    @Test(arguments: [true, false]) func pool1DGradientCheckAndNaive(max: Bool) throws {
        var rng = RandomGenerator(seed: 31)
        for p in Self.shapes1D {
            let layer: any Module = max ? MaxPool1D(kSize: p.k, stride: p.s) : AvgPool1D(kSize: p.k, stride: p.s)
            let x = Self.distinct([p.n, p.l, p.c], using: &rng)
            let result = try GradientCheck.check(layer, input: x, options: .init(step: 2e-3, seed: 31))
            #expect(result.passed, "\(layer) on \(x.shape): \(result)")
            let y = try layer.forward(x)
            #expect(y.shape == [p.n, (p.l - p.k) / p.s + 1, p.c])
            let x4 = x.reshaped([p.n, 1, p.l, p.c])
            let expected = NaiveConvolution.pool2D(x4, k: (1, p.k), stride: (1, p.s), max: max)
            #expect(TestSupport.maxDifference(y, expected.reshaped(y.shape)) < 1e-6)
            let d = TestSupport.input(y.shape, using: &rng)
            let naive = NaiveConvolution.pool2DBackward(x4, delta: d.reshaped(expected.shape), k: (1, p.k), stride: (1, p.s), max: max)
            #expect(TestSupport.maxDifference(try layer.backwardDelta(input: x, delta: d), naive.reshaped(x.shape)) < 1e-6)
        }
    }

    @Test(arguments: [true, false]) func pool2DGradientCheckAndNaive(max: Bool) throws {
        var rng = RandomGenerator(seed: 32)
        for p in Self.shapes2D {
            let layer: any Module = max ? MaxPool2D(p.k, stride: p.s) : AvgPool2D(p.k, stride: p.s)
            let x = Self.distinct([p.n, p.h, p.w, p.c], using: &rng)
            let result = try GradientCheck.check(layer, input: x, options: .init(step: 2e-3, seed: 32))
            #expect(result.passed, "\(layer) on \(x.shape): \(result)")
            let y = try layer.forward(x)
            let expected = NaiveConvolution.pool2D(x, k: (p.k, p.k), stride: (p.s, p.s), max: max)
            #expect(TestSupport.maxDifference(y, expected) < 1e-6)
            let d = TestSupport.input(y.shape, using: &rng)
            let naive = NaiveConvolution.pool2DBackward(x, delta: d, k: (p.k, p.k), stride: (p.s, p.s), max: max)
            #expect(TestSupport.maxDifference(try layer.backwardDelta(input: x, delta: d), naive) < 1e-6)
        }
    }

    /// Many ties (values in {0, 1, 2}) and 70 channels (past the kernel's 64-channel chunk), at both
    /// kernel levels: forward and backward equal the naive reference, the gradient going to the first
    /// maximum of each window.
    @Test(arguments: [KernelLevel.avx2, .generic])
    func tiesAndWideChannelsMatchNaive(level: KernelLevel) throws {
        var rng = RandomGenerator(seed: 33)
        for (shape, k, s) in [([2, 6, 5, 70], 2, 2), ([1, 5, 5, 70], 3, 1), ([2, 4, 4, 9], 2, 2)] {
            let x = Tensor(shape: shape, scalars: (0..<shape.reduce(1, *)).map { _ in Float(rng.next() % 3) })
            for max in [true, false] {
                let layer: any Module = max ? MaxPool2D(k, stride: s) : AvgPool2D(k, stride: s)
                let (y, dx, d) = try KernelLevel.with(level) { () throws -> (Tensor, Tensor, Tensor) in
                    let y = try layer.forward(x)
                    let d = TestSupport.input(y.shape, using: &rng)
                    return (y, try layer.backwardDelta(input: x, delta: d), d)
                }
                #expect(TestSupport.maxDifference(y, NaiveConvolution.pool2D(x, k: (k, k), stride: (s, s), max: max)) < 1e-6)
                let naive = NaiveConvolution.pool2DBackward(x, delta: d, k: (k, k), stride: (s, s), max: max)
                #expect(TestSupport.maxDifference(dx, naive) < 1e-6, "\(layer) on \(shape), \(level)")
            }
        }
    }

    /// Hand-computed: windows [1, 5], [3, 2], [4, 0] of one channel.
    @Test func maxAndAverageByHand() throws {
        let x = Tensor(shape: [1, 6, 1], scalars: [1, 5, 3, 2, 4, 0])
        #expect(try MaxPool1D(kSize: 2, stride: 2).forward(x).scalars == [5, 3, 4])
        #expect(try AvgPool1D(kSize: 2, stride: 2).forward(x).scalars == [3, 2.5, 2])
        let dx = try MaxPool1D(kSize: 2, stride: 2).backwardDelta(input: x, delta: Tensor(shape: [1, 3, 1], scalars: [1, 2, 3]))
        #expect(dx.scalars == [0, 1, 2, 0, 3, 0])
    }

    @Test func flattenAndReshape() throws {
        var rng = RandomGenerator(seed: 33)
        let x = TestSupport.input([3, 2, 4, 5], using: &rng)
        let flat = try Flatten().forward(x)
        #expect(flat.shape == [3, 40] && flat.scalars == x.scalars)
        #expect(try Flatten().backwardDelta(input: x, delta: flat) == x)
        let image = try Unflatten(28, 28, 1).forward(Tensor(zeros: [2, 784]))
        #expect(image.shape == [2, 28, 28, 1])
        let m = TestSupport.errorMessage { _ = try Reshape([28, 28, 1]).forward(Tensor(zeros: [2, 780])) }
        #expect(m?.contains("Reshape(28, 28, 1)") == true && m?.contains("(2, 780)") == true)
        let pm = TestSupport.errorMessage { _ = try MaxPool2D(2).forward(Tensor(zeros: [2, 1, 5, 3])) }
        #expect(pm?.contains("MaxPool2D(k=2, stride=2)") == true && pm?.contains("(2, 1, 5, 3)") == true)
    }
}
