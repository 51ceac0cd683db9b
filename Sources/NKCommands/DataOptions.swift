// Options that say where training data comes from: a CSV file or a built-in generator.

import ArgumentParser
import Foundation
import NeuralKit

/// `--data`, `--targets`, `--samples`, `--validation-fraction`.
struct DataOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp(
        "A dataset (mnist, fashion-mnist, usps, cifar10, iris, digits, breast-cancer, wine, diabetes, boston, california, air-passengers: see `neuralkit datasets`), a CSV file, or generated data: gen-arti:0 (two Gaussians), gen-arti:1 (XOR), gen-arti:2 (checkerboard), linear-regression (experiment A1).",
        valueName: "source"))
    var data: String

    @Option(name: .long, help: ArgumentHelp("Where datasets live (default: $NEURALKIT_DATA, else ~/.cache/neuralkit).", valueName: "dir"))
    var dataDir: String?

    @Option(name: .long, parsing: .singleValue, help: ArgumentHelp(
        "Preprocessing, in order (repeatable): scale:LOW:HIGH, normalize:MEAN:STD, standardize, mean-image, binarize[:T], standardize-targets, or none. Default for datasets: scale:0:255 then normalize by the set's pixel mean and std for MNIST and Fashion-MNIST, scale:0:255 for CIFAR-10, none for USPS, standardize (+ standardize-targets for regression) for tables.",
        valueName: "step"))
    var preprocess: [String] = []

    @Option(name: .long, help: "Use only the first N training samples (and N test samples).")
    var limit: Int?

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
        if let limit, limit < 1 { throw ValidationError("--limit must be at least 1, got \(limit).") }
        for step in preprocess where step != "none" {
            do { _ = try PreprocessingStep.parse(step) } catch { throw ValidationError("--preprocess: \(error)") }
        }
    }

    /// Whether `--data` names a registered dataset.
    var isRegistered: Bool { DatasetRegistry.entries.contains { $0.name == data } }

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
        guard samples == nil else { throw ValidationError("--samples applies to generated data only, not to \(data).") }
        if isRegistered { return try loadRegistered() }
        let url = URL(fileURLWithPath: data)
        guard FileManager.default.fileExists(atPath: url.path) else {
            throw NeuralKitError.file("\(data): no such file or dataset (expected a CSV file, a dataset name from `neuralkit datasets`, gen-arti:0|1|2 or linear-regression).")
        }
        let table = try CSVTable.load(url: url, targets: targets)
        var loaded = LoadedData(name: data, inputs: table.inputs, targets: table.targets)
        if let limit { loaded = loaded.prefix(limit) }
        return loaded
    }

    /// A registered dataset, preprocessed, with its test part when it has one.
    func loadRegistered() throws -> LoadedData {
        let directory = DatasetRegistry.dataDirectory(explicit: dataDir)
        var splits = try DatasetRegistry.load(data, from: directory)
        if let limit { splits = try splits.map { try $0.limited(to: limit) } }
        splits = try splits.preprocessed(try preprocessingSteps(for: splits.train))
        func converted(_ d: Dataset) -> LoadedData {
            LoadedData(name: d.name, inputs: d.inputs, targets: d.targets, classNames: d.classNames)
        }
        var loaded = converted(splits.train)
        loaded.test = splits.test.map(converted)
        return loaded
    }

    /// `--preprocess`, or the dataset's default steps.
    func preprocessingSteps(for train: Dataset) throws -> [PreprocessingStep] {
        if preprocess == ["none"] { return [] }
        if !preprocess.isEmpty { return try preprocess.map(PreprocessingStep.parse) }
        switch data {
        // Pixels to [0, 1], then each image set's usual normalisation by its global pixel mean and
        // standard deviation (centred inputs train faster; +0.5 % test accuracy for the MNIST MLP).
        case "mnist": return [.scale(low: 0, high: 255), try .parse("normalize:0.1307:0.3081")]
        case "fashion-mnist": return [.scale(low: 0, high: 255), try .parse("normalize:0.2860:0.3530")]
        case "cifar10": return [.scale(low: 0, high: 255)]
        case "usps": return []
        default: return train.isClassification ? [.standardize] : [.standardize, .standardizeTargets]
        }
    }
}

/// A data set as loaded, with what is known about where it came from.
struct LoadedData {
    var name: String
    var inputs: Tensor
    var targets: Tensor
    /// For `linear-regression`: the (a, b, c) the data was generated with.
    var trueCoefficients: [Float]? = nil
    /// Class names, for a registered classification dataset.
    var classNames: [String]? = nil
    /// The dataset's published test part, when it has one (an array only because a struct cannot
    /// contain itself directly).
    var testParts: [LoadedData] = []
    var test: LoadedData? {
        get { testParts.first }
        set { testParts = newValue.map { [$0] } ?? [] }
    }

    var count: Int { inputs.rowCount }

    /// The first `n` samples.
    func prefix(_ n: Int) -> LoadedData {
        guard n < count else { return self }
        var part = self
        part.inputs = inputs.rows(0..<n)
        part.targets = targets.rows(0..<n)
        return part
    }

    /// The same samples with their inputs, flattened to one row each, as targets (autoencoders);
    /// the test part too. Class names no longer apply.
    func reconstructing() -> LoadedData {
        var copy = self
        copy.targets = inputs.flattenedRows
        copy.classNames = nil
        copy.testParts = testParts.map { $0.reconstructing() }
        return copy
    }

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
            part.test = nil
            return part
        }
        return (subset(order[held...]), subset(order[..<held]))
    }
}
