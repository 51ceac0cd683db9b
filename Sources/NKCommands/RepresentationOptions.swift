// Options shared by `embed` and `cluster`: which data, and which representation of it.

import ArgumentParser
import Foundation
import NeuralKit

/// `--data` (via `DataOptions`), and optionally `--checkpoint M --layer I` to analyse the output of
/// layer I of a trained model instead of the raw inputs.
struct RepresentationOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("A trained model (safetensors with its notation) whose layer output to analyse.", valueName: "file"))
    var checkpoint: String?

    @Option(name: .long, help: "With --checkpoint: the layer whose output is analysed (0 = the first layer; default: the last).")
    var layer: Int?

    @Flag(name: .long, help: "Analyse the dataset's test part instead of its training part (when it has one).")
    var test = false

    func validate() throws {
        if layer != nil, checkpoint == nil { throw ValidationError("--layer needs --checkpoint.") }
        if let layer, layer < 0 { throw ValidationError("--layer must be 0 or more, got \(layer).") }
    }

    /// The rows to analyse `(n, features)`, their class labels (when known) and a name for them.
    func representation(of data: LoadedData, seed: UInt64) throws -> (rows: Tensor, labels: [Int]?, name: String) {
        var part = data
        if test {
            guard let t = data.test else { throw ValidationError("--test: \(data.name) has no test part.") }
            part = t
        }
        // Integer labels (class indices, or ±1 as gen-arti gives them) numbered 0, 1, … in order.
        var labels: [Int]? = nil
        if part.targets.rowSize == 1, part.targets.scalars.allSatisfy({ $0.rounded() == $0 }) {
            let values = Set(part.targets.scalars).sorted()
            let index = Dictionary(uniqueKeysWithValues: values.enumerated().map { ($1, $0) })
            labels = part.targets.scalars.map { index[$0]! }
        }
        guard let checkpoint else { return (part.inputs.flattenedRows, labels, part.name) }
        var rng = RandomGenerator(seed: seed)
        let network = try modelRecorded(in: checkpoint, rng: &rng)
        try loadWeights(checkpoint, into: network)
        let last = layer ?? network.modules.count - 1
        guard last < network.modules.count else {
            throw ValidationError("--layer \(last): the model \(ModelNotation.describe(network)) has layers 0…\(network.modules.count - 1).")
        }
        let prefix = Sequential(Array(network.modules[...last]))
        _ = try network.checkInput(sampleShape: Array(part.inputs.shape.dropFirst()), batch: part.count, source: part.name)
        var outputs: [Float] = []
        var width = 0
        for start in stride(from: 0, to: part.count, by: 1024) {
            let y = try prefix.forward(part.inputs.rows(start..<min(part.count, start + 1024)))
            width = y.rowSize
            outputs += y.scalars
        }
        return (Tensor(shape: [part.count, width], scalars: outputs), labels, "\(part.name), layer \(last) (\(network.modules[last]))")
    }
}
