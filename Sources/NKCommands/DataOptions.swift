// Options that say where training data comes from: a CSV file or a built-in generator.

import ArgumentParser
import Foundation
import NeuralKit

/// `--data`, `--targets`, `--samples`, `--validation-fraction`.
struct DataOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp(
        "A CSV file, or built-in data: gen-arti:0 (two Gaussians), gen-arti:1 (XOR), gen-arti:2 (checkerboard), linear-regression (experiment A1).",
        valueName: "source"))
    var data: String

    @Option(name: .long, help: "CSV only: how many trailing columns are targets (for ce, nll, multi-hinge: one column of class indices).")
    var targets: Int = 1

    @Option(name: .long, help: "Built-in data only: how many samples to generate (default: 1000 for gen-arti, 100 for linear-regression).")
    var samples: Int?

    @Option(name: .long, help: "Fraction of the samples held out (seeded) for validation, in [0, 1).")
    var validationFraction: Double = 0

    func validate() throws {
        guard targets >= 1 else { throw ValidationError("--targets must be at least 1, got \(targets).") }
        guard (0..<1).contains(validationFraction) else {
            throw ValidationError("--validation-fraction must be in [0, 1), got \(validationFraction).")
        }
        if let samples, samples < 1 { throw ValidationError("--samples must be at least 1, got \(samples).") }
    }

    /// The data named by `--data`, before any encoding for a loss.
    func load(seed: UInt64) throws -> LoadedData {
        var rng = RandomGenerator(seed: seed ^ 0x5EED_DA7A)
        if data.hasPrefix("gen-arti") {
            let typeText = data.dropFirst("gen-arti".count).drop(while: { $0 == ":" || $0 == "-" })
            guard let type = Int(typeText), (0...2).contains(type) else {
                throw ValidationError("--data \(data): expected gen-arti:0, gen-arti:1 or gen-arti:2.")
            }
            let (x, y) = try SyntheticData.genArti(type: type, count: samples ?? 1000, using: &rng)
            return LoadedData(name: data, inputs: x, targets: y)
        }
        if data == "linear-regression" {
            let (x, y) = try SyntheticData.linearRegression(count: samples ?? 100, using: &rng)
            return LoadedData(name: data, inputs: x, targets: y, trueCoefficients: [1002, 13, 4])
        }
        guard samples == nil else { throw ValidationError("--samples applies to built-in data only, not to \(data).") }
        let url = URL(fileURLWithPath: data)
        guard FileManager.default.fileExists(atPath: url.path) else {
            throw NeuralKitError.file("\(data): no such file (expected a CSV file, or gen-arti:0|1|2, linear-regression).")
        }
        let table = try CSVTable.load(url: url, targets: targets)
        return LoadedData(name: data, inputs: table.inputs, targets: table.targets)
    }
}

/// A data set as loaded, with what is known about where it came from.
struct LoadedData {
    var name: String
    var inputs: Tensor
    var targets: Tensor
    /// For `linear-regression`: the (a, b, c) the data was generated with.
    var trueCoefficients: [Float]? = nil

    var count: Int { inputs.rowCount }

    /// Splits off a seeded random `fraction` of the samples for validation.
    func split(validationFraction fraction: Double, seed: UInt64) -> (train: LoadedData, validation: LoadedData?) {
        let held = Int((Double(count) * fraction).rounded())
        guard held > 0, held < count else { return (self, nil) }
        var rng = RandomGenerator(seed: seed ^ 0x5B17)
        var order = Array(0..<count)
        order.shuffle(using: &rng)
        func subset(_ idx: ArraySlice<Int>) -> LoadedData {
            var part = self
            part.inputs = inputs.gatherRows(idx)
            part.targets = targets.gatherRows(idx)
            return part
        }
        return (subset(order[held...]), subset(order[..<held]))
    }
}
