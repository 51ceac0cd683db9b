// How PCA finds its components: through the covariance matrix, or by a randomized range finder.

/// The algorithm behind `PCA.fit`.
public enum PCASolver: Equatable, Sendable {
    /// Covariance matrix `XcᵀXc / (n − 1)` (the symmetric kernel `GEMM.gram`, constant columns left
    /// out), then its leading eigenvectors: all of them by Householder tridiagonalisation and QL
    /// when `d ≤ 64` or `k > d / 4`, else block subspace iteration with Rayleigh–Ritz until every
    /// wanted residual `‖Cv − λv‖ ≤ 1e-6·λ₁` (slow on a flat spectrum, e.g. pure noise: up to 500
    /// iterations). Exact up to Float rounding; the choice for `d` up to a few thousand.
    /// sklearn: `PCA(svd_solver="covariance_eigh")`.
    case covariance
    /// Halko–Martinsson–Tropp randomized range finder on the centred data: `k + oversampling`
    /// Gaussian probes, `powerIterations` re-orthonormalised power steps, then an exact SVD of the
    /// small projected matrix. Never forms the `d×d` covariance: for very wide data. Approximate
    /// (better with more power iterations). sklearn: `PCA(svd_solver="randomized")`.
    case randomized(oversampling: Int = 10, powerIterations: Int = 4)
}
