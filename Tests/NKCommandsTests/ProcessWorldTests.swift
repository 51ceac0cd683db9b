// Tests of ProcessWorld: how a process learns that a launcher started it as one of several ranks, and
// the refusal of a build without MPI to train as one of them.

import Foundation
import NKDistributed
import Testing

@Suite struct ProcessWorldTests {
    @Test func theNumberOfRanksComesFromTheLaunchersEnvironment() {
        #expect(ProcessWorld.launchedSize(environment: [:]) == nil)
        #expect(ProcessWorld.launchedSize(environment: ["OMPI_COMM_WORLD_SIZE": "4"]) == 4)
        #expect(ProcessWorld.launchedSize(environment: ["PMIX_RANK": "0", "SLURM_NTASKS": "8"]) == 8)
        #expect(ProcessWorld.launchedSize(environment: ["PMI_RANK": "1", "PMI_SIZE": "3"]) == 3)
        // A Slurm allocation alone (a batch script before srun) is not a launch of ranks.
        #expect(ProcessWorld.launchedSize(environment: ["SLURM_NTASKS": "8"]) == nil)
    }

    /// `neuralkit train` started as rank of 2 by a build without MPI stops with a message instead of
    /// training (each rank would write the same folder).
    @Test(.enabled(if: !ProcessWorld.isAvailable && SweepSafetyTests.binary != nil, "needs the neuralkit executable of a build without the trait MPI"))
    func aBuildWithoutMPIRefusesToRunAsOneOfSeveralRanks() throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: SweepSafetyTests.binary!)
        process.arguments = ["train", "--model", "Linear(2, 1) - Sigmoid()", "--data", "gen-arti:1", "--loss", "bce", "--epochs", "1", "--verbose", "0"]
        process.environment = ProcessInfo.processInfo.environment.merging(["OMPI_COMM_WORLD_SIZE": "2"]) { _, new in new }
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let text = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus != 0)
        #expect(text.contains("built without MPI") && text.contains("--traits MPI"), "\(text)")
    }
}
