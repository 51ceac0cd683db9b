// `neuralkit sweep`: a grid of training runs (model placeholders and options), with seeds, shards and resumption.

import ArgumentParser
import Foundation
import NeuralKit
#if canImport(Glibc)
import Glibc
#endif

struct SweepCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sweep",
        abstract: "Run a grid of training runs and gather their results (results.csv, summary.svg, index.html).",
        discussion: """
            Every other option is a train option. A --grid name that appears as {name} in them (in the
            model notation, say) is substituted; any other name is the train option --name. Each trial
            is an ordinary run folder (trial-0000, …) inside --out. Trials already finished there are
            skipped, so running the same command again after an interruption completes the sweep.
            --shard I/N runs the trials whose index is I mod N (one Slurm array task each: see
            tools/slurm/); --collect DIR rebuilds the results from whatever trials are there.
            Example (experiment A3, hidden sizes on USPS):
              neuralkit sweep --model "Linear(256, {h}) - Sigmoid() - Linear({h}, 10)" --grid h=5,10,50,100,128,1000 \\
                --data usps --loss ce --lr 0.1 --batch-size 100 --epochs 50 --seeds 3 --jobs 2 --out sweeps/A3
            """
    )

    @Option(name: .long, parsing: .singleValue, help: ArgumentHelp("A varied value: NAME=V1,V2,… (repeat for a grid).", valueName: "name=values"))
    var grid: [String] = []

    @Option(name: .long, help: "Seeds per combination (0, 1, …).")
    var seeds: Int = 1

    @Option(name: .long, help: ArgumentHelp("The sweep folder.", valueName: "dir"))
    var out: String?

    @Option(name: .long, help: "Trials run at once, each in its own process (threads per trial: cores / jobs).")
    var jobs: Int = 1

    @Option(name: .long, help: ArgumentHelp("Run only the trials whose index is I modulo N.", valueName: "I/N"))
    var shard: String?

    @Option(name: .long, help: ArgumentHelp("Only rebuild results.csv, summary.svg and index.html of this sweep folder.", valueName: "dir"))
    var collect: String?

    @Argument(parsing: .allUnrecognized, help: "The train options of every trial, with {name} placeholders.")
    var trainArguments: [String] = []

    func validate() throws {
        if collect != nil {
            guard grid.isEmpty, out == nil, trainArguments.isEmpty else { throw ValidationError("--collect DIR takes no other options.") }
            return
        }
        guard out != nil else { throw ValidationError("Missing --out DIR (the sweep folder).") }
        guard !grid.isEmpty else { throw ValidationError("Missing --grid NAME=V1,V2,… (what the sweep varies).") }
        guard (1...64).contains(jobs) else { throw ValidationError("--jobs must be between 1 and 64, got \(jobs).") }
        if let shard { _ = try SweepPlan.parseShard(shard) }
        for forbidden in ["--out", "--seed", "--resume", "--overwrite", "--save"] where trainArguments.contains(forbidden) {
            throw ValidationError("\(forbidden) is set by the sweep for each trial; leave it out.")
        }
    }

    mutating func run() throws {
        if let collect {
            let plan = try SweepResults.plan(in: collect)
            let results = SweepResults(plan: plan, directory: collect)
            try results.write(to: collect, command: nil)
            print("Collected \(results.rows.count) finished trials of \(plan.trials.count) into \(collect)/results.csv, summary.svg, index.html")
            return
        }
        let out = self.out!
        let plan = try SweepPlan(grids: grid, seedCount: seeds)
        let (shardIndex, shardCount) = try shard.map(SweepPlan.parseShard) ?? (0, 1)
        let trials = plan.trials(shard: shardIndex, of: shardCount)
        // Every trial's options are checked before any runs.
        for trial in trials { _ = try TrainCommand.parse(arguments(for: trial, plan: plan, out: out)) }
        try SweepResults.begin(plan, command: commandLine(), in: out)
        let todo = trials.filter { !SweepResults.isFinished($0, in: out) }
        print("Sweep: \(plan.trials.count) trials\(shardCount > 1 ? ", shard \(shardIndex)/\(shardCount): \(trials.count)" : ""); \(trials.count - todo.count) already finished, \(todo.count) to run\(jobs > 1 ? ", \(jobs) at a time" : "")")
        if jobs == 1 {
            for trial in todo { runInProcess(trial, plan: plan, out: out) }
        } else {
            try runInProcesses(todo, plan: plan, out: out)
        }
        let results = SweepResults(plan: plan, directory: out)
        try results.write(to: out, command: commandLine())
        print("Wrote \(out)/results.csv, summary.svg and index.html (\(results.rows.count) of \(plan.trials.count) trials finished)")
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
            var command = try TrainCommand.parse(arguments(for: trial, plan: plan, out: out))
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
