// `neuralkit summary`: a table of layers, output shapes and parameter counts.

import ArgumentParser
import NeuralKit

struct SummaryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "summary",
        abstract: "Print each layer with its output shape and parameter count, and the total.",
        discussion: """
            Examples:
              neuralkit summary --model "Linear(784, 10)"   (7,850 parameters)
              neuralkit summary --model "Reshape(28, 28, 1) - Conv2D(1, 32, 5) - ReLU() - MaxPool2D(2) - Flatten() - Linear(4608, 10)"
              neuralkit summary --model "Conv2D(1, 8, 3) - Flatten() - Linear(5408, 10)" --input-shape 28,28,1
              neuralkit summary --checkpoint mlp.safetensors
            """
    )

    @OptionGroup var model: ModelOptions
    @OptionGroup var shape: InputShapeOption

    @Option(name: .long, help: ArgumentHelp("Summarise the model a checkpoint records (instead of --model).", valueName: "file"))
    var checkpoint: String?

    mutating func run() throws {
        var rng = RandomGenerator(seed: model.seed ?? 0)
        let network = try ModelNotation.parse(try model.notation(checkpoint: checkpoint), using: &rng)
        print(try ModelSummary(network, sampleShape: try shape.sampleShape(for: network)).table())
    }
}
