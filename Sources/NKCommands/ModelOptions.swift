// Options shared by the commands that build a model.

import ArgumentParser
import Foundation
import NeuralKit

/// `--model` and `--seed`, and how they become a `Sequential`.
struct ModelOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp(
        "The model in NeuralKit notation, e.g. \"Linear(2, 5) - TanH() - Linear(5, 1) - Sigmoid()\".",
        valueName: "spec"))
    var model: String?

    @Option(name: .long, help: "Seed for initialisation, shuffling and synthetic data (one seed reproduces a run).")
    var seed: UInt64 = 0

    /// The model from `--model`, or the notation recorded in `checkpoint` when `--model` is absent.
    func buildModel(checkpoint: String? = nil, rng: inout RandomGenerator) throws -> Sequential {
        if let model { return try ModelNotation.parse(model, using: &rng) }
        if let checkpoint { return try modelRecorded(in: checkpoint, rng: &rng) }
        throw ValidationError("Missing --model (e.g. --model \"Linear(2, 5) - TanH() - Linear(5, 1)\").")
    }
}

/// The model whose notation a checkpoint's header records (its weights not loaded yet).
func modelRecorded(in checkpoint: String, rng: inout RandomGenerator) throws -> Sequential {
    let (_, metadata) = try Checkpoint.load(from: URL(fileURLWithPath: checkpoint))
    guard let notation = metadata["notation"] else {
        throw NeuralKitError.argument("\(checkpoint) does not record its model notation; pass --model")
    }
    return try ModelNotation.parse(notation, using: &rng)
}

/// Loads the weights of a checkpoint into `model`, with errors naming the file.
func loadWeights(_ path: String, into model: Sequential) throws {
    let (tensors, _) = try Checkpoint.load(from: URL(fileURLWithPath: path))
    try Checkpoint.loadStateDict(tensors, into: model.modules, file: path)
}

/// Saves the weights of `model` with its notation in the header, atomically.
func saveWeights(of model: Sequential, to path: String) throws {
    for warning in Checkpoint.layoutWarnings(of: model.modules) {
        FileHandle.standardError.write(Data("warning: \(path): \(warning)\n".utf8))
    }
    try Checkpoint.save(Checkpoint.stateDict(of: model.modules),
                        metadata: ["format": "pt", "notation": ModelNotation.describe(model)],
                        to: URL(fileURLWithPath: path))
}
