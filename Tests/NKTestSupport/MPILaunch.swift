// MPILaunch: runs a program of this build on N ranks with Open MPI's mpirun (tests of the trait MPI).

import Foundation
import Testing

/// `mpirun -np N --oversubscribe` on loopback, for the tests of data-parallel training. They run when
/// this build has the package trait `MPI` (`swift build --traits MPI`) and `mpirun` is on PATH, and are
/// reported as skipped, with the reason, otherwise.
public enum MPILaunch {
    /// `mpirun`'s path, when on PATH.
    public static let mpirun: String? = {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        return path.split(separator: ":").map { "\($0)/mpirun" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }()

    /// Whether this build can run the tests: built with the trait, and mpirun found.
    public static var available: Bool {
        #if MPI
            return mpirun != nil
        #else
            return false
        #endif
    }

    /// Why the tests are skipped.
    public static let skipReason = Comment(
        rawValue: "needs a build with the package trait MPI (swift build --build-tests --traits MPI) and Open MPI's mpirun on PATH (apt-get install openmpi-bin libopenmpi-dev)")

    /// The folder of this build's products (the test runner's own folder).
    public static let products: URL = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent()

    /// What a launch left: exit status, both outputs, and how long it took.
    public struct Outcome {
        public let status: Int32
        public let output: String, errors: String
        public let seconds: Double
        /// True when it was still running after the time limit (then killed).
        public let timedOut: Bool
    }

    /// Starts `mpirun -np ranks` on the product `program` with `arguments` (or, with `programs`, one
    /// `:`-separated argument list per rank) and waits at most `limit` seconds. `whileRunning` is
    /// called every 50 ms with mpirun's process (to kill a rank mid-run).
    public static func run(
        ranks: Int, program: String = "neuralkit", _ arguments: [String] = [], perRank: [[String]]? = nil, limit: Double = 120,
        whileRunning: ((Process, Double) -> Void)? = nil
    ) throws -> Outcome {
        let binary = products.appendingPathComponent(program).path
        var line = ["--oversubscribe", "--allow-run-as-root", "--mca", "btl", "self,vader", "--bind-to", "none"]
        line += ["--mca", "btl_vader_single_copy_mechanism", "none", "--mca", "mpi_yield_when_idle", "1"]  // see docs/distributed.md
        if let perRank {
            for (k, args) in perRank.enumerated() { line += (k == 0 ? [] : [":"]) + ["-np", "1", binary] + args }
        } else {
            line += ["-np", "\(ranks)", binary] + arguments
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: mpirun!)
        process.arguments = line
        var environment = ProcessInfo.processInfo.environment
        environment["OMPI_MCA_rmaps_base_oversubscribe"] = "1"
        environment["NEURALKIT_THREADS"] = "1"
        process.environment = environment
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        let outData = Collector(out.fileHandleForReading), errData = Collector(err.fileHandleForReading)
        let start = Date()
        try process.run()
        var timedOut = false
        while process.isRunning {
            let elapsed = Date().timeIntervalSince(start)
            if elapsed > limit {
                timedOut = true
                kill(-process.processIdentifier, SIGKILL)
                process.terminate()
                break
            }
            whileRunning?(process, elapsed)
            usleep(50_000)
        }
        process.waitUntilExit()
        return Outcome(
            status: process.terminationStatus, output: outData.text(), errors: errData.text(), seconds: Date().timeIntervalSince(start), timedOut: timedOut)
    }

    /// Reads a pipe to its end on a thread of its own (a full pipe would block the child).
    final class Collector: @unchecked Sendable {
        private var data = Data()
        private let done = DispatchSemaphore(value: 0)
        init(_ handle: FileHandle) {
            Thread.detachNewThread { [self] in
                data = handle.readDataToEndOfFile()
                done.signal()
            }
        }
        func text() -> String {
            done.wait()
            return String(decoding: data, as: UTF8.self)
        }
    }
}
