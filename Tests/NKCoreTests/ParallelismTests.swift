// Tests of the thread-count setting and kernel-level selection.

import Testing
@testable import NKCore

@Suite struct ParallelismTests {
    @Test func threadCountIsSettableAndClamped() {
        let original = Parallelism.threadCount
        defer { Parallelism.threadCount = original }
        #expect(original >= 1)
        Parallelism.threadCount = 3
        #expect(Parallelism.threadCount == 3)
        Parallelism.threadCount = 0
        #expect(Parallelism.threadCount == 1)
        Parallelism.threadCount = 1000
        #expect(Parallelism.threadCount == 64)
    }

    @Test func levelOverrideIsPerThreadAndRestored() {
        let before = KernelLevel.current
        KernelLevel.with(.generic) { #expect(KernelLevel.current == .generic) }
        #expect(KernelLevel.current == before)
    }

    @Test func smallProductsStayOnTheCallingThread() {
        var c = [Float](repeating: 0, count: 4)
        let a: [Float] = [1, 2, 3, 4]
        KernelLevel.with(nil, threads: 2) {
            GEMM.multiply(transposeA: false, transposeB: false, m: 2, n: 2, k: 2, a: a, lda: 2, b: a, ldb: 2, beta: 0, c: &c, ldc: 2)
        }
        #expect(KernelLevel.lastGEMMTasks == 1)
        #expect(c == [7, 10, 15, 22])
    }
}
