// Options shared by `neuralkit rbm` and `neuralkit pretrain`: contrastive-divergence settings and data in [0, 1].

import ArgumentParser
import Foundation
import NeuralKit

/// `--epochs`, `--lr`, `--batch-size`, `--cd-k`, `--persistent`, `--momentum`, `--weight-decay`, `--mean-field`.
struct RBMTrainingOptions: ParsableArguments {
    @Option(name: .long, parsing: .unconditional, help: "Epochs of contrastive divergence (per RBM).")
    var epochs: Int = 10

    @Option(name: .customLong("lr"), parsing: .unconditional, help: "The step on the gradient statistics.")
    var learningRate: Float = 0.1

    @Option(name: .long, parsing: .unconditional, help: "Samples per update.")
    var batchSize: Int = 64

    @Option(name: .customLong("cd-k"), parsing: .unconditional, help: "Gibbs steps in the negative phase (CD-k).")
    var k: Int = 1

    @Flag(name: .long, help: "Persistent contrastive divergence: the negative chains carry over between batches.")
    var persistent = false

    @Option(name: .long, parsing: .unconditional, help: "Momentum of the updates, in [0, 1).")
    var momentum: Float = 0

    @Option(name: .long, parsing: .unconditional, help: "L2 decay of the weights (not the biases).")
    var weightDecay: Float = 0

    @Flag(name: .customLong("mean-field"), help: "Use probabilities instead of samples everywhere (a deterministic step).")
    var meanField = false

    func validate() throws {
        try naming { try settings(seed: 0).validate() }
    }

    func settings(seed: UInt64) -> RBMTraining {
        RBMTraining(
            learningRate: learningRate, batchSize: batchSize, epochs: epochs, k: k, persistent: persistent,
            momentum: momentum, weightDecay: weightDecay, meanField: meanField, seed: seed)
    }
}
