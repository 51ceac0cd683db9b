// RBM: a binary–binary restricted Boltzmann machine (conditionals, sampling, free energy, monitors).

import Foundation
import NKCore
import NKLayers

/// A restricted Boltzmann machine with binary visible units `v` and binary hidden units `h`:
/// energy `E(v, h) = −bᵀv − cᵀh − hᵀWv`, weight `W` of shape `(hidden, visible)` (a `Linear`'s
/// layout, so a trained RBM initialises `Linear(visible, hidden)` directly), visible biases `b`,
/// hidden biases `c`.
///
/// - `p(h = 1 | v) = σ(vWᵀ + c)`, `p(v = 1 | h) = σ(hW + b)`, for batches of rows.
/// - Free energy `F(v) = −bᵀv − Σⱼ softplus((vWᵀ + c)ⱼ)`.
/// - Pseudo-log-likelihood, as scikit-learn's `BernoulliRBM.score_samples`: for each row, one
///   visible unit `i` chosen at random is flipped (`ṽ`), and the score is `V · log σ(F(ṽ) − F(v))`.
/// - Visible values in [0, 1] that are not 0 or 1 (grey pixels) are used as probabilities: the
///   positive phase takes them as they are, without sampling them (Hinton's practical guide, §3.2).
///
/// Training is `ContrastiveDivergence`; checkpoints name the tensors `weight`, `visible_bias`,
/// `hidden_bias` (scikit-learn's `components_`, `intercept_visible_`, `intercept_hidden_`).
public final class RBM {
    public let visible: Int, hidden: Int
    /// `W`, `(hidden, visible)`.
    public var weight: Tensor
    /// `b`, `(visible)`.
    public var visibleBias: Tensor
    /// `c`, `(hidden)`.
    public var hiddenBias: Tensor

    /// An RBM with weights drawn from N(0, `std`²) (0.01, Hinton's advice) and zero biases.
    public init(visible: Int, hidden: Int, std: Float = 0.01, using rng: inout RandomGenerator) {
        precondition(visible > 0 && hidden > 0, "RBM: sizes must be positive")
        self.visible = visible
        self.hidden = hidden
        weight = .normal([hidden, visible], std: std, using: &rng)
        visibleBias = Tensor(zeros: [visible])
        hiddenBias = Tensor(zeros: [hidden])
    }

    /// An RBM with the given parameters.
    /// - Throws: `NeuralKitError.shape` when the shapes do not agree.
    public init(weight: Tensor, visibleBias: Tensor, hiddenBias: Tensor) throws {
        guard weight.rank == 2, visibleBias.shape == [weight.shape[1]], hiddenBias.shape == [weight.shape[0]] else {
            throw NeuralKitError.shape(
                "RBM: weight \(describeShape(weight.shape)), visible bias \(describeShape(visibleBias.shape)) and hidden bias \(describeShape(hiddenBias.shape)) do not agree (weight is (hidden, visible))"
            )
        }
        self.hidden = weight.shape[0]
        self.visible = weight.shape[1]
        self.weight = weight
        self.visibleBias = visibleBias
        self.hiddenBias = hiddenBias
    }

    /// `σ(vWᵀ + c)`: `(batch, hidden)` for `v` of `(batch, visible)`.
    public func hiddenProbabilities(_ v: Tensor) throws -> Tensor {
        try check(v, visible, "visible")
        return try Sigmoid().forward(Self.affine(Tensor.matmul(v.flattenedRows, weight, transposeB: true), hiddenBias))
    }

    /// `σ(hW + b)`: `(batch, visible)` for `h` of `(batch, hidden)`.
    public func visibleProbabilities(_ h: Tensor) throws -> Tensor {
        try check(h, hidden, "hidden")
        return try Sigmoid().forward(Self.affine(Tensor.matmul(h, weight), visibleBias))
    }

    /// `F(v)` for every row of `v`.
    public func freeEnergy(_ v: Tensor) throws -> [Float] {
        try check(v, visible, "visible")
        let x = v.flattenedRows
        let pre = Self.affine(Tensor.matmul(x, weight, transposeB: true), hiddenBias)
        let b = visibleBias.scalars
        return (0..<x.rowCount).map { r in
            var visibleTerm: Double = 0, softplus: Double = 0
            for i in 0..<visible { visibleTerm += Double(x.scalars[r * visible + i]) * Double(b[i]) }
            for j in 0..<hidden {
                let a = Double(pre.scalars[r * hidden + j])
                softplus += a > 0 ? a + Foundation.log1p(Foundation.exp(-a)) : Foundation.log1p(Foundation.exp(a))
            }
            return Float(-visibleTerm - softplus)
        }
    }

    /// The pseudo-log-likelihood of every row (see the type's documentation); `rng` picks the flipped units.
    public func pseudoLogLikelihood(_ v: Tensor, using rng: inout RandomGenerator) throws -> [Float] {
        try check(v, visible, "visible")
        var flipped = v.flattenedRows
        for r in 0..<flipped.rowCount {
            let i = r * visible + Int(rng.next() % UInt64(visible))
            flipped.scalars[i] = 1 - flipped.scalars[i]
        }
        let f = try freeEnergy(v), g = try freeEnergy(flipped)
        return zip(f, g).map { f, g in
            let d = Double(g - f)  // log σ(d), computed stably
            return Float(Double(visible) * (d >= 0 ? -Foundation.log1p(Foundation.exp(-d)) : d - Foundation.log1p(Foundation.exp(d))))
        }
    }

    /// The mean squared difference between `v` and its one-step mean-field reconstruction
    /// `p(v | p(h | v))`, per visible unit.
    public func reconstructionError(_ v: Tensor) throws -> Float {
        Self.meanSquaredDifference(v, try visibleProbabilities(try hiddenProbabilities(v)))
    }

    /// The mean of `(x − r)²` over the elements of two tensors of one element count, summed in
    /// Double eight lanes at a time (a scalar loop was 3 % of a CD-1 step); 0 when empty.
    static func meanSquaredDifference(_ x: Tensor, _ r: Tensor) -> Float {
        precondition(x.count == r.count, "RBM.meanSquaredDifference: \(x.count) elements against \(r.count)")
        var lanes = SIMD8<Double>(), sum: Double = 0
        x.withUnsafeBufferPointer { x in
            r.withUnsafeBufferPointer { r in
                let whole = r.count / 8 * 8
                for i in stride(from: 0, to: whole, by: 8) {
                    let d =
                        UnsafeRawPointer(x.baseAddress! + i).loadUnaligned(as: SIMD8<Float>.self)
                        - UnsafeRawPointer(r.baseAddress! + i).loadUnaligned(as: SIMD8<Float>.self)
                    lanes += SIMD8<Double>(d * d)
                }
                for i in whole..<r.count { let d = x[i] - r[i]; sum += Double(d * d) }
            }
        }
        return Float((lanes.sum() + sum) / Double(max(x.count, 1)))
    }

    /// `k` steps of block Gibbs sampling from visible states `v`: `h ~ p(h|v)`, `v ~ p(v|h)`.
    /// Returns the visible probabilities of the last step (smoother to look at than samples) and
    /// the visible samples (the chain's state).
    public func gibbs(from v: Tensor, steps k: Int, using rng: inout RandomGenerator) throws -> (probabilities: Tensor, samples: Tensor) {
        var state = v.flattenedRows, probabilities = state
        for _ in 0..<k {
            let h = Self.sample(try hiddenProbabilities(state), using: &rng)
            probabilities = try visibleProbabilities(h)
            state = Self.sample(probabilities, using: &rng)
        }
        return (probabilities, state)
    }

    // MARK: - Helpers shared with the trainer

    /// Binary samples: 1 where a uniform draw falls below the probability (`Bernoulli.sample`:
    /// rows in parallel, the same result on any thread count; `rng` advances by one draw).
    public static func sample(_ p: Tensor, using rng: inout RandomGenerator) -> Tensor {
        Bernoulli.sample(p, using: &rng)
    }

    static func affine(_ x: Tensor, _ bias: Tensor) -> Tensor {
        var y = x
        y.withUnsafeMutableBufferPointer { y in bias.withUnsafeBufferPointer { b in Elementwise.addRowVector(b, to: y, rows: x.rowCount) } }
        return y
    }

    private func check(_ x: Tensor, _ width: Int, _ what: String) throws {
        guard x.rank >= 1, x.rowSize == width else {
            throw NeuralKitError.shape("RBM(\(visible) visible, \(hidden) hidden): expected \(what) states (batch, \(width)), got \(describeShape(x.shape))")
        }
    }
}
