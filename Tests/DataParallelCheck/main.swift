// nk-data-parallel-check CASE FILE: trains a DataParallelCase on the ranks it was started with
// (`mpirun -np N`) and, on rank 0, writes the parameters after every step to FILE (one line of
// space-separated floats per step, printed exactly). Alone, it trains in one process.

import Foundation
import NKDistributed
import NKTestSupport
import NeuralKit

let arguments = CommandLine.arguments
guard arguments.count == 3, let check = DataParallelCase.named(arguments[1]) else {
    FileHandle.standardError.write(Data("usage: nk-data-parallel-check mlp|conv|adam FILE\n".utf8))
    exit(2)
}
do {
    let group = try ProcessWorld.join() ?? SingleProcess()
    let trainer = try check.trainer()
    let recorder = ParameterRecorder()
    trainer.callbacks = [DataParallel(group: group), recorder]
    let (inputs, targets) = check.data()
    try trainer.fit(inputs: inputs, targets: targets)
    if group.rank == 0 {
        let text = recorder.steps.map { $0.map { "\($0)" }.joined(separator: " ") }.joined(separator: "\n") + "\n"
        try text.write(toFile: arguments[2], atomically: true, encoding: .utf8)
    }
} catch {
    FileHandle.standardError.write(Data("nk-data-parallel-check: \(error)\n".utf8))
    exit(1)
}
