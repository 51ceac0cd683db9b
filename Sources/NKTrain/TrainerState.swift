// TrainerState: everything a training run needs to continue exactly where it stopped.

import NKCore
import NKLayers

/// The state of `Trainer.fit` after a completed epoch: with the model's weights, it is all that
/// `fit(…, resumingFrom:)` needs to continue bit for bit as if never interrupted (same seed, same
/// thread count). `progress` is plain Codable data; the tensors travel beside it (a run folder's
/// `last.safetensors` holds both).
///
/// The shuffling order is not stored: `fit` replays the shuffles of the completed epochs from the
/// seed, which is cheap and exact.
public struct TrainerState: Sendable {
    /// The Codable part.
    public struct Progress: Sendable, Equatable, Codable {
        /// Completed epochs.
        public var epochsDone: Int
        /// Their measurements.
        public var history: [EpochMetrics]
        /// The optimizer's step count.
        public var optimizerSteps: Int
        /// The divergence threshold set by the first batch (nil before it).
        public var divergenceThreshold: Float?
        /// The generators of the model's Dropout layers, in order.
        public var generators: [RandomGenerator]
        /// Early stopping: the best monitored loss, its epoch and the epochs since.
        public var bestLoss: Float?
        public var bestEpoch: Int?
        public var epochsWithoutImprovement: Int
        /// The generator of the training images' augmentation (nil without augmentation).
        public var augmentationGenerator: RandomGenerator? = nil
    }

    public var progress: Progress
    /// The optimizer's per-parameter state (`Optimizer.state`).
    public var optimizerState: [(name: String, tensor: Tensor)]
    /// The parameters and buffers of the best epoch so far (early stopping), in
    /// `network.parameters` then `network.buffers` order; empty without early stopping.
    public var bestWeights: [Tensor]

    public init(progress: Progress, optimizerState: [(name: String, tensor: Tensor)], bestWeights: [Tensor]) {
        self.progress = progress
        self.optimizerState = optimizerState
        self.bestWeights = bestWeights
    }
}

/// The modules of a network that draw random numbers while training (Dropout), in order.
func randomizedModules(_ module: any Module) -> [Dropout] {
    if let sequential = module as? Sequential { return sequential.modules.flatMap(randomizedModules) }
    return (module as? Dropout).map { [$0] } ?? []
}
