// Options of `neuralkit train` that shape the optimisation itself.

import ArgumentParser
import NeuralKit

/// `--loss`, `--optimizer` and its settings, `--lr` and its schedule, `--epochs`, `--batch-size`,
/// clipping, early stopping, `--no-shuffle`.
struct TrainingOptions: ParsableArguments {
    @Option(name: .long, help: "The loss: mse, bce, bce-logits, ce, nll (after Softmax), nll-log (after LogSoftmax), hinge, multi-hinge.")
    var loss: LossKind?

    @Option(name: .long, help: "The update rule: sgd, momentum, nesterov, adam, adamw, rmsprop, adagrad (PyTorch's formulas and defaults; default sgd).")
    var optimizer: OptimizerSettings.Kind?

    @Option(name: .customLong("lr"), parsing: .unconditional, help: "The learning rate (default: 0.1 for sgd, momentum and nesterov, 1e-3 for adam and adamw, 1e-2 for rmsprop and adagrad).")
    var learningRate: Float?

    @Option(name: .long, parsing: .unconditional, help: "Momentum of sgd, momentum, nesterov and rmsprop, in [0, 1) (default 0.9 for momentum and nesterov, else 0).")
    var momentum: Float?

    @Option(name: .long, help: ArgumentHelp("Adam's β₁,β₂ (default 0.9,0.999).", valueName: "b1,b2"))
    var betas: String?

    @Option(name: .long, parsing: .unconditional, help: "The term added to denominators of adam, adamw, rmsprop (default 1e-8) and adagrad (1e-10).")
    var eps: Float?

    @Option(name: .long, parsing: .unconditional, help: "Weight decay λ: L2 added to the gradient (decoupled for adamw). Default 0, or 0.01 for adamw.")
    var weightDecay: Float?

    @Option(name: .long, help: ArgumentHelp("The learning rate per epoch: step:EPOCHS:GAMMA, exponential:GAMMA, cosine (to 0 over the run) or constant.", valueName: "schedule"))
    var schedule: String?

    @Option(name: .customLong("lr-decay"), parsing: .unconditional, help: "Multiply the learning rate by this after every epoch, in (0, 1] (the same as --schedule exponential:GAMMA).")
    var learningRateDecay: Float?

    @Option(name: .long, parsing: .unconditional, help: ArgumentHelp("Raise the learning rate linearly over the first EPOCHS epochs (default 0).", valueName: "epochs"))
    var warmup: Int?

    @Option(name: .customLong("clip-grad-norm"), parsing: .unconditional, help: ArgumentHelp("Scale the gradients so that their global L2 norm is at most MAX before each step.", valueName: "max"))
    var clipGradientNorm: Float?

    @Option(
        name: .customLong("early-stopping"), parsing: .unconditional,
        help: ArgumentHelp("Stop after PATIENCE epochs without a lower validation loss (the test loss when there is no validation part) and keep the best epoch's weights.", valueName: "patience"))
    var earlyStopping: Int?

    @Option(name: .long, parsing: .unconditional, help: "Passes over the training data (default 10; with --resume, the total the run should reach, default the recorded one).")
    var epochs: Int?

    @Option(name: .long, parsing: .unconditional, help: "Samples per step (default 32).")
    var batchSize: Int?

    @Option(
        name: .long, parsing: .singleValue,
        help: ArgumentHelp(
            "Image data: change each training image at random, batch by batch (repeatable, in order): shift:N (move by up to N pixels), crop:P (pad by P, crop back), flip (mirror left-right half the time).",
            valueName: "step"))
    var augment: [String] = []

    @Flag(name: .customLong("no-shuffle"), help: "Visit samples in file order (default: a seeded shuffle every epoch).")
    var noShuffle = false

    func validate() throws {
        if let learningRate { guard learningRate.isFinite, learningRate > 0 else { throw ValidationError("--lr must be a positive number, got \(learningRate).") } }
        if let learningRateDecay, !(learningRateDecay > 0 && learningRateDecay <= 1) {
            throw ValidationError("--lr-decay must be in (0, 1], got \(learningRateDecay).")
        }
        if learningRateDecay != nil, schedule != nil { throw ValidationError("--lr-decay and --schedule both set the schedule; give one (--lr-decay G is --schedule exponential:G).") }
        if let epochs, epochs < 1 { throw ValidationError("--epochs must be at least 1, got \(epochs).") }
        if let batchSize, batchSize < 1 { throw ValidationError("--batch-size must be at least 1, got \(batchSize).") }
        try naming { try configuration(seed: 0).validate() }
    }

    /// The options given on the command line, `--epochs` aside (what `train --resume` cannot change).
    var givenExceptEpochs: [String] {
        [
            ("--loss", loss != nil), ("--optimizer", optimizer != nil), ("--lr", learningRate != nil), ("--momentum", momentum != nil),
            ("--betas", betas != nil), ("--eps", eps != nil), ("--weight-decay", weightDecay != nil), ("--schedule", schedule != nil),
            ("--lr-decay", learningRateDecay != nil), ("--warmup", warmup != nil), ("--clip-grad-norm", clipGradientNorm != nil),
            ("--early-stopping", earlyStopping != nil), ("--batch-size", batchSize != nil), ("--no-shuffle", noShuffle), ("--augment", !augment.isEmpty),
        ].filter(\.1).map(\.0)
    }

    /// `--betas` as numbers.
    func parsedBetas() throws -> [Float]? {
        guard let betas else { return nil }
        let values = betas.split(separator: ",").compactMap { Float($0.trimmingCharacters(in: .whitespaces)) }
        guard values.count == 2 else { throw NeuralKitError.argument("--betas takes two numbers such as 0.9,0.999, got '\(NeuralKitError.excerpt(betas))'.") }
        return values
    }

    /// The optimizer these options describe.
    func optimizerSettings() throws -> OptimizerSettings {
        OptimizerSettings(kind: optimizer ?? .sgd, momentum: momentum, betas: try parsedBetas(), eps: eps, weightDecay: weightDecay)
    }

    /// The training configuration these options describe, with `seed`.
    func configuration(seed: UInt64) throws -> TrainingConfiguration {
        let settings = try optimizerSettings()
        var configuration = TrainingConfiguration(
            batchSize: batchSize ?? 32, epochs: epochs ?? 10, learningRate: learningRate ?? settings.defaultLearningRate,
            learningRateDecay: learningRateDecay ?? 1, shuffle: !noShuffle, seed: seed, optimizer: settings,
            schedule: try schedule.map(LearningRateSchedule.init(parsing:)), warmupEpochs: warmup ?? 0,
            clipGradientNorm: clipGradientNorm, earlyStoppingPatience: earlyStopping)
        configuration.augmentation = try augment.map(Augmentation.Step.init(parsing:))
        return configuration
    }

    /// The loss, or an error saying it is needed.
    func requiredLoss() throws -> LossKind {
        guard let loss else { throw ValidationError("Missing --loss (e.g. --loss ce for classification, mse for regression).") }
        return loss
    }
}

extension OptimizerSettings.Kind: ExpressibleByArgument {
    public init?(argument: String) { self.init(rawValue: argument.lowercased()) }
}
