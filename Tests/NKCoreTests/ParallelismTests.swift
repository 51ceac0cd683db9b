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

    /// Every index is visited exactly once, in several ranges when the work is large enough, in one
    /// call when it is not, whatever the count's divisibility and however many threads share the
    /// pieces (each thread takes its own run of pieces first, then any left: 5 threads on this
    /// machine's 2 cores leave some of them late).
    @Test(arguments: [(1, 1), (7, 4), (100, 50), (1000, 7), (12_345, 100), (65_536, 1 << 15)])
    func forEachRangeCoversEveryIndexOnce(count: Int, grain: Int) {
        for threads in [2, 3, 5] {
            var marks = [Int](repeating: 0, count: count)
            var starts = [Int](repeating: 0, count: count)
            marks.withUnsafeMutableBufferPointer { m in
                starts.withUnsafeMutableBufferPointer { s in
                    KernelLevel.with(nil, threads: threads) {
                        Parallelism.forEachRange(count: count, grain: grain) { range in
                            s[range.lowerBound] += 1
                            for i in range { m[i] += 1 }
                        }
                    }
                }
            }
            #expect(marks.allSatisfy { $0 == 1 }, "\(threads) threads")
            let calls = starts.reduce(0, +)
            if count >= 2 * grain { #expect(calls > 1) } else { #expect(calls == 1) }
        }
    }

    /// Each thread owns as many ranges as the others, of sizes differing by at most one: 64 rows
    /// gathered with a grain of 20 are two ranges of 32 on two threads, not three (one thread
    /// then copied twice the rows of the other).
    @Test(arguments: [(64, 20, 2, 2), (64, 20, 3, 3), (100, 20, 2, 4), (100, 20, 3, 3), (7, 2, 2, 2), (1000, 7, 2, 8), (1000, 7, 5, 20)])
    func forEachRangeGivesEveryThreadAnEqualShare(count: Int, grain: Int, threads: Int, ranges: Int) {
        var sizes = [Int](repeating: 0, count: count)
        sizes.withUnsafeMutableBufferPointer { s in
            KernelLevel.with(nil, threads: threads) {
                Parallelism.forEachRange(count: count, grain: grain) { range in s[range.lowerBound] = range.count }
            }
        }
        let seen = sizes.filter { $0 > 0 }
        #expect(seen.count == ranges, "\(count) by \(grain) on \(threads) threads: ranges \(seen)")
        #expect((seen.max() ?? 0) - (seen.min() ?? 0) <= 1, "\(count) by \(grain) on \(threads) threads: ranges \(seen)")
    }

    @Test func forEachRangeOnOneThreadIsOneCall() {
        var calls = 0
        KernelLevel.with(nil, threads: 1) {
            Parallelism.forEachRange(count: 10_000, grain: 10) { range in
                calls += 1
                #expect(range == 0..<10_000)
            }
        }
        #expect(calls == 1)
    }
}
