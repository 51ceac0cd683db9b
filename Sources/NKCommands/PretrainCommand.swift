// `neuralkit pretrain`: greedy layer-wise pre-training of a sigmoid net as a deep belief net.

import ArgumentParser
import Foundation
import NeuralKit

struct PretrainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pretrain",
        abstract: "Pre-train a sigmoid MLP layer by layer as stacked RBMs (a deep belief net) and save it for fine-tuning.",
        discussion: """
            Every Linear(a, b) - Sigmoid() pair from the input on (before the last Linear) is trained as an RBM on the previous layer's hidden probabilities; the last Linear keeps its initialisation. The checkpoint is an ordinary model checkpoint (plus each RBM's visible biases, for neuralkit sample), so train --init fine-tunes it like any other model.
            Example:
              neuralkit pretrain --model "Linear(784, 500) - Sigmoid() - Linear(500, 500) - Sigmoid() - Linear(500, 2000) - Sigmoid() - Linear(2000, 10)" --data mnist --epochs 10 --save dbn.safetensors
              neuralkit train --init dbn.safetensors --data mnist --loss ce --lr 0.1 --batch-size 64 --epochs 30
            """
    )

    @OptionGroup var model: ModelOptions
    @OptionGroup var data: DataOptions
    @OptionGroup var training: RBMTrainingOptions

    @Option(name: .long, help: ArgumentHelp("Write the pre-trained model here (safetensors, PyTorch names).", valueName: "file"))
    var save: String

    @Option(
        name: .customLong("pretrain-data"),
        help: "The images to learn from: train (the training rows) or all (the training and test images of the source, before --limit: transductive, as report 004 did).")
    var pretrainData: PretrainingData = .train

    @OptionGroup var verbosity: VerbosityOption
    var verbose: Int { verbosity.verbose }

    func validate() throws { try verbosity.check(highest: 1) }

    mutating func run() throws {
        try AtomicFile.checkTarget(save, what: "--save")
        let settings = training.settings(seed: model.seed ?? 0)
        let verbose = self.verbose, pretrainData = self.pretrainData
        let run = PretrainingRun(model: try model.notation(), data: try data.specification(), settings: settings, images: pretrainData, dataDirectory: data.dataDirectory)
        let start = ContinuousClock.now
        let (network, rbms, layers, prepared) = try run.run(
            onStart: { count, samples, prepared, network in
                guard verbose > 0 else { return }
                print(
                    "Pre-training \(count) RBMs of \(ModelNotation.describe(network)) on \(samples) samples of \(prepared.train.name)\(pretrainData == .all ? ", test images included" : "") (\(prepared.preprocessing)), "
                        + "\(settings.persistent ? "PCD" : "CD")-\(settings.k), \(settings.epochs) epochs each, lr \(settings.learningRate), batch \(settings.batchSize)")
            },
            onLayer: { index, rbm in
                if verbose > 0 { print("Layer \(index): RBM of \(rbm.visible) visible and \(rbm.hidden) hidden units") }
            }, onEpoch: { _, m in if verbose > 0 { print("  " + RBMReport.line(m, epochs: settings.epochs)) } })
        try RunCheckpoint.write(network, preprocessing: prepared.preprocessing, extraTensors: RBMFile.dbnExtras(rbms, layers: layers), to: save)
        let elapsed = ContinuousClock.now - start
        print("Pre-trained \(rbms.count) layers in \(elapsed.components.seconds) s; saved \(save) (fine-tune it with: neuralkit train --init \(save) --data \(prepared.source.description) --loss ce)")
    }
}

extension PretrainingData: ExpressibleByArgument {}
