// Standardization: per-feature mean and standard deviation, fitted on a training split.

import NKCore

/// Per-feature standardisation `x' = (x − mean) / std`, with statistics from the data it is fitted
/// on (the training split only) and then applied unchanged to validation and test data.
/// A feature with zero spread keeps std 1 (it becomes 0 everywhere). PyTorch: `transforms.Normalize`
/// with statistics you compute; scikit-learn: `StandardScaler`.
public struct Standardization: Sendable, Equatable, Codable {
    /// Per-feature mean, `featureCount` entries.
    public var mean: [Float]
    /// Per-feature (population) standard deviation, 1 where the feature is constant.
    public var std: [Float]

    /// Given statistics (`std` entries must be positive).
    public init(mean: [Float], std: [Float]) {
        self.mean = mean
        self.std = std
    }

    /// Fits the statistics of `values` `(n, features…)` (n ≥ 1), per flattened feature.
    public init(fitting values: Tensor) {
        let n = values.rowCount, d = values.rowSize
        var sum = [Double](repeating: 0, count: d), squares = [Double](repeating: 0, count: d)
        values.withUnsafeBufferPointer { x in
            for r in 0..<n { for j in 0..<d { let v = Double(x[r * d + j]); sum[j] += v; squares[j] += v * v } }
        }
        let count = Double(max(n, 1))
        mean = sum.map { Float($0 / count) }
        std = (0..<d).map { j in
            let m = sum[j] / count
            let s = (max(squares[j] / count - m * m, 0)).squareRoot()
            return s > 1e-12 * max(abs(m), 1) ? Float(s) : 1
        }
    }

    /// `(x − mean) / std` per feature; `values` must have `mean.count` features per row.
    public func apply(to values: Tensor) throws -> Tensor {
        guard values.rowSize == mean.count else {
            throw NeuralKitError.shape("Standardization: fitted on \(mean.count) features, got samples of \(values.rowSize).")
        }
        var out = values
        applyInPlace(&out)
        return out
    }

    /// `(x − mean) / std` per feature, in place; `values` must have `mean.count` features per row.
    public func applyInPlace(_ values: inout Tensor) {
        let d = mean.count
        values.withUnsafeMutableBufferPointer { x in
            for i in 0..<x.count { x[i] = (x[i] - mean[i % d]) / std[i % d] }
        }
    }

    /// The inverse, `x · std + mean` (e.g. to report standardised regression targets in their units).
    public func invert(_ values: Tensor) -> Tensor {
        var out = values
        let d = mean.count
        out.withUnsafeMutableBufferPointer { x in
            for i in 0..<x.count { x[i] = x[i] * std[i % d] + mean[i % d] }
        }
        return out
    }
}
