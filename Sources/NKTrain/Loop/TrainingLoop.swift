// TrainingLoop: what the callbacks of a run see and share — the model, the settings, the optimizer,
// the history, the epoch, the resumable state — and the stop request.

import NKCore
import NKLayers
import NKLosses

/// The state of one `Trainer.fit`, handed to every `TrainingCallback`.
public final class TrainingLoop {
    /// The model trained in place.
    public let network: any Module
    /// The objective.
    public let loss: any Loss
    /// The run's settings.
    public let configuration: TrainingConfiguration
    /// How accuracy is measured (nil: not measured).
    public let decision: Decision?
    /// The optimizer step in use (its learning rate is the current epoch's).
    public let optim: Optim
    /// The epochs recorded so far (a resumed run's included).
    public internal(set) var history: History
    /// The epoch in progress, from 1 (0 before the first).
    public internal(set) var epoch: Int
    /// Training samples per epoch.
    public let samples: Int
    /// Batches per epoch.
    public let batchesPerEpoch: Int
    /// Set to end the run after the current epoch.
    public var stopRequested = false
    /// What a resumed run continues from; the built-in callbacks keep their part up to date (the
    /// divergence threshold, the early-stopping record) and the checkpoint writes it.
    public var progress: TrainerState.Progress
    /// Early stopping's best parameters and buffers (`network.parameters` then `network.buffers`).
    public var bestWeights: [Tensor]
    /// The model's Dropout layers, whose generators a checkpoint records.
    let dropouts: [Dropout]
    /// The draws of the training images' augmentation (a checkpoint records it).
    var augmentationGenerator: RandomGenerator

    init(
        network: any Module, loss: any Loss, configuration: TrainingConfiguration, decision: Decision?, optim: Optim,
        samples: Int, batchesPerEpoch: Int, resumingFrom state: TrainerState?
    ) throws {
        self.samples = samples
        self.network = network
        self.loss = loss
        self.configuration = configuration
        self.decision = decision
        self.optim = optim
        self.batchesPerEpoch = batchesPerEpoch
        dropouts = randomizedModules(network)
        progress = TrainerState.Progress(
            epochsDone: 0, history: [], optimizerSteps: 0, divergenceThreshold: nil,
            generators: [], bestLoss: nil, bestEpoch: nil, epochsWithoutImprovement: 0)
        bestWeights = []
        history = History()
        epoch = 0
        augmentationGenerator = RandomGenerator(seed: configuration.seed ^ 0xA5A5_5A5A_0F0F_F0F0)
        guard let state else { return }
        if let saved = state.progress.augmentationGenerator { augmentationGenerator = saved }
        try state.progress.validate(epochs: configuration.epochs)
        progress = state.progress
        guard progress.generators.count == dropouts.count else {
            throw NeuralKitError.argument("Resuming: the saved state has \(progress.generators.count) Dropout generators, the model \(dropouts.count) Dropout layers.")
        }
        for (d, g) in zip(dropouts, progress.generators) { d.generator = g }
        try optim.optimizer.restore(
            state: Dictionary(state.optimizerState.map { ($0.name, $0.tensor) }, uniquingKeysWith: { a, _ in a }),
            steps: progress.optimizerSteps, for: network.parameters)
        bestWeights = state.bestWeights
        history.epochs = progress.history
        epoch = progress.epochsDone
    }

    /// The state to resume from after the current epoch.
    public var state: TrainerState {
        TrainerState(progress: progress, optimizerState: optim.optimizer.state, bestWeights: bestWeights)
    }

    /// Brings the resumable state up to the end of the current epoch (history, steps, generators).
    func recordEpochDone() {
        progress.epochsDone = epoch
        progress.history = history.epochs
        progress.optimizerSteps = optim.optimizer.steps
        progress.generators = dropouts.map(\.generator)
        progress.augmentationGenerator = configuration.augmentation.isEmpty ? nil : augmentationGenerator
    }
}

extension TrainerState.Progress {
    /// Throws when a saved state cannot belong to a run of `epochs` epochs: negative or absurd counts.
    func validate(epochs: Int) throws {
        guard epochsDone >= 0, optimizerSteps >= 0, epochsWithoutImprovement >= 0, history.count == epochsDone else {
            throw NeuralKitError.argument(
                "Resuming: the saved state is inconsistent (\(epochsDone) epochs done, \(history.count) recorded, \(optimizerSteps) optimizer steps, \(epochsWithoutImprovement) epochs without improvement)."
            )
        }
        if let bestEpoch, !(1...max(1, epochsDone)).contains(bestEpoch) {
            throw NeuralKitError.argument("Resuming: the saved best epoch \(bestEpoch) is not among the \(epochsDone) epochs done.")
        }
    }
}
