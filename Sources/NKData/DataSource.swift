// DataSource: where a run's samples come from (a registered dataset, a CSV file, generated data).

import Foundation
import NKCore

/// What `--data` names, parsed once: a registered dataset, a CSV file, or one of the built-in
/// generators. `Codable`, so run specifications and checkpoints record it.
///
/// ```swift
/// let source = try DataSource.parse("gen-arti:1")                  // .genArti(type: 1, samples: 1000)
/// let splits = try source.load(dataDirectory: dir, seed: 0)
/// ```
public enum DataSource: Sendable, Equatable, Codable, CustomStringConvertible {
    /// A dataset of `DatasetRegistry`, by name (`mnist`, `iris`, …).
    case dataset(String)
    /// A CSV file whose last `targetColumns` columns are the targets (an optional header is detected).
    case csv(path: String, targetColumns: Int)
    /// The reports' `gen_arti` generator: type 0 (two Gaussians), 1 (XOR), 2 (checkerboard).
    case genArti(type: Int, samples: Int)
    /// Experiment A1: y = 1002·x₁ + 13·x₂ + 4 + noise.
    case linearRegression(samples: Int)

    /// The most samples a generator may be asked for (10⁸ samples of two features are 800 MB).
    public static let maximumGeneratedSamples = 100_000_000

    /// Parses `--data`: a registered dataset name, `gen-arti:0|1|2`, `linear-regression`, else a
    /// CSV path. `samples` applies to the generators only (default 1,000 for gen-arti, 100 for
    /// linear-regression) and `targetColumns` to CSV files only.
    /// - Throws: `NeuralKitError.argument` naming the option for a malformed or misplaced value.
    public static func parse(_ text: String, targetColumns: Int = 1, samples: Int? = nil) throws -> DataSource {
        if let samples, !(1...maximumGeneratedSamples).contains(samples) {
            throw NeuralKitError.argument("The number of generated samples must be between 1 and \(maximumGeneratedSamples), got \(samples).", field: "samples")
        }
        let generated: DataSource?
        if text.hasPrefix("gen-arti") {
            let typeText = text.dropFirst("gen-arti".count).drop(while: { $0 == ":" || $0 == "-" })
            guard let type = Int(typeText), (0...2).contains(type) else {
                throw NeuralKitError.argument("\(text): expected gen-arti:0, gen-arti:1 or gen-arti:2.", field: "data")
            }
            generated = .genArti(type: type, samples: samples ?? 1000)
        } else if text == "linear-regression" {
            generated = .linearRegression(samples: samples ?? 100)
        } else {
            generated = nil
        }
        if let generated { return generated }
        guard samples == nil else { throw NeuralKitError.argument("A number of samples applies to generated data only, not to \(text).", field: "samples") }
        if DatasetRegistry.entries.contains(where: { $0.name == text }) { return .dataset(text) }
        guard targetColumns >= 1 else { throw NeuralKitError.argument("The number of target columns must be at least 1, got \(targetColumns).", field: "targetColumns") }
        return .csv(path: text, targetColumns: targetColumns)
    }

    /// A `--data` value that is not a file and has no folder or extension was meant as a dataset:
    /// say so, with the dataset names closest first.
    static func checkLooksLikeAFile(_ text: String) throws {
        guard !FileManager.default.fileExists(atPath: text), !text.contains("/"), !text.contains(".") else { return }
        let names = DatasetRegistry.entries.map(\.name) + ["gen-arti:0", "gen-arti:1", "gen-arti:2", "linear-regression"]
        let guess = Spelling.suggestion(for: text, among: names).map { "Did you mean \($0)? " } ?? ""
        throw NeuralKitError.argument(
            "\(text) is neither a file nor a dataset. \(guess)The datasets, closest first: \(Spelling.closestFirst(text, among: names).joined(separator: ", ")).", field: "data")
    }

    /// The text `parse` reads back: `mnist`, `iris.csv`, `gen-arti:1`, `linear-regression`.
    public var description: String {
        switch self {
        case .dataset(let name): name
        case .csv(let path, _): path
        case .genArti(let type, _): "gen-arti:\(type)"
        case .linearRegression: "linear-regression"
        }
    }

    /// The registry entry, for a registered dataset.
    public var entry: DatasetEntry? {
        if case .dataset(let name) = self { return try? DatasetRegistry.entry(named: name) } else { return nil }
    }

    /// The preprocessing applied when none is asked for: the dataset's own, else none.
    public var defaultPreprocessing: [PreprocessingStep] { entry?.defaultPreprocessing ?? [] }

    /// For `linear-regression`: the coefficients (a, b, c) the data is generated with.
    public var trueCoefficients: [Float]? {
        if case .linearRegression = self { [1002, 13, 4] } else { nil }
    }

    /// The samples, before any preprocessing: a dataset's published parts (read from its folder in
    /// `dataDirectory`), a CSV file, or generated data (from `seed`, `test == nil`).
    ///
    /// `trainLimit` and `testLimit` let a reader that can stop early keep only the first samples
    /// (`DatasetRegistry.LoadOptions`); the parts may still hold more, so limit them afterwards too.
    public func load(dataDirectory: URL, seed: UInt64, trainLimit: Int? = nil, testLimit: Int? = nil) throws -> DatasetSplits {
        var rng = RandomGenerator(seed: seed ^ 0x5EED_DA7A)
        switch self {
        case .dataset(let name):
            var options = DatasetRegistry.LoadOptions()
            (options.trainLimit, options.testLimit) = (trainLimit, testLimit)
            return try DatasetRegistry.load(name, from: dataDirectory, options: options)
        case .csv(let path, let targetColumns):
            try DataSource.checkLooksLikeAFile(path)
            let table = try CSVTable.load(url: URL(fileURLWithPath: path), targets: targetColumns)
            return DatasetSplits(train: Dataset(name: path, inputs: table.inputs, targets: table.targets), test: nil)
        case .genArti(let type, let samples):
            let (x, y) = try SyntheticData.genArti(type: type, count: samples, using: &rng)
            return DatasetSplits(train: Dataset(name: description, inputs: x, targets: y), test: nil)
        case .linearRegression(let samples):
            let (x, y) = try SyntheticData.linearRegression(count: samples, using: &rng)
            return DatasetSplits(train: Dataset(name: description, inputs: x, targets: y), test: nil)
        }
    }
}
