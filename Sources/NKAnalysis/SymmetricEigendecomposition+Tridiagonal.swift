// The fast symmetric eigensolver: Householder tridiagonalisation, then implicit QL with shifts.

import Foundation

extension SymmetricEigendecomposition {
    /// Eigenvalues and eigenvectors (as rows, unsorted) of the symmetric `n × n` matrix `a`.
    ///
    /// 1. `T = QᵀAQ` tridiagonal, with `Q = H₀H₁⋯` a product of Householder reflections
    ///    `H = I − τvvᵀ` each zeroing one column below its subdiagonal.
    /// 2. `V = Qᵀ`, then plane rotations `G` chase implicitly shifted QR steps down unreduced
    ///    blocks of `T` (`T ← GᵀTG`, `V ← GᵀV`) until every off-diagonal entry is negligible;
    ///    the diagonal of `T` is then `λ`, and `T = VAVᵀ` makes the rows of `V` eigenvectors.
    static func tridiagonalQL(_ matrix: [Double], _ n: Int) -> ([Double], [Double]) {
        if n == 0 { return ([], []) }
        var a = matrix
        var diagonal = [Double](repeating: 0, count: n)
        var off = [Double](repeating: 0, count: n)  // off[k] = T[k, k + 1]
        var reflectors: [(start: Int, tau: Double, v: [Double])] = []
        a.withUnsafeMutableBufferPointer { a in
            for k in 0..<max(0, n - 2) {
                let start = k + 1, m = n - start
                var v = (0..<m).map { a[(start + $0) * n + k] }
                var tail = 0.0
                for i in 1..<m { tail += v[i] * v[i] }
                diagonal[k] = a[k * n + k]
                if tail == 0 {  // already tridiagonal in this column
                    off[k] = v[0]
                    continue
                }
                let norm = (v[0] * v[0] + tail).squareRoot()
                let alpha = v[0] > 0 ? -norm : norm  // H x = alpha e₁, no cancellation
                v[0] -= alpha
                let tau = 2 / (v[0] * v[0] + tail)
                off[k] = alpha
                // Trailing block B ← HBH = B − v wᵀ − w vᵀ, with p = τBv, w = p − (τ vᵀp / 2) v.
                var p = [Double](repeating: 0, count: m)
                for i in 0..<m {
                    var s = 0.0
                    let row = (start + i) * n + start
                    for j in 0..<m { s += a[row + j] * v[j] }
                    p[i] = tau * s
                }
                var vp = 0.0
                for i in 0..<m { vp += v[i] * p[i] }
                let half = tau * vp / 2
                for i in 0..<m { p[i] -= half * v[i] }
                for i in 0..<m {
                    let row = (start + i) * n + start
                    let vi = v[i], wi = p[i]
                    for j in 0..<m { a[row + j] -= vi * p[j] + wi * v[j] }
                }
                reflectors.append((start, tau, v))
            }
            if n >= 2 { off[n - 2] = a[(n - 1) * n + (n - 2)]; diagonal[n - 2] = a[(n - 2) * n + (n - 2)] }
            diagonal[n - 1] = a[(n - 1) * n + (n - 1)]
        }
        // Q = H₀H₁⋯, accumulated from the last reflection back (each touches only its trailing
        // block of the partial product); V = Qᵀ.
        var q = [Double](repeating: 0, count: n * n)
        for i in 0..<n { q[i * n + i] = 1 }
        q.withUnsafeMutableBufferPointer { q in
            var column = [Double](repeating: 0, count: n)
            for (start, tau, v) in reflectors.reversed() {
                let m = n - start
                // Q[start.., start..] −= τ v (vᵀ Q[start.., start..])
                for j in 0..<m { column[j] = 0 }
                for i in 0..<m {
                    let row = (start + i) * n + start
                    let vi = v[i]
                    for j in 0..<m { column[j] += vi * q[row + j] }
                }
                for i in 0..<m {
                    let row = (start + i) * n + start
                    let f = tau * v[i]
                    for j in 0..<m { q[row + j] -= f * column[j] }
                }
            }
        }
        var rows = [Double](repeating: 0, count: n * n)
        for i in 0..<n { for j in 0..<n { rows[j * n + i] = q[i * n + j] } }
        implicitQL(&diagonal, &off, &rows, n)
        return (diagonal, rows)
    }

    /// Diagonalises the symmetric tridiagonal matrix (`d` on the diagonal, `e[k] = T[k, k+1]`) by
    /// implicit shifted QR steps, applying every rotation to the rows of `v` as well.
    static func implicitQL(_ d: inout [Double], _ e: inout [Double], _ v: inout [Double], _ n: Int) {
        guard n >= 2 else { return }
        func negligible(_ k: Int) -> Bool {
            abs(e[k]) <= Double.ulpOfOne * (abs(d[k]) + abs(d[k + 1])) || abs(e[k]) < Double.leastNormalMagnitude
        }
        var high = n - 1
        var steps = 0
        v.withUnsafeMutableBufferPointer { v in
            while high > 0 && steps < 60 * n {
                if negligible(high - 1) { e[high - 1] = 0; high -= 1; continue }
                var low = high - 1
                while low > 0 && !negligible(low - 1) { low -= 1 }
                if low > 0 { e[low - 1] = 0 }
                // Wilkinson shift: the eigenvalue of the trailing 2×2 block closer to its last entry.
                let delta = (d[high - 1] - d[high]) / 2, b = e[high - 1]
                let root = (delta * delta + b * b).squareRoot()
                let mu = d[high] - b * b / (delta + (delta >= 0 ? root : -root))
                var x = d[low] - mu, z = e[low]
                for k in low..<high {
                    // The rotation in the (k, k+1) plane that zeroes z against x.
                    let r = (x * x + z * z).squareRoot()
                    let c = r == 0 ? 1 : x / r, s = r == 0 ? 0 : z / r
                    if k > low { e[k - 1] = r }  // the entry the bulge was chased into
                    let p = d[k], q = d[k + 1], t = e[k]
                    d[k] = c * c * p + 2 * c * s * t + s * s * q
                    d[k + 1] = s * s * p - 2 * c * s * t + c * c * q
                    e[k] = c * s * (q - p) + (c * c - s * s) * t
                    if k + 1 < high {
                        x = e[k]
                        z = s * e[k + 1]  // the new bulge, T[k, k+2]
                        e[k + 1] *= c
                    }
                    let rowK = k * n, rowK1 = (k + 1) * n
                    for j in 0..<n {
                        let a = v[rowK + j], b = v[rowK1 + j]
                        v[rowK + j] = c * a + s * b
                        v[rowK1 + j] = -s * a + c * b
                    }
                }
                steps += 1
            }
        }
    }
}
