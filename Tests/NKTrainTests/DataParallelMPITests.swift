// Tests of data-parallel training on 2 and 3 MPI ranks (mpirun on loopback): the parameters after
// every step equal one process's on the same global batch, to float rounding.

import Foundation
import NKTestSupport
import NeuralKit
import Testing

@Suite(.serialized) struct DataParallelMPITests {
    /// Like PyTorch's `_test_DDP_niter`: the same case trained in this process on the whole batch and on
    /// N ranks on their shares; every parameter after every one of the 10 steps (2 epochs of 5 batches,
    /// the last of 7 rows) is compared.
    @Test(.enabled(if: MPILaunch.available, MPILaunch.skipReason), arguments: [2, 3])
    func everyStepOnNRanksEqualsOneProcess(ranks: Int) throws {
        let folder = try TemporaryFolder.make("nk-mpi")
        for check in DataParallelCase.all {
            let (x, y) = check.data()
            let trainer = try check.trainer(), recorder = ParameterRecorder()
            trainer.callbacks = [recorder]
            try trainer.fit(inputs: x, targets: y)
            let file = folder.appendingPathComponent("\(check.name)-\(ranks).txt").path
            let outcome = try MPILaunch.run(ranks: ranks, program: "nk-data-parallel-check", [check.name, file])
            try #require(outcome.status == 0 && !outcome.timedOut, "\(check.name) on \(ranks) ranks: \(outcome.errors)")
            let steps = try String(contentsOfFile: file, encoding: .utf8).split(separator: "\n").map { $0.split(separator: " ").map { Float(String($0))! } }
            #expect(steps.count == recorder.steps.count && steps.count == 10)
            var worst: Float = 0, scale: Float = 0
            for (a, b) in zip(steps, recorder.steps) {
                #expect(a.count == b.count)
                for (u, v) in zip(a, b) { (worst, scale) = (max(worst, abs(u - v)), max(scale, abs(v))) }
            }
            print("data-parallel \(check.name), \(ranks) ranks: max |difference| \(worst) over 10 steps (largest |parameter| \(scale))")
            #expect(worst <= 2e-6 * max(1, scale), "\(check.name) on \(ranks) ranks: the parameters differ by up to \(worst)")
            // The steps moved the parameters: equal because both trained, not because neither did.
            #expect(zip(steps.first!, steps.last!).contains { abs($0 - $1) > 1e-3 })
        }
    }
}
