// Options shared by the commands that build a model: `--model` and `--seed`.

import ArgumentParser
import Foundation
import NeuralKit

/// `--model` and `--seed`.
struct ModelOptions: ParsableArguments {
    @Option(
        name: .long,
        help: ArgumentHelp(
            "The model in NeuralKit notation, e.g. \"Linear(2, 5) - TanH() - Linear(5, 1) - Sigmoid()\" (default: the notation a checkpoint records).",
            valueName: "spec"))
    var model: String?

    @OptionGroup var seeding: SeedOption

    /// `--seed`, when given.
    var seed: UInt64? { seeding.seed }

    /// `--model`, else the notation `checkpoint` records, else an error saying what to pass.
    func notation(checkpoint: String? = nil) throws -> String {
        if let model { return model }
        if let checkpoint {
            guard let notation = try RunCheckpoint.read(checkpoint).notation else {
                throw ValidationError("\(checkpoint) does not record its model notation; pass --model.")
            }
            return notation
        }
        throw ValidationError("Missing --model (e.g. --model \"Linear(2, 5) - TanH() - Linear(5, 1)\").")
    }

    /// The model `--model` describes, with parameters drawn from `--seed`.
    func build() throws -> Sequential {
        var rng = RandomGenerator(seed: seed ?? 0)
        return try ModelNotation.parse(try notation(), using: &rng)
    }
}

/// `--input-shape`: the shape of one input sample, for commands that have no data to read it from.
struct InputShapeOption: ParsableArguments {
    @Option(
        name: .long,
        help: ArgumentHelp(
            "Shape of one input sample, e.g. 784 or 28,28,1 (default: what the model implies, from its first Linear or Reshape).",
            valueName: "dims"))
    var inputShape: String?

    func validate() throws { _ = try parsed() }

    /// `--input-shape` as dimensions (nil when absent).
    func parsed() throws -> [Int]? {
        guard let text = inputShape else { return nil }
        let parts = text.split(whereSeparator: { $0 == "," || $0 == "x" || $0 == " " })
        let dims = parts.compactMap { Int($0) }
        guard !dims.isEmpty, dims.count == parts.count, dims.allSatisfy({ $0 > 0 && $0 <= Int(Int32.max) }) else {
            throw ValidationError("--input-shape: expected positive integers (up to 2147483647) such as 784 or 28,28,1, got '\(NeuralKitError.excerpt(text))'")
        }
        do { _ = try Shape.count(dims, what: "--input-shape") } catch { throw ValidationError("\(error)") }
        return dims
    }

    /// The sample shape for `network`: `--input-shape`, else the one the model implies.
    func sampleShape(for network: Sequential) throws -> [Int] {
        try network.sampleShape(explicit: try parsed(), hint: "pass --input-shape")
    }
}

extension LossKind: ExpressibleByArgument {
    /// A loss name, case-insensitive.
    public init?(argument: String) { self.init(rawValue: argument.lowercased()) }
}

extension DataSplit: ExpressibleByArgument {}
