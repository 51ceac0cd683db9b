// `neuralkit summary`: a table of layers, output shapes and parameter counts.

import ArgumentParser
import NeuralKit

struct SummaryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "summary",
        abstract: "Print each layer with its output shape and parameter count, and the total.",
        discussion: "Example: neuralkit summary --model \"Linear(784, 10)\"   (7,850 parameters)"
    )

    @OptionGroup var model: ModelOptions

    @Option(name: .long, help: ArgumentHelp(
        "Shape of one input sample, e.g. 784 or 28,28,1 (default: the first layer's input width).",
        valueName: "dims"))
    var inputShape: String?

    mutating func run() throws {
        var rng = RandomGenerator(seed: model.seed)
        let network = try model.buildModel(rng: &rng)
        let sample = try inputShape.map(parseShape) ?? inferredInputShape(of: network)
        print(try ModelSummary(network, sampleShape: sample).table())
    }
}

/// Parses `784` or `28,28,1` (also `28x28x1`) into dimensions.
func parseShape(_ text: String) throws -> [Int] {
    let parts = text.split(whereSeparator: { $0 == "," || $0 == "x" || $0 == " " })
    let dims = parts.compactMap { Int($0) }
    guard !dims.isEmpty, dims.count == parts.count, dims.allSatisfy({ $0 > 0 }) else {
        throw ValidationError("--input-shape: expected positive integers such as 784 or 28,28,1, got '\(text)'")
    }
    return dims
}

/// The sample shape a model expects, read from its first layer with a known input width.
func inferredInputShape(of network: Sequential) throws -> [Int] {
    for module in network.modules {
        if let linear = module as? Linear { return [linear.inputSize] }
    }
    throw ValidationError("Cannot tell the input shape of this model; pass --input-shape.")
}

/// The rows of `neuralkit summary`, computed from a model and the shape of one sample.
struct ModelSummary {
    struct Row { var index: Int; var layer: String; var outputShape: [Int]; var parameters: Int }
    var rows: [Row] = []
    var total: Int { rows.reduce(0) { $0 + $1.parameters } }

    init(_ network: Sequential, sampleShape: [Int]) throws {
        var shape = [1] + sampleShape
        for (i, module) in network.modules.enumerated() {
            do {
                shape = try module.outputShape(for: shape)
            } catch let error as NeuralKitError {
                throw NeuralKitError.shape("layer \(i) (\(module)): \(error.message)")
            }
            rows.append(Row(index: i, layer: module.description, outputShape: shape, parameters: module.parameterCount))
        }
    }

    func table() -> String {
        let header = ["#", "Layer", "Output shape", "Params"]
        let body = rows.map { row in
            ["\(row.index)", row.layer,
             "(batch" + row.outputShape.dropFirst().map { ", \($0)" }.joined() + ")",
             groupedThousands(row.parameters)]
        }
        var widths = header.map(\.count)
        for line in body { for (c, cell) in line.enumerated() { widths[c] = max(widths[c], cell.count) } }
        func format(_ cells: [String]) -> String {
            cells.enumerated().map { c, cell in
                c == 3 ? String(repeating: " ", count: widths[c] - cell.count) + cell
                       : cell + String(repeating: " ", count: widths[c] - cell.count)
            }.joined(separator: "  ")
        }
        let rule = String(repeating: "-", count: widths.reduce(0, +) + 2 * (widths.count - 1))
        return ([format(header), rule] + body.map(format) + [rule, "Total parameters: \(groupedThousands(total))"])
            .joined(separator: "\n")
    }
}

/// `7850` → `7,850`.
func groupedThousands(_ n: Int) -> String {
    let digits = String(n.magnitude)
    var out = ""
    for (i, ch) in digits.enumerated() {
        if i > 0, (digits.count - i) % 3 == 0 { out.append(",") }
        out.append(ch)
    }
    return n < 0 ? "-" + out : out
}
