// Tests of the FFT-interpolated t-SNE repulsion against direct summation, and of the FFT t-SNE it drives.

import Foundation
import Testing
@testable import NKCore
@testable import NKAnalysis

@Suite struct InterpolatedRepulsionTests {
    /// `n` points in `clusters` Gaussian blobs of unit spread, centres spread over `±scale`.
    static func layout(n: Int, clusters: Int, scale: Double, seed: UInt64) -> [Double] {
        var rng = RandomGenerator(seed: seed)
        let centres = (0..<(2 * clusters)).map { _ in scale * (2 * rng.nextUnitDouble() - 1) }
        return (0..<n).flatMap { i in [centres[2 * (i % clusters)] + rng.nextNormal(), centres[2 * (i % clusters) + 1] + rng.nextNormal()] }
    }

    static func interpolated(_ y: [Double], n: Int, maxSpacing: Double = 0.5) -> (force: [Double], z: Double) {
        var grid = InterpolatedRepulsion(maxSpacing: maxSpacing)
        var force = [Double](repeating: 0, count: 2 * n)
        let z = force.withUnsafeMutableBufferPointer { f in
            y.withUnsafeBufferPointer { grid.compute($0, n: n, force: f.baseAddress!) }
        }
        return (force, z)
    }

    static func relativeError(_ a: [Double], _ b: [Double]) -> Double {
        let difference = zip(a, b).reduce(0.0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) }
        return (difference / b.reduce(0.0) { $0 + $1 * $1 }).squareRoot()
    }

    /// The interpolated sums are within 2 % (force, as a vector over all points; 3 % on a layout
    /// 300 units wide, where the grid size cap makes the spacing 0.6) and 0.3 % (normaliser) of the
    /// direct ones; a wrong kernel, a missing factor or a misplaced node would be off by far more.
    @Test(arguments: [0.5, 4, 40, 150])
    func matchesDirectSummation(scale: Double) {
        let n = 600
        let y = Self.layout(n: n, clusters: 7, scale: scale, seed: 11)
        let direct = InterpolatedRepulsion.directSums(y, n: n)
        let fast = Self.interpolated(y, n: n)
        let forceError = Self.relativeError(fast.force, direct.force)
        let zError = abs(fast.z - direct.sumW.reduce(0, +)) / direct.sumW.reduce(0, +)
        let tolerance = scale > 100 ? 3e-2 : 2e-2  // measured: 0.3 %, 1.1 %, 1.6 %, 2.5 % (spacing 0.6 at the cap)
        #expect(forceError < tolerance, "scale \(scale): force error \(forceError)")
        #expect(zError < 3e-3, "scale \(scale): normaliser error \(zError)")
    }

    /// A finer grid is more accurate (measured: 12 % at spacing 1.5, 0.07 % at 0.25).
    @Test func finerGridIsMoreAccurate() {
        let n = 300
        let y = Self.layout(n: n, clusters: 3, scale: 10, seed: 12)
        let direct = InterpolatedRepulsion.directSums(y, n: n)
        let coarse = Self.relativeError(Self.interpolated(y, n: n, maxSpacing: 1.5).force, direct.force)
        let fine = Self.relativeError(Self.interpolated(y, n: n, maxSpacing: 0.25).force, direct.force)
        #expect(fine < coarse / 50, "coarse \(coarse), fine \(fine)")
    }

    /// The full FFT gradient (with the dense P as sparse) is close to the exact one.
    @Test func gradientIsCloseToTheExactOne() {
        let n = 40
        let x = TSNETests.randomData(n: n, d: 5, seed: 4)
        let dense = TSNE.denseAffinities(x, perplexity: 13)  // k = 40 ≥ n − 1: the sparse P is the dense one
        var rng = RandomGenerator(seed: 5)
        let sparse = TSNE.sparseAffinities(x, perplexity: 13, using: &rng)
        #expect(sparse.rowStart[n] == n * (n - 1))
        let y = (0..<(2 * n)).map { _ in 3 * rng.nextNormal() }
        let (kl, exact) = TSNE.exactGradient(p: dense, y: y, n: n, dims: 2, exaggeration: 2)
        var grid = InterpolatedRepulsion()
        var fast = [Double](repeating: 0, count: 2 * n)
        let fastKL = TSNE.interpolatedGradient(p: sparse, y: y, n: n, exaggeration: 2, grid: &grid, gradient: &fast, withKL: true)
        #expect(abs(fastKL - kl) < 1e-2 * kl)
        #expect(Self.relativeError(fast, exact) < 3e-2)  // measured 2.0 %
    }

    /// Identical embeddings on one thread and two (the spreading is in point order, the rest split by rows or columns).
    @Test func fitDoesNotDependOnTheThreadCount() throws {
        let x = TSNETests.randomData(n: 700, d: 6, seed: 12)
        let tsne = TSNE(perplexity: 10, iterations: 60, exaggerationIterations: 20, method: .fft, seed: 3)
        let one = try KernelLevel.with(nil, threads: 1) { try tsne.fit(x) }
        let two = try KernelLevel.with(nil, threads: 2) { try tsne.fit(x) }
        #expect(one.embedding.scalars == two.embedding.scalars)
        #expect(one.klDivergence == two.klDivergence)
    }

    /// The automatic choice: Barnes–Hut below the crossover, FFT from it; fixed methods stay.
    @Test func automaticChoice() throws {
        #expect(TSNEMethod.automatic.resolved(count: TSNEMethod.fftCrossover - 1) == .barnesHut)
        #expect(TSNEMethod.automatic.resolved(count: TSNEMethod.fftCrossover) == .fft)
        #expect(TSNEMethod.barnesHut.resolved(count: 1_000_000) == .barnesHut)
        #expect(TSNEMethod.fft.resolved(count: 10) == .fft)
        #expect(TSNE().method == .automatic)
        // Automatic below the crossover is Barnes–Hut, bit for bit.
        let x = TSNETests.randomData(n: 200, d: 4, seed: 2)
        let automatic = try TSNE(perplexity: 10, iterations: 30, seed: 1).fit(x)
        let barnesHut = try TSNE(perplexity: 10, iterations: 30, method: .barnesHut, seed: 1).fit(x)
        #expect(automatic.embedding == barnesHut.embedding)
        #expect(throws: NeuralKitError.self) { try TSNE(dimensions: 3, perplexity: 5, method: .fft).fit(x) }
    }
}
