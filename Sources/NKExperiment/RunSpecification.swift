// RunSpecification: everything that decides a training run, as one Codable value.

import NKCore
import NKData
import NKLosses
import NKTrain

/// A training run, completely specified: the model, the data (source, limits, split,
/// preprocessing), the loss, the optimisation settings and the one seed. `TrainingRun` executes
/// it; run folders (`config.json`) and checkpoints record it, so a run can be read back, compared
/// and repeated.
///
/// The seed is `training.seed`: it fixes the initialisation, generated data, the validation split
/// and the shuffling.
///
/// ```swift
/// var spec = RunSpecification(model: "Linear(784, 100) - TanH() - Linear(100, 10)",
///                             data: DataSpecification(source: .dataset("mnist")), loss: .ce)
/// spec.training = TrainingConfiguration(batchSize: 64, epochs: 10, learningRate: 0.1)
/// let outcome = try TrainingRun(spec).run()            // outcome.test?.accuracy ≈ 0.977
/// ```
public struct RunSpecification: Sendable, Equatable, Codable {
    /// The model in the notation, e.g. `Linear(2, 5) - TanH() - Linear(5, 1) - Sigmoid()`.
    public var model: String
    /// Which samples, and how they are prepared.
    public var data: DataSpecification
    /// The objective.
    public var loss: LossKind
    /// Batch size, epochs, optimizer, learning rate and its schedule, clipping, early stopping, shuffling, seed.
    public var training: TrainingConfiguration
    /// Train an autoencoder: the targets are the (preprocessed, flattened) inputs themselves.
    public var reconstruct: Bool
    /// The shape of one input sample when the data does not say it (nil: the data's own shape).
    public var inputShape: [Int]?
    /// A checkpoint whose weights the model starts from (nil: fresh initialisation).
    public var initialWeights: String?
    /// Greedy RBM pre-training of the model's leading `Linear – Sigmoid` pairs before training
    /// (`DeepBeliefNet.pretrain`; nil: none). The inputs must then lie in [0, 1].
    public var pretraining: RBMTraining?
    /// Which images `pretraining` sees (nil: `.train`).
    public var pretrainingData: PretrainingData?

    /// A specification with default training settings (`TrainingConfiguration()`), seed 0.
    public init(
        model: String, data: DataSpecification, loss: LossKind, training: TrainingConfiguration = TrainingConfiguration(),
        reconstruct: Bool = false, inputShape: [Int]? = nil, initialWeights: String? = nil
    ) {
        self.model = model
        self.data = data
        self.loss = loss
        self.training = training
        self.reconstruct = reconstruct
        self.inputShape = inputShape
        self.initialWeights = initialWeights
    }

    /// The run's one seed (stored as `training.seed`).
    public var seed: UInt64 {
        get { training.seed }
        set { training.seed = newValue }
    }

    /// Throws `NeuralKitError.argument` naming the first setting that cannot work.
    public func validate() throws {
        try training.validate()
        try data.validate()
        try pretraining?.validate()
        if pretrainingData != nil, pretraining == nil {
            throw NeuralKitError.argument("Pre-training data was chosen, but no pre-training: give the pre-training epochs too.")
        }
        if pretraining != nil, initialWeights != nil {
            throw NeuralKitError.argument("Pre-training and initial weights from a file both set the initial weights; give one.", field: "initialWeights")
        }
        if reconstruct, ![.mse, .bce, .bceLogits].contains(loss) {
            throw NeuralKitError.argument("An autoencoder (reconstruct) compares outputs with inputs: use the loss mse, bce or bce-logits, not \(loss).", field: "reconstruct")
        }
    }

    /// The settings as (name, value) pairs, in the order a report shows them.
    public var summaryPairs: [(String, String)] {
        var pairs: [(String, String)] = [
            ("model", model), ("data", data.source.description), ("loss", loss.rawValue),
            ("optimizer", training.optimizer.summary), ("learning rate", "\(training.learningRate)"),
            ("schedule", "\(training.schedule)" + (training.warmupEpochs > 0 ? ", \(training.warmupEpochs) warm-up epochs" : "")),
            ("epochs", "\(training.epochs)"),
            ("batch size", "\(training.batchSize)"), ("shuffle", training.shuffle ? "yes" : "no"),
            ("seed", "\(seed)"), ("reconstruct", reconstruct ? "yes" : "no"),
        ]
        switch data.source {
        case .csv(_, let targetColumns): pairs.append(("target columns", "\(targetColumns)"))
        case .genArti(_, let samples), .linearRegression(let samples): pairs.append(("samples", "\(samples)"))
        case .dataset: break
        }
        if let clip = training.clipGradientNorm { pairs.append(("gradient norm clipped at", "\(clip)")) }
        if !training.augmentation.isEmpty { pairs.append(("augmentation", training.augmentation.map(\.description).joined(separator: ", "))) }
        if let patience = training.earlyStoppingPatience { pairs.append(("early stopping patience", "\(patience) epochs")) }
        if let fraction = data.validationFraction { pairs.append(("validation fraction", "\(fraction)")) }
        pairs.append(("preprocessing", data.preprocessing.map { $0.isEmpty ? "none" : $0.map(\.description).joined(separator: ", ") } ?? "the data's default"))
        if let limit = data.limit { pairs.append(("limit", "\(limit)")) }
        if let testLimit = data.testLimit { pairs.append(("test limit", "\(testLimit)")) }
        if let inputShape { pairs.append(("input shape", describeShape(inputShape))) }
        if let initialWeights { pairs.append(("initial weights", initialWeights)) }
        if let pretraining {
            pairs.append(
                (
                    "pre-training",
                    "\(pretraining.epochs) epochs of \(pretraining.persistent ? "PCD" : "CD")-\(pretraining.k) per layer, lr \(pretraining.learningRate), batch \(pretraining.batchSize)"
                        + (pretrainingData == .all ? ", on every image of the source, test images included (transductive)" : ", on the training rows")
                ))
        }
        return pairs
    }
}
