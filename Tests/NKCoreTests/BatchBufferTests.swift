// Tests of BatchBuffer (reused batch storage), Tensor.keepRows and ResidentMemory's /proc parsing.

import Testing
@testable import NKCore

@Suite struct BatchBufferTests {
    static func data(_ rows: Int, _ shape: [Int] = [3, 2], seed: UInt64 = 5) -> Tensor {
        var rng = RandomGenerator(seed: seed)
        return Tensor.uniform([rows] + shape, low: -1, high: 1, using: &rng)
    }

    static func address(_ t: Tensor) -> UnsafePointer<Float>? { t.withUnsafeBufferPointer { $0.baseAddress } }

    @Test func gatherEqualsGatherRows() {
        let x = Self.data(11)
        var buffer = BatchBuffer()
        var rng = RandomGenerator(seed: 1)
        let order = rng.permutation(11)
        for start in stride(from: 0, to: 11, by: 4) {
            let indices = order[start..<min(11, start + 4)]
            let batch = buffer.gather(indices, from: x)
            #expect(batch == x.gatherRows(indices))
            #expect(batch.shape == [indices.count, 3, 2])
        }
        #expect(buffer.gather(2..<3, from: x) == x.rows(2..<3))
    }

    /// A batch large enough to be copied by several threads is the same rows in the same order.
    @Test func aLargeGatherSharedBetweenThreadsEqualsGatherRows() {
        let x = Self.data(3_000, [64])
        var rng = RandomGenerator(seed: 2)
        let order = rng.permutation(3_000)
        var buffer = BatchBuffer()
        #expect(1_000 >= 2 * BatchBuffer.parallelRows(rowSize: 64))  // split when threads exist
        KernelLevel.with(nil, threads: 2) {
            for start in [0, 1_000, 2_000] {
                let indices = order[start..<(start + 1_000)]
                #expect(buffer.gather(indices, from: x) == x.gatherRows(indices))
            }
        }
    }

    /// Announcing the next batch is only a hint: the data and the batches gathered after it are
    /// unchanged, and indices out of range (or a batch of none) are ignored rather than read. The
    /// gathers here also cover every edge of the gather's copy loop.
    @Test func prefetchIsAHintThatChangesNothing() {
        let x = Self.data(300, [5, 7])
        let copy = x
        var rng = RandomGenerator(seed: 4)
        let order = rng.permutation(300)
        var buffer = BatchBuffer()
        // Batches of 63 rows of 35 floats: the gather's groups of four rows, its single rows after
        // them, and the floats after its whole 16-float blocks.
        for start in stride(from: 0, to: 300, by: 63) {
            let indices = order[start..<min(300, start + 63)]
            BatchBuffer.prefetch(indices, from: x)
            #expect(buffer.gather(indices, from: x) == x.gatherRows(indices))
        }
        BatchBuffer.prefetch([0, 300, -1, Int.max][...], from: x)
        BatchBuffer.prefetch([][...], from: x)
        BatchBuffer.prefetch([0, 1][...], from: Tensor(zeros: [0, 3]))
        #expect(x == copy)
    }

    /// A gather that announces the next batch returns the same rows as one that does not, on one
    /// thread and split over two and three (each thread announcing its positions, the last also
    /// those beyond the current batch when the next is longer), and ignores a next batch with an
    /// index out of range.
    @Test(arguments: [1, 2, 3])
    func gatherAnnouncingTheNextBatchReturnsTheSameRows(threads: Int) {
        let x = Self.data(300, [32, 33])  // rows of 1,056 floats: a gather of 16 rows or more is split
        var rng = RandomGenerator(seed: 5)
        let order = rng.permutation(300)
        var announcing = BatchBuffer(), plain = BatchBuffer()
        KernelLevel.with(nil, threads: threads) {
            for (start, count, nextCount) in [(0, 63, 63), (63, 40, 70), (103, 70, 10), (173, 127, 0)] {
                let indices = order[start..<(start + count)]
                let next = nextCount == 0 ? nil : order[(start + count)..<min(300, start + count + nextCount)]
                #expect(announcing.gather(indices, from: x, announcing: next) == plain.gather(indices, from: x))
            }
            let indices = order[0..<64]
            #expect(announcing.gather(indices, from: x, announcing: [0, 300, -1][...]) == x.gatherRows(indices))
            #expect(announcing.gather(indices, from: x, announcing: [][...]) == x.gatherRows(indices))
        }
    }

    /// The steady state allocates nothing: with two buffers per shape, step k writes the storage of
    /// step k − 2 once nobody holds that batch any more.
    @Test func storageIsReusedAcrossSteps() {
        let x = Self.data(40)
        var buffer = BatchBuffer(depth: 2)
        var addresses: [UnsafePointer<Float>?] = []
        for step in 0..<8 {
            let batch = buffer.gather((step * 5)..<(step * 5 + 5), from: x)
            #expect(batch == x.rows((step * 5)..<(step * 5 + 5)))
            addresses.append(Self.address(batch))
        }
        #expect(buffer.allocations == 2)
        #expect(addresses[0] != addresses[1])
        for k in 2..<8 { #expect(addresses[k] == addresses[k - 2], "step \(k)") }
        // A smaller last batch gets its own ring, and the full-size one is still reused after it.
        _ = buffer.gather(0..<3, from: x)
        _ = buffer.gather(0..<5, from: x)
        #expect(buffer.allocations == 3)
    }

    /// A batch someone keeps is never overwritten: its buffer is copied first, and counted.
    @Test func keptBatchKeepsItsValues() {
        let x = Self.data(12)
        var buffer = BatchBuffer(depth: 2)
        let kept = buffer.gather([0, 1, 2], from: x)
        _ = buffer.gather([3, 4, 5], from: x)
        let third = buffer.gather([6, 7, 8], from: x)  // the turn of kept's buffer
        #expect(kept == x.gatherRows([0, 1, 2]))
        #expect(third == x.gatherRows([6, 7, 8]))
        #expect(buffer.allocations == 3)
    }

    @Test func keepRowsEqualsGatherRows() {
        let x = Self.data(9, [4])
        var rng = RandomGenerator(seed: 3)
        for kept in [0, 1, 5, 9] {
            let indices = Array(rng.permutation(9).prefix(kept))
            var y = x
            y.keepRows(indices)
            #expect(y == x.gatherRows(indices), "keeping \(indices)")
        }
        var z = Self.data(6, [])
        z.keepRows([5, 0, 3])
        #expect(z == Self.data(6, []).gatherRows([5, 0, 3]))
    }

    @Test func keepRowsWorksWithinItsStorage() {
        var x = Self.data(20, [7])
        let expected = x.gatherRows(Array((0..<20).reversed().prefix(15)))
        let before = Self.address(x)
        x.keepRows(Array((0..<20).reversed().prefix(15)))
        #expect(x == expected)
        #expect(Self.address(x) == before)
    }
}

@Suite struct ResidentMemoryTests {
    static let status = """
        Name:\tneuralkit
        Umask:\t0022
        State:\tR (running)
        VmPeak:\t  812340 kB
        VmSize:\t  790112 kB
        VmHWM:\t  279264 kB
        VmRSS:\t  251008 kB
        Threads:\t3
        """

    @Test func parsesKilobyteFields() {
        #expect(ResidentMemory.kilobyteField("VmHWM:", in: Self.status) == 279_264 * 1024)
        #expect(ResidentMemory.kilobyteField("VmRSS:", in: Self.status) == 251_008 * 1024)
        #expect(ResidentMemory.kilobyteField("VmSwap:", in: Self.status) == nil)
        #expect(ResidentMemory.kilobyteField("MemAvailable:", in: "MemTotal:  100 kB\nMemAvailable:   2048 kB\n") == 2048 * 1024)
    }

    @Test func refusesMalformedFields() {
        #expect(ResidentMemory.kilobyteField("VmHWM:", in: "VmHWM:\tlots kB") == nil)
        #expect(ResidentMemory.kilobyteField("VmHWM:", in: "VmHWM:\t12 MB") == nil)
        #expect(ResidentMemory.kilobyteField("VmHWM:", in: "VmHWM:\t-5 kB") == nil)
        #expect(ResidentMemory.kilobyteField("VmHWM:", in: "VmHWM:\t99999999999999999999 kB") == nil)
        #expect(ResidentMemory.kilobyteField("VmHWM:", in: "") == nil)
    }

    @Test func readsThisProcess() throws {
        #if os(Linux)
            let now = try #require(ResidentMemory.current())
            let peak = try #require(ResidentMemory.peak())
            #expect(now > 0)
            #expect(peak >= now)
        #else
            #expect(ResidentMemory.current() == nil)
        #endif
    }
}
