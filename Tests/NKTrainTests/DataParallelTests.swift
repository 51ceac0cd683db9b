// Tests of DataParallel in one process: the shares of a batch, and that a group of one changes nothing.

import NKTestSupport
import NeuralKit
import Testing

@Suite struct DataParallelTests {
    @Test func theSharesOfABatchAreContiguousCoverItAndDifferByOneRowAtMost() {
        for (count, size) in [(10, 3), (7, 2), (3, 3), (47, 5)] {
            let shares = (0..<size).map { BatchShard.share(of: count, rank: $0, size: size) }
            #expect(shares.first?.lowerBound == 0 && shares.last?.upperBound == count)
            #expect(zip(shares, shares.dropFirst()).allSatisfy { $0.upperBound == $1.lowerBound })
            let sizes = shares.map(\.count)
            #expect(sizes.max()! - sizes.min()! <= 1, "\(count) rows on \(size) ranks: \(sizes)")
        }
    }

    /// With a group of one, the data-parallel path (shards, hooks, collectives) gives the very bits of
    /// a plain run, for every case of the MPI tests.
    @Test(arguments: DataParallelCase.all.map(\.name))
    func aGroupOfOneTrainsBitForBitAsAPlainRun(name: String) throws {
        let check = DataParallelCase.named(name)!
        let (x, y) = check.data()
        func steps(parallel: Bool) throws -> [[Float]] {
            let trainer = try check.trainer(), recorder = ParameterRecorder()
            trainer.callbacks = (parallel ? [DataParallel(group: SingleProcess())] : []) + [recorder]
            try trainer.fit(inputs: x, targets: y)
            return recorder.steps
        }
        let plain = try steps(parallel: false), parallel = try steps(parallel: true)
        #expect(plain.count == 10)
        #expect(plain == parallel)
    }

    @Test func aBatchSmallerThanTheRanksIsRefusedBeforeTraining() throws {
        let check = DataParallelCase.all[0]
        let trainer = try check.trainer()
        trainer.callbacks = [DataParallel(group: FakeGroup(size: 8))]
        let (x, y) = check.data()
        let message = TestSupport.errorMessage { try trainer.fit(inputs: x, targets: y) }
        #expect(message?.contains("needs at least 8 rows in every batch") == true && message?.contains("the last batch has 7") == true, "\(message ?? "no error")")
    }
}

/// A group that claims `size` ranks but fails every collective (for checks made before the first one).
final class FakeGroup: ProcessGroup {
    let size: Int
    init(size: Int) { self.size = size }
    var rank: Int { 0 }
    func allGather(_ values: [Float]) throws -> [Float] { throw NeuralKitError.argument("no collective expected") }
    func allGather(_ values: [Double]) throws -> [Double] { throw NeuralKitError.argument("no collective expected") }
    func allGather(bytes: [UInt8]) throws -> [[UInt8]] { throw NeuralKitError.argument("no collective expected") }
    func broadcast(_ values: inout [Float], from root: Int) throws { throw NeuralKitError.argument("no collective expected") }
    func broadcast(bytes: inout [UInt8], from root: Int) throws { throw NeuralKitError.argument("no collective expected") }
}
