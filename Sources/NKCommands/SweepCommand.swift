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
            Every other option is a train option. A --grid name that appears as {name} in them (in the model notation, say) is substituted; any other name is the train option --name. Each trial is an ordinary run folder (trial-0000, …) inside --out. Trials already finished there are skipped, so running the same command again after an interruption completes the sweep. --shard I/N runs the trials whose index is I mod N (one Slurm array task each: see tools/slurm/); --collect DIR rebuilds the results from whatever trials are there.
            Example (experiment A3, hidden sizes on USPS):
              neuralkit sweep --model "Linear(256, {h}) - Sigmoid() - Linear({h}, 10)" --grid h=5,10,50,100,128,1000 \\
                --data usps --loss ce --lr 0.1 --batch-size 100 --epochs 50 --seeds 3 --jobs 2 --out sweeps/A3
            """
    )

    @Option(name: .long, parsing: .singleValue, help: ArgumentHelp("A varied value: NAME=V1,V2,… (repeat for a grid).", valueName: "name=values"))
    var grid: [String] = []

    @Option(name: .long, parsing: .unconditional, help: "Seeds per combination (0, 1, …).")
    var seeds: Int = 1

    @Flag(name: .long, help: "Replace the sweep the folder holds when it is another one (other grid, seeds or trial options): its trials' run files are removed.")
    var overwrite = false

    @Option(name: .long, help: ArgumentHelp("The sweep folder.", valueName: "dir"))
    var out: String?

    @Option(name: .long, parsing: .unconditional, help: "Trials run at once, each in its own process (threads per trial: cores / jobs).")
    var jobs: Int = 1

    @Option(name: .long, help: ArgumentHelp("Run only the trials whose index is I modulo N.", valueName: "I/N"))
    var shard: String?

    @Option(name: .long, help: ArgumentHelp("Only rebuild results.csv, summary.svg and index.html of this sweep folder.", valueName: "dir"))
    var collect: String?

    @Option(name: .long, help: ArgumentHelp("The metric of the summary: train|validation|test _loss|_accuracy (default: test accuracy when measured).", valueName: "name"))
    var metric: String?

    @Argument(parsing: .allUnrecognized, help: "The train options of every trial, with {name} placeholders.")
    var trainArguments: [String] = []

    func validate() throws {
        if let metric { try naming { try SweepResults.checkMetric(metric) } }
        if collect != nil {
            guard grid.isEmpty, out == nil, trainArguments.isEmpty else { throw ValidationError("--collect DIR takes no other options.") }
            return
        }
        guard out != nil else { throw ValidationError("Missing --out DIR (the sweep folder).") }
        guard !grid.isEmpty else { throw ValidationError("Missing --grid NAME=V1,V2,… (what the sweep varies).") }
        guard (1...64).contains(jobs) else { throw ValidationError("--jobs must be between 1 and 64, got \(jobs).") }
        if let shard { try naming { _ = try SweepPlan.parseShard(shard) } }
        for forbidden in TrialRunner.reserved where trainArguments.contains(forbidden) {
            throw ValidationError("\(forbidden) is set by the sweep for each trial; leave it out.")
        }
    }

    mutating func run() throws {
        if let collect {
            let plan = try SweepResults.plan(in: collect)
            let results = SweepResults(plan: plan, directory: collect, metricName: metric)
            try results.write(to: collect, command: nil)
            print("Collected \(results.rows.count) finished trials of \(plan.trials.count) into \(collect)/results.csv, summary.svg, index.html")
            return
        }
        let plan = try SweepPlan(grids: grid, seedCount: seeds)
        try TrialRunner(trainArguments: trainArguments, jobs: jobs).run(plan, out: out!, shard: shard, metricName: metric, overwrite: overwrite)
    }
}
