// DataSpecification: a run's data, completely: source, sample limits, validation split, preprocessing.

import Foundation
import NKCore

/// Everything that decides which samples a run trains and is judged on, and what they look like.
/// `prepare` turns it into `PreparedData` in one fixed order, the same for every command:
///
/// 1. read the source (`DataSource.load`);
/// 2. keep the first `limit` training samples and the first `testLimit` test samples;
/// 3. hold out a seeded random `validationFraction` of the training part (see `heldOutFraction`);
/// 4. fit the preprocessing on the remaining training rows only, and apply it unchanged to the
///    validation and test parts (or apply an already fitted one, e.g. from a checkpoint).
public struct DataSpecification: Sendable, Equatable, Codable {
    /// Where the samples come from.
    public var source: DataSource
    /// The preprocessing steps; nil for the source's default (`DataSource.defaultPreprocessing`).
    public var preprocessing: [PreprocessingStep]?
    /// The fraction of the training part held out for validation, in [0, 1); nil for the default:
    /// 0.2 for a registered dataset without a published test part, else 0.
    public var validationFraction: Double?
    /// Keep only the first `limit` samples of the training part (before the validation split).
    public var limit: Int?
    /// Keep only the first `testLimit` samples of the test part.
    public var testLimit: Int?

    /// A specification; every choice left nil takes its default.
    public init(
        source: DataSource, preprocessing: [PreprocessingStep]? = nil, validationFraction: Double? = nil,
        limit: Int? = nil, testLimit: Int? = nil
    ) {
        self.source = source
        self.preprocessing = preprocessing
        self.validationFraction = validationFraction
        self.limit = limit
        self.testLimit = testLimit
    }

    /// The steps that apply: `preprocessing`, or the source's default.
    public var preprocessingSteps: [PreprocessingStep] { preprocessing ?? source.defaultPreprocessing }

    /// The fraction actually held out for validation, given whether the data has a test part.
    public func heldOutFraction(hasTestPart: Bool) -> Double {
        validationFraction ?? (source.entry != nil && !hasTestPart ? 0.2 : 0)
    }

    /// The seed of the validation split, derived from the run's seed.
    static func splitSeed(_ seed: UInt64) -> UInt64 { seed ^ 0x5B17 }

    /// Throws `NeuralKitError.argument` naming the option for a value out of range.
    public func validate() throws {
        if let f = validationFraction, !(f >= 0 && f < 1) {
            throw NeuralKitError.argument("Data: the validation fraction must be in [0, 1), got \(f).", field: "validationFraction")
        }
        if let limit, limit < 1 { throw NeuralKitError.argument("Data: the training limit must be at least 1, got \(limit).", field: "limit") }
        if let testLimit, testLimit < 1 { throw NeuralKitError.argument("Data: the test limit must be at least 1, got \(testLimit).", field: "testLimit") }
    }

    /// Reads, limits, splits and preprocesses the data (see the type's documentation).
    ///
    /// - Parameters:
    ///   - seed: the run's seed (generated data and the validation split derive theirs from it).
    ///   - dataDirectory: where registered datasets live (`DatasetRegistry.dataDirectory`).
    ///   - fitted: preprocessing fitted earlier (a checkpoint's) to apply instead of fitting anew.
    /// - Throws: `NeuralKitError` naming the file, option or dataset for unreadable data, a limit or
    ///   fraction that leaves a part empty, or preprocessing that does not fit the samples.
    public func prepare(seed: UInt64, dataDirectory: URL, fitted: FittedPreprocessing? = nil) throws -> PreparedData {
        try validate()
        // Memory: every stage takes its input's storage over, so the samples are held once (plus
        // the rows a stage copies): the loaded parts are consumed, the validation rows are moved
        // out of the training part (`splitOff`), and preprocessing transforms each part in place.
        // Keeping `raw` alive beside `train` would make the first in-place step copy all of it. The
        // limits go to the reader too, so that an IDX file converts only the images kept.
        let raw = try source.load(dataDirectory: dataDirectory, seed: seed, trainLimit: limit, testLimit: testLimit)
        var train = raw.train, test = raw.test
        _ = consume raw
        train = try train.limited(to: limit)
        test = try test.map { try $0.limited(to: testLimit) }
        let fraction = heldOutFraction(hasTestPart: test != nil)
        var validation: Dataset? = nil
        if fraction > 0 {
            let held = Int((Double(train.count) * fraction).rounded())
            guard held >= 1, held < train.count else { throw splitProblem(fraction: fraction, count: train.count, held: held) }
            validation = try train.splitOff(validationFraction: fraction, seed: DataSpecification.splitSeed(seed))
        }
        let preprocessing: FittedPreprocessing
        if let fitted {
            preprocessing = fitted
            try fitted.apply(inPlace: &train)
        } else {
            preprocessing = try FittedPreprocessing.fit(preprocessingSteps, inPlace: &train)
        }
        if validation != nil { try preprocessing.apply(inPlace: &validation!) }
        if test != nil { try preprocessing.apply(inPlace: &test!) }
        return PreparedData(
            source: source, train: train, validation: validation, test: test,
            preprocessing: preprocessing, validationFraction: fraction)
    }
}

extension DataSpecification {
    /// The error for a validation `fraction` that holds out `held` of `count` training samples,
    /// leaving one part empty: with the fractions that work, each written so that it holds out the
    /// number of samples it is meant to (the bounds themselves are accepted), or, below two
    /// samples, what to change instead (no fraction works then).
    func splitProblem(fraction: Double, count: Int, held: Int) -> NeuralKitError {
        let option = validationFraction == nil ? "The default validation fraction \(fraction) (for \(source), which has no test part)" : "--validation-fraction \(fraction)"
        guard count >= 2 else {
            return NeuralKitError.argument(
                "\(option) cannot split the \(count) training sample\(count == 1 ? "" : "s") of \(source)\(limit.map { " (--limit \($0))" } ?? ""): a validation part and a training part need at least 2 samples. Raise --limit to 2 or more, or pass --validation-fraction 0."
            )
        }
        return NeuralKitError.argument(
            "\(option) of the \(count) training samples of \(source) holds out \(held) samples, which leaves \(held < 1 ? "no validation sample" : "no training sample"); choose a fraction from \(Self.fraction(holdingOut: 1, of: count)) (1 sample) to \(Self.fraction(holdingOut: count - 1, of: count)) (\(count - 1) samples)."
        )
    }

    /// `k / n` written with the fewest digits (3 or more) that still hold out exactly `k` of `n`
    /// samples: `0.167` for 1 of 6, `0.99999` for 99,999 of 100,000 (`%.3g` would say 1).
    static func fraction(holdingOut k: Int, of n: Int) -> String {
        let exact = Double(k) / Double(n)
        for digits in 3...17 {
            let text = String(format: "%.\(digits)g", exact)
            if let value = Double(text), Int((Double(n) * value).rounded()) == k { return text }
        }
        return "\(exact)"
    }
}

/// A run's data after `DataSpecification.prepare`: the three parts, preprocessed, and how.
public struct PreparedData: Sendable {
    /// Where the samples came from.
    public var source: DataSource
    /// The training rows (after the limit and the validation split).
    public var train: Dataset
    /// The held-out validation rows, when a fraction was held out.
    public var validation: Dataset?
    /// The published test part, when the source has one.
    public var test: Dataset?
    /// The preprocessing as fitted on `train` (or as given).
    public var preprocessing: FittedPreprocessing
    /// The validation fraction actually used (0 when nothing was held out).
    public var validationFraction: Double

    /// A prepared set of parts.
    public init(
        source: DataSource, train: Dataset, validation: Dataset?, test: Dataset?,
        preprocessing: FittedPreprocessing, validationFraction: Double
    ) {
        self.source = source
        self.train = train
        self.validation = validation
        self.test = test
        self.preprocessing = preprocessing
        self.validationFraction = validationFraction
    }

    /// The part called `split`, or an error naming what the data has.
    public func part(_ split: DataSplit) throws -> Dataset {
        switch split {
        case .train: return train
        case .validation:
            guard let validation else {
                throw NeuralKitError.argument(
                    "\(source) has no validation part in this run (no validation fraction held out); choose the training part\(test == nil ? "" : " or the test part").", field: "split")
            }
            return validation
        case .test:
            guard let test else {
                throw NeuralKitError.argument("\(source) has no published test part; choose the training part\(validation == nil ? "" : " or the validation part").", field: "split")
            }
            return test
        }
    }

    /// The part that judges a model by default: test, else validation, else train.
    public var heldOutSplit: DataSplit { test != nil ? .test : validation != nil ? .validation : .train }
}

/// The three parts of a run's data.
public enum DataSplit: String, Sendable, CaseIterable, Codable, CustomStringConvertible {
    case train, validation, test
    public var description: String { rawValue }
}
