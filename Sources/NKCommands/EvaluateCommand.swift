// `neuralkit evaluate`: the loss and accuracy of a checkpoint on one part of its data.

import ArgumentParser
import Foundation
import NeuralKit

struct EvaluateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "evaluate",
        abstract: "Report the loss and accuracy of a checkpoint on a part of its data.",
        discussion: """
            The checkpoint records its model, data, loss, seed and fitted preprocessing: given only --checkpoint (and --data to make it explicit), the inputs are prepared exactly as in the training run, and the default part is the one train reported last (test, else validation). Every recorded choice can be overridden (--model, --data, --loss, --preprocess, --seed, …).

            Examples:
              neuralkit evaluate --checkpoint mlp.safetensors --data mnist
              neuralkit evaluate --checkpoint iris.safetensors --split train
              neuralkit evaluate --checkpoint xor.safetensors --data gen-arti:1 --loss bce --seed 1
            """
    )

    @OptionGroup var model: ModelOptions
    @OptionGroup var data: DataOptions

    @Option(name: .long, help: ArgumentHelp("The weights to evaluate (safetensors).", valueName: "file"))
    var checkpoint: String

    @Option(name: .long, help: "The loss (default: the one the checkpoint records): mse, bce, bce-logits, ce, nll, nll-log, hinge, multi-hinge.")
    var loss: LossKind?

    @Option(name: .long, help: "The part to measure: train, validation or test (default: test where the data has one, else the validation part of the training run's split).")
    var split: DataSplit?

    @Flag(name: .long, inversion: .prefixedNo, help: "Judge an autoencoder: compare the outputs with the inputs (default: as the checkpoint records).")
    var reconstruct: Bool?

    mutating func run() throws { _ = try execute() }

    /// Evaluates, prints one line naming the part and its size, and returns the measurement.
    func execute() throws -> Evaluation {
        var overrides = try data.overrides(model: model.model, seed: model.seed)
        overrides.loss = loss
        overrides.reconstruct = reconstruct
        let saved = try SavedModel(checkpoint: checkpoint, overrides: overrides, dataDirectory: data.dataDirectory, needsLoss: true)
        for note in saved.notes { printNote(note) }
        let result = try saved.evaluate(split: split)
        print("\(saved.data.source) \(result.line)")
        return result
    }
}
