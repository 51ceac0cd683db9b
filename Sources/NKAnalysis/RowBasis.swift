// Orthonormalisation of the rows of a small Float matrix (modified Gram–Schmidt, twice).

import NKCore

/// Helpers for the subspace methods of `PCA`: bases are stored as rows (`l × length`, row-major)
/// so that every dot product runs over contiguous memory.
enum RowBasis {
    /// Makes the `rows` rows of `m` orthonormal in place: Cholesky QR applied twice (two GEMMs
    /// per pass: `G = MMᵀ = LLᵀ`, `M ← L⁻¹M`), falling back to modified Gram–Schmidt when the
    /// Gram matrix is too ill-conditioned for Float (a pivot below 1e-8 of the largest diagonal).
    static func orthonormalize(_ m: inout [Float], rows l: Int, length: Int, using rng: inout RandomGenerator) {
        for _ in 0..<2 {
            let g = multiplyTransposed(m, m, m: l, n: l, k: length).map(Double.init)
            guard let inverse = inverseCholeskyFactor(g, size: l) else {
                gramSchmidt(&m, rows: l, length: length, using: &rng)
                return
            }
            m = multiply(inverse.map(Float.init), m, m: l, n: length, k: l)
        }
    }

    /// `L⁻¹` (lower triangular, `n × n`) for the Cholesky factor `G = LLᵀ`, or `nil` when a pivot
    /// is not safely positive.
    static func inverseCholeskyFactor(_ g: [Double], size n: Int) -> [Double]? {
        var lower = [Double](repeating: 0, count: n * n)
        let largest = (0..<n).map { g[$0 * n + $0] }.max() ?? 0
        guard largest > 0 else { return nil }
        for j in 0..<n {
            var pivot = g[j * n + j]
            for t in 0..<j { pivot -= lower[j * n + t] * lower[j * n + t] }
            guard pivot > 1e-8 * largest else { return nil }
            let root = pivot.squareRoot()
            lower[j * n + j] = root
            for i in (j + 1)..<max(n, j + 1) {
                var v = g[i * n + j]
                for t in 0..<j { v -= lower[i * n + t] * lower[j * n + t] }
                lower[i * n + j] = v / root
            }
        }
        // Forward substitution, column by column of the identity.
        var inverse = [Double](repeating: 0, count: n * n)
        for c in 0..<n {
            for i in c..<n {
                var v = i == c ? 1.0 : 0.0
                for t in c..<i { v -= lower[i * n + t] * inverse[t * n + c] }
                inverse[i * n + c] = v / lower[i * n + i]
            }
        }
        return inverse
    }

    /// Modified Gram–Schmidt applied twice ("twice is enough" for Float). A row that becomes
    /// numerically dependent is replaced by a random vector orthogonalised against the others.
    static func gramSchmidt(_ m: inout [Float], rows: Int, length: Int, using rng: inout RandomGenerator) {
        m.withUnsafeMutableBufferPointer { m in
            for i in 0..<rows {
                let original = norm(m, i, length)
                for _ in 0..<2 {
                    for j in 0..<i {
                        var dot = 0.0
                        for t in 0..<length { dot += Double(m[i * length + t]) * Double(m[j * length + t]) }
                        let f = Float(dot)
                        for t in 0..<length { m[i * length + t] -= f * m[j * length + t] }
                    }
                }
                var r = norm(m, i, length)
                if r <= 1e-6 * max(original, .leastNormalMagnitude) {
                    for t in 0..<length { m[i * length + t] = Float(rng.nextNormal()) }
                    for j in 0..<i {
                        var dot = 0.0
                        for t in 0..<length { dot += Double(m[i * length + t]) * Double(m[j * length + t]) }
                        for t in 0..<length { m[i * length + t] -= Float(dot) * m[j * length + t] }
                    }
                    r = norm(m, i, length)
                }
                let scale = Float(1 / r)
                for t in 0..<length { m[i * length + t] *= scale }
            }
        }
    }

    static func norm(_ m: UnsafeMutableBufferPointer<Float>, _ i: Int, _ length: Int) -> Double {
        var s = 0.0
        for t in 0..<length { s += Double(m[i * length + t]) * Double(m[i * length + t]) }
        return s.squareRoot()
    }

    /// `c[m × n] = a[m × k] · b[n × k]ᵀ` (row-major Float arrays).
    static func multiplyTransposed(_ a: [Float], _ b: [Float], m: Int, n: Int, k: Int) -> [Float] {
        var c = [Float](repeating: 0, count: m * n)
        a.withUnsafeBufferPointer { pa in
            b.withUnsafeBufferPointer { pb in
                c.withUnsafeMutableBufferPointer { pc in
                    GEMM.multiply(
                        transposeA: false, transposeB: true, m: m, n: n, k: k,
                        a: pa.baseAddress!, lda: k, b: pb.baseAddress!, ldb: k, beta: 0, c: pc.baseAddress!, ldc: n)
                }
            }
        }
        return c
    }

    /// `c[m × n] = a[m × k] · b[k × n]` (row-major Float arrays).
    static func multiply(_ a: [Float], _ b: [Float], m: Int, n: Int, k: Int) -> [Float] {
        var c = [Float](repeating: 0, count: m * n)
        a.withUnsafeBufferPointer { pa in
            b.withUnsafeBufferPointer { pb in
                c.withUnsafeMutableBufferPointer { pc in
                    GEMM.multiply(
                        transposeA: false, transposeB: false, m: m, n: n, k: k,
                        a: pa.baseAddress!, lda: k, b: pb.baseAddress!, ldb: n, beta: 0, c: pc.baseAddress!, ldc: n)
                }
            }
        }
        return c
    }

    /// `rows × length` standard normal entries.
    static func gaussian(rows: Int, length: Int, using rng: inout RandomGenerator) -> [Float] {
        (0..<(rows * length)).map { _ in Float(rng.nextNormal()) }
    }
}
