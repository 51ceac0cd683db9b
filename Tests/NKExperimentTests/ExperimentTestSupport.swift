// Helpers for the experiment tests: temporary folders and small CSV tables.

import Foundation
import NeuralKit
import NKTestSupport

enum ExperimentTestSupport {
    /// A net of one `Linear(inputs, outputs)` layer with the given weight (row-major, `outputs × inputs`)
    /// and a zero bias: a model whose predictions a test knows.
    static func fixedLinear(inputs: Int, outputs: Int, weight: [Float]) throws -> Sequential {
        var rng = RandomGenerator(seed: 0)
        let network = try ModelNotation.parse("Linear(\(inputs), \(outputs))", using: &rng)
        let linear = network.modules[0] as! Linear
        linear.weight.value = Tensor(shape: [outputs, inputs], scalars: weight)
        linear.bias!.value = Tensor(zeros: [outputs])
        return network
    }

    /// A fresh temporary folder.
    static func temporaryDirectory() throws -> URL {
        try TemporaryFolder.make("nk-exp")
    }

    /// A CSV file of `rows` samples: two features (the first on a scale of `scale`), and a class 0/1
    /// that the features separate. Written in `directory`; returns its path.
    static func twoClassTable(rows: Int, scale: Float = 100, seed: UInt64, in directory: URL) throws -> String {
        var rng = RandomGenerator(seed: seed)
        var lines: [String] = []
        for i in 0..<rows {
            let c = i % 2
            let a = scale * (Float(c) * 2 - 1 + 0.3 * Float(rng.nextNormal())) + 500
            let b = Float(c) * 2 - 1 + 0.3 * Float(rng.nextNormal())
            lines.append("\(a),\(b),\(c)")
        }
        let path = directory.appendingPathComponent("table-\(seed).csv").path
        try lines.joined(separator: "\n").write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }
}
