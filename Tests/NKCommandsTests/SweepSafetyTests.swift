// Tests of a sweep folder's identity, trial claims, resumable trials and signals.

import Foundation
import Testing
import NeuralKit
import NKTestSupport
@testable import NKCommands

@Suite struct SweepSafetyTests {
    static let arguments = [
        "--model", "Linear(2, {h}) - TanH() - Linear({h}, 1) - Sigmoid()", "--grid", "h=2,4", "--data", "gen-arti:1", "--samples", "100",
        "--loss", "bce", "--epochs", "3", "--batch-size", "50",
    ]

    static func sweep(_ arguments: [String]) -> String? {
        do {
            var command = try NeuralKitCommand.parseAsRoot(["sweep"] + arguments)
            try command.run()
            return nil
        } catch let error as NeuralKitError { return error.message } catch { return "\(error)" }
    }

    /// A folder's sweep is its whole specification: another data set, loss or learning rate is
    /// refused with the difference named (and the old results kept), or replaced with --overwrite.
    @Test func aSweepFolderHasOneIdentity() throws {
        let dir = try temporaryDirectory().appendingPathComponent("sweep").path
        #expect(Self.sweep(Self.arguments + ["--lr", "0.1", "--out", dir]) == nil)
        let results = try String(contentsOfFile: dir + "/results.csv", encoding: .utf8)
        let record = try String(contentsOfFile: dir + "/sweep.json", encoding: .utf8)
        let refused = Self.sweep(Self.arguments + ["--lr", "0.5", "--out", dir])
        #expect(refused?.contains("holds another sweep") == true && refused?.contains("--lr '0.1' there, '0.5' here") == true, "\(refused ?? "no error")")
        #expect(try String(contentsOfFile: dir + "/results.csv", encoding: .utf8) == results)
        #expect(try String(contentsOfFile: dir + "/sweep.json", encoding: .utf8) == record)
        // The same sweep again: nothing to run, the record unchanged.
        #expect(Self.sweep(Self.arguments + ["--lr", "0.1", "--out", dir]) == nil)
        #expect(try String(contentsOfFile: dir + "/sweep.json", encoding: .utf8) == record)
        #expect(Self.sweep(Self.arguments + ["--lr", "0.5", "--out", dir, "--overwrite"]) == nil)
        let config = try String(contentsOfFile: dir + "/trial-0000/config.json", encoding: .utf8)
        #expect(config.contains("\"learningRate\" : 0.5"))
    }

    /// A grid name the sweep sets itself is refused instead of being silently overridden.
    @Test func aGridMayNotShadowTheSweepsOwnOptions() throws {
        let dir = try temporaryDirectory().appendingPathComponent("sweep").path
        let seed = Self.sweep(Self.arguments + ["--grid", "seed=1,2,3", "--out", dir])
        #expect(seed?.contains("--grid seed") == true && seed?.contains("--seeds N") == true, "\(seed ?? "no error")")
        #expect(Self.sweep(Self.arguments + ["--grid", "out=a,b", "--out", dir])?.contains("--grid out") == true)
        #expect(PathKind(dir + "/trial-0000") == .missing)
    }

    /// A trial claimed by another process is not run twice; once free, it runs.
    @Test func aClaimedTrialIsLeftToItsClaimer() throws {
        let dir = try temporaryDirectory().appendingPathComponent("sweep").path
        let trial = dir + "/trial-0001"
        try FileManager.default.createDirectory(atPath: trial, withIntermediateDirectories: true)
        let claim = try FolderLock(folder: trial, name: FolderLock.claimFile, what: trial)
        let message = Self.sweep(Self.arguments + ["--out", dir])
        #expect(message != nil)  // incomplete: exit 1
        #expect(RunFolder.state(of: dir + "/trial-0000") == .finished)
        #expect(RunFolder.state(of: trial) == .empty)
        claim.release()
        #expect(Self.sweep(Self.arguments + ["--out", dir]) == nil)
        #expect(RunFolder.state(of: trial) == .finished)
    }

    /// A trial stopped after an epoch is continued with --resume, not started again.
    @Test func anUnfinishedTrialIsResumed() throws {
        let dir = try temporaryDirectory().appendingPathComponent("sweep").path
        #expect(Self.sweep(Self.arguments + ["--out", dir]) == nil)
        let plan = try SweepPlan(grids: ["h=2,4"], seedCount: 1)
        let run = SweepRun(plan: plan, trainArguments: Array(Self.arguments.filter { !["--grid", "h=2,4"].contains($0) }), out: dir)
        try FileManager.default.removeItem(atPath: dir + "/trial-0001/metrics.json")
        #expect(run.arguments(for: plan.trials[1]) == ["--resume", dir + "/trial-0001", "--verbose", "0"])
        #expect(run.arguments(for: plan.trials[0]).contains("--overwrite"))
    }

    /// SIGTERM to `sweep --jobs 2` stops its trials too, and each trial folder can be resumed.
    @Test(.enabled(if: SweepSafetyTests.binary != nil, "needs the neuralkit executable (swift build)"))
    func aSignalStopsTheTrials() throws {
        let dir = try temporaryDirectory().appendingPathComponent("sweep").path
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.binary!)
        process.arguments =
            ["sweep", "--jobs", "2", "--out", dir, "--model", "Linear(2, {h}) - TanH() - Linear({h}, 1) - Sigmoid()", "--grid", "h=64,65"]
            + ["--data", "gen-arti:1", "--samples", "20000", "--loss", "bce", "--epochs", "400", "--batch-size", "10"]
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        var trials: [Int32] = []
        for _ in 0..<300 where trials.count < 2 {  // wait for both trials to start
            usleep(50_000)
            trials = Self.children(of: process.processIdentifier)
        }
        #expect(trials.count == 2)
        kill(process.processIdentifier, SIGTERM)
        for _ in 0..<400 where process.isRunning { usleep(50_000) }  // 20 s at most
        if process.isRunning {
            for pid in trials + [process.processIdentifier] { kill(pid, SIGKILL) }
            Issue.record("the sweep did not stop within 20 s of SIGTERM")
            return
        }
        #expect(process.terminationReason == .uncaughtSignal && process.terminationStatus == SIGTERM)
        usleep(200_000)
        for pid in trials { #expect(kill(pid, 0) != 0, "trial \(pid) still runs") }
    }

    static let binary: String? = {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        return [".build/debug/neuralkit", ".build/release/neuralkit"].map { root.appendingPathComponent($0).path }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }()

    /// The pids whose parent is `parent` (Linux /proc).
    static func children(of parent: Int32) -> [Int32] {
        ((try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []).compactMap { name in
            guard let pid = Int32(name), let stat = try? String(contentsOfFile: "/proc/\(name)/stat", encoding: .utf8),
                let close = stat.lastIndex(of: ")")
            else { return nil }
            let fields = stat[stat.index(after: close)...].split(separator: " ")
            return fields.count > 2 && Int32(fields[1]) == parent ? pid : nil
        }
    }
}
