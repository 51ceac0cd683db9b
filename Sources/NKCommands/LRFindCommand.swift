// `neuralkit lr-find`: the learning-rate range test on the run `train` would make, its figure and the rate suggested.

import ArgumentParser
import Foundation
import NeuralKit

struct LRFindCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lr-find",
        abstract: "Find a learning rate: a range test (the rate grows from --start to --end over --batches steps), a figure and the rate suggested.",
        discussion: """
            The model, data, preprocessing, loss, optimizer and batch size are read as train reads them, so the rate suggested is for that run; --lr, --epochs and the schedule do not apply. The loss is smoothed (moving average) and the test stops when it passes 4 times its best; the suggestion is where the smoothed loss falls fastest against log(rate), before its minimum.

            Examples:
              neuralkit lr-find --model "Linear(784, 100) - TanH() - Linear(100, 10)" --data mnist --loss ce --batch-size 64 --figure lr.svg
              neuralkit lr-find --model "Linear(4, 10) - ReLU() - Linear(10, 3)" --data iris --loss ce --optimizer adam --batches 60
            """
    )

    @OptionGroup var model: ModelOptions
    @OptionGroup var data: DataOptions
    @OptionGroup var training: TrainingOptions

    @Option(name: .long, parsing: .unconditional, help: "The first learning rate (default 1e-7).")
    var start: Float = 1e-7

    @Option(name: .long, parsing: .unconditional, help: "The last learning rate (default 10).")
    var end: Float = 10

    @Option(name: .long, parsing: .unconditional, help: "Steps from --start to --end (default 100; the epochs repeat when the data has fewer batches).")
    var batches: Int = 100

    @Option(name: .long, help: ArgumentHelp("Draw the loss against the rate here (.svg or .png).", valueName: "file"))
    var figure: String?

    func validate() throws {
        try naming { try LearningRateFinder(start: start, end: end, batches: batches).validate() }
        if let figure, !["svg", "png"].contains((figure as NSString).pathExtension.lowercased()) {
            throw ValidationError("--figure must end in .svg or .png, got '\(figure)'.")
        }
        _ = try training.requiredLoss()
    }

    mutating func run() throws {
        if let figure { try AtomicFile.checkTarget(figure, what: "--figure") }
        let spec = RunSpecification(
            model: try model.notation(), data: try data.specification(), loss: try training.requiredLoss(),
            training: try training.configuration(seed: model.seed ?? 0))
        let search = try LearningRateSearch(spec, finder: LearningRateFinder(start: start, end: end, batches: batches), dataDirectory: data.dataDirectory)
        for note in search.prepared.notes { printNote(note) }
        let result = try search.run()
        let last = result.rates.last.map(LearningRateSearch.format) ?? "–"
        print(
            "Range test of \(spec.model) on \(search.prepared.data.train.count) samples, \(spec.training.optimizer.summary), batch \(spec.training.batchSize): "
                + "\(result.rates.count) steps from \(LearningRateSearch.format(start)) to \(last)\(result.stoppedEarly ? " (stopped: the loss diverged)" : "")")
        if result.rates.indices.contains(result.best) {
            print(
                "Lowest smoothed loss \(String(format: "%.4g", Double(result.smoothed[result.best]))) at \(LearningRateSearch.format(result.rates[result.best])); "
                    + "a tenth of that rate: \(LearningRateSearch.format(result.rates[result.best] / 10))")
        }
        if let suggestion = result.suggestion {
            print("Suggested learning rate: \(LearningRateSearch.format(suggestion)) (steepest fall of the loss)")
        } else {
            print("No suggestion: the loss did not fall for 5 steps before it diverged; lower --start.")
        }
        if let figure {
            try search.figure(result).write(to: figure)
            print("Wrote \(figure)")
        }
        if result.suggestion == nil { throw ExitCode(1) }
    }
}
