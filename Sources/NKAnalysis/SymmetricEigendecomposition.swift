// Eigenvalues and eigenvectors of a small symmetric matrix by cyclic Jacobi rotations (Double).

/// `A = V·diag(λ)·Vᵀ` for a symmetric `n×n` matrix, by the cyclic Jacobi method.
///
/// Each rotation zeroes one off-diagonal pair; sweeps over all pairs repeat until the off-diagonal
/// mass is below `1e-30` of the total (quadratic convergence: typically 6–10 sweeps), O(n³) per
/// sweep. Accurate to a few ulps relative to ‖A‖ and unconditionally stable; meant for `n` up to a
/// few hundred (the Rayleigh–Ritz problems of `PCA` and the covariance of narrow data).
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

    /// Decomposes the symmetric matrix `matrix` (`size × size`, row-major; only symmetric input is
    /// meaningful: the upper triangle is mirrored from the lower one first).
    public init(matrix: [Double], size n: Int) {
        precondition(matrix.count == n * n, "SymmetricEigendecomposition: \(matrix.count) entries is not \(n)×\(n)")
        var a = matrix
        for i in 0..<n { for j in 0..<i { a[j * n + i] = a[i * n + j] } }
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
        // Sort decreasing; eigenvectors are the columns of v.
        let order = (0..<n).sorted { a[$0 * n + $0] > a[$1 * n + $1] }
        eigenvalues = order.map { a[$0 * n + $0] }
        var vectors = [Double](repeating: 0, count: n * n)
        for (row, column) in order.enumerated() {
            var largest = 0.0
            for i in 0..<n where abs(v[i * n + column]) > abs(largest) { largest = v[i * n + column] }
            let sign: Double = largest < 0 ? -1 : 1
            for i in 0..<n { vectors[row * n + i] = sign * v[i * n + column] }
        }
        eigenvectors = vectors
        size = n
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
