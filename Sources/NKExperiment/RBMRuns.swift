// RBMRuns: `neuralkit rbm` and `neuralkit pretrain` as library runs — an RBM trained by contrastive
// divergence on data in [0, 1], and a sigmoid net pre-trained layer by layer as a deep belief net.

import Foundation
import NKCore
import NKData
import NKLayers
import NKTrain

extension DataSpecification {
    /// The data for an RBM: values in [0, 1]. Without explicit preprocessing, image datasets are scaled
    /// to [0, 1] (MNIST-like pixels from 0…255, USPS from −1…1) rather than normalised as for
    /// training; other data needs preprocessing that lands in [0, 1] (`RBM` checks). No validation part.
    public var unitInterval: DataSpecification {
        var spec = self
        if spec.preprocessing == nil {
            if case .scale = spec.source.defaultPreprocessing.first {
                spec.preprocessing = [spec.source.defaultPreprocessing[0]]
            } else if spec.source.entry?.name == "usps" {
                spec.preprocessing = [.scale(low: -1, high: 1)]
            }
        }
        if spec.validationFraction == nil { spec.validationFraction = 0 }
        return spec
    }
}

/// One RBM trained by CD-k or persistent CD (`neuralkit rbm`).
public struct RBMRun {
    public let data: DataSpecification
    public let hidden: Int
    public let settings: RBMTraining
    public let dataDirectory: URL

    /// `data` is used as `data.unitInterval`; `settings.seed` seeds the weights and the sampling.
    public init(data: DataSpecification, hidden: Int, settings: RBMTraining, dataDirectory: URL) {
        (self.data, self.hidden, self.settings, self.dataDirectory) = (data.unitInterval, hidden, settings, dataDirectory)
    }

    /// Throws `NeuralKitError.argument` naming the field out of range.
    public func validate() throws {
        guard (1...100_000).contains(hidden) else { throw NeuralKitError.argument("RBM: the hidden units must be between 1 and 100000, got \(hidden).", field: "hidden") }
        try settings.validate()
    }

    /// The trained RBM, its history and the prepared data; `onStart` is told of the sizes before training.
    public func run(
        onStart: ((_ visible: Int, _ samples: Int, _ prepared: PreparedData) -> Void)? = nil,
        onEpoch: ((RBMEpochMetrics) -> Void)? = nil
    ) throws -> (rbm: RBM, history: [RBMEpochMetrics], data: PreparedData) {
        try validate()
        let prepared = try data.prepare(seed: settings.seed, dataDirectory: dataDirectory)
        let train = prepared.train.inputs.flattenedRows
        try MemoryBudget.check(try MemoryBudget.bytes(elements: [hidden, train.rowSize, 4]), for: "An RBM of \(train.rowSize) × \(hidden) units")
        var rng = RandomGenerator(seed: settings.seed)
        let rbm = RBM(visible: train.rowSize, hidden: hidden, using: &rng)
        onStart?(train.rowSize, train.rowCount, prepared)
        let history = try ContrastiveDivergence(rbm, settings: settings).fit(train, monitor: prepared.test?.inputs.flattenedRows) { onEpoch?($0) }
        return (rbm, history, prepared)
    }
}

/// A sigmoid net pre-trained greedily as a deep belief net (`neuralkit pretrain`).
public struct PretrainingRun {
    public let model: String
    public let data: DataSpecification
    public let settings: RBMTraining
    public let images: PretrainingData
    public let dataDirectory: URL

    /// `data` is used as `data.unitInterval`; `settings.seed` seeds the model and the RBMs.
    public init(model: String, data: DataSpecification, settings: RBMTraining, images: PretrainingData = .train, dataDirectory: URL) {
        (self.model, self.data, self.settings, self.images, self.dataDirectory) = (model, data.unitInterval, settings, images, dataDirectory)
    }

    /// The pre-trained network, its RBMs, the positions of the pre-trained layers, and the prepared data.
    public func run(
        onStart: ((_ layers: Int, _ samples: Int, _ prepared: PreparedData, _ network: Sequential) -> Void)? = nil,
        onLayer: ((Int, RBM) -> Void)? = nil, onEpoch: ((Int, RBMEpochMetrics) -> Void)? = nil
    )
        throws -> (network: Sequential, rbms: [RBM], layers: [Int], data: PreparedData)
    {
        try settings.validate()
        var rng = RandomGenerator(seed: settings.seed)
        let network = try ModelNotation.parse(model, using: &rng)
        let layers = try DeepBeliefNet.pretrainableLayers(network)
        let prepared = try data.prepare(seed: settings.seed, dataDirectory: dataDirectory)
        let inputs = try images.images(of: data, prepared: prepared, seed: settings.seed, dataDirectory: dataDirectory)
        guard let first = network.modules[layers[0]] as? Linear, first.inputSize == inputs.rowSize else {
            throw NeuralKitError.argument("Pre-training: the model takes \((network.modules[layers[0]] as? Linear)?.inputSize ?? 0) inputs, the data has \(inputs.rowSize) values per sample.")
        }
        onStart?(layers.count, inputs.rowCount, prepared, network)
        let rbms = try DeepBeliefNet.pretrain(network, data: inputs, settings: settings, onLayer: onLayer, onEpoch: onEpoch)
        return (network, rbms, layers, prepared)
    }
}
