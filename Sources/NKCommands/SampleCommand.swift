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

    @Option(name: .long, help: "Chains to run.")
    var count: Int = 100

    @Option(name: .long, help: "Gibbs steps.")
    var steps: Int = 1000

    @Option(name: .long, help: "Record the chains every this many steps (default: only at the end).")
    var every: Int?

    @Option(name: .long, help: ArgumentHelp("Write the image grid here (.svg or .png).", valueName: "file"))
    var figure: String?

    @Option(name: .long, help: ArgumentHelp("Classify the final samples with this model checkpoint and print the class probabilities.", valueName: "file"))
    var classifier: String?

    @Option(name: .long, help: "Seed of the starting states and the sampling.")
    var seed: UInt64 = 0

    func validate() throws {
        guard (1...10_000).contains(count) else { throw ValidationError("--count must be between 1 and 10000, got \(count).") }
        guard (1...1_000_000).contains(steps) else { throw ValidationError("--steps must be between 1 and 1000000, got \(steps).") }
        if let every, !(1...steps).contains(every) { throw ValidationError("--every must be between 1 and --steps (\(steps)), got \(every).") }
        if let every, steps / every > 100 { throw ValidationError("--every \(every) records \(steps / every) rows; at most 100 (raise --every).") }
    }

    mutating func run() throws {
        if let figure { try AtomicFile.checkTarget(figure, what: "--figure") }
        let source = try RBMFile.read(checkpoint)
        let (top, lower): (RBM, [RBM])
        switch source {
        case .rbm(let rbm, _): (top, lower) = (rbm, [])
        case .dbn(let rbms, _, _): (top, lower) = (rbms.last!, Array(rbms.dropLast()))
        }
        let every = self.every ?? steps
        var rng = RandomGenerator(seed: seed)
        var state = RBM.sample(Tensor(repeating: 0.5, shape: [count, top.visible]), using: &rng)
        var records: [Tensor] = [], recordedSteps: [Int] = []
        var done = 0
        while done < steps {
            let n = min(every, steps - done)
            let (p, s) = try top.gibbs(from: state, steps: n, using: &rng)
            state = s
            done += n
            records.append(try DeepBeliefNet.sampleDown(p, through: lower))
            recordedSteps.append(done)
        }
        let final = records.last!
        var captions: [String] = []
        if let classifier {
            let saved = try RunCheckpoint.read(classifier)
            let model = try saved.recordedModel(seed: 0)
            try saved.loadWeights(into: model)
            let output = try predict(network: model, inputs: final)
            let probabilities = try classProbabilities(of: output, from: model)
            let classes = probabilities.rowArgmax()
            captions = classes.enumerated().map { i, c in String(format: "%d (%.2f)", c, Double(probabilities.scalars[i * probabilities.rowSize + c])) }
            print("Class probabilities of the \(count) samples after \(steps) steps (through \(classifier)):")
            for (i, c) in classes.enumerated() {
                let row = (0..<probabilities.rowSize).map { String(format: "%.2f", Double(probabilities.scalars[i * probabilities.rowSize + $0])) }
                print("sample \(i): class \(c)  [\(row.joined(separator: " "))]")
            }
        }
        if let figure {
            let side = Int(Double(final.rowSize).squareRoot().rounded())
            let shape = side * side == final.rowSize ? [side, side] : [1, final.rowSize]
            let shown = records.count > 1 ? min(count, 20) : count
            var scalars: [Float] = []
            for r in records { scalars += r.rows(0..<shown).scalars }
            let rowCaptions = records.count > 1 ? [] : captions
            let grid = try ImageGrid(title: records.count > 1
                                        ? "Gibbs chains: rows after \(recordedSteps.map(String.init).joined(separator: ", ")) steps"
                                        : "\(count) samples after \(steps) Gibbs steps",
                                     images: Tensor(shape: [shown * records.count, final.rowSize], scalars: scalars), sampleShape: shape,
                                     columns: records.count > 1 ? shown : nil, captions: rowCaptions)
            try grid.write(to: figure)
            print("Wrote \(figure)")
        }
    }
}
