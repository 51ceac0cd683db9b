// BenchRun: the benchmark as a library run — which workloads, how many runs, how many threads — each
// workload in a child process of its own (so each row's peak memory is its own) or in this process.

import Foundation
import NKCore
import NKData

/// What `neuralkit bench` runs.
public struct BenchSpecification: Sendable, Codable, Equatable {
    /// Every workload, in the order the table shows them.
    public static let allWorkloads = ["G1", "W1", "W1A", "W2", "W5", "W9", "W3", "W4", "W6", "P1", "K1", "T1", "D1", "R1"]
    /// Workloads run only when named: R1 measures data-parallel training's exchange (under `mpirun`).
    public static let onRequest: Set<String> = ["R1"]

    /// The workloads to run (ids of `allWorkloads`; all when empty).
    public var workloads: [String]
    /// Timed runs per workload, after one warm-up; the median is reported.
    public var runs: Int
    /// Kernel threads.
    public var threads: Int
    /// Where the datasets of D1, P1 and K1 live (nil: the default folder).
    public var dataDirectory: String?

    public init(workloads: [String] = [], runs: Int = 5, threads: Int = 2, dataDirectory: String? = nil) {
        (self.workloads, self.runs, self.threads, self.dataDirectory) = (workloads.map { $0.uppercased() }, runs, threads, dataDirectory)
    }

    /// Throws `NeuralKitError.argument` for a count below 1 or an unknown workload.
    public func validate() throws {
        guard runs >= 1 else { throw NeuralKitError.argument("Benchmark: the number of runs must be at least 1, got \(runs).", field: "runs") }
        guard threads >= 1 else { throw NeuralKitError.argument("Benchmark: the number of threads must be at least 1, got \(threads).", field: "threads") }
        for w in workloads where !Self.allWorkloads.contains(w) {
            throw NeuralKitError.argument("Benchmark: unknown workload '\(w)'; the workloads are \(Self.allWorkloads.joined(separator: ", ")).", field: "workloads")
        }
    }

    /// The workloads in table order.
    public var selected: [String] { workloads.isEmpty ? Self.allWorkloads.filter { !Self.onRequest.contains($0) } : workloads }
}

/// Runs a `BenchSpecification` and returns its rows.
public struct BenchRun {
    public let specification: BenchSpecification
    /// Told of lines a workload prints that are not rows (a skipped D1, a child's warnings).
    public var onNote: ((String) -> Void)?
    /// The ranks of an `mpirun` launch: the training workloads then run data-parallel on them (every
    /// rank must run the same workloads), and R1 times their gradient exchange.
    public var processGroup: (any ProcessGroup)?

    public init(_ specification: BenchSpecification) { self.specification = specification }

    /// Runs every selected workload. With `childExecutable` (the `neuralkit` binary), each runs in
    /// `neuralkit bench --only ID --child-rows …` and hands its rows back as `BenchRow.record` lines,
    /// so that each row's peak memory is its own; without, each runs here after a reset of the
    /// high-water mark (`/proc/self/clear_refs`).
    public func run(childExecutable: String? = nil) throws -> [BenchRow] {
        try specification.validate()
        Parallelism.threadCount = specification.threads
        Workloads.processGroup = processGroup
        defer { Workloads.processGroup = nil }
        var rows: [BenchRow] = []
        for workload in specification.selected {
            if let childExecutable, let childRows = try runChild(workload, executable: childExecutable) {
                rows += childRows
                continue
            }
            rows += try runHere(workload)
        }
        return rows
    }

    /// One workload in this process, its rows carrying the peak memory since a reset.
    public func runHere(_ workload: String) throws -> [BenchRow] {
        let runs = specification.runs
        let directory = DatasetRegistry.dataDirectory(explicit: specification.dataDirectory)
        ResidentMemory.resetPeak()
        var rows: [BenchRow]
        switch workload {
        case "G1": rows = Workloads.g1(runs: runs, threads: specification.threads)
        case "W1": rows = [try Workloads.w1(runs: runs)]
        case "W1A": rows = try Workloads.w1Adam(runs: runs)
        case "W2": rows = [try Workloads.w2(runs: runs)]
        case "W6": rows = [try Workloads.w6(runs: min(runs, 3))]
        case "W5": rows = [try Workloads.w5(runs: runs)]
        case "W3": rows = [try Workloads.w3(runs: runs)]
        case "W4": rows = [try Workloads.w4(runs: min(runs, 3))]
        case "W9": rows = try Workloads.w9(runs: runs)
        case "R1": rows = try Workloads.r1(runs: runs)
        case "P1": rows = [try Workloads.p1(runs: runs, dataDirectory: directory)]
        case "K1": rows = [try Workloads.k1(runs: runs, dataDirectory: directory)]
        case "T1": rows = [try Workloads.t1(runs: min(runs, 3))]
        default:
            rows = try Workloads.d1(runs: runs, dataDirectory: directory).map { [$0] } ?? []
            if rows.isEmpty { onNote?("D1 skipped: the MNIST files are not in \(directory.path) (see neuralkit datasets).") }
        }
        let peak = ResidentMemory.peak()
        for i in rows.indices { rows[i].peakBytes = peak }
        return rows
    }

    /// Runs `workload` in a child process and returns its rows (its other output goes to `onNote`);
    /// nil when no child could be started (then it runs here).
    func runChild(_ workload: String, executable: String) throws -> [BenchRow]? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments =
            ["bench", "--only", workload, "--runs", "\(specification.runs)", "--threads", "\(specification.threads)", "--child-rows"]
            + (specification.dataDirectory.map { ["--data-dir", $0] } ?? [])
        let pipe = Pipe()
        process.standardOutput = pipe
        do { try process.run() } catch { return nil }
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        var rows: [BenchRow] = []
        for line in output.split(separator: "\n") {
            if let row = BenchRow(record: String(line)) { rows.append(row) } else { onNote?(String(line)) }
        }
        guard process.terminationStatus == 0 else {
            throw NeuralKitError.argument("Benchmark: workload \(workload) failed in its child process (exit status \(process.terminationStatus)).")
        }
        return rows
    }
}
