// ContrastiveDivergence: training an RBM by CD-k or persistent CD-k, with momentum and weight decay.

import Foundation
import NKCore

/// The settings of RBM training (Hinton, "A practical guide to training RBMs", 2010).
public struct RBMTraining: Sendable, Equatable, Codable {
    /// The step on the gradient statistics (0.1 by default).
    public var learningRate: Float = 0.1
    public var batchSize: Int = 64
    public var epochs: Int = 10
    /// Gibbs steps in the negative phase (CD-k).
    public var k: Int = 1
    /// Persistent CD: the negative chains continue from one batch to the next instead of starting at the data.
    public var persistent = false
    /// `velocity ← momentum·velocity + lr·gradient` (0: plain steps).
    public var momentum: Float = 0
    /// L2 decay on the weights (not the biases).
    public var weightDecay: Float = 0
    /// Probabilities instead of samples everywhere: a deterministic step, for comparisons.
    public var meanField = false
    /// Seeds the shuffling and the samples.
    public var seed: UInt64 = 0

    public init(
        learningRate: Float = 0.1, batchSize: Int = 64, epochs: Int = 10, k: Int = 1, persistent: Bool = false,
        momentum: Float = 0, weightDecay: Float = 0, meanField: Bool = false, seed: UInt64 = 0
    ) {
        self.learningRate = learningRate; self.batchSize = batchSize; self.epochs = epochs; self.k = k
        self.persistent = persistent; self.momentum = momentum; self.weightDecay = weightDecay
        self.meanField = meanField; self.seed = seed
    }

    /// Throws `NeuralKitError.argument` naming the first setting out of range.
    public func validate() throws {
        guard learningRate.isFinite, learningRate > 0 else { throw NeuralKitError.argument("RBM training: the learning rate must be a positive number, got \(learningRate).", field: "learningRate") }
        guard batchSize >= 1 else { throw NeuralKitError.argument("RBM training: the batch size must be at least 1, got \(batchSize).", field: "batchSize") }
        guard epochs >= 1 else { throw NeuralKitError.argument("RBM training: epochs must be at least 1, got \(epochs).", field: "epochs") }
        guard (1...1000).contains(k) else { throw NeuralKitError.argument("RBM training: the Gibbs steps of CD-k must be between 1 and 1000, got \(k).", field: "k") }
        guard momentum >= 0 && momentum < 1 else { throw NeuralKitError.argument("RBM training: the momentum must be in [0, 1), got \(momentum).", field: "momentum") }
        guard weightDecay.isFinite, weightDecay >= 0 else { throw NeuralKitError.argument("RBM training: the weight decay must be 0 or positive, got \(weightDecay).", field: "weightDecay") }
    }
}

/// What one epoch of RBM training measured.
public struct RBMEpochMetrics: Sendable, Equatable, Codable {
    public var epoch: Int
    /// Mean squared difference between (up to 1,000) training rows and their one-step mean-field
    /// reconstructions `p(v | p(h | v))` after the epoch, per visible unit (`RBM.reconstructionError`).
    public var reconstructionError: Float
    /// Mean free energy and pseudo-log-likelihood of (up to 1,000) training rows after the epoch.
    public var freeEnergy: Float
    public var pseudoLogLikelihood: Float
    /// The same on the monitoring set (the test part), when given.
    public var monitorFreeEnergy: Float?
    public var monitorPseudoLogLikelihood: Float?
    public var seconds: Double
}

/// CD-k and PCD-k training of an `RBM` on mini-batches. One step on a batch `v₀`:
/// - positive phase: `p₀ = p(h | v₀)`;
/// - negative phase: from `h ~ p₀` (CD) or the persistent chains (PCD), `k` times `v⁻ ~ p(v | h)`,
///   `p⁻ = p(h | v⁻)`, `h ~ p⁻`;
/// - statistics: `ΔW = (p₀ᵀv₀ − p⁻ᵀv⁻)/n`, `Δb = mean(v₀ − v⁻)`, `Δc = mean(p₀ − p⁻)`;
/// - update: `u ← μ·u + lr·(ΔW − λW)`, `W += u` (biases likewise, without decay).
/// With `meanField`, probabilities replace every sample.
public final class ContrastiveDivergence {
    public let rbm: RBM
    public let settings: RBMTraining
    private var rng: RandomGenerator
    private var chain: Tensor?  // PCD: the hidden states of the negative chains
    private var velocity: (w: [Float], b: [Float], c: [Float])

    public init(_ rbm: RBM, settings: RBMTraining) {
        self.rbm = rbm
        self.settings = settings
        rng = RandomGenerator(seed: settings.seed ^ 0x0C0FFEE)
        velocity = ([Float](repeating: 0, count: rbm.hidden * rbm.visible), [Float](repeating: 0, count: rbm.visible), [Float](repeating: 0, count: rbm.hidden))
    }

    /// The gradient statistics of a batch (`ΔW`, `Δb`, `Δc` above) and the squared error of the
    /// negative chains' first visible probabilities against the batch (for CD, the batch's
    /// reconstruction error), without changing the RBM (the chains of PCD do advance).
    public func statistics(_ v0: Tensor) throws -> (w: Tensor, b: [Float], c: [Float], reconstructionError: Float) {
        let phases = try runPhases(v0)
        // ΔW = (p₀ᵀv₀ − p⁻ᵀv⁻)/n, one product into a fresh buffer.
        var w = Tensor(uninitializedShape: [rbm.hidden, rbm.visible]) { _ in }
        w.withUnsafeMutableBufferPointer { phases.weightProduct(alpha: 1 / Float(v0.rowCount), beta: 0, into: $0) }
        let (b, c) = phases.biasStatistics()
        return (w, b, c, phases.reconstructionError)
    }

    /// The states of one step on a batch: the positive phase's data and hidden probabilities, the
    /// negative phase's last visible states and hidden probabilities, and the reconstruction error.
    private struct Phases {
        var v0, p0, vNeg, pNeg: Tensor
        var reconstructionError: Float

        /// `c ← alpha·(p₀ᵀv₀ − p⁻ᵀv⁻) + beta·c` for `c` of (hidden, visible), as one product
        /// `[p₀; p⁻]ᵀ·[v₀; −v⁻]` with k = 2n (both phases' rows stacked).
        func weightProduct(alpha: Float, beta: Float, into c: UnsafeMutableBufferPointer<Float>) {
            let left = Self.stacked(p0, pNeg, negatingSecond: false)
            let right = Self.stacked(v0, vNeg, negatingSecond: true)
            let (k, hidden, visible) = (left.rowCount, p0.rowSize, v0.rowSize)
            left.withUnsafeBufferPointer { a in
                right.withUnsafeBufferPointer { b in
                    GEMM.multiply(
                        transposeA: true, transposeB: false, m: hidden, n: visible, k: k, alpha: alpha,
                        a: a.baseAddress!, lda: hidden, b: b.baseAddress!, ldb: visible, beta: beta, c: c.baseAddress!, ldc: visible)
                }
            }
        }

        /// The rows of `first` over those of `second` (negated when asked) as one `(2n, width)` matrix.
        private static func stacked(_ first: Tensor, _ second: Tensor, negatingSecond: Bool) -> Tensor {
            let half = first.count
            return Tensor(uninitializedShape: [first.rowCount + second.rowCount, first.rowSize]) { out in
                first.withUnsafeBufferPointer { out.baseAddress!.update(from: $0.baseAddress!, count: half) }
                second.withUnsafeBufferPointer { s in
                    if negatingSecond {
                        for i in 0..<s.count { out[half + i] = -s[i] }
                    } else {
                        (out.baseAddress! + half).update(from: s.baseAddress!, count: s.count)
                    }
                }
            }
        }

        /// `Δb = mean(v₀ − v⁻)`, `Δc = mean(p₀ − p⁻)`: column sums, then the difference.
        func biasStatistics() -> (b: [Float], c: [Float]) {
            let n = v0.rowCount
            func columnMeanDifference(_ a: Tensor, _ b: Tensor) -> [Float] {
                let width = a.rowSize
                var sa = [Float](repeating: 0, count: width), sb = [Float](repeating: 0, count: width)
                a.withUnsafeBufferPointer { a in sa.withUnsafeMutableBufferPointer { Elementwise.sumRows(a, rows: n, into: $0) } }
                b.withUnsafeBufferPointer { b in sb.withUnsafeMutableBufferPointer { Elementwise.sumRows(b, rows: n, into: $0) } }
                return (0..<width).map { (sa[$0] - sb[$0]) / Float(n) }
            }
            return (columnMeanDifference(v0, vNeg), columnMeanDifference(p0, pNeg))
        }
    }

    /// The positive and negative phases on a batch (the chains of PCD advance).
    private func runPhases(_ v0: Tensor) throws -> Phases {
        let n = v0.rowCount, H = rbm.hidden
        let p0 = try rbm.hiddenProbabilities(v0)
        var h: Tensor
        if settings.persistent, let chain, chain.rowCount >= n {
            h = chain.rows(0..<n)
        } else {
            h = settings.meanField ? p0 : RBM.sample(p0, using: &rng)
        }
        var vNeg = v0, pNeg = p0, error: Float = 0
        for step in 0..<settings.k {
            let pv = try rbm.visibleProbabilities(h)
            if step == 0 {
                error = RBM.meanSquaredDifference(v0, pv)
            }
            vNeg = settings.meanField ? pv : RBM.sample(pv, using: &rng)
            pNeg = try rbm.hiddenProbabilities(vNeg)
            h = settings.meanField ? pNeg : RBM.sample(pNeg, using: &rng)
        }
        if settings.persistent {
            if var chain, chain.rowCount >= n {
                chain.scalars.replaceSubrange(0..<(n * H), with: h.scalars)
                self.chain = chain
            } else {
                chain = h
            }
        }
        return Phases(v0: v0.flattenedRows, p0: p0, vNeg: vNeg, pNeg: pNeg, reconstructionError: error)
    }

    /// One training step on a batch; returns the error of `statistics`.
    @discardableResult
    public func step(_ v0: Tensor) throws -> Float {
        let phases = try runPhases(v0)
        let lr = settings.learningRate, mu = settings.momentum, wd = settings.weightDecay
        // The weights' update in one product, accumulated straight into the velocity:
        // u ← μ·u − lr·λ·W, then u += (lr/n)·[p₀; p⁻]ᵀ·[v₀; −v⁻] (k = 2n), then W += u. This is
        // `u ← μ·u + lr·(ΔW − λW)` without ΔW's own buffer: each 1.5 MB matrix of W6 crosses the
        // caches twice rather than five times.
        let w = rbm.weight.count
        rbm.weight.withUnsafeMutableBufferPointer { weight in
            velocity.w.withUnsafeMutableBufferPointer { u in
                if wd > 0 {
                    Parallelism.forEachRange(count: w, grain: 32_768) { range in
                        let (u, weight, mu, decay) = (u, weight, mu, lr * wd)
                        for i in range { u[i] = mu * u[i] - decay * weight[i] }
                    }
                }
                phases.weightProduct(alpha: lr / Float(v0.rowCount), beta: wd > 0 ? 1 : mu, into: u)
                Parallelism.forEachRange(count: w, grain: 32_768) { range in
                    let (u, weight) = (u, weight)
                    for i in range { weight[i] += u[i] }
                }
            }
        }
        // The biases: u ← μ·u + lr·Δ, value += u (no decay).
        func apply(_ value: inout Tensor, _ velocity: inout [Float], _ gradient: [Float]) {
            value.withUnsafeMutableBufferPointer { v in
                for i in 0..<v.count {
                    velocity[i] = mu * velocity[i] + lr * gradient[i]
                    v[i] += velocity[i]
                }
            }
        }
        let (b, c) = phases.biasStatistics()
        apply(&rbm.visibleBias, &velocity.b, b)
        apply(&rbm.hiddenBias, &velocity.c, c)
        return phases.reconstructionError
    }

    /// Trains for `settings.epochs` epochs on the rows of `data` (values in [0, 1]), shuffled each
    /// epoch, measuring the monitors on up to 1,000 training rows and on `monitor` when given.
    /// - Throws: `.argument` for values outside [0, 1] (naming the first), or a bad setting.
    public func fit(_ data: Tensor, monitor: Tensor? = nil, onEpoch: ((RBMEpochMetrics) -> Void)? = nil) throws -> [RBMEpochMetrics] {
        try settings.validate()
        let x = data.flattenedRows
        if let bad = x.scalars.firstIndex(where: { !($0 >= 0 && $0 <= 1) }) {
            throw NeuralKitError.argument(
                "RBM training needs inputs in [0, 1] (used as probabilities); row \(bad / x.rowSize), column \(bad % x.rowSize) holds \(x.scalars[bad]). Scale the data (e.g. --preprocess scale:0:255, or binarize)."
            )
        }
        let n = x.rowCount, batch = min(settings.batchSize, n)
        var order = Array(0..<n)
        var shuffler = RandomGenerator(seed: settings.seed)
        var monitorRNG = RandomGenerator(seed: settings.seed ^ 0x51)
        let trainSample = x.rows(0..<min(n, 1000))
        var history: [RBMEpochMetrics] = []
        for epoch in 1...settings.epochs {
            let start = ContinuousClock.now
            shuffler.shuffle(&order)
            for s in stride(from: 0, to: n, by: batch) {
                try step(x.gatherRows(order[s..<min(n, s + batch)]))
            }
            func mean(_ xs: [Float]) -> Float { Float(xs.reduce(0.0) { $0 + Double($1) } / Double(max(xs.count, 1))) }
            var metrics = RBMEpochMetrics(
                epoch: epoch, reconstructionError: try rbm.reconstructionError(trainSample),
                freeEnergy: mean(try rbm.freeEnergy(trainSample)),
                pseudoLogLikelihood: mean(try rbm.pseudoLogLikelihood(trainSample, using: &monitorRNG)),
                seconds: 0)
            if let monitor {
                metrics.monitorFreeEnergy = mean(try rbm.freeEnergy(monitor))
                metrics.monitorPseudoLogLikelihood = mean(try rbm.pseudoLogLikelihood(monitor, using: &monitorRNG))
            }
            let elapsed = ContinuousClock.now - start
            metrics.seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
            history.append(metrics)
            onEpoch?(metrics)
        }
        return history
    }
}
