// ModelSummary: each layer of a model with its output shape and parameter count (`neuralkit summary`).

import NKCore

/// The rows of a layer table (`neuralkit summary`), from a model and the shape of one sample; the
/// shapes come from the one shape walk (`Sequential.layerOutputShapes`).
public struct ModelSummary: Sendable {
    /// One layer.
    public struct Row: Sendable {
        public var index: Int
        public var layer: String
        /// Batch included (1).
        public var outputShape: [Int]
        public var parameters: Int
    }

    /// One row per layer.
    public var rows: [Row] = []
    /// The number of trainable scalars.
    public var total: Int { rows.reduce(0) { $0 + $1.parameters } }

    /// The table of `network` for one sample of `sampleShape`.
    /// - Throws: `NeuralKitError.shape` naming the layer that cannot take its input.
    public init(_ network: Sequential, sampleShape: [Int]) throws {
        let shapes = try network.layerOutputShapes(sampleShape: sampleShape, source: "an input of shape \(describeShape(sampleShape))")
        rows = zip(network.modules, shapes).enumerated().map { i, pair in
            Row(index: i, layer: pair.0.description, outputShape: pair.1, parameters: pair.0.parameterCount)
        }
    }

    /// The aligned text table, ending with the total.
    public func table() -> String {
        let header = ["#", "Layer", "Output shape", "Params"]
        let body = rows.map { row in
            [
                "\(row.index)", row.layer,
                "(batch" + row.outputShape.dropFirst().map { ", \($0)" }.joined() + ")",
                ModelSummary.groupedThousands(row.parameters),
            ]
        }
        var widths = header.map(\.count)
        for line in body { for (c, cell) in line.enumerated() { widths[c] = max(widths[c], cell.count) } }
        func format(_ cells: [String]) -> String {
            cells.enumerated().map { c, cell in
                c == 3
                    ? String(repeating: " ", count: widths[c] - cell.count) + cell
                    : cell + String(repeating: " ", count: widths[c] - cell.count)
            }.joined(separator: "  ")
        }
        let rule = String(repeating: "-", count: widths.reduce(0, +) + 2 * (widths.count - 1))
        return ([format(header), rule] + body.map(format) + [rule, "Total parameters: \(ModelSummary.groupedThousands(total))"])
            .joined(separator: "\n")
    }

    /// `7850` → `7,850`.
    public static func groupedThousands(_ n: Int) -> String {
        let digits = String(n.magnitude)
        var out = ""
        for (i, ch) in digits.enumerated() {
            if i > 0, (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(ch)
        }
        return n < 0 ? "-" + out : out
    }
}
