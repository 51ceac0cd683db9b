// Fitting a PCA: centring, then the covariance eigenproblem or the randomized range finder.

import NKCore
import Synchronization

extension PCA {
    /// Fits `components` principal components to the rows of `data` (`(n, d)`, or any rank
    /// flattened per row).
    ///
    /// - Parameters:
    ///   - data: the samples, one per row.
    ///   - k: the number of components, between 1 and `min(n, d)`.
    ///   - solver: `.covariance` (exact) or `.randomized(…)` (for very wide data); see `PCASolver`.
    ///   - seed: seeds the random start of the iterative solvers (results do not depend on it
    ///     beyond their tolerance).
    /// - Throws: `NeuralKitError.argument` for a bad `k`, fewer than 2 rows, or non-finite data.
    public static func fit(_ data: Tensor, components k: Int, solver: PCASolver = .covariance, seed: UInt64 = 0) throws -> PCA {
        let n = data.rowCount, d = data.rowSize
        guard n >= 2, k >= 1, k <= min(n, d) else {
            throw NeuralKitError.argument("PCA: \(k) components needs between 1 and min(samples, features) = \(min(n, d)) for data \(describeShape(data.shape)), with at least 2 samples")
        }
        if solver == .covariance {  // the d × d covariance and its eigenvectors, in Double
            try MemoryBudget.check(
                try MemoryBudget.bytes(elements: [d, d, 3], scalarSize: 8, what: "PCA"),
                for: "PCA of \(d) features (a \(d) × \(d) covariance; the randomized solver needs less)")
        }
        var rng = RandomGenerator(seed: seed)
        let (mean, varying) = columnStatistics(data)
        guard mean.allSatisfy(\.isFinite) else {
            throw NeuralKitError.argument("PCA: the data \(describeShape(data.shape)) contains NaN or infinite values")
        }
        let (values, vectors): ([Double], [Float])
        var total: Double
        switch solver {
        case .covariance:
            // Constant columns have no variance and no covariance: the eigenproblem is solved on the
            // others (image borders: 67 of MNIST's 784 pixels), and the components padded with zeros.
            let active = (0..<d).filter { varying[$0] }
            let m = active.count < d && k <= active.count ? active.count : d
            let covariance = Self.covariance(data, mean: mean, columns: m < d ? active : nil)
            total = (0..<m).reduce(0.0) { $0 + Double(covariance[$1 * m + $1]) }
            let (reducedValues, reduced) =
                m <= 64 || 4 * k > m
                ? denseEigen(covariance, d: m, k: k)
                : subspaceEigen(covariance, d: m, k: k, using: &rng)
            values = reducedValues
            if m < d {
                var expanded = [Float](repeating: 0, count: k * d)
                for c in 0..<k { for (t, j) in active.enumerated() { expanded[c * d + j] = reduced[c * m + t] } }
                vectors = expanded
            } else {
                vectors = reduced
            }
        case let .randomized(oversampling, powerIterations):
            let centred: [Float]
            (centred, total) = centre(data, mean: mean)
            (values, vectors) = randomizedSVD(
                centred, n: n, d: d, k: k, oversampling: max(0, oversampling),
                powerIterations: max(0, powerIterations), using: &rng)
        }
        guard total.isFinite else {
            throw NeuralKitError.argument("PCA: the data \(describeShape(data.shape)) contains NaN, infinite or too large values (the variance overflows)")
        }
        var signed = vectors
        for c in 0..<k {
            let row = signed[(c * d)..<((c + 1) * d)]
            if let largest = row.max(by: { abs($0) < abs($1) }), largest < 0 {
                for j in 0..<d { signed[c * d + j] = -signed[c * d + j] }
            }
        }
        return PCA(
            mean: Tensor(shape: [d], scalars: mean), components: Tensor(shape: [k, d], scalars: signed),
            explainedVariance: values.map { max(0, $0) }, totalVariance: total)
    }

    /// The column means and which columns vary: `varying[j]` is false when column `j` equals the
    /// first row's value throughout (a constant feature, no variance). Means are Float partial sums
    /// over blocks of 64 rows (`Elementwise.sumRows`), computed on the kernel threads, each block's
    /// into its own slot, then added in Double in block order: the result does not depend on the
    /// thread count or on scheduling. The same pass takes `Elementwise.columnSpread`.
    static func columnStatistics(_ data: Tensor) -> (mean: [Float], varying: [Bool]) {
        let n = data.rowCount, d = data.rowSize
        let blocks = (n + 63) / 64
        var partials = [Float](repeating: 0, count: blocks * d)  // (blocks, d)
        let spreads = Mutex([Float](repeating: 0, count: d))
        data.withUnsafeBufferPointer { x in
            partials.withUnsafeMutableBufferPointer { p in
                let firstRow = UnsafeBufferPointer(rebasing: x[0..<d])
                let partialsBase = p.baseAddress!
                Parallelism.forEachRange(count: blocks, grain: 64) { range in
                    var spread = [Float](repeating: 0, count: d)
                    spread.withUnsafeMutableBufferPointer { s in
                        for block in range {
                            let first = block * 64, rows = min(64, n - first)
                            let rowsOfBlock = UnsafeBufferPointer(rebasing: x[(first * d)..<((first + rows) * d)])
                            Elementwise.sumRows(rowsOfBlock, rows: rows, into: UnsafeMutableBufferPointer(start: partialsBase + block * d, count: d))
                            Elementwise.columnSpread(rowsOfBlock, rows: rows, reference: firstRow, into: s)
                        }
                    }
                    spreads.withLock { total in for j in 0..<d { total[j] = max(total[j], spread[j]) } }  // max: any order
                }
            }
        }
        var sums = [Double](repeating: 0, count: d)
        for block in 0..<blocks { for j in 0..<d { sums[j] += Double(partials[block * d + j]) } }
        return (sums.map { Float($0 / Double(n)) }, spreads.withLock { $0.map { $0 != 0 } })  // NaN spread counts as varying
    }

    /// The centred copy of the data and the total variance `Σ (x − μ)² / (n − 1)`.
    static func centre(_ data: Tensor, mean: [Float]) -> (centred: [Float], total: Double) {
        let n = data.rowCount, d = data.rowSize
        var total = 0.0
        let centred = [Float](unsafeUninitializedCapacity: n * d) { out, initialized in
            data.withUnsafeBufferPointer { x in
                mean.withUnsafeBufferPointer { m in
                    for i in 0..<n {
                        var row: Float = 0
                        for j in 0..<d { let v = x[i * d + j] - m[j]; out[i * d + j] = v; row += v * v }
                        total += Double(row)
                    }
                }
            }
            initialized = n * d
        }
        return (centred, total / Double(n - 1))
    }

    /// `(X − μ)ᵀ(X − μ) / (n − 1)` through the symmetric kernel `GEMM.gram` (centres rows in small
    /// blocks, multiplies only the upper triangle): `d × d`, or `m × m` on the `m` given `columns`
    /// only (`mean` is the full `d`-vector either way). `naiveCovariance` is the reference.
    static func covariance(_ data: Tensor, mean: [Float], columns: [Int]? = nil) -> [Float] {
        let n = data.rowCount, d = data.rowSize, m = columns?.count ?? d
        let mu = columns.map { $0.map { mean[$0] } } ?? mean
        var c = [Float](repeating: 0, count: m * m)
        data.withUnsafeBufferPointer { x in
            mu.withUnsafeBufferPointer { mu in
                c.withUnsafeMutableBufferPointer { pc in
                    let alpha = 1 / Float(n - 1)
                    if let columns {
                        columns.withUnsafeBufferPointer { cols in
                            GEMM.gram(n: n, columns: cols, x: x.baseAddress!, ldx: d, mean: mu.baseAddress!, alpha: alpha, c: pc.baseAddress!)
                        }
                    } else {
                        GEMM.gram(n: n, d: d, x: x.baseAddress!, ldx: d, mean: mu.baseAddress!, alpha: alpha, c: pc.baseAddress!)
                    }
                }
            }
        }
        return c
    }

    /// The covariance by its definition, in Double: the reference `covariance` is tested against.
    static func naiveCovariance(_ data: Tensor, mean: [Float]) -> [Float] {
        let n = data.rowCount, d = data.rowSize
        var c = [Float](repeating: 0, count: d * d)
        data.withUnsafeBufferPointer { x in
            mean.withUnsafeBufferPointer { mu in
                c.withUnsafeMutableBufferPointer { pc in
                    NaiveKernels.gram(n: n, d: d, x: x.baseAddress!, ldx: d, mean: mu.baseAddress!, alpha: 1 / Float(n - 1), c: pc.baseAddress!)
                }
            }
        }
        return c
    }

    /// All eigenpairs (`SymmetricEigendecomposition`: tridiagonal QL); returns the top `k`.
    static func denseEigen(_ c: [Float], d: Int, k: Int) -> ([Double], [Float]) {
        let e = SymmetricEigendecomposition(matrix: c.map(Double.init), size: d)
        return (Array(e.eigenvalues.prefix(k)), e.eigenvectors.prefix(k * d).map(Float.init))
    }

    /// Block subspace iteration on the covariance with a Rayleigh–Ritz step every few iterations,
    /// until every wanted residual `‖Cv − θv‖ ≤ 1e-6·θ₁` (or 500 iterations).
    static func subspaceEigen(_ c: [Float], d: Int, k: Int, using rng: inout RandomGenerator) -> ([Double], [Float]) {
        let l = min(d, k + max(10, k / 2))
        var q = RowBasis.gaussian(rows: l, length: d, using: &rng)
        RowBasis.orthonormalize(&q, rows: l, length: d, using: &rng)
        var best: ([Double], [Float]) = ([], [])
        for iteration in 1...500 {
            let p = RowBasis.multiply(q, c, m: l, n: d, k: d)  // rows (C qᵢ)ᵀ, C symmetric
            if iteration % 5 == 0 || iteration == 500 {
                let h = RowBasis.multiplyTransposed(p, q, m: l, n: l, k: d)  // QCQᵀ (l × l)
                let e = SymmetricEigendecomposition(matrix: h.map(Double.init), size: l)
                let s = e.eigenvectors.map(Float.init)
                let ritz = RowBasis.multiply(s, q, m: l, n: d, k: l)
                let image = RowBasis.multiply(s, p, m: l, n: d, k: l)
                var worst = 0.0
                for i in 0..<k {
                    var r = 0.0
                    for j in 0..<d { let x = Double(image[i * d + j]) - e.eigenvalues[i] * Double(ritz[i * d + j]); r += x * x }
                    worst = max(worst, r.squareRoot())
                }
                best = (Array(e.eigenvalues.prefix(k)), Array(ritz.prefix(k * d)))
                if worst <= 1e-6 * max(e.eigenvalues[0], .leastNormalMagnitude) { break }
                q = image
            } else {
                q = p
            }
            RowBasis.orthonormalize(&q, rows: l, length: d, using: &rng)
        }
        return best
    }

    /// Randomized SVD of the centred data `(n, d)`: range finder with power iterations, then the
    /// exact SVD of the `l × d` projection through its `l × l` Gram matrix.
    static func randomizedSVD(
        _ x: [Float], n: Int, d: Int, k: Int, oversampling: Int, powerIterations: Int,
        using rng: inout RandomGenerator
    ) -> ([Double], [Float]) {
        let l = min(k + oversampling, min(n, d))
        let omega = RowBasis.gaussian(rows: l, length: d, using: &rng)
        var yt = RowBasis.multiplyTransposed(omega, x, m: l, n: n, k: d)  // (X Ωᵀ)ᵀ: l × n
        RowBasis.orthonormalize(&yt, rows: l, length: n, using: &rng)
        for _ in 0..<powerIterations {
            var zt = RowBasis.multiply(yt, x, m: l, n: d, k: n)  // (Xᵀ Y)ᵀ: l × d
            RowBasis.orthonormalize(&zt, rows: l, length: d, using: &rng)
            yt = RowBasis.multiplyTransposed(zt, x, m: l, n: n, k: d)  // (X Z)ᵀ: l × n
            RowBasis.orthonormalize(&yt, rows: l, length: n, using: &rng)
        }
        let b = RowBasis.multiply(yt, x, m: l, n: d, k: n)  // B = Qᵀ X: l × d
        let gram = RowBasis.multiplyTransposed(b, b, m: l, n: l, k: d)  // B Bᵀ = U Σ² Uᵀ
        let e = SymmetricEigendecomposition(matrix: gram.map(Double.init), size: l)
        let u = e.eigenvectors.map(Float.init)
        var v = RowBasis.multiply(u, b, m: l, n: d, k: l)  // rows σᵢ vᵢᵀ
        for i in 0..<k {
            let sigma = Float(max(e.eigenvalues[i], 0).squareRoot())
            for j in 0..<d { v[i * d + j] = sigma > 0 ? v[i * d + j] / sigma : 0 }
        }
        return (e.eigenvalues.prefix(k).map { $0 / Double(n - 1) }, Array(v.prefix(k * d)))
    }
}
