// Tests of GEMM.multiply: the fast kernels against NaiveKernels.gemm on odd shapes and layouts.

import Dispatch
import Synchronization
import Testing
@testable import NKCore

/// One random GEMM problem with padded leading dimensions, run fast and naively.
private struct Problem {
    var transposeA: Bool, transposeB: Bool
    var m: Int, n: Int, k: Int
    var alpha: Float, beta: Float
    var lda: Int, ldb: Int, ldc: Int
    var a: [Float], b: [Float], c: [Float]

    init(_ tA: Bool, _ tB: Bool, m: Int, n: Int, k: Int, alpha: Float, beta: Float, pad: Int, using rng: inout RandomGenerator) {
        transposeA = tA; transposeB = tB
        self.m = m; self.n = n; self.k = k; self.alpha = alpha; self.beta = beta
        let aRows = tA ? k : m, aCols = tA ? m : k
        let bRows = tB ? n : k, bCols = tB ? k : n
        lda = aCols + pad; ldb = bCols + pad; ldc = n + pad
        func fill(_ count: Int) -> [Float] { (0..<count).map { _ in rng.nextUnitFloat() * 2 - 1 } }
        a = fill(max(aRows * lda, 1)); b = fill(max(bRows * ldb, 1)); c = fill(max(m * ldc, 1))
    }

    func run(fast: Bool, a: [Float]? = nil, b: [Float]? = nil, c initial: [Float]? = nil) -> [Float] {
        var c = initial ?? self.c
        let a = a ?? self.a, b = b ?? self.b
        a.withUnsafeBufferPointer { pa in
            b.withUnsafeBufferPointer { pb in
                c.withUnsafeMutableBufferPointer { pc in
                    if fast {
                        GEMM.multiply(
                            transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k, alpha: alpha,
                            a: pa.baseAddress!, lda: lda, b: pb.baseAddress!, ldb: ldb,
                            beta: beta, c: pc.baseAddress!, ldc: ldc)
                    } else {
                        NaiveKernels.gemm(
                            transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k, alpha: alpha,
                            a: pa.baseAddress!, lda: lda, b: pb.baseAddress!, ldb: ldb,
                            beta: beta, c: pc.baseAddress!, ldc: ldc)
                    }
                }
            }
        }
        return c
    }

    /// Checks fast == naive within Float rounding: the tolerance scales with Σ|alpha·a·b| + |beta·c|
    /// per element, computed by the naive kernel on absolute values. Elements of C outside the
    /// m×n block (the ldc padding) must be untouched.
    func check(_ label: String) {
        let fast = run(fast: true)
        let naive = run(fast: false)
        let bound = run(fast: false, a: a.map(abs), b: b.map(abs), c: c.map(abs))
        let boundScale = abs(alpha), betaScale = abs(beta)
        var worst = (error: Float(0), index: -1)
        for i in 0..<m {
            for j in 0..<ldc {
                let idx = i * ldc + j
                if j >= n {
                    #expect(fast[idx] == c[idx], "\(label): padding C[\(i), \(j)] changed")
                    continue
                }
                // `bound` holds alpha'·Σ|a||b| + beta'·|c| with the signed alpha and beta; rebuild it
                // from magnitudes so that the tolerance is never negative.
                let scale = alpha == 0 ? betaScale * abs(c[idx]) : abs(bound[idx]) * max(1, boundScale) + betaScale * abs(c[idx])
                let err = abs(fast[idx] - naive[idx])
                if !(err <= 2e-6 * scale + 1e-6) && (worst.index < 0 || err > worst.error) { worst = (err, idx) }
            }
        }
        #expect(
            worst.index < 0,
            "\(label): C[\(worst.index / max(ldc, 1)), \(worst.index % max(ldc, 1))] fast \(worst.index >= 0 ? fast[worst.index] : 0) naive \(worst.index >= 0 ? naive[worst.index] : 0)")
    }

    var label: String {
        "m=\(m) n=\(n) k=\(k) tA=\(transposeA) tB=\(transposeB) alpha=\(alpha) beta=\(beta) lda=\(lda) ldb=\(ldb) ldc=\(ldc)"
    }
}

@Suite struct GEMMTests {
    // Tails of the 6×16 packed tile and of the small path's 8×48 tile (masked 16-column vectors).
    static let sizes = [0, 1, 2, 3, 5, 6, 7, 8, 9, 11, 13, 15, 16, 17, 23, 31, 33, 47, 48, 49, 64, 100]
    static let coefficients: [(Float, Float)] = [(1, 0), (1, 1), (-0.5, 2), (2, -1), (0, 0.5), (1.5, 0)]

    /// Many random shapes (tails of both tiles, 0 and 1 included), all four transpose combinations,
    /// several alpha/beta pairs and padded leading dimensions, at each kernel level.
    @Test(arguments: [KernelLevel.avx512, .avx2, .generic])
    func fastMatchesNaiveOnOddShapes(level: KernelLevel) {
        var rng = RandomGenerator(seed: 2024)
        KernelLevel.with(level) {
            for trial in 0..<240 {
                let m = Self.sizes.randomElement(using: &rng)!
                let n = Self.sizes.randomElement(using: &rng)!
                let k = Self.sizes.randomElement(using: &rng)!
                let (alpha, beta) = Self.coefficients[trial % Self.coefficients.count]
                let p = Problem(
                    trial % 2 == 1, (trial / 2) % 2 == 1, m: m, n: n, k: k, alpha: alpha, beta: beta,
                    pad: [0, 1, 5][trial % 3], using: &rng)
                p.check("\(level) \(p.label)")
            }
        }
    }

    /// Sizes that cross the k (256) and n (1024) cache blocks, the W1 training shapes, and the
    /// choice between the AVX-512 level's small and packed paths.
    @Test(arguments: [KernelLevel.avx512, .avx2, .generic])
    func blockBoundariesAndTrainingShapes(level: KernelLevel) {
        var rng = RandomGenerator(seed: 7)
        let cases: [(Bool, Bool, Int, Int, Int, Float)] = [
            (false, true, 64, 100, 784, 0),  // Linear(784, 100) forward, batch 64
            (true, false, 100, 784, 64, 1),  // its weight gradient, accumulated
            (false, false, 64, 100, 10, 0),  // the input gradient of Linear(100, 10)
            (false, false, 7, 1030, 3, 0),  // two n blocks
            (true, true, 13, 19, 530, 1),  // three k blocks
            (false, true, 64, 100, 784, 1),  // swapped (100×64) and added back with beta 1
            (false, false, 13, 9, 200, 1),  // swapped: 8×8 transposing blocks plus both edges
            (true, true, 13, 9, 200, 0),
            (false, false, 64, 100, 10, 1),  // short k: computed unswapped
            (false, false, 64, 784, 100, 0),  // the input gradient of Linear(784, 100)
            (true, false, 17, 97, 530, 1),  // small path: three passes of k over C, beta 1
            (false, false, 9, 50, 300, 0),  // small path: two passes of k, a 2-column masked vector
            (false, false, 300, 40, 600, 0),  // small path on a tall product with long k
            (false, false, 270, 260, 520, 0),  // the packed path at the AVX-512 level
        ]
        KernelLevel.with(level) {
            for (tA, tB, m, n, k, beta) in cases {
                let p = Problem(tA, tB, m: m, n: n, k: k, alpha: 1, beta: beta, pad: 3, using: &rng)
                p.check("\(level) \(p.label)")
            }
        }
    }

    /// The threaded path, forced from size 0 on two and three threads, at both levels and for
    /// shapes that split by rows and by columns; (700, 100, 30) and (800, 60, 300) are tall, so that
    /// with B transposed each thread packs B once for its four pieces (two k blocks in the second).
    @Test(arguments: [KernelLevel.avx512, .avx2, .generic], [2, 3])
    func threadedPathMatchesNaive(level: KernelLevel, threads: Int) {
        var rng = RandomGenerator(seed: 99)
        KernelLevel.with(level, threads: threads, parallelWork: 0) {
            // (700, 100, 30) is tall (m ≥ 2·threads·n) with panels to spare: split by rows.
            for (m, n, k) in [(64, 100, 78), (100, 20, 33), (9, 300, 17), (31, 33, 5), (3, 40, 3), (700, 100, 30), (150, 40, 530), (800, 60, 300)] {
                for t in 0..<4 {
                    let p = Problem(t % 2 == 1, t / 2 == 1, m: m, n: n, k: k, alpha: 1, beta: t == 3 ? 1 : 0, pad: 2, using: &rng)
                    p.check("\(level) threads=\(threads) \(p.label)")
                    #expect(KernelLevel.lastGEMMTasks > 1, "\(p.label): expected a split over threads")
                }
            }
        }
    }

    /// With beta 0, the threaded product is bit-identical to the single-threaded one, whatever the
    /// pieces: here the split leaves a last piece of 2 columns (50 = 3·16 + 2) or 2 rows, which once
    /// took the GEMV path and summed in another order (PCA's transform differed by 4e-6 between 1
    /// and 2 threads). Row pieces are equal numbers of rows, so their tiles are cut differently
    /// from the single-threaded product's (103 rows: 6·16 + 4 + 3 on one thread, 52 = 6·7 + 5 + 5
    /// and 51 = 6·7 + 5 + 4 on two); every tile height must give the same sums.
    @Test(arguments: [KernelLevel.avx512, .avx2, .generic])
    func threadCountDoesNotChangeAProductWithBetaZero(level: KernelLevel) {
        var rng = RandomGenerator(seed: 98)
        for (m, n, k) in [
            (100, 50, 784), (50, 100, 300), (38, 17, 40), (200, 2, 64), (700, 100, 30), (103, 20, 70), (98, 300, 33), (61, 40, 530),
            (800, 60, 300),
        ] {
            for t in 0..<4 {
                let p = Problem(t % 2 == 1, t / 2 == 1, m: m, n: n, k: k, alpha: 1, beta: 0, pad: 1, using: &rng)
                let one = KernelLevel.with(level, threads: 1) { p.run(fast: true) }
                for threads in [2, 3] {
                    let many = KernelLevel.with(level, threads: threads, parallelWork: 0) { p.run(fast: true) }
                    let differing = zip(many, one).enumerated().filter { $0.element.0 != $0.element.1 }.map(\.offset)
                    if !differing.isEmpty { Issue.record("\(level) \(p.label) on \(threads) threads: \(differing.count) elements differ, first at \(differing.prefix(5))") }
                }
            }
        }
    }

    /// Batch-1 inference against a large transposed weight is split over the threads by outputs,
    /// and gives bit for bit the single-threaded GEMV; small or untransposed ones stay on one thread.
    @Test(arguments: [KernelLevel.avx512, .avx2, .generic])
    func batchOneProductsSplitByOutputsWithTheSerialResult(level: KernelLevel) {
        var rng = RandomGenerator(seed: 97)
        for (m, n, k, tB, split) in [
            (1, 100, 784, true, true), (2, 100, 784, true, true), (1, 50, 700, true, true), (1, 37, 1000, true, true),
            (1, 10, 100, true, false), (1, 100, 784, false, false),
        ] {
            for beta: Float in [0, 1] {
                let p = Problem(false, tB, m: m, n: n, k: k, alpha: 1, beta: beta, pad: 1, using: &rng)
                p.check("\(level) \(p.label)")
                let one = KernelLevel.with(level, threads: 1) { p.run(fast: true) }
                for threads in [2, 3] {
                    let (many, tasks) = KernelLevel.with(level, threads: threads) { (p.run(fast: true), KernelLevel.lastGEMMTasks) }
                    #expect(many == one, "\(level) \(p.label) on \(threads) threads differs from one thread")
                    #expect((tasks > 1) == split, "\(level) \(p.label) on \(threads) threads: \(tasks) tasks")
                }
            }
        }
    }

    /// With B transposed (a Linear layer's forward product) both x86 levels take the packed path, and
    /// the AVX-512 level's wide tiles sum every element as the AVX2 kernel's 6×16 tiles do: the same
    /// bits, whatever the width of the last panel (a full zmm, a ymm per row for at most 8 columns,
    /// a ymm per pair of rows for at most 4) and the number of rows (an odd last row has no partner),
    /// over one k block or two. Only for beta = 0 (a forward product): with beta ≠ 0 the two levels
    /// may choose differently whether to compute Cᵀ (their tiles waste different columns), which
    /// adds C in at another point of the k blocks; and with alpha ≠ 1 over several k blocks the AVX2
    /// kernel rounds alpha·acc before adding C in a partial panel.
    @Test func wideTilesGiveTheBitsOfTheAVX2Kernel() {
        var rng = RandomGenerator(seed: 104)
        for m in [3, 4, 5, 6, 11, 13, 100] {
            for n in [3, 4, 5, 8, 9, 16, 20, 36, 52, 68, 100] {
                for k in [7, 300] {
                    let p = Problem(m % 2 == 1, true, m: m, n: n, k: k, alpha: 1, beta: 0, pad: 1, using: &rng)
                    let avx2 = KernelLevel.with(.avx2, threads: 1) { p.run(fast: true) }
                    let avx512 = KernelLevel.with(.avx512, threads: 1) { p.run(fast: true) }
                    #expect(avx512 == avx2, "\(p.label): the levels differ")
                }
            }
        }
    }

    /// Several threads calling GEMM at once (the pool is then busy for all but one of them).
    @Test func concurrentCallersGetCorrectResults() {
        let problems: [Problem] = (0..<8).map { i in
            var rng = RandomGenerator(seed: UInt64(100 + i))
            return Problem(i % 2 == 0, i % 3 == 0, m: 40, n: 50, k: 60, alpha: 1, beta: 0, pad: 1, using: &rng)
        }
        let expected = problems.map { $0.run(fast: false) }
        let mismatches = Mutex([Float](repeating: .infinity, count: problems.count))
        DispatchQueue.concurrentPerform(iterations: problems.count) { i in
            let got = KernelLevel.with(nil, threads: 2, parallelWork: 0) { problems[i].run(fast: true) }
            let worst = zip(got, expected[i]).map { abs($0 - $1) }.max() ?? 0
            mismatches.withLock { $0[i] = worst }
        }
        #expect(mismatches.withLock { $0 }.allSatisfy { $0 < 1e-4 })
    }

    /// beta == 0 overwrites C without reading it: NaN there must not leak into the result.
    @Test(arguments: [KernelLevel.avx512, .avx2, .generic])
    func betaZeroIgnoresNaN(level: KernelLevel) {
        var rng = RandomGenerator(seed: 3)
        KernelLevel.with(level) {
            for (m, n, k) in [(1, 10, 100), (2, 37, 5), (6, 16, 8), (20, 50, 40), (5, 7, 0)] {
                for t in 0..<4 {
                    var p = Problem(t % 2 == 1, t / 2 == 1, m: m, n: n, k: k, alpha: 1, beta: 0, pad: 0, using: &rng)
                    p.c = [Float](repeating: .nan, count: p.c.count)
                    let out = p.run(fast: true)
                    #expect(out.allSatisfy { !$0.isNaN }, "\(level) \(p.label): NaN in C leaked through beta = 0")
                }
            }
        }
    }

    @Test func matmulAgreesWithDefinition() {
        let a = Tensor(shape: [2, 3], scalars: [1, 2, 3, 4, 5, 6])
        let b = Tensor(shape: [3, 2], scalars: [7, 8, 9, 10, 11, 12])
        #expect(Tensor.matmul(a, b).scalars == [58, 64, 139, 154])
        #expect(Tensor.matmul(a, a, transposeB: true).scalars == [14, 32, 32, 77])
        #expect(Tensor.matmul(a, a, transposeA: true).shape == [3, 3])
        let empty = Tensor.matmul(Tensor(zeros: [2, 0]), Tensor(zeros: [0, 3]))
        #expect(empty.shape == [2, 3] && empty.scalars.allSatisfy { $0 == 0 })
    }
}
