// Tests of GEMM.gram: the symmetric kernel against NaiveKernels.gram on odd shapes and thread counts.

import Testing
@testable import NKCore

@Suite struct GramTests {
    /// Runs the fast and the naive kernel on random `n × d` rows (leading dimension `d + pad`) and
    /// checks every entry, both triangles, within Float rounding of Σ|x − μ|² terms.
    func check(n: Int, d: Int, pad: Int, centred: Bool, alpha: Float, seed: UInt64) {
        var rng = RandomGenerator(seed: seed)
        let ldx = d + pad
        let x = (0..<max(n * ldx, 1)).map { _ in rng.nextUnitFloat() * 2 + 0.5 }  // a non-zero mean
        let mean = (0..<max(d, 1)).map { _ in rng.nextUnitFloat() + 1 }
        var fast = [Float](repeating: .nan, count: d * d)  // NaN: every entry must be written
        var naive = [Float](repeating: 0, count: d * d)
        var bound = [Float](repeating: 0, count: d * d)
        let absolute = x.map(abs), zero = [Float](repeating: 0, count: max(d, 1))
        let spread = centred ? mean.map { $0 + 3 } : zero  // |x − μ| ≤ |x| + |μ| ≤ 3 + μ
        x.withUnsafeBufferPointer { px in
            mean.withUnsafeBufferPointer { m in
                fast.withUnsafeMutableBufferPointer { f in
                    GEMM.gram(n: n, d: d, x: px.baseAddress!, ldx: ldx, mean: centred ? m.baseAddress! : nil, alpha: alpha, c: f.baseAddress!)
                }
                naive.withUnsafeMutableBufferPointer { c in
                    NaiveKernels.gram(n: n, d: d, x: px.baseAddress!, ldx: ldx, mean: centred ? m.baseAddress! : nil, alpha: alpha, c: c.baseAddress!)
                }
            }
        }
        absolute.withUnsafeBufferPointer { px in
            bound.withUnsafeMutableBufferPointer { c in
                // n · max|x − μ|² per entry, an upper bound of Σ|x − μ||x − μ|
                for i in 0..<(d * d) { c[i] = Float(n) * (3 + spread[i / max(d, 1)]) * (3 + spread[i % max(d, 1)]) * abs(alpha) }
                _ = px
            }
        }
        var worst = -1
        for i in 0..<d {
            for j in 0..<d {
                let e = i * d + j
                let ok = abs(fast[e] - naive[e]) <= 1e-6 * bound[e] + 1e-6 && fast[e] == fast[j * d + i]
                if !ok && worst < 0 { worst = e }
            }
        }
        #expect(worst < 0, "n=\(n) d=\(d) pad=\(pad) centred=\(centred): C[\(worst / max(d, 1)), \(worst % max(d, 1))] fast \(worst >= 0 ? fast[worst] : 0) naive \(worst >= 0 ? naive[worst] : 0)")
    }

    /// Tails of the 6 × 16 tile and of the 256-row and 256-column blocks, with and without centring.
    @Test(arguments: [KernelLevel.avx2, .generic])
    func fastMatchesNaive(level: KernelLevel) {
        KernelLevel.with(level) {
            var seed: UInt64 = 1
            for (n, d) in [(1, 1), (2, 3), (7, 5), (20, 16), (33, 17), (257, 6), (300, 23), (513, 40), (40, 270)] {
                for centred in [true, false] {
                    check(n: n, d: d, pad: Int(seed % 3), centred: centred, alpha: centred ? 1 / Float(max(n - 1, 1)) : 1, seed: seed)
                    seed += 1
                }
            }
        }
    }

    /// Forced onto 2 and 3 threads: blocks of rows are shared out and the partial sums added.
    @Test(arguments: [KernelLevel.avx2, .generic], [2, 3])
    func threadedMatchesNaive(level: KernelLevel, threads: Int) {
        KernelLevel.with(level, threads: threads, parallelWork: 0) {
            for (n, d) in [(600, 21), (1_100, 35), (257, 3)] {
                check(n: n, d: d, pad: 1, centred: true, alpha: 0.5, seed: UInt64(n + d))
            }
        }
    }

    /// On a subset of the columns (unordered, with gaps), equal to the naive Gram of those columns.
    @Test(arguments: [KernelLevel.avx2, .generic])
    func selectedColumnsMatchNaive(level: KernelLevel) {
        var rng = RandomGenerator(seed: 77)
        let n = 300, ldx = 41
        let columns = [40, 0, 3, 4, 5, 17, 18, 19, 20, 21, 22, 23, 30, 31, 32, 33, 34, 35, 36]
        let m = columns.count
        let x = (0..<(n * ldx)).map { _ in rng.nextUnitFloat() * 2 - 1 }
        let mean = columns.map { _ in rng.nextUnitFloat() * 0.1 }
        let gathered = (0..<(n * m)).map { e in x[(e / m) * ldx + columns[e % m]] }
        var fast = [Float](repeating: .nan, count: m * m), naive = [Float](repeating: 0, count: m * m)
        KernelLevel.with(level, threads: 2, parallelWork: 0) {
            x.withUnsafeBufferPointer { px in
                columns.withUnsafeBufferPointer { cols in
                    mean.withUnsafeBufferPointer { mu in
                        fast.withUnsafeMutableBufferPointer { f in
                            GEMM.gram(n: n, columns: cols, x: px.baseAddress!, ldx: ldx, mean: mu.baseAddress!, alpha: 0.5, c: f.baseAddress!)
                        }
                    }
                }
            }
        }
        gathered.withUnsafeBufferPointer { g in
            mean.withUnsafeBufferPointer { mu in
                naive.withUnsafeMutableBufferPointer { c in
                    NaiveKernels.gram(n: n, d: m, x: g.baseAddress!, ldx: m, mean: mu.baseAddress!, alpha: 0.5, c: c.baseAddress!)
                }
            }
        }
        for e in 0..<(m * m) { #expect(abs(fast[e] - naive[e]) < 1e-4, "entry \(e / m), \(e % m)") }
    }

    @Test func noRowsGiveZero() {
        var c = [Float](repeating: .nan, count: 9)
        let x: [Float] = [0]
        x.withUnsafeBufferPointer { px in
            c.withUnsafeMutableBufferPointer { pc in
                GEMM.gram(n: 0, d: 3, x: px.baseAddress!, ldx: 3, mean: nil, alpha: 1, c: pc.baseAddress!)
            }
        }
        #expect(c == [Float](repeating: 0, count: 9))
    }
}
