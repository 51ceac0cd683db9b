// TrainingConfiguration: the hyper-parameters of a mini-batch training run.

import NKCore

/// The settings of a mini-batch training run (`Trainer.fit`).
///
/// - `batchSize`: samples per step; the last batch of an epoch may be smaller.
/// - `epochs`: passes over the training set.
/// - `learningRate`: the base step size; `schedule` and `warmupEpochs` give each epoch's
///   (`LearningRateSchedule.rate`).
/// - `optimizer`: the update rule and its settings (`OptimizerSettings`: SGD by default).
/// - `weightDecay`: the optimizer's λ (coupled L2, decoupled for AdamW).
/// - `clipGradientNorm`: when set, gradients are scaled so that their global L2 norm is at most
///   this before each step (`torch.nn.utils.clip_grad_norm_`).
/// - `earlyStoppingPatience`: when set, training stops after this many epochs without a new best
///   monitored loss (validation, else test), and the best epoch's weights are restored.
/// - `shuffle`: visit the samples in a new random order every epoch (else in file order).
/// - `seed`: seeds the shuffling; the same seed and model give the identical run.
public struct TrainingConfiguration: Sendable, Equatable, Codable {
    /// Samples per step (≥ 1).
    public var batchSize: Int
    /// Passes over the training set (≥ 0).
    public var epochs: Int
    /// The base step size (> 0).
    public var learningRate: Float
    /// The update rule.
    public var optimizer: OptimizerSettings
    /// How the step size changes between epochs.
    public var schedule: LearningRateSchedule
    /// Epochs of linear warm-up at the start (0: none).
    public var warmupEpochs: Int
    /// The largest global gradient norm (nil: no clipping).
    public var clipGradientNorm: Float?
    /// Epochs without improvement before stopping (nil: train every epoch).
    public var earlyStoppingPatience: Int?
    /// Whether each epoch visits the samples in a new seeded random order.
    public var shuffle: Bool
    /// Seed of the shuffling order.
    public var seed: UInt64
    /// Random changes to the training images, in order (`Augmentation`); empty for none.
    public var augmentation: [Augmentation.Step] = []

    /// Defaults: batch 32, 10 epochs, SGD at learning rate 0.01, constant, no weight decay, shuffled, seed 0.
    /// `learningRateDecay` below 1 is `schedule: .exponential(gamma: learningRateDecay)`.
    public init(
        batchSize: Int = 32, epochs: Int = 10, learningRate: Float = 0.01, learningRateDecay: Float = 1,
        weightDecay: Float = 0, shuffle: Bool = true, seed: UInt64 = 0,
        optimizer: OptimizerSettings = OptimizerSettings(), schedule: LearningRateSchedule? = nil, warmupEpochs: Int = 0,
        clipGradientNorm: Float? = nil, earlyStoppingPatience: Int? = nil
    ) {
        self.batchSize = batchSize
        self.epochs = epochs
        self.learningRate = learningRate
        self.optimizer = optimizer
        self.schedule = schedule ?? (learningRateDecay == 1 ? .constant : .exponential(gamma: learningRateDecay))
        self.warmupEpochs = warmupEpochs
        self.clipGradientNorm = clipGradientNorm
        self.earlyStoppingPatience = earlyStoppingPatience
        self.shuffle = shuffle
        self.seed = seed
        if weightDecay != 0 { self.optimizer.weightDecay = weightDecay }
    }

    /// The optimizer's weight decay in effect (`OptimizerSettings.resolvedWeightDecay`).
    public var weightDecay: Float {
        get { optimizer.resolvedWeightDecay }
        set { optimizer.weightDecay = newValue }
    }

    /// The per-epoch factor of an exponential schedule (1 for any other).
    public var learningRateDecay: Float {
        if case .exponential(let g) = schedule { return g }
        return 1
    }

    /// The learning rate of epoch `epoch` (from 0).
    public func learningRate(epoch: Int) -> Float {
        schedule.rate(base: learningRate, epoch: epoch, epochs: epochs, warmup: warmupEpochs)
    }

    /// Throws `NeuralKitError.argument` naming the first setting out of range.
    public func validate() throws {
        guard batchSize >= 1 else { throw NeuralKitError.argument("Training: batch size must be at least 1, got \(batchSize).", field: "batchSize") }
        guard epochs >= 0 else { throw NeuralKitError.argument("Training: epochs must be 0 or more, got \(epochs).", field: "epochs") }
        guard learningRate.isFinite, learningRate > 0 else {
            throw NeuralKitError.argument("Training: the learning rate must be a positive number, got \(learningRate).", field: "learningRate")
        }
        try schedule.validate()
        try optimizer.validate()
        guard warmupEpochs >= 0 else { throw NeuralKitError.argument("Training: the warm-up must be 0 or more epochs, got \(warmupEpochs).", field: "warmupEpochs") }
        if let clipGradientNorm, !(clipGradientNorm.isFinite && clipGradientNorm > 0) {
            throw NeuralKitError.argument("Training: the gradient-norm clip must be a positive number, got \(clipGradientNorm).", field: "clipGradientNorm")
        }
        if let earlyStoppingPatience, earlyStoppingPatience < 1 {
            throw NeuralKitError.argument("Training: early stopping needs a patience of at least 1 epoch, got \(earlyStoppingPatience).", field: "earlyStoppingPatience")
        }
    }

    // MARK: - Codable (files from version 0.3 record learningRateDecay and weightDecay instead)

    enum CodingKeys: String, CodingKey {
        case batchSize, epochs, learningRate, optimizer, schedule, warmupEpochs, clipGradientNorm, earlyStoppingPatience
        case shuffle, seed, learningRateDecay, weightDecay, augmentation
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            batchSize: try c.decode(Int.self, forKey: .batchSize), epochs: try c.decode(Int.self, forKey: .epochs),
            learningRate: try c.decode(Float.self, forKey: .learningRate),
            learningRateDecay: try c.decodeIfPresent(Float.self, forKey: .learningRateDecay) ?? 1,
            weightDecay: try c.decodeIfPresent(Float.self, forKey: .weightDecay) ?? 0,
            shuffle: try c.decode(Bool.self, forKey: .shuffle), seed: try c.decode(UInt64.self, forKey: .seed),
            optimizer: try c.decodeIfPresent(OptimizerSettings.self, forKey: .optimizer) ?? OptimizerSettings(),
            schedule: try c.decodeIfPresent(LearningRateSchedule.self, forKey: .schedule),
            warmupEpochs: try c.decodeIfPresent(Int.self, forKey: .warmupEpochs) ?? 0,
            clipGradientNorm: try c.decodeIfPresent(Float.self, forKey: .clipGradientNorm),
            earlyStoppingPatience: try c.decodeIfPresent(Int.self, forKey: .earlyStoppingPatience))
        augmentation = try (c.decodeIfPresent([String].self, forKey: .augmentation) ?? []).map(Augmentation.Step.init(parsing:))
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(batchSize, forKey: .batchSize)
        try c.encode(epochs, forKey: .epochs)
        try c.encode(learningRate, forKey: .learningRate)
        try c.encode(optimizer, forKey: .optimizer)
        try c.encode(schedule, forKey: .schedule)
        try c.encode(warmupEpochs, forKey: .warmupEpochs)
        try c.encodeIfPresent(clipGradientNorm, forKey: .clipGradientNorm)
        try c.encodeIfPresent(earlyStoppingPatience, forKey: .earlyStoppingPatience)
        try c.encode(shuffle, forKey: .shuffle)
        try c.encode(seed, forKey: .seed)
        if !augmentation.isEmpty { try c.encode(augmentation.map(\.description), forKey: .augmentation) }
    }
}
