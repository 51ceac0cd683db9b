// `neuralkit sample`: Gibbs sampling from an RBM or from the top RBM of a pre-trained DBN.

import ArgumentParser
import Foundation
import NeuralKit

struct SampleCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sample",
        abstract: "Draw samples from an RBM (or a pre-trained DBN's top RBM, mapped down) by block Gibbs sampling.",
        discussion: """
            Chains start from random binary states. Every --every steps the chains' visible probabilities are recorded; the figure shows one row of images per record. With --classifier, the final samples go through a trained model (a fine-tuned DBN, say) and their class probabilities are printed and written under the images.
            Examples:
              neuralkit sample --checkpoint rbm.safetensors --count 20 --steps 1000 --every 100 --figure chains.svg
              neuralkit sample --checkpoint dbn.safetensors --count 20 --steps 1000 --figure dbn.svg --classifier dbn-tuned.safetensors
            """
    )

    @Option(name: .long, help: ArgumentHelp("An RBM (neuralkit rbm --save) or a pre-trained DBN (neuralkit pretrain --save).", valueName: "file"))
    var checkpoint: String

    @Option(name: .long, parsing: .unconditional, help: "Chains to run.")
    var count: Int = 100

    @Option(name: .long, parsing: .unconditional, help: "Gibbs steps.")
    var steps: Int = 1000

    @Option(name: .long, parsing: .unconditional, help: "Record the chains every this many steps (default: only at the end).")
    var every: Int?

    @Option(name: .long, help: ArgumentHelp("Write the image grid here (.svg or .png).", valueName: "file"))
    var figure: String?

    @Option(name: .long, help: ArgumentHelp("Classify the final samples with this model checkpoint and print the class probabilities.", valueName: "file"))
    var classifier: String?

    @OptionGroup var seeding: SeedOption
    var seed: UInt64 { seeding.value }

    var specification: GibbsSamplingSpecification {
        GibbsSamplingSpecification(checkpoint: checkpoint, count: count, steps: steps, every: every, classifier: classifier, seed: seed)
    }

    func validate() throws {
        try naming { try specification.validate() }
    }

    mutating func run() throws {
        if let figure { try AtomicFile.checkTarget(figure, what: "--figure") }
        let outcome = try GibbsSampling(specification).run()
        if let classes = outcome.classes, let probabilities = outcome.probabilities, let classifier {
            print("Class probabilities of the \(count) samples after \(steps) steps (through \(classifier)):")
            for (i, c) in classes.enumerated() {
                let row = (0..<probabilities.rowSize).map { String(format: "%.2f", Double(probabilities.scalars[i * probabilities.rowSize + $0])) }
                print("sample \(i): class \(c.class)  [\(row.joined(separator: " "))]")
            }
        }
        if let figure {
            try outcome.figure(count: count, steps: steps).write(to: figure)
            print("Wrote \(figure)")
        }
    }
}
