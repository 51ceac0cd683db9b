// PreprocessingStep: the input and target transformations, fitted on training data only.

import NKCore

/// One preprocessing step. Steps that need statistics (standardisation, mean image) fit them on the
/// training part only and apply them unchanged to the test part (`DatasetSplits.preprocessed`).
public enum PreprocessingStep: Sendable, Equatable, Codable, CustomStringConvertible {
    /// Maps inputs linearly from `[low, high]` to `[0, 1]` (MNIST: 0…255; USPS: −1…1).
    case scale(low: Float, high: Float)
    /// Per-feature `(x − mean) / std`, statistics from the training part.
    case standardize
    /// Subtracts the training part's mean sample (per pixel) from every sample.
    case subtractMeanImage
    /// Inputs become 1 where `x > threshold`, else 0 (e.g. threshold 0.5 after scaling, for an RBM).
    case binarize(threshold: Float)
    /// Regression targets become `(y − mean) / std` with training statistics.
    case standardizeTargets

    /// `(x − mean) / std` with one mean and standard deviation for every feature: the `scale` from
    /// `mean` to `mean + std`.
    public static func normalize(mean: Float, std: Float) -> PreprocessingStep { .scale(low: mean, high: mean + std) }

    /// Parses the CLI spellings `scale:LOW:HIGH`, `normalize:MEAN:STD` (one mean and standard
    /// deviation for every feature, `(x − MEAN)/STD`: a `scale` from MEAN to MEAN + STD),
    /// `standardize`, `mean-image`, `binarize[:THRESHOLD]` (default 0.5), `standardize-targets`.
    public static func parse(_ text: String) throws -> PreprocessingStep {
        let parts = text.split(separator: ":").map(String.init)
        switch parts.first ?? "" {
        case "standardize" where parts.count == 1: return .standardize
        case "mean-image" where parts.count == 1: return .subtractMeanImage
        case "standardize-targets" where parts.count == 1: return .standardizeTargets
        case "binarize" where parts.count <= 2:
            guard let t = parts.count == 2 ? Float(parts[1]) : 0.5, t.isFinite else { break }
            return .binarize(threshold: t)
        case "normalize" where parts.count == 3:
            guard let mean = Float(parts[1]), let std = Float(parts[2]), mean.isFinite, std.isFinite, std > 0 else { break }
            return .normalize(mean: mean, std: std)
        case "scale" where parts.count == 3:
            guard let lo = Float(parts[1]), let hi = Float(parts[2]), lo.isFinite, hi.isFinite, lo < hi else { break }
            return .scale(low: lo, high: hi)
        default: break
        }
        throw NeuralKitError.argument("Preprocessing '\(text)': expected scale:LOW:HIGH, normalize:MEAN:STD, standardize, mean-image, binarize[:THRESHOLD] or standardize-targets.")
    }

    /// The CLI spelling that `parse` reads back (`normalize:M:S` is printed as the `scale` it is).
    public var description: String {
        switch self {
        case .scale(let low, let high): "scale:\(low):\(high)"
        case .standardize: "standardize"
        case .subtractMeanImage: "mean-image"
        case .binarize(let threshold): "binarize:\(threshold)"
        case .standardizeTargets: "standardize-targets"
        }
    }

    /// Encoded as its CLI spelling, e.g. `"scale:0.0:255.0"`.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }

    /// Decoded from its CLI spelling.
    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        do { self = try PreprocessingStep.parse(text) } catch {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "\(error)"))
        }
    }
}
