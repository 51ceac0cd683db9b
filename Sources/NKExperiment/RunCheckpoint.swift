// RunCheckpoint: a checkpoint that carries its run (model notation, specification, fitted preprocessing).

import Foundation
import NKCore
import NKData
import NKLayers
import NKTrain

/// A safetensors checkpoint as NeuralKit writes it: the weights under PyTorch's names, and in the
/// header's `__metadata__` the model notation, the run specification and the fitted preprocessing
/// (statistics included). Every command that reads a model goes through it, so `evaluate`,
/// `cluster`, `embed` and `train --init` given only the checkpoint rebuild the model and feed it
/// exactly the inputs it was trained on.
///
/// Metadata keys (all strings, as safetensors requires): `format` (`pt`), `notation`,
/// `neuralkit_version`, `neuralkit_run` (the `RunSpecification` as JSON) and
/// `neuralkit_preprocessing` (the `FittedPreprocessing` as JSON). Files from PyTorch or from older
/// NeuralKit versions have only some of them; what is missing is nil.
public struct RunCheckpoint: Sendable {
    /// The file it was read from.
    public var path: String
    /// The tensors by name, in PyTorch's layouts.
    public var tensors: [String: Tensor]
    /// The model notation the file records.
    public var notation: String?
    /// The run that produced the weights.
    public var specification: RunSpecification?
    /// The preprocessing the model's inputs went through, with its statistics.
    public var preprocessing: FittedPreprocessing?
    /// Tensors that are not the model's (their names do not start with a layer position): a
    /// resumable checkpoint's optimizer state (`optimizer.…`, `best.…`), a pre-trained DBN's
    /// visible biases (`dbn.…`). `loadWeights` leaves them alone.
    public var extras: [String: Tensor] = [:]
    /// The metadata strings as stored.
    public var metadata: [String: String] = [:]

    static let notationKey = "notation", versionKey = "neuralkit_version"
    static let runKey = "neuralkit_run", preprocessingKey = "neuralkit_preprocessing"

    /// Reads `path`.
    /// - Throws: `NeuralKitError(.checkpoint, …)` naming the file for anything malformed, including
    ///   metadata that is not the JSON NeuralKit writes and recorded preprocessing statistics that
    ///   fitting cannot give (`FittedPreprocessing.validate`: a standard deviation of 0, …).
    public static func read(_ path: String) throws -> RunCheckpoint {
        let (tensors, metadata) = try Checkpoint.load(from: URL(fileURLWithPath: path))
        return try RunCheckpoint(path: path, tensors: tensors, metadata: metadata)
    }

    /// Parses the bytes of a checkpoint file (`read` without the file system; `path` names it in messages).
    public static func decode(_ bytes: [UInt8], path: String) throws -> RunCheckpoint {
        let (tensors, metadata) = try Checkpoint.decode(bytes, file: path)
        return try RunCheckpoint(path: path, tensors: tensors, metadata: metadata)
    }

    /// The model the file records (`notation`), with fresh parameters from `seed`; the weights are
    /// not loaded yet (`loadWeights`).
    /// - Throws: when the file records no notation (then pass the model explicitly) or a bad one.
    public func recordedModel(seed: UInt64) throws -> Sequential {
        guard let notation else {
            throw NeuralKitError(.checkpoint, "Checkpoint '\(path)' does not record its model notation; give the model.", field: "model")
        }
        var rng = RandomGenerator(seed: seed)
        return try ModelNotation.parse(notation, using: &rng)
    }

    /// Copies the weights into `model`, converting PyTorch layouts back.
    /// - Throws: `NeuralKitError(.checkpoint, …)` naming the file and tensor for a missing, unexpected
    ///   or wrongly shaped tensor, or one holding NaN or infinite values.
    public func loadWeights(into model: Sequential) throws {
        for name in tensors.keys.sorted() {
            if let bad = tensors[name]!.scalars.firstIndex(where: { !$0.isFinite }) {
                throw NeuralKitError(
                    .checkpoint,
                    "Checkpoint '\(path)': tensor '\(name)' holds \(tensors[name]!.scalars[bad]) at element \(bad); a model with non-finite weights cannot be used (the run that saved it diverged).")
            }
        }
        try Checkpoint.loadStateDict(tensors, into: model.modules, file: path)
    }

    /// Writes `model`'s weights to `path` atomically, with its notation and, when given, the run and
    /// the fitted preprocessing in the header. Returns the layout warnings (`Checkpoint.layoutWarnings`).
    ///
    /// `extraTensors` and `extraMetadata` carry what a resumable checkpoint adds (`ResumeFile`).
    @discardableResult
    public static func write(
        _ model: Sequential, specification: RunSpecification? = nil,
        preprocessing: FittedPreprocessing? = nil, extraTensors: [(name: String, tensor: Tensor)] = [],
        extraMetadata: [String: String] = [:], to path: String
    ) throws -> [String] {
        var metadata = extraMetadata.merging(["format": "pt", notationKey: ModelNotation.describe(model), versionKey: NeuralKitVersion.string]) { $1 }
        if let specification { metadata[runKey] = try JSONText.string(specification) }
        if let preprocessing { metadata[preprocessingKey] = try JSONText.string(preprocessing) }
        try Checkpoint.save(
            Checkpoint.stateDict(of: model.modules) + extraTensors, metadata: metadata,
            integers: Checkpoint.integerNames(of: model.modules), to: URL(fileURLWithPath: path))
        return Checkpoint.layoutWarnings(of: model.modules)
    }
}

extension RunCheckpoint {
    /// The checkpoint of parsed `tensors` and `metadata` (the metadata JSON decoded and checked).
    init(path: String, tensors: [String: Tensor], metadata: [String: String]) throws {
        func decode<T: Decodable>(_ type: T.Type, _ key: String) throws -> T? {
            guard let text = metadata[key] else { return nil }
            do { return try JSONDecoder().decode(T.self, from: Data(text.utf8)) } catch {
                throw NeuralKitError(.checkpoint, "Checkpoint '\(path)': the metadata '\(key)' is not a NeuralKit \(T.self) (\(NeuralKitError.describe(error))).")
            }
        }
        let preprocessing = try decode(FittedPreprocessing.self, Self.preprocessingKey)
        do { try preprocessing?.validate() } catch let error as NeuralKitError {
            throw NeuralKitError(.checkpoint, "Checkpoint '\(path)': the recorded preprocessing (\(Self.preprocessingKey)) cannot be used: \(error.message)")
        }
        // The model's tensors are named "<layer position>.<name>" (PyTorch's Sequential state dict).
        func isModelTensor(_ name: String) -> Bool { name.split(separator: ".").first.map { Int($0) != nil } ?? false }
        self.init(
            path: path, tensors: tensors.filter { isModelTensor($0.key) }, notation: metadata[Self.notationKey],
            specification: try decode(RunSpecification.self, Self.runKey),
            preprocessing: preprocessing,
            extras: tensors.filter { !isModelTensor($0.key) }, metadata: metadata)
    }
}
