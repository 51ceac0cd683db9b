// Eigenvalues and eigenvectors of a symmetric matrix (Double): the result type and its two methods.

/// `A = Vᵀ·diag(λ)·V` for a symmetric `n×n` matrix (rows of `V` are the eigenvectors).
///
/// Default method: Householder reduction to tridiagonal form, then implicit QL iterations with
/// Wilkinson shifts (about `(4/3 + 3)·n³` flops, a few ms at `n = 200`). The cyclic Jacobi method
/// (about 10× slower, but simple and unconditionally accurate) is kept as the reference the fast
/// one is tested against. Both are accurate to a few ulps relative to ‖A‖. Used for the
/// Rayleigh–Ritz problems of `PCA` and the covariance of narrow data.
/// NumPy equivalent: `numpy.linalg.eigh` (with the order reversed).
///
/// ```swift
/// let e = SymmetricEigendecomposition(matrix: [2, 1, 1, 2], size: 2)
/// e.eigenvalues   // [3, 1]
/// ```
public struct SymmetricEigendecomposition: Sendable {
    /// The matrix size `n`.
    public let size: Int
    /// The eigenvalues, in decreasing order.
    public let eigenvalues: [Double]
    /// `n×n` row-major; row `i` is the unit eigenvector of `eigenvalues[i]`, its largest-magnitude
    /// entry made positive (so the result is deterministic).
    public let eigenvectors: [Double]

    /// How the decomposition is computed.
    public enum Method: Sendable {
        /// Householder tridiagonalisation and implicit QL with Wilkinson shifts (the default).
        case tridiagonalQL
        /// Cyclic Jacobi rotations: the slow, simple reference.
        case jacobi
    }

    /// Decomposes the symmetric matrix `matrix` (`size × size`, row-major; only symmetric input is
    /// meaningful: the upper triangle is mirrored from the lower one first).
    public init(matrix: [Double], size n: Int, method: Method = .tridiagonalQL) {
        precondition(matrix.count == n * n, "SymmetricEigendecomposition: \(matrix.count) entries is not \(n)×\(n)")
        var a = matrix
        for i in 0..<n { for j in 0..<i { a[j * n + i] = a[i * n + j] } }
        // values[i] belongs to row i of `rows`.
        let (values, rows) = method == .jacobi ? Self.jacobi(a, n) : Self.tridiagonalQL(a, n)
        let order = (0..<n).sorted { values[$0] > values[$1] }
        eigenvalues = order.map { values[$0] }
        var vectors = [Double](repeating: 0, count: n * n)
        for (row, source) in order.enumerated() {
            var largest = 0.0
            for i in 0..<n where abs(rows[source * n + i]) > abs(largest) { largest = rows[source * n + i] }
            let sign: Double = largest < 0 ? -1 : 1
            for i in 0..<n { vectors[row * n + i] = sign * rows[source * n + i] }
        }
        eigenvectors = vectors
        size = n
    }

    /// Cyclic Jacobi: sweeps of rotations, each zeroing one off-diagonal pair, until the
    /// off-diagonal mass is below `1e-30` of the total (typically 6–10 sweeps, O(n³) each).
    /// Returns the eigenvalues and the eigenvectors as rows, unsorted.
    static func jacobi(_ matrix: [Double], _ n: Int) -> ([Double], [Double]) {
        var a = matrix
        var v = [Double](repeating: 0, count: n * n)
        for i in 0..<n { v[i * n + i] = 1 }
        let total = a.reduce(0) { $0 + $1 * $1 }
        a.withUnsafeMutableBufferPointer { a in
            v.withUnsafeMutableBufferPointer { v in
                for _ in 0..<60 {
                    var off = 0.0
                    for p in 0..<n { for q in (p + 1)..<max(n, p + 1) { off += a[p * n + q] * a[p * n + q] } }
                    if off <= 1e-30 * total || off == 0 { break }
                    for p in 0..<n {
                        for q in (p + 1)..<max(n, p + 1) where a[p * n + q] != 0 {
                            Self.rotate(a, v, n, p, q)
                        }
                    }
                }
            }
        }
        // Eigenvectors are the columns of v.
        var rows = [Double](repeating: 0, count: n * n)
        for i in 0..<n { for j in 0..<n { rows[j * n + i] = v[i * n + j] } }
        return ((0..<n).map { a[$0 * n + $0] }, rows)
    }

    /// Applies the rotation `J` in the (p, q) plane that zeroes `a[p, q]`: `A ← JᵀAJ`, `V ← VJ`.
    private static func rotate(_ a: UnsafeMutableBufferPointer<Double>, _ v: UnsafeMutableBufferPointer<Double>, _ n: Int, _ p: Int, _ q: Int) {
        let apq = a[p * n + q]
        let theta = (a[q * n + q] - a[p * n + p]) / (2 * apq)
        // The smaller root of t² + 2θt − 1 = 0 (|rotation angle| ≤ π/4), written to avoid overflow.
        let t = (theta >= 0 ? 1.0 : -1.0) / (abs(theta) + (theta * theta + 1).squareRoot())
        let c = 1 / (t * t + 1).squareRoot(), s = t * c
        for k in 0..<n {  // columns p and q
            let akp = a[k * n + p], akq = a[k * n + q]
            a[k * n + p] = c * akp - s * akq
            a[k * n + q] = s * akp + c * akq
        }
        for k in 0..<n {  // rows p and q
            let apk = a[p * n + k], aqk = a[q * n + k]
            a[p * n + k] = c * apk - s * aqk
            a[q * n + k] = s * apk + c * aqk
        }
        a[p * n + q] = 0; a[q * n + p] = 0
        for k in 0..<n {
            let vkp = v[k * n + p], vkq = v[k * n + q]
            v[k * n + p] = c * vkp - s * vkq
            v[k * n + q] = s * vkp + c * vkq
        }
    }
}
