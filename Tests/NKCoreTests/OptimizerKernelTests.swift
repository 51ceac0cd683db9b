// The optimiser update kernels against their naive Swift references: bit-identical, at every
// kernel level and thread count, on sizes that leave vector tails and split over threads.

import Testing
@testable import NKCore

@Suite struct OptimizerKernelTests {
    struct Case {
        var v, g, m, s: [Float]
        init(_ n: Int, seed: UInt64) {
            var rng = RandomGenerator(seed: seed)
            func draw(_ scale: Float) -> [Float] { (0..<n).map { _ in Float(rng.nextNormal()) * scale } }
            v = draw(1); g = draw(0.1); m = draw(0.01); s = draw(0.01).map { $0 * $0 }
        }
    }

    static let sizes = [1, 7, 33, 70_001]

    @Test(arguments: [KernelLevel.avx2, .generic])
    func everyKernelEqualsItsReference(level: KernelLevel) {
        for n in Self.sizes {
            for threads in [1, 2] {
                KernelLevel.with(level, threads: threads, parallelWork: 0) {
                    // Adam and AdamW
                    for (coupled, shrink) in [(Float(0.01), Float(1)), (0, 0.999)] {
                        var c = Case(n, seed: UInt64(n)), r = c
                        c.v.withUnsafeMutableBufferPointer { v in
                            c.m.withUnsafeMutableBufferPointer { m in
                                c.s.withUnsafeMutableBufferPointer { s in
                                    c.g.withUnsafeBufferPointer { g in
                                        OptimizerKernels.adam(v, g, m: m, s: s, stepSize: 0.013, correction2: 0.04, beta1: 0.9, beta2: 0.999, eps: 1e-8, coupled: coupled, shrink: shrink)
                                    }
                                }
                            }
                        }
                        NaiveKernels.adamStep(&r.v, r.g, &r.m, &r.s, stepSize: 0.013, correction2: 0.04, beta1: 0.9, beta2: 0.999, eps: 1e-8, coupled: coupled, shrink: shrink)
                        #expect(c.v == r.v && c.m == r.m && c.s == r.s, "adam n \(n) \(level) \(threads) threads")
                    }
                    // SGD: plain, momentum (first and later steps), Nesterov
                    for (mu, nesterov, first) in [(Float(0), false, false), (0.9, false, true), (0.9, false, false), (0.8, true, false)] {
                        var c = Case(n, seed: 5), r = c
                        c.v.withUnsafeMutableBufferPointer { v in
                            c.m.withUnsafeMutableBufferPointer { b in
                                c.g.withUnsafeBufferPointer { g in
                                    OptimizerKernels.sgd(v, g, buffer: b, lr: 0.1, weightDecay: 0.01, momentum: mu, nesterov: nesterov, first: first)
                                }
                            }
                        }
                        NaiveKernels.sgdStep(&r.v, r.g, &r.m, lr: 0.1, wd: 0.01, mu: mu, nesterov: nesterov, first: first)
                        #expect(c.v == r.v && (mu == 0 || c.m == r.m), "sgd mu \(mu) n \(n)")
                    }
                    // RMSprop with and without momentum, Adagrad
                    for mu in [Float(0), 0.9] {
                        var c = Case(n, seed: 6), r = c
                        c.v.withUnsafeMutableBufferPointer { v in
                            c.s.withUnsafeMutableBufferPointer { s in
                                c.m.withUnsafeMutableBufferPointer { b in
                                    c.g.withUnsafeBufferPointer { g in
                                        OptimizerKernels.rmsprop(v, g, s: s, buffer: b, lr: 0.01, alpha: 0.99, eps: 1e-8, weightDecay: 0.001, momentum: mu)
                                    }
                                }
                            }
                        }
                        NaiveKernels.rmspropStep(&r.v, r.g, &r.s, &r.m, lr: 0.01, alpha: 0.99, eps: 1e-8, wd: 0.001, mu: mu)
                        #expect(c.v == r.v && c.s == r.s && (mu == 0 || c.m == r.m), "rmsprop mu \(mu) n \(n)")
                    }
                    var c = Case(n, seed: 7), r = c
                    c.v.withUnsafeMutableBufferPointer { v in
                        c.s.withUnsafeMutableBufferPointer { s in
                            c.g.withUnsafeBufferPointer { g in
                                OptimizerKernels.adagrad(v, g, s: s, lr: 0.1, eps: 1e-10, weightDecay: 0.01)
                            }
                        }
                    }
                    NaiveKernels.adagradStep(&r.v, r.g, &r.s, lr: 0.1, eps: 1e-10, wd: 0.01)
                    #expect(c.v == r.v && c.s == r.s, "adagrad n \(n)")
                }
            }
        }
    }
}
