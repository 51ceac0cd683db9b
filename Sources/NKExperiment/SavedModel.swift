// SavedModel: a checkpoint applied to data again, with the run it records (evaluate, cluster, embed).

import Foundation
import NKCore
import NKData
import NKLayers
import NKLosses
import NKTrain

/// What a user may change when a saved model meets data again; nil keeps what the checkpoint records.
public struct RunOverrides: Sendable {
    /// Another model notation for the weights (same tensor shapes).
    public var model: String?
    /// Other data; the recorded limits and split are kept only when the source is the same.
    public var source: DataSource?
    /// Other preprocessing steps, fitted anew on the training part (instead of the recorded statistics).
    public var preprocessing: [PreprocessingStep]?
    public var validationFraction: Double?
    public var limit: Int?
    public var testLimit: Int?
    public var loss: LossKind?
    public var seed: UInt64?
    public var reconstruct: Bool?

    /// No changes.
    public init(
        model: String? = nil, source: DataSource? = nil, preprocessing: [PreprocessingStep]? = nil,
        validationFraction: Double? = nil, limit: Int? = nil, testLimit: Int? = nil, loss: LossKind? = nil,
        seed: UInt64? = nil, reconstruct: Bool? = nil
    ) {
        self.model = model
        self.source = source
        self.preprocessing = preprocessing
        self.validationFraction = validationFraction
        self.limit = limit
        self.testLimit = testLimit
        self.loss = loss
        self.seed = seed
        self.reconstruct = reconstruct
    }
}

/// A checkpoint loaded into its model, with the data prepared exactly as for the run that saved it:
/// the recorded source, limits, seeded validation split and fitted preprocessing statistics, each
/// replaced only where `RunOverrides` says so (an explicit preprocessing is fitted anew, with a note).
public struct SavedModel {
    /// The file.
    public let checkpoint: RunCheckpoint
    /// The model with the checkpoint's weights.
    public let network: Sequential
    /// The recorded run with the overrides applied.
    public let specification: RunSpecification
    /// The data, prepared as for that run.
    public let data: PreparedData
    /// Things the user should know (a changed preprocessing, a file that records no run).
    public let notes: [String]

    /// Loads `path` and prepares the data.
    /// - Parameters:
    ///   - path: the checkpoint.
    ///   - overrides: what replaces the recorded run (model, data, split options, loss, seed).
    ///   - dataDirectory: where registered datasets are read from.
    ///   - needsLoss: whether a loss must be known (evaluation); when the file records none and
    ///     `overrides.loss` is nil, an error says to pass one.
    /// - Throws: `NeuralKitError` naming the file or the option that is missing or does not fit.
    public init(checkpoint path: String, overrides: RunOverrides, dataDirectory: URL, needsLoss: Bool) throws {
        let checkpoint = try RunCheckpoint.read(path)
        var notes: [String] = []
        let recorded = checkpoint.specification
        let seed = overrides.seed ?? recorded?.seed ?? 0
        let network: Sequential
        if let model = overrides.model {
            var rng = RandomGenerator(seed: seed)
            network = try ModelNotation.parse(model, using: &rng)
        } else {
            network = try checkpoint.recordedModel(seed: seed)
        }
        try checkpoint.loadWeights(into: network)

        guard let source = overrides.source ?? recorded?.data.source else {
            throw NeuralKitError.argument("\(path) does not record the data it was trained on; give the data.", field: "data")
        }
        var data = recorded.flatMap { $0.data.source == source ? $0.data : nil } ?? DataSpecification(source: source)
        if let fraction = overrides.validationFraction { data.validationFraction = fraction }
        if let limit = overrides.limit { data.limit = limit }
        if let testLimit = overrides.testLimit { data.testLimit = testLimit }
        var fitted = checkpoint.preprocessing
        if let steps = overrides.preprocessing {
            data.preprocessing = steps
            if fitted != nil { notes.append("The preprocessing given replaces the one recorded in \(path) (\(fitted!)); the new steps are fitted on the training part.") }
            fitted = nil
        } else if fitted == nil, recorded == nil {
            notes.append("\(path) does not record its preprocessing; the data's default is used.")
        }

        guard let loss = overrides.loss ?? recorded?.loss ?? (needsLoss ? nil : .mse) else {
            throw NeuralKitError.argument("\(path) does not record its loss; give the loss.", field: "loss")
        }
        var spec = RunSpecification(
            model: ModelNotation.describe(network), data: data, loss: loss,
            training: recorded?.training ?? TrainingConfiguration(),
            reconstruct: overrides.reconstruct ?? recorded?.reconstruct ?? false)
        spec.seed = seed
        self.checkpoint = checkpoint
        self.network = network
        self.specification = spec
        self.data = try data.prepare(seed: seed, dataDirectory: dataDirectory, fitted: fitted)
        self.notes = notes
    }

    /// The loss and accuracy on `split` (default: test where the data has one, else the validation
    /// part of the training run's seeded split, else the training part).
    public func evaluate(split: DataSplit? = nil) throws -> Evaluation {
        let targets = try RunTargets(network: network, train: data.train, loss: specification.loss, reconstruct: specification.reconstruct)
        let chosen = split ?? data.heldOutSplit
        let (part, decision) = try targets.encode(try data.part(chosen))
        let train = try targets.encode(data.train).part
        return try Evaluation(network: network, loss: specification.loss, decision: decision, part: part, split: chosen, meanOf: train)
    }
}
