// SweepRun: the trials of a sweep or a search — each an ordinary `train` run folder inside the sweep
// folder — run in this process or several at a time in processes of their own, then gathered.

import Foundation
import NKCore

/// Runs the trials of a `SweepPlan` into `out`, skipping finished ones, and writes the results.
///
/// A trial is `neuralkit train` with `trainArguments` (the options every trial shares, with `{name}`
/// placeholders), its variables substituted (or appended as `--name value` when no placeholder names
/// them), its seed, and its folder. The library cannot parse `train`'s options itself: `run` takes the
/// way to check and to run one trial's arguments in this process, and the executable to start for
/// trials run side by side.
public struct SweepRun {
    public let plan: SweepPlan
    public let trainArguments: [String]
    public let out: String
    /// Trials at once (1: in this process; more: one process each, with cores ÷ jobs threads).
    public let jobs: Int
    /// Which share of the trials to run (index, count); (0, 1) for all.
    public let shard: (index: Int, count: Int)

    /// Options every trial sets itself, which the shared arguments may not hold.
    public static let reserved = ["--out", "--seed", "--resume", "--overwrite", "--save"]

    public init(plan: SweepPlan, trainArguments: [String], out: String, jobs: Int = 1, shard: (index: Int, count: Int) = (0, 1)) {
        (self.plan, self.trainArguments, self.out, self.jobs, self.shard) = (plan, trainArguments, out, jobs, shard)
    }

    /// What a sweep did.
    public struct Outcome {
        /// The trials of the shard, how many were already finished, and the results of the whole folder.
        public var trials: [SweepPlan.Trial]
        public var alreadyFinished: Int
        public var results: SweepResults
        /// Whether some trials of this shard did not finish.
        public var incomplete: Bool
    }

    /// The `train` arguments of `trial`: placeholders substituted, the other variables as options,
    /// its seed and its folder, quiet.
    public func arguments(for trial: SweepPlan.Trial) -> [String] {
        var args = trainArguments
        for (variable, value) in zip(plan.variables, trial.values) {
            let placeholder = "{\(variable.name)}"
            if args.contains(where: { $0.contains(placeholder) }) {
                args = args.map { $0.replacingOccurrences(of: placeholder, with: value) }
            } else {
                let option = "--\(variable.name)"
                if let i = args.firstIndex(of: option), i + 1 < args.count { args.removeSubrange(i...(i + 1)) }
                args += [option, value]
            }
        }
        return args + ["--seed", "\(trial.seed)", "--out", folder(of: trial), "--overwrite", "--verbose", "0"]
    }

    /// `trial-0003 lr=0.1 h=10 seed 1`.
    public func describe(_ trial: SweepPlan.Trial) -> String {
        "\(trial.folder) " + zip(plan.variables, trial.values).map { "\($0.name)=\($1)" }.joined(separator: " ") + " seed \(trial.seed)"
    }

    func folder(of trial: SweepPlan.Trial) -> String { (out as NSString).appendingPathComponent(trial.folder) }

    /// Runs the shard's unfinished trials and writes `results.csv`, `summary.svg` and `index.html`.
    /// - Parameters:
    ///   - command: the sweep's command line, recorded in `sweep.json` and the index.
    ///   - check: throws when a trial's arguments are not valid `train` options (every trial is checked before any runs).
    ///   - runHere: runs one trial's arguments in this process and returns its final score line.
    ///   - executable: the `neuralkit` binary, for `jobs` > 1.
    ///   - onStart: told how many trials there are and how many remain; `onTrial`: each trial's line when it ends.
    public func run(
        command: String?, check: ([String]) throws -> Void, runHere: ([String]) throws -> String, executable: String?,
        metricName: String?, onStart: ((_ trials: Int, _ finished: Int) -> Void)? = nil,
        onTrial: (@Sendable (String) -> Void)? = nil
    ) throws -> Outcome {
        let trials = plan.trials(shard: shard.index, of: shard.count)
        for trial in trials { try check(arguments(for: trial)) }
        try SweepResults.begin(plan, command: command, in: out)
        let todo = trials.filter { !SweepResults.isFinished($0, in: out) }
        onStart?(trials.count, trials.count - todo.count)
        if jobs == 1 || executable == nil {
            for trial in todo {
                let start = ContinuousClock.now
                do {
                    try SweepResults.mark(trial, in: folder(of: trial))
                    let score = try runHere(arguments(for: trial))
                    onTrial?("\(describe(trial)): \(score) (\((ContinuousClock.now - start).components.seconds) s)")
                } catch {
                    onTrial?("\(describe(trial)): FAILED: \(NeuralKitError.describe(error))")
                }
            }
        } else {
            try runInProcesses(todo, executable: executable!, onTrial: onTrial)
        }
        let results = SweepResults(plan: plan, directory: out, metricName: metricName)
        try results.write(to: out, command: command)
        return Outcome(
            trials: trials, alreadyFinished: trials.count - todo.count, results: results,
            incomplete: results.pending.contains { t in trials.contains(t) })
    }

    /// Runs the trials `jobs` at a time, each as `neuralkit train …` in its own process, waiting on
    /// their ends (no polling).
    func runInProcesses(_ trials: [SweepPlan.Trial], executable: String, onTrial: (@Sendable (String) -> Void)?) throws {
        let threads = max(1, ProcessInfo.processInfo.activeProcessorCount / jobs)
        var environment = ProcessInfo.processInfo.environment
        environment["NEURALKIT_THREADS"] = "\(threads)"
        let slots = DispatchSemaphore(value: jobs), finished = DispatchGroup(), lock = NSLock()
        for trial in trials {
            slots.wait()
            try SweepResults.mark(trial, in: folder(of: trial))
            let process = Process()
            process.executableURL = URL(fileURLWithPath: executable)
            process.arguments = ["train"] + arguments(for: trial)
            process.environment = environment
            process.standardOutput = FileHandle.nullDevice
            let line = describe(trial)
            process.terminationHandler = { p in
                lock.lock()
                onTrial?("\(line): \(p.terminationStatus == 0 ? "done" : "FAILED (exit \(p.terminationStatus); see its folder)")")
                lock.unlock()
                slots.signal()
                finished.leave()
            }
            finished.enter()
            do { try process.run() } catch {
                finished.leave()
                slots.signal()
                throw NeuralKitError.fileSystem(path: executable, action: "start the trial \(line) with", underlying: error)
            }
        }
        finished.wait()
    }
}
