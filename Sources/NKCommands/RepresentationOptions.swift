// Options shared by `embed` and `cluster`: which data, and which representation of it.

import ArgumentParser
import Foundation
import NeuralKit

/// Optionally `--checkpoint M --layer I`, to analyse the output of layer I of a trained model
/// instead of the raw inputs, and `--test` for the test part.
struct RepresentationOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("A trained model (safetensors with its notation) whose layer output to analyse; its recorded data and preprocessing are the defaults.", valueName: "file"))
    var checkpoint: String?

    @Option(name: .long, parsing: .unconditional, help: "With --checkpoint: the layer whose output is analysed (0 = the first layer; default: the last).")
    var layer: Int?

    @Flag(name: .long, help: "Analyse the dataset's test part instead of its training part (when it has one).")
    var test = false

    func validate() throws {
        if layer != nil, checkpoint == nil { throw ValidationError("--layer needs --checkpoint.") }
        if let layer, layer < 0 { throw ValidationError("--layer must be 0 or more, got \(layer).") }
    }

    /// The rows to analyse: the whole training part (no validation split unless asked for), or the
    /// test part with `--test`; raw, or through the checkpoint's model up to `--layer`, prepared as
    /// for that model's training run.
    func input(data: DataOptions, seed: UInt64) throws -> AnalysisInput {
        let split: DataSplit = test ? .test : .train
        if let checkpoint {
            var overrides = try data.overrides()
            overrides.validationFraction = data.validationFraction ?? 0
            let saved = try SavedModel(checkpoint: checkpoint, overrides: overrides, dataDirectory: data.dataDirectory, needsLoss: false)
            for note in saved.notes { printNote(note) }
            return try AnalysisInput(part: saved.data.part(split), network: saved.network, layer: layer)
        }
        var specification = try data.specification()
        if specification.validationFraction == nil { specification.validationFraction = 0 }
        let prepared = try specification.prepare(seed: seed, dataDirectory: data.dataDirectory)
        return AnalysisInput(part: try prepared.part(split))
    }
}
