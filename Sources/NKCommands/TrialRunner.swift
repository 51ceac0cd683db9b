// TrialRunner: running the trials of a sweep or a search as `train` runs, in this process or in several.

import ArgumentParser
import Foundation
import NeuralKit
#if canImport(Glibc)
import Glibc
#endif

/// Runs the trials of a `SweepPlan` — each an ordinary `train` run folder inside the sweep folder —
/// skipping finished ones, and gathers the results. Shared by `sweep` and `search`.
struct TrialRunner {
    /// The train options of every trial, with `{name}` placeholders.
    var trainArguments: [String]
    /// Trials at once (1: in this process; more: one `neuralkit train` process each).
    var jobs: Int

    /// Options every trial sets itself.
    static let reserved = ["--out", "--seed", "--resume", "--overwrite", "--save"]

    /// Runs the trials of `shard` (`I/N`, nil: all) into `out`, then writes the results; exits 1
    /// when some of those trials did not finish.
    func run(_ plan: SweepPlan, out: String, shard: String?, metricName: String?) throws {
        let (shardIndex, shardCount) = try shard.map(SweepPlan.parseShard) ?? (0, 1)
        let trials = plan.trials(shard: shardIndex, of: shardCount)
        // Every trial's options are checked before any runs.
        for trial in trials { _ = try TrainCommand.parse(arguments(for: trial, plan: plan, out: out)) }
        try SweepResults.begin(plan, command: commandLine(), in: out)
        let todo = trials.filter { !SweepResults.isFinished($0, in: out) }
        print("\(plan.search == nil ? "Sweep" : "Search"): \(plan.trials.count) trials\(shardCount > 1 ? ", shard \(shardIndex)/\(shardCount): \(trials.count)" : ""); \(trials.count - todo.count) already finished, \(todo.count) to run\(jobs > 1 ? ", \(jobs) at a time" : "")")
        if jobs == 1 {
            for trial in todo { runInProcess(trial, plan: plan, out: out) }
        } else {
            try runInProcesses(todo, plan: plan, out: out)
        }
        let results = SweepResults(plan: plan, directory: out, metricName: metricName)
        try results.write(to: out, command: commandLine())
        print("Wrote \(out)/results.csv and index.html (\(results.rows.count) of \(plan.trials.count) trials finished)")
        if let best = results.best, plan.search != nil {
            print("Best by \(results.metric.name): \(describe(best.trial, plan)) (\(results.metric.value(best).map { String(format: "%.4f", Double($0)) } ?? "–"))")
        }
        if results.pending.contains(where: { t in trials.contains(t) }) { throw ExitCode(1) }
    }

    /// The `train` arguments of `trial`: placeholders substituted, the other variables as options,
    /// its seed, its folder.
    func arguments(for trial: SweepPlan.Trial, plan: SweepPlan, out: String) -> [String] {
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
        let folder = (out as NSString).appendingPathComponent(trial.folder)
        return args + ["--seed", "\(trial.seed)", "--out", folder, "--overwrite", "--verbose", "0"]
    }

    func describe(_ trial: SweepPlan.Trial, _ plan: SweepPlan) -> String {
        "\(trial.folder) " + zip(plan.variables, trial.values).map { "\($0.name)=\($1)" }.joined(separator: " ") + " seed \(trial.seed)"
    }

    func runInProcess(_ trial: SweepPlan.Trial, plan: SweepPlan, out: String) {
        let start = ContinuousClock.now
        do {
            try SweepResults.mark(trial, in: (out as NSString).appendingPathComponent(trial.folder))
            let command = try TrainCommand.parse(arguments(for: trial, plan: plan, out: out))
            let outcome = try command.execute()
            let score = outcome.evaluations.last.map { $0.line } ?? ""
            print("\(describe(trial, plan)): \(score) (\((ContinuousClock.now - start).components.seconds) s)")
        } catch {
            print("\(describe(trial, plan)): FAILED: \(error)")
        }
        fflush(nil)
    }

    /// Runs the trials `jobs` at a time, each as `neuralkit train …` in its own process.
    func runInProcesses(_ trials: [SweepPlan.Trial], plan: SweepPlan, out: String) throws {
        let executable = URL(fileURLWithPath: (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0])
        let threads = max(1, ProcessInfo.processInfo.activeProcessorCount / jobs)
        var environment = ProcessInfo.processInfo.environment
        environment["NEURALKIT_THREADS"] = "\(threads)"
        var running: [(Process, SweepPlan.Trial)] = []
        var queue = trials[...]
        while !queue.isEmpty || !running.isEmpty {
            while running.count < jobs, let trial = queue.popFirst() {
                try SweepResults.mark(trial, in: (out as NSString).appendingPathComponent(trial.folder))
                let process = Process()
                process.executableURL = executable
                process.arguments = ["train"] + arguments(for: trial, plan: plan, out: out)
                process.environment = environment
                process.standardOutput = FileHandle.nullDevice
                try process.run()
                running.append((process, trial))
            }
            if running.count >= jobs || queue.isEmpty {
                if let i = running.firstIndex(where: { !$0.0.isRunning }) {
                    let (process, trial) = running.remove(at: i)
                    print("\(describe(trial, plan)): \(process.terminationStatus == 0 ? "done" : "FAILED (exit \(process.terminationStatus); see its folder)")")
                    fflush(nil)
                } else {
                    usleep(50_000)
                }
            }
        }
    }
}
