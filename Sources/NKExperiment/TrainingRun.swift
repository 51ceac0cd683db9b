// TrainingRun: executes a RunSpecification (model, data, checks, training, evaluation).

import Foundation
import NKCore
import NKData
import NKLayers
import NKLosses
import NKTrain

/// A training run being carried out. `init` does everything that can fail before training — reads
/// the initial checkpoint, builds the model, prepares the data (`DataSpecification.prepare`),
/// checks the model against data and loss (`RunTargets`) — so a mistake is reported at once;
/// `run()` trains and judges the final model on every part.
///
/// ```swift
/// let run = try TrainingRun(spec)               // errors about data, shapes and losses come here
/// run.onEpochEnd = { print($0.trainLoss) }
/// let outcome = try run.run()
/// try RunFolder(path: "runs/mnist").write(outcome)
/// ```
public final class TrainingRun {
    /// The specification being executed.
    public let specification: RunSpecification
    /// The model, initialised from the seed or from `specification.initialWeights`.
    public let network: Sequential
    /// The data, limited, split and preprocessed.
    public let data: PreparedData
    /// The loss contract and target encoding.
    public let targets: RunTargets
    /// Things the user should know (e.g. which recorded preprocessing was reused); print them.
    public private(set) var notes: [String] = []
    /// Called after every batch.
    public var onProgress: ((TrainingProgress) -> Void)?
    /// Called after every epoch.
    public var onEpochEnd: ((EpochMetrics) -> Void)?
    /// Called before pre-training (`specification.pretraining`) with the number of RBMs, then after
    /// each RBM epoch with the layer's position and its metrics.
    public var onPretrainingLayer: ((Int) -> Void)?
    public var onPretrainingEpoch: ((Int, RBMEpochMetrics) -> Void)?
    /// Callbacks the trainer calls after its built-in ones (see `Trainer.callbacks`), such as a
    /// `TensorBoardCallback`.
    public var callbacks: [any TrainingCallback] = []
    /// Where to write the resumable checkpoint (`ResumeFile`) after every epoch (nil: nowhere).
    public var resumeFilePath: String?
    /// The processes this run is one rank of (data-parallel training: `DataParallel` joins the
    /// trainer's callbacks, first); nil or a group of one: trained alone.
    public var processGroup: (any ProcessGroup)?
    /// The state a resumed run continues from (nil for a new run).
    public let resumedState: TrainerState?
    /// The batch losses of the epochs before the resume (empty for a new run).
    let resumedBatchLosses: BatchLosses
    /// Where registered datasets are read from.
    let dataDirectory: URL
    /// The training images' augmentation (`specification.training.augmentation` on these images).
    public let augmentation: Augmentation?

    /// Prepares the run `specification` (see the type's documentation).
    /// - Parameters:
    ///   - specification: the run.
    ///   - dataDirectory: where registered datasets live (default: `DatasetRegistry.dataDirectory(explicit: nil)`).
    ///   - resumeFrom: a `ResumeFile` of an interrupted run of this specification (epochs aside): its
    ///     weights and trainer state replace the initialisation, and `run()` continues it.
    public convenience init(_ specification: RunSpecification, dataDirectory: URL? = nil, resumeFrom: String? = nil) throws {
        try self.init(specification, dataDirectory: dataDirectory, resumed: try resumeFrom.map(ResumeFile.read))
    }

    /// Prepares the run `specification`, resuming from a `ResumeFile` already read (or decoded from
    /// bytes another rank read: `SharedResume`).
    /// - Parameters:
    ///   - specification: the run.
    ///   - dataDirectory: where registered datasets live (default: `DatasetRegistry.dataDirectory(explicit: nil)`).
    ///   - resumed: the checkpoint and trainer state of an interrupted run of this specification
    ///     (epochs aside), or nil for a new run.
    public init(_ specification: RunSpecification, dataDirectory: URL? = nil, resumed: (checkpoint: RunCheckpoint, state: TrainerState)?) throws {
        try specification.validate()
        self.specification = specification
        self.dataDirectory = dataDirectory ?? DatasetRegistry.dataDirectory(explicit: nil)
        let initial = resumed == nil ? try specification.initialWeights.map(RunCheckpoint.read) : nil
        var rng = RandomGenerator(seed: specification.seed)
        network = try ModelNotation.parse(specification.model, using: &rng)
        var notes: [String] = []
        resumedState = resumed?.state
        resumedBatchLosses = try resumed.map { try ResumeFile.batchLosses(in: $0.checkpoint, epochsDone: $0.state.progress.epochsDone) } ?? BatchLosses()
        if let resumed {
            try resumed.checkpoint.loadWeights(into: network)
            let done = resumed.state.progress.epochsDone
            guard done <= specification.training.epochs else {
                throw NeuralKitError.argument(
                    "Resuming \(resumed.checkpoint.path): the run has done \(done) epochs already; ask for more epochs (at least \(done + 1)).", field: "epochs")
            }
            notes.append("resuming after epoch \(done) from \(resumed.checkpoint.path)")
        }
        if let initial {
            var scratch = RandomGenerator(seed: 0)
            if let recorded = initial.notation,
                (try? ModelNotation.parse(recorded, using: &scratch)).map(ModelNotation.describe) != ModelNotation.describe(network)
            {
                notes.append("The initial weights \(initial.path) record the model \(recorded); its weights have the shapes of \(ModelNotation.describe(network)) and are loaded into it.")
            }
            try initial.loadWeights(into: network)
        }
        let recorded = resumed?.checkpoint.preprocessing ?? (specification.data.preprocessing == nil ? initial?.preprocessing : nil)
        if let recorded, let initial { notes.append("using the preprocessing recorded in \(initial.path): \(recorded)") }
        data = try specification.data.prepare(seed: specification.seed, dataDirectory: self.dataDirectory, fitted: recorded)
        targets = try RunTargets(network: network, train: data.train, loss: specification.loss, reconstruct: specification.reconstruct)
        augmentation = try Self.augmentation(specification.training.augmentation, for: data)
        // A training step, and evaluation (batches of up to 256 samples), must fit beside the data.
        let batch = max(min(specification.training.batchSize, data.train.count), min(256, data.train.count))
        try MemoryBudget.check(
            try network.stepMemory(sampleShape: data.train.sampleShape, batch: batch),
            for: "Training \(specification.model) on batches of \(batch) samples of \(describeShape(data.train.sampleShape))")
        self.notes = notes
    }

    /// The augmentation `steps` on the images of `data`: uncovered pixels get what a zero pixel
    /// becomes after the run's preprocessing. Nil without steps.
    /// - Throws: `.argument` naming `augment` when the samples are not images.
    static func augmentation(_ steps: [Augmentation.Step], for data: PreparedData) throws -> Augmentation? {
        guard !steps.isEmpty else { return nil }
        let shape = data.train.sampleShape
        guard let image = RunFigures.imageShape(shape) else {
            throw NeuralKitError.argument(
                "Augmentation applies to images; \(data.train.name) has samples of \(describeShape(shape)).", field: "augment")
        }
        let zero = Dataset(name: "fill", inputs: Tensor(zeros: [1] + shape), targets: Tensor(zeros: [1, 1]))
        let fill = try data.preprocessing.apply(to: zero).inputs.scalars
        return try Augmentation(steps: steps, imageShape: image.count == 2 ? image + [1] : image, fill: fill)
    }

    /// The specification with every default made explicit (the preprocessing steps and the
    /// validation fraction actually used), as checkpoints and `config.json` record it.
    public var resolvedSpecification: RunSpecification {
        var spec = specification
        spec.data.preprocessing = spec.data.preprocessingSteps
        spec.data.validationFraction = data.validationFraction
        return spec
    }

    /// Trains for the specified epochs, then measures the final model on every part.
    /// - Throws: `NeuralKitError(.divergence, …)` when the loss stops being finite, naming the
    ///   epoch and batch.
    public func run() throws -> RunOutcome {
        if let pretraining = specification.pretraining, resumedState == nil {
            let layers = try DeepBeliefNet.pretrainableLayers(network)
            onPretrainingLayer?(layers.count)
            _ = try DeepBeliefNet.pretrain(
                network, data: try (specification.pretrainingData ?? .train).images(of: specification.data, prepared: data, seed: specification.seed, dataDirectory: dataDirectory),
                settings: pretraining,
                onEpoch: { layer, metrics in
                    self.onPretrainingEpoch?(layer, metrics)
                })
        }
        let (train, decision) = try targets.encode(data.train)
        let validation = try data.validation.map { try targets.encode($0).part }
        let test = try data.test.map { try targets.encode($0).part }
        let trainer = Trainer(network, specification.loss.make(), configuration: specification.training, decision: decision)
        trainer.augmentation = augmentation
        let batchLosses = resumedBatchLosses
        let userProgress = onProgress
        trainer.onProgress = { progress in
            batchLosses.record(progress)
            userProgress?(progress)
        }
        trainer.onEpochEnd = onEpochEnd
        let parallel = processGroup.flatMap { $0.size > 1 ? DataParallel(group: $0) : nil }
        trainer.callbacks = (parallel.map { [$0] } ?? []) + callbacks
        if let resumeFilePath {
            let (network, specification, preprocessing) = (network, resolvedSpecification, data.preprocessing)
            trainer.onCheckpoint = { state in
                try ResumeFile.write(
                    network: network, state: state, specification: specification, preprocessing: preprocessing, batchLosses: batchLosses, to: resumeFilePath)
            }
        }
        let history = try trainer.fit(
            inputs: train.inputs, targets: train.targets,
            validation: validation.map { ($0.inputs, $0.targets) },
            test: test.map { ($0.inputs, $0.targets) }, resumingFrom: resumedState)
        func judge(_ part: Dataset, _ split: DataSplit) throws -> Evaluation {
            try Evaluation(network: network, loss: specification.loss, decision: decision, part: part, split: split, meanOf: train)
        }
        var evaluations = [try judge(train, .train)]
        if let validation { evaluations.append(try judge(validation, .validation)) }
        if let test { evaluations.append(try judge(test, .test)) }
        let encoded = PreparedData(
            source: data.source, train: train, validation: validation, test: test,
            preprocessing: data.preprocessing, validationFraction: data.validationFraction)
        return RunOutcome(
            specification: specification, resolvedSpecification: resolvedSpecification, network: network, history: history, data: data, encoded: encoded,
            decision: decision, outputWidth: targets.outputWidth, evaluations: evaluations, notes: notes,
            batchLosses: batchLosses)
    }
}
