// Tests of Bernoulli.sample: its naive reference at every kernel level and thread count, the
// frequencies it draws, its edges and how far it moves the caller's generator.

import Testing
@testable import NKCore

@Suite struct BernoulliTests {
    static func probabilities(rows: Int, width: Int, seed: UInt64) -> Tensor {
        var rng = RandomGenerator(seed: seed)
        return Tensor.uniform([rows, width], low: 0, high: 1, using: &rng)
    }

    /// The samples are the reference's bits (widths with and without a partial last vector of
    /// eight lanes), whatever the kernel level and however the rows are split over threads.
    @Test(arguments: [(1, 1), (3, 7), (64, 784), (64, 500), (10, 13), (40, 1_000)])
    func equalsTheReferenceAtEveryLevelAndThreadCount(rows: Int, width: Int) {
        let p = Self.probabilities(rows: rows, width: width, seed: UInt64(rows * 1_000 + width))
        var seedSource = RandomGenerator(seed: 77)
        let seed = seedSource.next()
        var expected = [Float](repeating: -1, count: p.count)
        p.withUnsafeBufferPointer { pb in expected.withUnsafeMutableBufferPointer { NaiveKernels.bernoulli(pb, $0, width: width, seed: seed) } }
        for level in [KernelLevel.generic, .avx2, .avx512] {
            for threads in [1, 2, 3] {
                var rng = RandomGenerator(seed: 77)
                let got = KernelLevel.with(level, threads: threads) { Bernoulli.sample(p, using: &rng) }
                #expect(got.shape == p.shape)
                let differing = (0..<p.count).filter { got.scalars[$0] != expected[$0] }
                #expect(differing.isEmpty, "\(level) on \(threads) threads, \(rows)×\(width): \(differing.count) differ, first \(differing.prefix(3))")
            }
        }
    }

    /// Each unit is 1 as often as its probability says (within 4 standard errors over 4,000 rows),
    /// the caller's generator moves by one draw, and two calls draw different samples.
    @Test func drawsAtTheGivenFrequenciesAndMovesTheGeneratorByOne() {
        let probs: [Float] = [0, 0.02, 0.25, 0.5, 0.75, 0.98, 1, 0.1, 0.9, 0.33, 0.66]
        let rows = 4_000
        let p = Tensor(shape: [rows, probs.count], scalars: (0..<rows).flatMap { _ in probs })
        var rng = RandomGenerator(seed: 5)
        var twin = rng
        let s = Bernoulli.sample(p, using: &rng)
        _ = twin.next()
        #expect(rng == twin)
        for (j, q) in probs.enumerated() {
            let ones = (0..<rows).reduce(0) { $0 + Int(s.scalars[$1 * probs.count + j]) }
            let frequency = Double(ones) / Double(rows), se = (Double(q) * (1 - Double(q)) / Double(rows)).squareRoot()
            #expect(abs(frequency - Double(q)) <= max(4 * se, 1e-12), "unit \(j): \(frequency) vs \(q)")
        }
        #expect(s.scalars.allSatisfy { $0 == 0 || $0 == 1 })
        #expect(Bernoulli.sample(p, using: &rng) != s)
    }

    /// Probabilities outside [0, 1] and NaN give 0 below and at 0 (and NaN), 1 at and above 1;
    /// empty and rank-0 tensors keep their shape.
    @Test func edges() {
        var rng = RandomGenerator(seed: 3)
        let p = Tensor(shape: [2, 5], scalars: [-1, 0, .nan, 1, 2, -.infinity, .infinity, 0, 1, 1.5])
        let s = Bernoulli.sample(p, using: &rng)
        #expect(s.scalars == [0, 0, 0, 1, 1, 0, 1, 0, 1, 1])
        #expect(Bernoulli.sample(Tensor(zeros: [0, 4]), using: &rng).shape == [0, 4])
        #expect(Bernoulli.sample(Tensor(Float(1)), using: &rng).scalars == [1])
    }
}
