// Options of `neuralkit train` that shape the optimisation itself.

import ArgumentParser
import NeuralKit

/// `--loss`, `--lr`, `--lr-decay`, `--weight-decay`, `--epochs`, `--batch-size`, `--no-shuffle`.
struct TrainingOptions: ParsableArguments {
    @Option(name: .long, help: "The loss: mse, bce, bce-logits, ce, nll (after Softmax), nll-log (after LogSoftmax), hinge, multi-hinge.")
    var loss: LossKind

    @Option(name: .customLong("lr"), help: "The SGD step (learning rate).")
    var learningRate: Float = 0.1

    @Option(name: .customLong("lr-decay"), help: "Multiply the learning rate by this after every epoch, in (0, 1].")
    var learningRateDecay: Float = 1

    @Option(name: .long, help: "L2 penalty: add this times each weight to its gradient every step (PyTorch's SGD weight_decay).")
    var weightDecay: Float = 0

    @Option(name: .long, help: "Passes over the training data.")
    var epochs: Int = 10

    @Option(name: .long, help: "Samples per SGD step.")
    var batchSize: Int = 32

    @Flag(name: .customLong("no-shuffle"), help: "Visit samples in file order (default: a seeded shuffle every epoch).")
    var noShuffle = false

    func validate() throws {
        guard learningRate.isFinite, learningRate > 0 else { throw ValidationError("--lr must be a positive number, got \(learningRate).") }
        guard learningRateDecay > 0 && learningRateDecay <= 1 else {
            throw ValidationError("--lr-decay must be in (0, 1], got \(learningRateDecay).")
        }
        guard weightDecay.isFinite && weightDecay >= 0 else {
            throw ValidationError("--weight-decay must be 0 or a positive number, got \(weightDecay).")
        }
        guard epochs >= 1 else { throw ValidationError("--epochs must be at least 1, got \(epochs).") }
        guard batchSize >= 1 else { throw ValidationError("--batch-size must be at least 1, got \(batchSize).") }
    }

    /// The training configuration these options describe, with `seed`.
    func configuration(seed: UInt64) -> TrainingConfiguration {
        TrainingConfiguration(batchSize: batchSize, epochs: epochs, learningRate: learningRate, learningRateDecay: learningRateDecay,
                              weightDecay: weightDecay, shuffle: !noShuffle, seed: seed)
    }
}
