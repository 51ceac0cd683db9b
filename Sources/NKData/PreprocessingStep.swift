// PreprocessingStep: the input and target transformations, fitted on training data only.

import NKCore

/// One preprocessing step. Steps that need statistics (standardisation, mean image) fit them on the
/// training part only and apply them unchanged to the test part (`DatasetSplits.preprocessed`).
public enum PreprocessingStep: Sendable, Equatable {
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
            return .scale(low: mean, high: mean + std)
        case "scale" where parts.count == 3:
            guard let lo = Float(parts[1]), let hi = Float(parts[2]), lo.isFinite, hi.isFinite, lo < hi else { break }
            return .scale(low: lo, high: hi)
        default: break
        }
        throw NeuralKitError.argument("Preprocessing '\(text)': expected scale:LOW:HIGH, normalize:MEAN:STD, standardize, mean-image, binarize[:THRESHOLD] or standardize-targets.")
    }
}
