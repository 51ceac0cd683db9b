// Principal component analysis: fitted mean and components, explained variance, projections.

import NKCore

/// A fitted principal component analysis of `(n, d)` data.
///
/// `components` (`(k, d)`, orthonormal rows) are the leading eigenvectors of the covariance
/// `Σ = (X − μ)ᵀ(X − μ) / (n − 1)`, by decreasing eigenvalue (`explainedVariance`). Each
/// component's sign is fixed so that its largest-magnitude entry is positive.
/// `transform` gives `(x − μ)·Wᵀ`, `inverseTransform` gives `z·W + μ`.
/// scikit-learn equivalent: `PCA(n_components=k)` (`components_`, `explained_variance_`,
/// `explained_variance_ratio_`, `transform`, `inverse_transform`).
///
/// ```swift
/// let pca = try PCA.fit(x, components: 50)            // x: (60000, 784)
/// let z = try pca.transform(x)                        // (60000, 50)
/// let back = try pca.inverseTransform(z)              // (60000, 784)
/// ```
public struct PCA: Sendable {
    /// The per-feature mean `μ`, shape `(d)`.
    public let mean: Tensor
    /// The principal axes `W`, shape `(k, d)`, orthonormal rows.
    public let components: Tensor
    /// The variance of the data along each component (the covariance eigenvalues, divisor `n − 1`).
    public let explainedVariance: [Double]
    /// `explainedVariance / totalVariance`: the share of the total variance each component carries.
    public let explainedVarianceRatio: [Double]
    /// The total variance `trace(Σ)`, summed over all `d` features.
    public let totalVariance: Double

    /// The number of features `d`.
    public var featureCount: Int { mean.count }
    /// The number of components `k`.
    public var componentCount: Int { components.rowCount }

    /// A PCA from its parts (as stored in a file, or fitted elsewhere).
    public init(mean: Tensor, components: Tensor, explainedVariance: [Double], totalVariance: Double) {
        self.mean = mean
        self.components = components
        self.explainedVariance = explainedVariance
        self.totalVariance = totalVariance
        explainedVarianceRatio = explainedVariance.map { totalVariance > 0 ? $0 / totalVariance : 0 }
    }

    /// Projects `(n, d)` rows onto the components: `(x − μ)·Wᵀ`, shape `(n, k)`.
    /// - Throws: `NeuralKitError.shape` when the rows do not have `d` features.
    public func transform(_ x: Tensor) throws -> Tensor {
        guard x.rowSize == featureCount, x.rank >= 1 else {
            throw NeuralKitError.shape("PCA.transform: expected rows of \(featureCount) features, got \(describeShape(x.shape))")
        }
        let n = x.rowCount, d = featureCount
        var centred = x.scalars
        for i in 0..<n { for j in 0..<d { centred[i * d + j] -= mean.scalars[j] } }
        let z = RowBasis.multiplyTransposed(centred, components.scalars, m: n, n: componentCount, k: d)
        return Tensor(shape: [n, componentCount], scalars: z)
    }

    /// Maps `(n, k)` coordinates back to feature space: `z·W + μ`, shape `(n, d)` (the closest
    /// point of the principal subspace when `z` came from `transform`).
    /// - Throws: `NeuralKitError.shape` when the rows do not have `k` coordinates.
    public func inverseTransform(_ z: Tensor) throws -> Tensor {
        guard z.rank == 2, z.shape[1] == componentCount else {
            throw NeuralKitError.shape("PCA.inverseTransform: expected (n, \(componentCount)) coordinates, got \(describeShape(z.shape))")
        }
        let n = z.rowCount, d = featureCount
        var x = RowBasis.multiply(z.scalars, components.scalars, m: n, n: d, k: componentCount)
        for i in 0..<n { for j in 0..<d { x[i * d + j] += mean.scalars[j] } }
        return Tensor(shape: [n, d], scalars: x)
    }
}
