// TrainingConfiguration: the hyper-parameters of a mini-batch SGD run.

import NKCore

/// The settings of a mini-batch SGD run (`Trainer.fit`).
///
/// - `batchSize`: samples per step; the last batch of an epoch may be smaller.
/// - `epochs`: passes over the training set.
/// - `learningRate`: the SGD step, `θ ← θ − learningRate · ∂loss/∂θ`.
/// - `learningRateDecay`: the step is multiplied by this after every epoch, so epoch `e` (from 1)
///   uses `learningRate · decay^(e−1)` (PyTorch: `ExponentialLR(gamma: decay)` stepped per epoch).
/// - `weightDecay`: the L2 penalty λ of `Optim.weightDecay` (0: none).
/// - `shuffle`: visit the samples in a new random order every epoch (else in file order).
/// - `seed`: seeds the shuffling; the same seed and model give the identical run.
public struct TrainingConfiguration: Sendable, Equatable, Codable {
    /// Samples per SGD step (≥ 1).
    public var batchSize: Int
    /// Passes over the training set (≥ 0).
    public var epochs: Int
    /// The SGD step size (> 0).
    public var learningRate: Float
    /// The factor applied to the step after each epoch, in (0, 1]; 1 keeps it constant.
    public var learningRateDecay: Float
    /// The L2 penalty added to every gradient (`λ·θ`), ≥ 0.
    public var weightDecay: Float
    /// Whether each epoch visits the samples in a new seeded random order.
    public var shuffle: Bool
    /// Seed of the shuffling order.
    public var seed: UInt64

    /// Defaults: batch 32, 10 epochs, learning rate 0.01 without decay, no weight decay, shuffled, seed 0.
    public init(batchSize: Int = 32, epochs: Int = 10, learningRate: Float = 0.01, learningRateDecay: Float = 1,
                weightDecay: Float = 0, shuffle: Bool = true, seed: UInt64 = 0) {
        self.weightDecay = weightDecay
        self.batchSize = batchSize
        self.epochs = epochs
        self.learningRate = learningRate
        self.learningRateDecay = learningRateDecay
        self.shuffle = shuffle
        self.seed = seed
    }

    /// Throws `NeuralKitError.argument` naming the first setting out of range.
    public func validate() throws {
        guard batchSize >= 1 else { throw NeuralKitError.argument("Training: batch size must be at least 1, got \(batchSize).") }
        guard epochs >= 0 else { throw NeuralKitError.argument("Training: epochs must be 0 or more, got \(epochs).") }
        guard learningRate.isFinite, learningRate > 0 else {
            throw NeuralKitError.argument("Training: the learning rate must be a positive number, got \(learningRate).")
        }
        guard learningRateDecay > 0 && learningRateDecay <= 1 else {
            throw NeuralKitError.argument("Training: the learning-rate decay must be in (0, 1], got \(learningRateDecay).")
        }
        guard weightDecay.isFinite && weightDecay >= 0 else {
            throw NeuralKitError.argument("Training: the weight decay must be 0 or a positive number, got \(weightDecay).")
        }
    }
}
