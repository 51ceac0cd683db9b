// Tests of `mpirun -np N neuralkit train` (a build with the trait MPI): the same result as one process,
// a killed run that resumes to the same parameters, and clear errors instead of hangs.

import Foundation
import NKTestSupport
import NeuralKit
import Testing

@Suite(.serialized) struct TrainMPITests {
    static let options = [
        "train", "--model", "Linear(2, 16) - TanH() - Dropout(0.2) - Linear(16, 1) - Sigmoid()", "--data", "gen-arti:1", "--samples", "600", "--loss", "bce",
        "--optimizer", "adam", "--lr", "0.01", "--batch-size", "50", "--seed", "3", "--verbose", "0",
    ]

    /// The weights of a safetensors file, by name.
    static func weights(_ path: String) throws -> [String: [Float]] {
        try Checkpoint.load(from: URL(fileURLWithPath: path)).tensors.mapValues(\.scalars)
    }

    static func largestDifference(_ a: [String: [Float]], _ b: [String: [Float]]) -> Float {
        guard Set(a.keys) == Set(b.keys) else { return .infinity }
        return a.keys.map { k in zip(a[k]!, b[k]!).map { abs($0 - $1) }.max() ?? 0 }.max() ?? 0
    }

    @Test(.enabled(if: MPILaunch.available, MPILaunch.skipReason))
    func twoRanksTrainTheModelOneProcessTrainsAndOnlyRankZeroWrites() throws {
        let folder = try TemporaryFolder.make("nk-mpi")
        let alone = folder.appendingPathComponent("alone.safetensors").path, pair = folder.appendingPathComponent("pair.safetensors").path
        let single = try MPILaunch.run(ranks: 1, Self.options + ["--epochs", "3", "--save", alone])
        let run = folder.appendingPathComponent("run").path
        let double = try MPILaunch.run(ranks: 2, Self.options + ["--epochs", "3", "--save", pair, "--out", run, "--verbose", "1"])
        try #require(single.status == 0 && double.status == 0, "\(single.errors)\n\(double.errors)")
        let difference = Self.largestDifference(try Self.weights(alone), try Self.weights(pair))
        print("train on 2 ranks against 1: max |weight difference| \(difference) after 3 epochs of 12 steps")
        #expect(difference < 1e-4)
        // One rank printed: one header line, and one report.
        #expect(double.output.components(separatedBy: "Training Linear").count == 2, "\(double.output)")
        #expect(FileManager.default.fileExists(atPath: run + "/report.html"))
    }

    /// A 2-rank run killed after its second epoch (one rank SIGKILLed) stops within a bounded time, and
    /// `--resume` on 2 ranks ends with the weights of an uninterrupted 2-rank run, bit for bit.
    @Test(.enabled(if: MPILaunch.available, MPILaunch.skipReason))
    func aKilledRunStopsAndResumesToTheUninterruptedWeights() throws {
        let folder = try TemporaryFolder.make("nk-mpi")
        let long = Self.options.map { $0 == "600" ? "6000" : $0 } + ["--epochs", "10"]
        let whole = folder.appendingPathComponent("whole.safetensors").path, resumed = folder.appendingPathComponent("resumed.safetensors").path
        let uninterrupted = try MPILaunch.run(ranks: 2, long + ["--save", whole], limit: 300)
        try #require(uninterrupted.status == 0, "\(uninterrupted.errors)")
        let run = folder.appendingPathComponent("run").path
        var killedAt: Double?
        let killed = try MPILaunch.run(ranks: 2, long + ["--out", run, "--tensorboard", "off"], limit: 300) { mpirun, elapsed in
            guard killedAt == nil, let saved = try? ResumeFile.read(run + "/" + ResumeFile.name), saved.state.progress.epochsDone >= 2 else { return }
            if let rank = MPIRanks.pid(ofRank: 1, under: mpirun.processIdentifier) {
                kill(rank, SIGKILL)
                killedAt = elapsed
            }
        }
        let stopAt = try #require(killedAt, "no rank was killed: \(killed.errors)")
        print("killed rank 1 after \(stopAt) s; mpirun ended \(killed.seconds - stopAt) s later with status \(killed.status)")
        #expect(killed.status != 0 && !killed.timedOut)
        #expect(killed.seconds - stopAt < 30)
        // The message is mpirun's: which rank died, and of what.
        #expect(killed.errors.contains("rank 1") && killed.errors.contains("signal 9"), "\(killed.errors)")
        let again = try MPILaunch.run(ranks: 2, ["train", "--resume", run, "--save", resumed, "--verbose", "0"], limit: 300)
        try #require(again.status == 0, "\(again.errors)")
        #expect(try Self.weights(whole) == Self.weights(resumed))
    }

    @Test(.enabled(if: MPILaunch.available, MPILaunch.skipReason))
    func ranksGivenDifferentOptionsStopWithOneMessage() throws {
        let base = Self.options + ["--epochs", "2"]
        let outcome = try MPILaunch.run(ranks: 2, perRank: [base, base.map { $0 == "0.01" ? "0.02" : $0 }], limit: 60)
        #expect(outcome.status != 0 && !outcome.timedOut)
        #expect(outcome.errors.contains("rank 1 differs from rank 0"), "\(outcome.errors)")
    }

    @Test(.enabled(if: MPILaunch.available && SharedData.has("iris"), "needs a build with the trait MPI, mpirun, and iris in the data folder"))
    func aDataFileMissingOnOneRankStopsEveryRankWithItsMessage() throws {
        let base = ["train", "--model", "Linear(4, 3)", "--data", "iris", "--loss", "ce", "--epochs", "2", "--verbose", "0"]
        let outcome = try MPILaunch.run(
            ranks: 2, perRank: [base + ["--data-dir", SharedData.directory.path], base + ["--data-dir", "/nonexistent-neuralkit-data"]], limit: 60)
        #expect(outcome.status != 0 && !outcome.timedOut)
        #expect(outcome.errors.contains("rank 1 of 2:") && outcome.errors.contains("nonexistent-neuralkit-data"), "\(outcome.errors)")
    }
}

/// The ranks `mpirun` started on this machine.
enum MPIRanks {
    /// The process of rank `rank` among the descendants of `root` (from /proc: its environment's
    /// `OMPI_COMM_WORLD_RANK`).
    static func pid(ofRank rank: Int, under root: Int32) -> Int32? {
        let all = ((try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []).compactMap(Int32.init)
        func parent(_ pid: Int32) -> Int32? {
            guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8), let close = stat.lastIndex(of: ")") else { return nil }
            return stat[stat.index(after: close)...].split(separator: " ").dropFirst(1).first.flatMap { Int32($0) }
        }
        func descends(_ pid: Int32) -> Bool {
            var p = pid
            for _ in 0..<8 {
                guard let up = parent(p) else { return false }
                if up == root { return true }
                p = up
            }
            return false
        }
        return all.first { pid in
            guard descends(pid), let environ = FileManager.default.contents(atPath: "/proc/\(pid)/environ") else { return false }
            return environ.split(separator: 0).contains { String(decoding: $0, as: UTF8.self) == "OMPI_COMM_WORLD_RANK=\(rank)" }
        }
    }
}
