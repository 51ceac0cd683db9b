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
        let n = v0.rowCount, V = rbm.visible, H = rbm.hidden
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
                var sum: Double = 0
                v0.withUnsafeBufferPointer { x in
                    pv.withUnsafeBufferPointer { r in
                        for i in 0..<r.count { let d = x[i] - r[i]; sum += Double(d * d) }
                    }
                }
                error = Float(sum / Double(pv.count))
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
        // ΔW = (p₀ᵀv₀ − p⁻ᵀv⁻)/n as two products into one buffer (the first overwrites it).
        var w = Tensor(uninitializedShape: [H, V]) { _ in }
        let x0 = v0.flattenedRows
        w.withUnsafeMutableBufferPointer { w in
            p0.withUnsafeBufferPointer { p0 in
                x0.withUnsafeBufferPointer { x0 in
                    GEMM.multiply(
                        transposeA: true, transposeB: false, m: H, n: V, k: n, alpha: 1 / Float(n),
                        a: p0.baseAddress!, lda: H, b: x0.baseAddress!, ldb: V, beta: 0, c: w.baseAddress!, ldc: V)
                }
            }
            pNeg.withUnsafeBufferPointer { pn in
                vNeg.withUnsafeBufferPointer { vn in
                    GEMM.multiply(
                        transposeA: true, transposeB: false, m: H, n: V, k: n, alpha: -1 / Float(n),
                        a: pn.baseAddress!, lda: H, b: vn.baseAddress!, ldb: V, beta: 1, c: w.baseAddress!, ldc: V)
                }
            }
        }
        // Δb = mean(v₀ − v⁻), Δc = mean(p₀ − p⁻): column sums, then the difference.
        func columnMeanDifference(_ a: Tensor, _ b: Tensor, width: Int) -> [Float] {
            var sa = [Float](repeating: 0, count: width), sb = [Float](repeating: 0, count: width)
            a.withUnsafeBufferPointer { a in sa.withUnsafeMutableBufferPointer { Elementwise.sumRows(a, rows: n, into: $0) } }
            b.withUnsafeBufferPointer { b in sb.withUnsafeMutableBufferPointer { Elementwise.sumRows(b, rows: n, into: $0) } }
            return (0..<width).map { (sa[$0] - sb[$0]) / Float(n) }
        }
        let b = columnMeanDifference(x0, vNeg, width: V), c = columnMeanDifference(p0, pNeg, width: H)
        return (w, b, c, error)
    }

    /// One training step on a batch; returns the error of `statistics`.
    @discardableResult
    public func step(_ v0: Tensor) throws -> Float {
        let (w, b, c, error) = try statistics(v0)
        let lr = settings.learningRate, mu = settings.momentum, wd = settings.weightDecay
        // Elementwise, so splitting it over the kernel threads leaves every value as it was.
        func apply(_ value: inout Tensor, _ velocity: inout [Float], _ gradient: UnsafeBufferPointer<Float>, decay: Float) {
            value.withUnsafeMutableBufferPointer { v in
                velocity.withUnsafeMutableBufferPointer { u in
                    Parallelism.forEachRange(count: v.count, grain: 32_768) { range in
                        // Local copies: the stores below cannot then alias the closure's captures,
                        // which would reload them every element and keep the loop scalar.
                        let (v, u, g, mu, lr, decay) = (v, u, gradient, mu, lr, decay)
                        for i in range {
                            u[i] = mu * u[i] + lr * (g[i] - decay * v[i])
                            v[i] += u[i]
                        }
                    }
                }
            }
        }
        w.withUnsafeBufferPointer { apply(&rbm.weight, &velocity.w, $0, decay: wd) }
        b.withUnsafeBufferPointer { apply(&rbm.visibleBias, &velocity.b, $0, decay: 0) }
        c.withUnsafeBufferPointer { apply(&rbm.hiddenBias, &velocity.c, $0, decay: 0) }
        return error
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
