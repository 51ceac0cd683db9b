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

    /// Names a grid or a search may not vary: the options the sweep sets for each trial and its own.
    public static let reservedNames = reserved.map { String($0.dropFirst(2)) } + ["verbose", "jobs", "shard", "grid", "seeds", "sample", "trials", "collect", "metric"]

    /// Throws when a variable of `plan` is named like an option the sweep sets or owns (it would be
    /// silently overridden, e.g. `--grid seed=1,2,3` by each trial's own seed).
    public static func checkNames(_ plan: SweepPlan) throws {
        for variable in plan.variables where reservedNames.contains(variable.name) {
            let option = plan.search == nil ? "--grid" : "--sample"
            throw NeuralKitError.argument(
                variable.name == "seed"
                    ? "\(option) seed: each trial's seed is set by the sweep; use --seeds N to run every setting with seeds 0 to N−1."
                    : "\(option) \(variable.name): --\(variable.name) is set by the sweep itself, so it cannot be varied.")
        }
    }

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
    /// its seed and its folder, quiet; for a trial that stopped after an epoch (its folder holds
    /// `last.safetensors`), `--resume` of its folder.
    public func arguments(for trial: SweepPlan.Trial) -> [String] {
        let folder = folder(of: trial)
        if RunFolder.state(of: folder) == .unfinished, PathKind((folder as NSString).appendingPathComponent(ResumeFile.name)) == .file {
            return ["--resume", folder, "--verbose", "0"]
        }
        return freshArguments(for: trial)
    }

    /// The arguments of `trial` run from the start.
    func freshArguments(for trial: SweepPlan.Trial) -> [String] {
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
    ///   - overwrite: replace another sweep the folder holds.
    ///   - check: throws when a trial's arguments are not valid `train` options (every trial is checked before any runs).
    ///   - runHere: runs one trial's arguments in this process and returns its final score line.
    ///   - executable: the `neuralkit` binary, for `jobs` > 1.
    ///   - metricName: the metric the summary and the best trial use (nil: the test accuracy when measured).
    ///   - onStart: told how many trials there are and how many remain.
    ///   - onTrial: told each trial's line when it ends.
    public func run(
        command: String?, overwrite: Bool = false, check: ([String]) throws -> Void, runHere: ([String]) throws -> String, executable: String?,
        metricName: String?, onStart: ((_ trials: Int, _ finished: Int) -> Void)? = nil,
        onTrial: (@Sendable (String) -> Void)? = nil
    ) throws -> Outcome {
        try Self.checkNames(plan)
        let trials = plan.trials(shard: shard.index, of: shard.count)
        for trial in trials { try check(freshArguments(for: trial)) }
        try SweepResults.begin(plan, command: command, trainArguments: trainArguments, overwrite: overwrite, in: out)
        let todo = trials.filter { !SweepResults.isFinished($0, in: out) }
        onStart?(trials.count, trials.count - todo.count)
        if jobs == 1 || executable == nil {
            for trial in todo {
                let start = ContinuousClock.now
                guard let claim = try self.claim(trial, onTrial: onTrial) else { continue }
                do {
                    let score = try runHere(arguments(for: trial))
                    // TensorBoard's HParams tab shows the trial at once (an error is told with the results).
                    try? SweepHParams.writeSession(trial, plan: plan, in: out)
                    onTrial?("\(describe(trial)): \(score) (\((ContinuousClock.now - start).components.seconds) s)")
                } catch {
                    onTrial?("\(describe(trial)): FAILED: \(NeuralKitError.describe(error))")
                }
                claim.release()
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

    /// Makes `trial` this process's: its claim lock taken, and it is still unfinished (another sweep
    /// on the same folder may have run it meanwhile). Nil (and a line) when it is another's or done.
    func claim(_ trial: SweepPlan.Trial, onTrial: (@Sendable (String) -> Void)?) throws -> FolderLock? {
        let folder = folder(of: trial)
        try AtomicFile.createFolder(folder, what: "The trial folder")
        guard let claim = try? FolderLock(folder: folder, name: FolderLock.claimFile, what: folder) else {
            onTrial?("\(describe(trial)): being run by another process on this folder; skipped here")
            return nil
        }
        guard !SweepResults.isFinished(trial, in: out) else {
            claim.release()
            return nil
        }
        try SweepResults.mark(trial, in: folder)
        return claim
    }

    /// Runs the trials `jobs` at a time, each as `neuralkit train …` in its own process, waiting on
    /// their ends (no polling).
    func runInProcesses(_ trials: [SweepPlan.Trial], executable: String, onTrial: (@Sendable (String) -> Void)?) throws {
        let threads = max(1, ProcessInfo.processInfo.activeProcessorCount / jobs)
        var environment = ProcessInfo.processInfo.environment
        environment["NEURALKIT_THREADS"] = "\(threads)"
        environment[EnvironmentSettings.sweepParent] = "\(getpid())"  // a trial dies with its sweep, even a killed one
        let slots = DispatchSemaphore(value: jobs), finished = DispatchGroup(), lock = NSLock()
        let running = RunningTrials()
        // SIGINT and SIGTERM stop the trials too (each folder stays resumable), then this process;
        // unblocked here, as a parent may have started this process with them blocked.
        var mask = sigset_t()
        sigemptyset(&mask)
        sigaddset(&mask, SIGINT)
        sigaddset(&mask, SIGTERM)
        pthread_sigmask(SIG_UNBLOCK, &mask, nil)
        let signals = [SIGINT, SIGTERM].map { number in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { running.stop(signal: number) }
            source.resume()
            return source
        }
        defer {
            for (source, number) in zip(signals, [SIGINT, SIGTERM]) {
                source.cancel()
                signal(number, SIG_DFL)
            }
        }
        for trial in trials {
            slots.wait()
            if running.stopSignal != nil {
                slots.signal()
                break
            }
            guard let claim = try self.claim(trial, onTrial: onTrial) else {
                slots.signal()
                continue
            }
            let process = Process()
            process.executableURL = URL(fileURLWithPath: executable)
            process.arguments = ["train"] + arguments(for: trial)
            process.environment = environment
            process.standardOutput = FileHandle.nullDevice
            let line = describe(trial)
            let (plan, out) = (plan, out)
            process.terminationHandler = { p in
                try? SweepHParams.writeSession(trial, plan: plan, in: out)  // written again, or the error told, with the results
                claim.release()
                running.remove(p)
                lock.lock()
                onTrial?("\(line): \(p.terminationStatus == 0 ? "done" : "FAILED (exit \(p.terminationStatus); see its folder)")")
                lock.unlock()
                slots.signal()
                finished.leave()
            }
            finished.enter()
            let started: Bool
            do { started = try running.start(process) } catch {
                claim.release()
                finished.leave()
                slots.signal()
                throw NeuralKitError.fileSystem(path: executable, action: "start the trial \(line) with", underlying: error)
            }
            if !started {
                claim.release()
                finished.leave()
                slots.signal()
            }
        }
        finished.wait()
        if let number = running.stopSignal {  // end as the signal would have ended this process
            for source in signals { source.cancel() }
            signal(number, SIG_DFL)
            raise(number)
        }
    }
}

/// The trial processes running now, and whether a signal asked them to stop.
final class RunningTrials: @unchecked Sendable {
    private let lock = NSLock()
    private var processes: [Process] = []
    private(set) var stopSignal: Int32?

    /// Starts `process` unless a stop was asked for (then false).
    func start(_ process: Process) throws -> Bool {
        lock.lock()
        defer { lock.unlock() }
        guard stopSignal == nil else { return false }
        try process.run()
        processes.append(process)
        return true
    }

    func remove(_ process: Process) {
        lock.lock()
        processes.removeAll { $0 === process }
        lock.unlock()
    }

    /// Sends SIGTERM to every running trial and refuses new ones.
    func stop(signal number: Int32) {
        lock.lock()
        stopSignal = stopSignal ?? number
        for process in processes where process.isRunning { kill(process.processIdentifier, SIGTERM) }
        lock.unlock()
    }
}
