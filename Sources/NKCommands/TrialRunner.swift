// TrialRunner: how the command line runs a sweep or a search (`SweepRun` does the work): it checks and
// runs a trial's `train` options with `TrainCommand`, and prints what happens.

import ArgumentParser
import Foundation
import NeuralKit

/// Shared by `sweep` and `search`.
struct TrialRunner {
    /// The train options of every trial, with `{name}` placeholders.
    var trainArguments: [String]
    /// Trials at once.
    var jobs: Int

    /// Options every trial sets itself.
    static let reserved = SweepRun.reserved

    /// Runs the trials of `shard` (`I/N`, nil: all) into `out`, then writes the results; exits 1
    /// when some of those trials did not finish.
    func run(_ plan: SweepPlan, out: String, shard: String?, metricName: String?, overwrite: Bool = false) throws {
        let (index, count) = try shard.map(SweepPlan.parseShard) ?? (0, 1)
        let sweep = SweepRun(plan: plan, trainArguments: trainArguments, out: out, jobs: jobs, shard: (index, count))
        let executable = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        let outcome = try sweep.run(
            command: commandLine(), overwrite: overwrite, check: { _ = try TrainCommand.parse($0) },
            runHere: { try TrainCommand.parse($0).execute().evaluations.last?.line ?? "" },
            executable: jobs > 1 ? executable : nil, metricName: metricName,
            onStart: { trials, finished in
                print(
                    "\(plan.search == nil ? "Sweep" : "Search"): \(plan.trials.count) trials\(count > 1 ? ", shard \(index)/\(count): \(trials)" : ""); \(finished) already finished, \(trials - finished) to run\(jobs > 1 ? ", \(jobs) at a time" : "")"
                )
                fflush(nil)
            },
            onTrial: {
                print($0); fflush(nil)
            })
        let results = outcome.results
        print("Wrote \(out)/results.csv and index.html (\(results.rows.count) of \(plan.trials.count) trials finished)")
        if let best = results.best, plan.search != nil {
            let selection = results.selection
            print("Best by \(selection.name): \(sweep.describe(best.trial)) (\(selection.value(best).map { SweepResults.format(selection.name, Double($0)) } ?? "–"))")
        }
        if outcome.incomplete { throw ExitCode(1) }
    }
}
