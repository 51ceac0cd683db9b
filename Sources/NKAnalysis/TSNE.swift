// t-distributed stochastic neighbour embedding: exact, Barnes–Hut or FFT-interpolated, seeded, with the usual schedule.

import Foundation
import NKCore

/// t-SNE (van der Maaten & Hinton 2008; Barnes–Hut: van der Maaten 2014; FFT-interpolated
/// repulsion: Linderman et al. 2019).
///
/// Input affinities `p_{j|i} ∝ exp(−βᵢ‖xᵢ − xⱼ‖²)` with each `βᵢ` found by binary search so that
/// the row's perplexity is `perplexity`, symmetrised `pᵢⱼ = (p_{j|i} + p_{i|j}) / 2n`. Output
/// similarities are Student-t, `qᵢⱼ ∝ (1 + ‖yᵢ − yⱼ‖²)⁻¹`; gradient descent on `KL(P ‖ Q)` from
/// `N(0, 10⁻⁴)` coordinates, with `P` multiplied by `earlyExaggeration` and momentum 0.5 for the
/// first `exaggerationIterations`, momentum 0.8 after, per-coordinate gains (+0.2 when the step
/// changes sign, ×0.8 otherwise, at least 0.01), and learning rate `max(n / earlyExaggeration / 4, 50)`
/// unless given. scikit-learn equivalent: `TSNE(perplexity=30, learning_rate="auto", init="random")`.
///
/// ```swift
/// let result = try TSNE(perplexity: 30, seed: 0).fit(x)   // x: (5000, 50)
/// result.embedding   // (5000, 2)
/// result.klDivergence
/// ```
public struct TSNE: Sendable {
    /// The output dimension (2 for every method but `.exact`).
    public var dimensions: Int
    /// The effective number of neighbours each point's Gaussian covers; must be below `n`.
    public var perplexity: Double
    /// The number of gradient steps.
    public var iterations: Int
    /// The factor `P` is multiplied by in the first phase.
    public var earlyExaggeration: Double
    /// The length of the first phase (exaggeration, momentum 0.5).
    public var exaggerationIterations: Int
    /// The step size; `nil` for `max(n / earlyExaggeration / 4, 50)`.
    public var learningRate: Double?
    /// The Barnes–Hut opening angle: a cell of width `w` at distance `d` is summarised when `w/d < θ`.
    public var theta: Double
    /// Exact, Barnes–Hut, FFT, or (the default) whichever of the last two is faster at this size.
    public var method: TSNEMethod
    /// Seeds the initial coordinates and the vantage-point tree.
    public var seed: UInt64
    /// Called after each gradient iteration with (iterations done, iterations in all), for progress.
    public var onIteration: (@Sendable (Int, Int) -> Void)?

    /// Defaults as in scikit-learn and openTSNE.
    public init(
        dimensions: Int = 2, perplexity: Double = 30, iterations: Int = 1000, earlyExaggeration: Double = 12,
        exaggerationIterations: Int = 250, learningRate: Double? = nil, theta: Double = 0.5,
        method: TSNEMethod = .automatic, seed: UInt64 = 0
    ) {
        self.dimensions = dimensions
        self.perplexity = perplexity
        self.iterations = iterations
        self.earlyExaggeration = earlyExaggeration
        self.exaggerationIterations = exaggerationIterations
        self.learningRate = learningRate
        self.theta = theta
        self.method = method
        self.seed = seed
    }

    /// Embeds the rows of `data` (`(n, d)`, or any rank flattened per row).
    /// - Throws: `NeuralKitError.argument` when `perplexity ≥ n`, for any method but `.exact` with
    ///   `dimensions != 2`, other out-of-range options, or non-finite data; and when the embedding
    ///   diverges (a learning rate far too large).
    public func fit(_ data: Tensor) throws -> TSNEResult {
        let n = data.rowCount
        guard n >= 2, perplexity > 0, perplexity < Double(n) else {
            throw NeuralKitError.argument("TSNE: perplexity \(perplexity) must be positive and below the number of samples (\(n)) of data \(describeShape(data.shape))")
        }
        guard dimensions >= 1, iterations >= 0, earlyExaggeration > 0, theta >= 0, (learningRate ?? 1) > 0 else {
            throw NeuralKitError.argument("TSNE: dimensions must be ≥ 1, iterations ≥ 0 (0: the KL of the random start), and earlyExaggeration, learningRate > 0, theta ≥ 0")
        }
        guard method == .exact || dimensions == 2 else {
            throw NeuralKitError.argument("TSNE: the \(method.rawValue) method embeds in 2 dimensions, not \(dimensions); use method .exact")
        }
        let method = method.resolved(count: n)
        guard data.scalars.allSatisfy(\.isFinite) else {
            throw NeuralKitError.argument("TSNE: the data \(describeShape(data.shape)) contains NaN or infinite values")
        }
        switch method {
        case .exact:  // P and the pairwise weights: two n × n matrices of Double
            try MemoryBudget.check(
                try MemoryBudget.bytes(elements: [n, n, 2], scalarSize: 8, what: "exact t-SNE"),
                for: "Exact t-SNE of \(n) points (two \(n) × \(n) matrices; Barnes–Hut in 2 dimensions needs far less)")
        case .barnesHut, .fft, .automatic:  // neighbour lists of 3·perplexity, a quadtree or grid, a few n-vectors
            let neighbours = min(n - 1, Int(3 * perplexity) + 1)
            let grid = method == .fft ? 6 * InterpolatedRepulsion.maxLength * InterpolatedRepulsion.maxLength * 8 : 0
            try MemoryBudget.check(
                try MemoryBudget.bytes(elements: [n, neighbours + 64], scalarSize: 16, what: "t-SNE") + grid,
                for: "\(method == .fft ? "FFT" : "Barnes–Hut") t-SNE of \(n) points")
        }
        var rng = RandomGenerator(seed: seed)
        let rate = learningRate ?? max(Double(n) / earlyExaggeration / 4, 50)
        var y = (0..<(n * dimensions)).map { _ in 1e-4 * rng.nextNormal() }
        let objective: (_ y: [Double], _ exaggeration: Double, _ gradient: inout [Double], _ withKL: Bool) -> Double
        switch method {
        case .exact:
            let p = Self.denseAffinities(data, perplexity: perplexity)
            let dims = dimensions
            objective = { y, exaggeration, gradient, _ in
                let (kl, g) = Self.exactGradient(p: p, y: y, n: n, dims: dims, exaggeration: exaggeration)
                gradient = g
                return kl
            }
        case .barnesHut, .automatic:
            let p = Self.sparseAffinities(data, perplexity: perplexity, using: &rng)
            let theta = theta
            var tree = QuadTree(count: n)
            objective = { y, exaggeration, gradient, withKL in
                Self.barnesHutGradient(
                    p: p, y: y, n: n, exaggeration: exaggeration, theta: theta, tree: &tree,
                    gradient: &gradient, withKL: withKL)
            }
        case .fft:
            let p = Self.sparseAffinities(data, perplexity: perplexity, using: &rng)
            var grid = InterpolatedRepulsion()
            objective = { y, exaggeration, gradient, withKL in
                Self.interpolatedGradient(
                    p: p, y: y, n: n, exaggeration: exaggeration, grid: &grid,
                    gradient: &gradient, withKL: withKL)
            }
        }
        var gradient = [Double](repeating: 0, count: n * dimensions)
        var update = [Double](repeating: 0, count: n * dimensions)
        var gains = [Double](repeating: 1, count: n * dimensions)
        for iteration in 0..<iterations {
            let early = iteration < exaggerationIterations
            _ = objective(y, early ? earlyExaggeration : 1, &gradient, false)
            let momentum = early ? 0.5 : 0.8
            for e in y.indices {
                // Gains grow where the gradient disagrees with the last step's direction.
                gains[e] = (update[e] * gradient[e] < 0) ? gains[e] + 0.2 : max(gains[e] * 0.8, 0.01)
                update[e] = momentum * update[e] - rate * gains[e] * gradient[e]
                y[e] += update[e]
            }
            guard y.allSatisfy({ Float($0).isFinite }) else {  // the result is stored as Float
                throw NeuralKitError.argument("TSNE: the embedding diverged at iteration \(iteration + 1) (non-finite coordinates); use a smaller learning rate than \(rate)")
            }
            onIteration?(iteration + 1, iterations)
        }
        let kl = objective(y, 1, &gradient, true)
        return TSNEResult(
            embedding: Tensor(shape: [n, dimensions], scalars: y.map { Float($0) }),
            klDivergence: kl, iterations: iterations, learningRate: rate)
    }
}
