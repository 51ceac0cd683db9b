// Tests of the eigensolver and PCA: known covariance, orthonormality, reconstruction, solver agreement.

import Foundation
import Testing
@testable import NKCore
@testable import NKAnalysis

@Suite struct PCATests {
    /// `n` samples `Σⱼ √λⱼ zⱼ qⱼ` with standard normal `z` and random orthonormal axes `q` (rows).
    static func data(n: Int, variances: [Double], seed: UInt64) -> (Tensor, axes: [Float]) {
        var rng = RandomGenerator(seed: seed)
        let d = variances.count
        var axes = RowBasis.gaussian(rows: d, length: d, using: &rng)
        RowBasis.orthonormalize(&axes, rows: d, length: d, using: &rng)
        var x = [Float](repeating: 0, count: n * d)
        for i in 0..<n {
            for a in 0..<d {
                let z = Float(variances[a].squareRoot() * rng.nextNormal())
                for j in 0..<d { x[i * d + j] += z * axes[a * d + j] }
            }
            for j in 0..<d { x[i * d + j] += Float(j) }  // a non-zero mean
        }
        return (Tensor(shape: [n, d], scalars: x), axes)
    }

    static func dot(_ a: ArraySlice<Float>, _ b: ArraySlice<Float>) -> Double {
        zip(a, b).reduce(0.0) { $0 + Double($1.0) * Double($1.1) }
    }

    @Test(arguments: [SymmetricEigendecomposition.Method.tridiagonalQL, .jacobi])
    func eigendecomposition(method: SymmetricEigendecomposition.Method) {
        let two = SymmetricEigendecomposition(matrix: [2, 1, 1, 2], size: 2, method: method)
        let half: Double = 0.5.squareRoot()
        #expect(abs(two.eigenvalues[0] - 3) < 1e-14)
        #expect(abs(two.eigenvalues[1] - 1) < 1e-14)
        #expect(abs(two.eigenvectors[0] - half) < 1e-14)
        #expect(abs(two.eigenvectors[1] - half) < 1e-14)
        var rng = RandomGenerator(seed: 9)
        let n = 7
        var a = [Double](repeating: 0, count: n * n)
        for i in 0..<n { for j in 0...i { a[i * n + j] = rng.nextNormal(); a[j * n + i] = a[i * n + j] } }
        let e = SymmetricEigendecomposition(matrix: a, size: n, method: method)
        for p in 0..<n {
            // A v = λ v, and the eigenvectors are orthonormal.
            for i in 0..<n {
                let av = (0..<n).reduce(0.0) { $0 + a[i * n + $1] * e.eigenvectors[p * n + $1] }
                #expect(abs(av - e.eigenvalues[p] * e.eigenvectors[p * n + i]) < 1e-12)
            }
            for q in 0..<n {
                let d = (0..<n).reduce(0.0) { $0 + e.eigenvectors[p * n + $1] * e.eigenvectors[q * n + $1] }
                #expect(abs(d - (p == q ? 1 : 0)) < 1e-12)
            }
        }
        #expect(zip(e.eigenvalues, e.eigenvalues.dropFirst()).allSatisfy { $0 >= $1 })
        // The trace is kept.
        let trace: Double = (0..<n).reduce(0.0) { $0 + a[$1 * n + $1] }
        let eigenSum: Double = e.eigenvalues.reduce(0, +)
        #expect(abs(eigenSum - trace) < 1e-12)
    }

    @Test func knownCovariance() throws {
        let variances = [9.0, 4, 1, 0.25]
        let (x, axes) = Self.data(n: 20_000, variances: variances, seed: 1)
        let pca = try PCA.fit(x, components: 4)
        for c in 0..<4 {
            // Sampling error of a variance with n = 20,000 is about 1 %.
            #expect(abs(pca.explainedVariance[c] / variances[c] - 1) < 0.05)
            let alignment = abs(Self.dot(pca.components.scalars[(c * 4)..<(c * 4 + 4)], axes[(c * 4)..<(c * 4 + 4)]))
            #expect(alignment > 0.99)
            #expect(abs(pca.mean.scalars[c] - Float(c)) < 0.1)
        }
        #expect(abs(pca.explainedVarianceRatio.reduce(0, +) - 1) < 1e-5)
        let expectedRatio: Double = 9 / 14.25
        #expect(abs(pca.explainedVarianceRatio[0] - expectedRatio) < 0.02)
    }

    @Test func reconstructionErrorIsTheDroppedVariance() throws {
        let variances = (0..<12).map { 5 * pow(0.6, Double($0)) }
        let (x, _) = Self.data(n: 400, variances: variances, seed: 2)
        for k in [3, 12] {
            let pca = try PCA.fit(x, components: k)
            let back = try pca.inverseTransform(try pca.transform(x))
            let error = zip(x.scalars, back.scalars).reduce(0.0) { $0 + Double($1.0 - $1.1) * Double($1.0 - $1.1) } / 399
            let dropped = pca.totalVariance - pca.explainedVariance.reduce(0, +)
            #expect(abs(error - dropped) <= 1e-3 * pca.totalVariance)
            // Projections are uncorrelated with the explained variances as their variances.
            let z = try pca.transform(x)
            for c in 0..<k {
                let v = (0..<400).reduce(0.0) { $0 + Double(z[$1, c]) * Double(z[$1, c]) } / 399
                #expect(abs(v - pca.explainedVariance[c]) <= 1e-3 * pca.explainedVariance[0])
            }
        }
    }

    @Test func subspaceAndRandomizedMatchTheDenseSolver() throws {
        // d = 120 and k = 6 take the subspace-iteration path; compare with all eigenpairs by Jacobi.
        let variances = (0..<120).map { 20 * pow(0.75, Double($0)) + 0.01 }
        let (x, _) = Self.data(n: 600, variances: variances, seed: 3)
        let k = 6
        let pca = try PCA.fit(x, components: k)
        let randomized = try PCA.fit(x, components: k, solver: .randomized(oversampling: 10, powerIterations: 6), seed: 4)
        let centred = try pca.transform(x)  // only to touch transform on this path
        #expect(centred.shape == [600, k])
        var cov = [Float](repeating: 0, count: 120 * 120)
        let m = (0..<120).map { j in (0..<600).reduce(0.0) { $0 + Double(x[$1, j]) } / 600 }
        for a in 0..<120 {
            for b in 0..<120 {
                cov[a * 120 + b] = Float((0..<600).reduce(0.0) { $0 + (Double(x[$1, a]) - m[a]) * (Double(x[$1, b]) - m[b]) } / 599)
            }
        }
        let (values, vectors) = PCA.denseEigen(cov, d: 120, k: k)
        for fitted in [pca, randomized] {
            for c in 0..<k {
                #expect(abs(fitted.explainedVariance[c] / values[c] - 1) < 1e-3)
                #expect(abs(Self.dot(fitted.components.scalars[(c * 120)..<((c + 1) * 120)], vectors[(c * 120)..<((c + 1) * 120)])) > 0.999)
                for e in 0..<k {
                    let g = Self.dot(fitted.components.scalars[(c * 120)..<((c + 1) * 120)], fitted.components.scalars[(e * 120)..<((e + 1) * 120)])
                    #expect(abs(g - (c == e ? 1 : 0)) < 1e-4)
                }
            }
        }
    }

    @Test func covarianceMatchesTheDefinition() {
        // n > 256 spans several row blocks of the symmetric kernel; d = 40 crosses tile edges.
        let n = 700, d = 40
        var rng = RandomGenerator(seed: 11)
        let x = Tensor(shape: [n, d], scalars: (0..<(n * d)).map { j in Float(rng.nextNormal()) + Float(j % d) * 0.01 })
        let mean = PCA.columnStatistics(x).mean
        let c = PCA.covariance(x, mean: mean), reference = PCA.naiveCovariance(x, mean: mean)
        for a in 0..<d {
            var s = 0.0
            for i in 0..<n { s += Double(x[i, a]) }
            #expect(abs(Double(mean[a]) - s / Double(n)) < 1e-5)
            for b in 0..<d { #expect(abs(c[a * d + b] - reference[a * d + b]) < 1e-4, "entry (\(a), \(b))") }
        }
    }

    /// Constant columns (zero, non-zero, or equal to the first row) are left out of the eigenproblem:
    /// the fit equals the fit without them, with zeros in their component entries; a column that
    /// varies in its last row only still counts.
    @Test func constantColumnsAreLeftOut() throws {
        let variances = (0..<70).map { 10 * pow(0.8, Double($0)) + 0.05 }
        let (core, _) = Self.data(n: 500, variances: variances, seed: 12)
        let d = 74, extra: [Int: Float] = [0: 0, 17: 3.5, 40: 0, 73: -2]  // constant columns and their values
        var wide = [Float](repeating: 0, count: 500 * d)
        for i in 0..<500 {
            var t = 0
            for j in 0..<d {
                if let value = extra[j] { wide[i * d + j] = value } else { wide[i * d + j] = core[i, t]; t += 1 }
            }
        }
        let x = Tensor(shape: [500, d], scalars: wide)
        let (_, varying) = PCA.columnStatistics(x)
        #expect(varying.enumerated().allSatisfy { $0.element == (extra[$0.offset] == nil) })
        var lastRowOnly = wide
        lastRowOnly[499 * d + 17] = 4
        #expect(PCA.columnStatistics(Tensor(shape: [500, d], scalars: lastRowOnly)).varying[17])
        for k in [5, 20] {  // the subspace and the dense solver
            let full = try PCA.fit(x, components: k), reference = try PCA.fit(core, components: k)
            for c in 0..<k {
                #expect(abs(full.explainedVariance[c] / reference.explainedVariance[c] - 1) < 1e-4)
                var t = 0
                for j in 0..<d {
                    let entry = full.components[c, j]
                    if extra[j] != nil {
                        #expect(entry == 0)
                    } else {
                        #expect(abs(entry - reference.components[c, t]) < 1e-3, "component \(c), column \(j)")
                        t += 1
                    }
                }
            }
            #expect(abs(full.totalVariance / reference.totalVariance - 1) < 1e-5)
            let z = try full.transform(x), zr = try reference.transform(core)
            for e in z.scalars.indices { #expect(abs(z.scalars[e] - zr.scalars[e]) < 1e-3 * (1 + abs(zr.scalars[e]))) }
        }
    }

    /// The tridiagonal QL solver agrees with Jacobi (eigenvalues, and A·v = λ·v with orthonormal
    /// v) on random matrices, repeated eigenvalues, a diagonal, a zero and a tridiagonal matrix.
    @Test func tridiagonalQLMatchesJacobi() {
        var rng = RandomGenerator(seed: 21)
        var cases: [(String, [Double], Int)] = []
        for n in [1, 2, 3, 10, 57] {
            var a = [Double](repeating: 0, count: n * n)
            for i in 0..<n { for j in 0...i { a[i * n + j] = rng.nextNormal(); a[j * n + i] = a[i * n + j] } }
            cases.append(("random \(n)", a, n))
        }
        do {  // Q diag(1, 1, 1, 2, 2, 3, 0, 0) Qᵀ: clusters of equal eigenvalues
            let n = 8, values: [Double] = [1, 1, 1, 2, 2, 3, 0, 0]
            var q = RowBasis.gaussian(rows: n, length: n, using: &rng)
            RowBasis.orthonormalize(&q, rows: n, length: n, using: &rng)
            var a = [Double](repeating: 0, count: n * n)
            for i in 0..<n { for j in 0..<n { for t in 0..<n { a[i * n + j] += Double(q[t * n + i]) * values[t] * Double(q[t * n + j]) } } }
            cases.append(("repeated", a, n))
        }
        var diagonal = [Double](repeating: 0, count: 36)
        for i in 0..<6 { diagonal[i * 7] = Double(i) - 2 }
        cases.append(("diagonal", diagonal, 6))
        cases.append(("zero", [Double](repeating: 0, count: 16), 4))
        var tridiagonal = [Double](repeating: 0, count: 25)
        for i in 0..<5 {
            tridiagonal[i * 6] = 2
            if i < 4 { tridiagonal[i * 6 + 1] = 1; tridiagonal[i * 6 + 5] = 1 }
        }
        cases.append(("tridiagonal", tridiagonal, 5))
        for (label, a, n) in cases {
            let fast = SymmetricEigendecomposition(matrix: a, size: n)
            let reference = SymmetricEigendecomposition(matrix: a, size: n, method: .jacobi)
            let scale = max(1, a.map(abs).max() ?? 0) * Double(n)
            for p in 0..<n {
                #expect(abs(fast.eigenvalues[p] - reference.eigenvalues[p]) < 1e-12 * scale, "\(label) λ\(p)")
                for i in 0..<n {
                    let av = (0..<n).reduce(0.0) { $0 + a[i * n + $1] * fast.eigenvectors[p * n + $1] }
                    #expect(abs(av - fast.eigenvalues[p] * fast.eigenvectors[p * n + i]) < 1e-12 * scale, "\(label) Av = λv")
                }
                for q in 0..<n {
                    let d = (0..<n).reduce(0.0) { $0 + fast.eigenvectors[p * n + $1] * fast.eigenvectors[q * n + $1] }
                    #expect(abs(d - (p == q ? 1 : 0)) < 1e-12, "\(label) orthonormal")
                }
            }
        }
    }

    @Test func errors() throws {
        let x = Tensor(shape: [3, 2], scalars: [1, 2, 3, 4, 5, 7])
        #expect(throws: NeuralKitError.self) { try PCA.fit(x, components: 3) }
        #expect(throws: NeuralKitError.self) { try PCA.fit(Tensor(shape: [1, 2], scalars: [1, 2]), components: 1) }
        let pca = try PCA.fit(x, components: 1)
        #expect(throws: NeuralKitError.self) { try pca.transform(Tensor(shape: [2, 3], scalars: [1, 2, 3, 4, 5, 6])) }
        #expect(throws: NeuralKitError.self) { try pca.inverseTransform(Tensor(shape: [2, 2], scalars: [1, 2, 3, 4])) }
    }

    /// PCA is the same from run to run and for 1, 2 or 3 threads (no reduction depends on scheduling):
    /// the Gram kernel sums fixed groups of blocks in order, the means sum per-block partials in order.
    @Test func resultsDoNotDependOnThreadsOrRuns() throws {
        var rng = RandomGenerator(seed: 77)
        let x = Tensor(shape: [3000, 90], scalars: (0..<270_000).map { i in Float(rng.nextNormal()) * Float(1 + i % 90) / 30 })
        func fit(_ threads: Int) throws -> (Tensor, Tensor) {
            try KernelLevel.with(nil, threads: threads, parallelWork: 0) {
                let pca = try PCA.fit(x, components: 20, seed: 1)
                return (pca.components, try pca.transform(x))
            }
        }
        let reference = try fit(1)
        for threads in [1, 2, 3, 2] {
            let again = try fit(threads)
            #expect(again.0 == reference.0 && again.1 == reference.1, "\(threads) threads")
        }
    }
}
