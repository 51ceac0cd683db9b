// `neuralkit evaluate`: the loss and accuracy of saved weights on a data set.

import ArgumentParser
import Foundation
import NeuralKit

struct EvaluateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "evaluate",
        abstract: "Report the loss and accuracy of a checkpoint on a data set.",
        discussion: """
            The model notation is read from the checkpoint unless --model is given.
            Example: neuralkit evaluate --checkpoint xor.safetensors --data gen-arti:1 --loss bce --seed 1
            """
    )

    @OptionGroup var model: ModelOptions
    @OptionGroup var data: DataOptions

    @Option(name: .long, help: ArgumentHelp("The weights to evaluate (safetensors).", valueName: "file"))
    var checkpoint: String

    @Option(name: .long, help: "The loss: mse, bce, bce-logits, ce, nll, hinge, multi-hinge.")
    var loss: String

    func validate() throws {
        guard knownLosses.contains(loss) else {
            throw ValidationError("--loss: unknown loss '\(loss)'; expected one of \(knownLosses.joined(separator: ", ")).")
        }
    }

    mutating func run() throws {
        var rng = RandomGenerator(seed: model.seed)
        let network = try model.buildModel(checkpoint: checkpoint, rng: &rng)
        try loadWeights(checkpoint, into: network)
        var all = try data.load(seed: model.seed)
        let outputShape = try network.checkInput(sampleShape: Array(all.inputs.shape.dropFirst()), source: all.name)
        let encoded = try TargetEncoding(lossName: loss, targets: all.targets, outputWidth: outputShape.dropFirst().reduce(1, *))
        all.targets = encoded.targets
        let result = try Evaluation(network: network, loss: try makeLoss(named: loss), decision: encoded.decision, data: all)
        print(result.line(label: "\(all.name) (\(all.count) samples)"))
    }
}

/// The loss and accuracy of a network on a data set, and how to print them.
struct Evaluation {
    var loss: Float
    var accuracy: Float?
    /// For regression with mse: the loss of always predicting the mean training target.
    var meanBaseline: Float? = nil

    init(network: Sequential, loss: any Loss, decision: Decision?, data: LoadedData) throws {
        (self.loss, self.accuracy) = try evaluate(network: network, loss: loss, inputs: data.inputs,
                                                  targets: data.targets, decision: decision)
    }

    func line(label: String) -> String {
        var s = String(format: "%@: loss %.6f", label, Double(loss))
        if let accuracy { s += String(format: ", accuracy %.2f%%", Double(accuracy) * 100) }
        if let meanBaseline { s += String(format: " (predicting the training mean: %.6f)", Double(meanBaseline)) }
        return s
    }
}
