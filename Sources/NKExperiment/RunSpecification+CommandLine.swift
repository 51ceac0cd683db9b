// RunSpecification+CommandLine: the `neuralkit train` command line that runs a specification.

import NKCore
import NKData
import NKTrain

extension RunSpecification {
    /// The arguments of `neuralkit train` that describe exactly this specification, starting with
    /// `neuralkit train`: parsing them back gives an equal specification (a test checks it), so a
    /// plan's runs can be repeated by hand. Settings at their default are left out.
    public var commandArguments: [String] {
        var a = ["neuralkit", "train", "--model", model, "--data", data.source.description, "--loss", loss.rawValue]
        switch data.source {
        case .csv(_, let targetColumns) where targetColumns != 1: a += ["--targets", "\(targetColumns)"]
        case .genArti(_, let samples) where samples != 1000: a += ["--samples", "\(samples)"]
        case .linearRegression(let samples) where samples != 100: a += ["--samples", "\(samples)"]
        default: break
        }
        if let steps = data.preprocessing { a += steps.isEmpty ? ["--preprocess", "none"] : steps.flatMap { ["--preprocess", $0.description] } }
        if let fraction = data.validationFraction { a += ["--validation-fraction", "\(fraction)"] }
        if let limit = data.limit { a += ["--limit", "\(limit)"] }
        if let testLimit = data.testLimit { a += ["--test-limit", "\(testLimit)"] }
        let t = training, o = t.optimizer
        if o.kind != .sgd { a += ["--optimizer", o.kind.rawValue] }
        if t.learningRate != o.defaultLearningRate { a += ["--lr", "\(t.learningRate)"] }
        if let momentum = o.momentum { a += ["--momentum", "\(momentum)"] }
        if let betas = o.betas { a += ["--betas", betas.map { "\($0)" }.joined(separator: ",")] }
        if let eps = o.eps { a += ["--eps", "\(eps)"] }
        if let weightDecay = o.weightDecay { a += ["--weight-decay", "\(weightDecay)"] }
        if t.schedule != .constant { a += ["--schedule", t.schedule.description] }
        if t.warmupEpochs > 0 { a += ["--warmup", "\(t.warmupEpochs)"] }
        if let clip = t.clipGradientNorm { a += ["--clip-grad-norm", "\(clip)"] }
        if let patience = t.earlyStoppingPatience { a += ["--early-stopping", "\(patience)"] }
        a += ["--epochs", "\(t.epochs)", "--batch-size", "\(t.batchSize)"]
        if !t.shuffle { a.append("--no-shuffle") }
        for step in t.augmentation { a += ["--augment", step.description] }
        if seed != 0 { a += ["--seed", "\(seed)"] }
        if reconstruct { a.append("--reconstruct") }
        if let initialWeights { a += ["--init", initialWeights] }
        if let pretraining {
            a += ["--pretrain", "\(pretraining.epochs)"]
            if pretraining.learningRate != 0.1 { a += ["--pretrain-lr", "\(pretraining.learningRate)"] }
            if let pretrainingData { a += ["--pretrain-data", pretrainingData.rawValue] }
        }
        return a
    }

    /// `commandArguments` as one shell line, with the arguments that need it single-quoted.
    public var commandLine: String { shellLine(commandArguments) }

    /// Whether `commandArguments` can say everything this specification holds: `neuralkit train`
    /// ties pre-training's batch size and seed to the run's and has no option for CD-k and the
    /// other RBM settings.
    public var isExpressibleAsCommand: Bool {
        guard let p = pretraining else { return true }
        return p == RBMTraining(learningRate: p.learningRate, batchSize: training.batchSize, epochs: p.epochs, seed: seed)
    }
}
