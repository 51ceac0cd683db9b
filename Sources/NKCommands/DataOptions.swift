// Options that say where data comes from and how it is prepared.

import ArgumentParser
import Foundation
import NeuralKit

/// `--data`, `--data-dir`, `--preprocess`, `--limit`, `--test-limit`, `--targets`, `--samples`,
/// `--validation-fraction`: parsed into a `DataSpecification` (NKData prepares it).
struct DataOptions: ParsableArguments {
    @Option(
        name: .long,
        help: ArgumentHelp(
            "A dataset (mnist, fashion-mnist, usps, cifar10, iris, digits, breast-cancer, wine, diabetes, boston, california, air-passengers: see `neuralkit datasets`), a CSV file, or generated data: gen-arti:0 (two Gaussians), gen-arti:1 (XOR), gen-arti:2 (checkerboard), linear-regression (experiment A1).",
            valueName: "source"))
    var data: String?

    @Option(name: .long, help: ArgumentHelp("Where datasets live (default: $NEURALKIT_DATA, else ~/.cache/neuralkit).", valueName: "dir"))
    var dataDir: String?

    @Option(
        name: .long, parsing: .singleValue,
        help: ArgumentHelp(
            "Preprocessing, in order (repeatable): scale:LOW:HIGH, normalize:MEAN:STD, standardize, mean-image, binarize[:T], standardize-targets, or none. Statistics are fitted on the training rows only. Default: the dataset's own (MNIST and Fashion-MNIST scaled to [0, 1] then normalised by the set's pixel mean and std, CIFAR-10 scaled to [0, 1], USPS as it is, tables standardised, regression targets too), none for CSV files and generated data; for a checkpoint, the preprocessing it records.",
            valueName: "step"))
    var preprocess: [String] = []

    @Option(name: .long, parsing: .unconditional, help: "Use only the first N samples of the training part (the test part is kept whole; see --test-limit).")
    var limit: Int?

    @Option(name: .long, parsing: .unconditional, help: "Use only the first N samples of the test part.")
    var testLimit: Int?

    @Option(name: .long, parsing: .unconditional, help: "CSV only: how many trailing columns are targets (for ce, nll, nll-log, multi-hinge: one column of class indices; default 1).")
    var targets: Int?

    @Option(name: .long, parsing: .unconditional, help: "Generated data only: how many samples to generate (default: 1000 for gen-arti, 100 for linear-regression).")
    var samples: Int?

    @Option(name: .long, parsing: .unconditional, help: "Fraction of the training part held out (seeded) for validation, in [0, 1) (default: 0.2 for a dataset without a published test part, else 0).")
    var validationFraction: Double?

    func validate() throws {
        if let targets, targets < 1 { throw ValidationError("--targets must be at least 1, got \(targets).") }
        if let f = validationFraction, !(f >= 0 && f < 1) {
            throw ValidationError("--validation-fraction must be in [0, 1), got \(f).")
        }
        if let samples, samples < 1 { throw ValidationError("--samples must be at least 1, got \(samples).") }
        if let limit, limit < 1 { throw ValidationError("--limit must be at least 1, got \(limit).") }
        if let testLimit, testLimit < 1 { throw ValidationError("--test-limit must be at least 1, got \(testLimit).") }
        _ = try preprocessingSteps()
    }

    /// The options given on the command line, `--data-dir` aside (what `train --resume` cannot change).
    var givenExceptDataDirectory: [String] {
        [
            ("--data", data != nil), ("--preprocess", !preprocess.isEmpty), ("--limit", limit != nil), ("--test-limit", testLimit != nil),
            ("--targets", targets != nil), ("--samples", samples != nil), ("--validation-fraction", validationFraction != nil),
        ].filter(\.1).map(\.0)
    }

    /// The folder registered datasets are read from.
    var dataDirectory: URL { DatasetRegistry.dataDirectory(explicit: dataDir) }

    /// `--data` parsed, or nil when it is absent.
    func source() throws -> DataSource? {
        guard let data else { return nil }
        return try DataSource.parse(data, targetColumns: targets ?? 1, samples: samples)
    }

    /// `--preprocess` parsed: nil when absent (the default applies), `[]` for `none`.
    func preprocessingSteps() throws -> [PreprocessingStep]? {
        guard !preprocess.isEmpty else { return nil }
        if preprocess == ["none"] { return [] }
        do { return try preprocess.map(PreprocessingStep.parse) } catch { throw ValidationError("--preprocess: \(error)") }
    }

    /// The data specification the options describe; `--data` is required.
    func specification() throws -> DataSpecification {
        guard let source = try source() else { throw ValidationError("Missing --data (a dataset name, a CSV file or gen-arti:0|1|2).") }
        return DataSpecification(
            source: source, preprocessing: try preprocessingSteps(), validationFraction: validationFraction,
            limit: limit, testLimit: testLimit)
    }

    /// The options (and `--model`, `--seed` when the command has them) as changes to what a
    /// checkpoint records.
    func overrides(model: String? = nil, seed: UInt64? = nil) throws -> RunOverrides {
        RunOverrides(
            model: model, source: try source(), preprocessing: try preprocessingSteps(),
            validationFraction: validationFraction, limit: limit, testLimit: testLimit, seed: seed)
    }
}
