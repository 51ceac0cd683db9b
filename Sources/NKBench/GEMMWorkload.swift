// G1: the GEMM products the networks run, in GFLOP/s beside the machine's measured FMA peak.

import Foundation
import NKCore

extension Workloads {
    /// One product of G1: C (m × n) = op(A)·op(B) over k, and the workload that runs it.
    struct Product {
        var m: Int, n: Int, k: Int
        var transposeA = false, transposeB = false
        var role: String
        /// The issue's target in GFLOP/s on two threads (none for a product without one).
        var target: Double? = nil

        /// `64x100x784 NT`: the shape and which operands are transposed (N: as stored, T: transposed).
        var key: String { "\(m)x\(n)x\(k) \(transposeA ? "T" : "N")\(transposeB ? "T" : "N")" }
    }

    /// The products of issue 27's table, then the other training products of W1 and W6.
    static let gemmProducts: [Product] = [
        Product(m: 64, n: 100, k: 784, transposeB: true, role: "W1 forward", target: 130),
        Product(m: 784, n: 100, k: 64, transposeA: true, role: "a weight gradient, transposed", target: 150),
        Product(m: 1000, n: 100, k: 784, transposeB: true, role: "W9 batch 1000", target: 150),
        Product(m: 2048, n: 2048, k: 2048, role: "square", target: 150),
        Product(m: 100, n: 784, k: 64, transposeA: true, role: "W1 weight gradient"),
        Product(m: 64, n: 500, k: 784, transposeB: true, role: "W6 hidden probabilities"),
        Product(m: 64, n: 784, k: 500, role: "W6 visible probabilities"),
        Product(m: 500, n: 784, k: 64, transposeA: true, role: "W6 weight statistics"),
    ]

    /// G1: each product's time per call (median of `runs` runs of about 40 ms), its GFLOP/s, and
    /// its floor at the FMA peak of `threads` threads.
    static func g1(runs: Int, threads: Int) -> [BenchRow] {
        let peak = ArithmeticFloor.peak(threads: threads)
        var rng = RandomGenerator(seed: 27)
        return gemmProducts.map { p in
            let a = Tensor.uniform([p.m, p.k], low: -0.5, high: 0.5, using: &rng).scalars
            let b = Tensor.uniform([p.k, p.n], low: -0.5, high: 0.5, using: &rng).scalars
            var c = [Float](repeating: 0, count: p.m * p.n)
            let flops = 2 * Double(p.m) * Double(p.n) * Double(p.k)
            let calls = max(1, Int(4e9 / flops))
            let perCall =
                median(runs) {
                    a.withUnsafeBufferPointer { a in
                        b.withUnsafeBufferPointer { b in
                            c.withUnsafeMutableBufferPointer { c in
                                for _ in 0..<calls {
                                    GEMM.multiply(
                                        transposeA: p.transposeA, transposeB: p.transposeB, m: p.m, n: p.n, k: p.k,
                                        a: a.baseAddress!, lda: p.transposeA ? p.m : p.k, b: b.baseAddress!,
                                        ldb: p.transposeB ? p.k : p.n, beta: 0, c: c.baseAddress!, ldc: p.n)
                                }
                            }
                        }
                    }
                } / Double(calls)
            let what = String(format: "GEMM %@ (%@): %.0f GFLOP/s, FMA peak %.0f", p.key, p.role, flops / perCall / 1e9, peak / 1e9)
            let target = p.target.map { flops / ($0 * 1e9 * Double(threads) / 2) } ?? .infinity
            return BenchRow(
                id: "G1", what: what, seconds: perCall, unit: perCall < 1e-3 ? .microseconds : .milliseconds, target: target,
                floor: flops / peak)
        }
    }
}
