// `neuralkit search`: random search over train options and model placeholders (CS231n's protocol).

import ArgumentParser
import Foundation
import NeuralKit

struct SearchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "search",
        abstract: "Random search: trials with values drawn from distributions, the best chosen by a validation metric.",
        discussion: """
            Every other option is a train option; a --sample name that appears as {name} in them is substituted, any other is the train option --name. The values of all trials are drawn once from --seed, so shards and reruns agree; trial i uses seed i. The best trial is chosen by --metric (default validation_accuracy: hold out a validation part; choosing by the test part would make its score optimistic). The folder is laid out as a sweep's, with a scatter of the metric against each sampled value.
            Example (USPS, CS231n's three hyper-parameters):
              neuralkit search --model "Linear(256, {h}) - ReLU() - Linear({h}, 10)" --sample lr=loguniform:1e-3:1 \\
                --sample weight-decay=loguniform:1e-6:1e-2 --sample h=choice:50,100,200 --trials 20 --seed 0 \\
                --data usps --loss ce --validation-fraction 0.2 --epochs 30 --batch-size 32 --jobs 2 --out searches/usps
            """
    )

    @Option(
        name: .long, parsing: .singleValue, help: ArgumentHelp("A sampled value: NAME=loguniform:LOW:HIGH, uniform:LOW:HIGH, intuniform:LOW:HIGH or choice:A,B,… (repeat).", valueName: "name=dist"))
    var sample: [String] = []

    @Option(name: .long, parsing: .unconditional, help: "Trials to draw.")
    var trials: Int = 20

    @OptionGroup var seeding: SeedOption
    var seed: UInt64 { seeding.value }

    @Flag(name: .long, help: "Replace the sweep the folder holds when it is another one (other grid, seeds or trial options): its trials' run files are removed.")
    var overwrite = false

    @Option(name: .long, help: ArgumentHelp("The search folder.", valueName: "dir"))
    var out: String

    @Option(name: .long, parsing: .unconditional, help: "Trials run at once, each in its own process.")
    var jobs: Int = 1

    @Option(name: .long, help: ArgumentHelp("Run only the trials whose index is I modulo N (collect with neuralkit sweep --collect).", valueName: "I/N"))
    var shard: String?

    @Option(name: .long, help: ArgumentHelp("The metric to choose by: train|validation|test _loss|_accuracy.", valueName: "name"))
    var metric: String = "validation_accuracy"

    @Argument(parsing: .allUnrecognized, help: "The train options of every trial, with {name} placeholders.")
    var trainArguments: [String] = []

    func validate() throws {
        guard (1...64).contains(jobs) else { throw ValidationError("--jobs must be between 1 and 64, got \(jobs).") }
        if let shard { try naming { _ = try SweepPlan.parseShard(shard) } }
        try naming { try SweepResults.checkMetric(metric) }
        for forbidden in TrialRunner.reserved where trainArguments.contains(forbidden) {
            throw ValidationError("\(forbidden) is set by the search for each trial; leave it out.")
        }
    }

    mutating func run() throws {
        let plan = try SweepPlan(samples: sample, count: trials, seed: seed)
        try TrialRunner(trainArguments: trainArguments, jobs: jobs).run(plan, out: out, shard: shard, metricName: metric, overwrite: overwrite)
    }
}
