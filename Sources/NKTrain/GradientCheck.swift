// GradientCheck: compares a module's or a loss's backward pass with numeric differentiation.

import NKCore
import NKLayers
import NKLosses

/// Checks analytic gradients against central differences, for the input and every parameter.
///
/// **The objective.** For a module, `f(x, θ) = Σ r ⊙ forward(x)` with `r` a seeded random tensor
/// (magnitudes in [0.5, 1.5], random signs), so that every output and every mix-up between outputs
/// counts; the analytic gradients come from `backwardUpdateGradient` / `backwardDelta` with
/// `delta = r`. For a loss, `f` is the loss itself (summed for `.none`) and the analytic gradient
/// is `backward`. For a module followed by a loss, the chain rule splits the check in two: the
/// loss's gradient at the module's output (entry `output`), then the module with `r` = that
/// gradient — so a tiny gradient is never measured against the rounding of the loss's whole value.
///
/// **The numeric derivative.** Each checked element `v` is moved to `v ± h` and `v ± 2h` and
/// `n = (−f(v+2h) + 8f(v+h) − 8f(v−h) + f(v−2h)) / 12h` (the 5-point stencil), with `f` summed in
/// `Double` and `h = step·max(1, |v|)` rounded to a power of two (so `v ± h` are exact floats).
///
/// **The tolerance is relative to each tensor's scale.** An element passes when
/// `|a − n| ≤ rtol·|n| + atol·max|n| + noise(h)`, the maximum over the tensor's checked elements
/// (report 002's check, made robust near zero). `noise(h)` is what `Float` rounding alone can put
/// into the stencil: `12·ε·Σ|terms of f| / h` with `ε = 2⁻²⁴`. So a tensor whose gradients are all
/// about 10⁻⁷ (weights scaled by 10⁻³) is judged as strictly as one at 1 (`atol = 0` drops the
/// noise term too: agreement to the last bit, which only exact derivatives meet): a factor 2 or a wrong sign
/// fails at any scale. An absolute tolerance could not do that: `10⁻³` passes every gradient of
/// `Linear(3072, 50) - ReLU() - Linear(50, 10)`, whose entries are about 5·10⁻⁴.
///
/// **What Float32 can resolve.** Layers compute in `Float` (relative rounding about 6·10⁻⁸);
/// outputs that `v` does not affect are recomputed identically and cancel, so the numeric error is
/// about `1.5·ε·|f_affected| / h`, ≈ 10⁻⁵ of the objective's size at `h = 10⁻²`. Gradients smaller
/// than that — relative to the objective's terms, not in absolute value — cannot be seen; they fall
/// under `noise(h)` and pass. The 2-point stencil would have a truncation error of `h²f‴/6` ≈
/// 10⁻⁵·f‴, too close to the tolerance for curved functions (tanh, exp); the 5-point one's
/// `h⁴f⁽⁵⁾/30` ≈ 3·10⁻¹⁰·f⁽⁵⁾ is negligible. So the defaults `atol = 10⁻³`, `rtol = 10⁻²` pass
/// every correct layer and loss with a wide margin, and fail a wrong sign, a missing factor 2 or
/// ½ (50–100 % off), or a transposed weight.
///
/// **Kinks.** Within `2h` of a non-differentiable point (ReLU at 0, a max-pool tie, a hinge at its
/// margin, a clamp) the stencil straddles two pieces and its value is meaningless. ReLU, LeakyReLU
/// and max pooling are `PiecewiseLinearModule`s: while the numeric derivatives are taken, they hold
/// the pieces the unperturbed input selects (`pieceHolding`), so the stencil stays on one piece —
/// the one the backward pass differentiates; a convolution's weight moves hundreds of ReLU inputs
/// and would otherwise cross several kinks at every step. For the other kinks (hinge losses, ELU
/// with α ≠ 1, a user's layer), when an element
/// disagrees, the one-sided second-order differences `(−3f(v) + 4f(v±h) − f(v±2h)) / ±2h` are
/// compared too: with a kink on one side only, the other side's is the derivative at `v`, and a
/// correct gradient agrees with it. Otherwise, when the two one-sided slopes differ (a kink on both
/// sides, or at `v`), the element is checked again with step `h/4`; if it still disagrees there and
/// the analytic value lies between the first-order one-sided slopes `(f(v+h) − f(v))/h` and
/// `(f(v) − f(v−h))/h` (widened by the tolerance), kinks surround `v` closer than the step and the element is *skipped at a kink* — reported with the count, not failed. A wrong
/// backward in a smooth region has equal one-sided slopes and fails at once, and so does one that
/// gives neither slope at a kink. (Smaller steps would not help: in `Float` the objective's
/// rounding divided by `h` would swamp the tolerance.)
///
/// **What it cannot see.** Errors below about 1 % of a gradient (e.g. a missing `ε` term). A bug in the forward pass that
/// backward reproduces. Elements not sampled when `maxElementsPerTensor` is smaller than a
/// tensor. Behaviour that depends on state across calls (e.g. a stale cache) beyond one forward.
///
/// The module's parameter values are restored exactly and its gradients are left as they were.
///
/// ```swift
/// let result = try GradientCheck.check(Linear(3, 2, using: &rng), input: x)
/// if !result.passed { print(result) }
/// ```
public enum GradientCheck {
    /// Step and tolerances; the defaults suit every built-in layer and loss.
    public struct Options: Sendable {
        /// The relative step: `h = step · max(1, |v|)`, rounded to a power of two.
        public var step: Double
        /// `atol` in `|a − n| ≤ rtol·|n| + atol·max|n| + noise`: a fraction of the tensor's largest
        /// numeric gradient.
        public var absoluteTolerance: Double
        /// `rtol` in `|a − n| ≤ rtol·|n| + atol·max|n| + noise`.
        public var relativeTolerance: Double
        /// Tensors with more elements are checked on a seeded random subset of this size.
        public var maxElementsPerTensor: Int
        /// Seeds the output weights `r` and the element sampling.
        public var seed: UInt64

        /// Options with the given values (all have working defaults).
        public init(
            step: Double = 1e-2, absoluteTolerance: Double = 1e-3, relativeTolerance: Double = 1e-2,
            maxElementsPerTensor: Int = 256, seed: UInt64 = 0
        ) {
            self.step = step
            self.absoluteTolerance = absoluteTolerance
            self.relativeTolerance = relativeTolerance
            self.maxElementsPerTensor = maxElementsPerTensor
            self.seed = seed
        }
    }

    /// Checks `module` at `input` with the objective `Σ r ⊙ forward(input)`.
    public static func check(_ module: any Module, input: Tensor, options: Options = Options()) throws -> GradientCheckResult {
        var rng = RandomGenerator(seed: options.seed)
        let outShape = try module.forward(input).shape
        let r = Tensor(uninitializedShape: outShape) { r in
            for i in r.indices { r[i] = (0.5 + rng.nextUnitFloat()) * (rng.next() & 1 == 0 ? 1 : -1) }
        }
        return try run(subject: module.description, module: module, input: input, weights: { _ in r }, rng: &rng, options: options)
    }

    /// Checks `loss` with respect to `prediction`, with the (summed, for `.none`) loss as objective.
    public static func check(
        _ loss: any Loss, target: Tensor, prediction: Tensor,
        options: Options = Options()
    ) throws -> GradientCheckResult {
        var rng = RandomGenerator(seed: options.seed)
        return GradientCheckResult(
            subject: loss.description, seed: options.seed,
            entries: [try lossEntry(loss, name: "input", target: target, prediction: prediction, rng: &rng, options: options)])
    }

    /// Checks `module` followed by `loss`, as the chain rule splits it: the loss's gradient with
    /// respect to the module's output (entry `output`), then the module with `r` = that gradient,
    /// `Σ r ⊙ forward(input)` — whose derivatives are the loss's. Checking the two apart keeps the
    /// numeric derivatives exact at every scale: the loss's value carries a rounding error of about
    /// `ε·|loss|`, which would swamp the tiny gradients of a net with small weights, whereas
    /// `Σ r ⊙ forward(input)` rounds in proportion to the outputs themselves.
    public static func check(
        _ module: any Module, loss: any Loss, input: Tensor, target: Tensor,
        options: Options = Options()
    ) throws -> GradientCheckResult {
        var rng = RandomGenerator(seed: options.seed), lossRNG = RandomGenerator(seed: options.seed ^ 0x10_55)
        var output: GradientCheckResult.Entry?
        var result = try run(
            subject: "\(module) with \(loss)", module: module, input: input,
            weights: { y in
                output = try lossEntry(loss, name: "output", target: target, prediction: y, rng: &lossRNG, options: options)
                return try loss.backward(target: target, prediction: y)
            }, rng: &rng, options: options)
        if let output { result.entries.append(output) }
        return result
    }

    // MARK: - Private

    /// The loss's gradient with respect to `prediction`, as one entry.
    private static func lossEntry(
        _ loss: any Loss, name: String, target: Tensor, prediction: Tensor, rng: inout RandomGenerator,
        options: Options
    ) throws -> GradientCheckResult.Entry {
        let analytic = try loss.backward(target: target, prediction: prediction)
        let magnitude = try loss.forward(target: target, prediction: prediction).scalars.reduce(0.0) { $0 + abs(Double($1)) }
        var p = prediction
        return try entry(name: name, value: &p, analytic: analytic, magnitude: magnitude, rng: &rng, options: options) {
            try loss.forward(target: target, prediction: $0).scalars.reduce(0.0) { $0 + Double($1) }
        }
    }

    /// Analytic gradients of a module with the objective `Σ r ⊙ forward(x)`, `r = weights(y)` for
    /// the unperturbed output `y` (gradients saved and restored around it), then the comparison.
    private static func run(
        subject: String, module: any Module, input: Tensor, weights: (Tensor) throws -> Tensor,
        rng: inout RandomGenerator, options: Options
    ) throws -> GradientCheckResult {
        let params = namedParameters(module, prefix: "")
        let savedGradients = params.map(\.1.gradient)
        defer { for (p, g) in zip(params, savedGradients) { p.1.gradient = g } }
        module.zeroGrad()
        // Training behaviour (BatchNorm's batch statistics, Dropout's masks) is what backward
        // passes differentiate during training, so that is what is checked. The pieces of ReLU,
        // LeakyReLU and max pooling, and Dropout's mask, are recorded by this forward and held for
        // every later one, so that the numeric derivative is that of the linear piece (and the
        // mask) the backward pass differentiates.
        module.setTraining(true)
        let piecewise = piecewiseModules(module)
        defer { for m in piecewise { m.pieceHolding = .free } }
        for m in piecewise { m.pieceHolding = .recordNext }
        let y = try module.forward(input)
        let r = try weights(y)
        try module.backwardUpdateGradient(input: input, delta: r)
        let analyticInput = try module.backwardDelta(input: input, delta: r)
        let analytic = params.map { ($0.0, $0.1, $0.1.gradient) }
        let magnitude = zip(y.scalars, r.scalars).reduce(0.0) { $0 + abs(Double($1.0) * Double($1.1)) }
        let objective: (Tensor) throws -> Double = { x in
            let y = try module.forward(x)
            return zip(y.scalars, r.scalars).reduce(0.0) { $0 + Double($1.0) * Double($1.1) }
        }
        return try compare(
            subject: subject, input: input, analyticInput: analyticInput, parameters: analytic,
            objective: objective, magnitude: magnitude, rng: &rng, options: options)
    }

    /// Numeric derivatives for the input and each parameter, compared with the analytic ones.
    private static func compare(
        subject: String, input: Tensor, analyticInput: Tensor,
        parameters: [(String, Parameter, Tensor)], objective: (Tensor) throws -> Double, magnitude: Double,
        rng: inout RandomGenerator, options: Options
    ) throws -> GradientCheckResult {
        var x = input
        var entries = [try entry(name: "input", value: &x, analytic: analyticInput, magnitude: magnitude, rng: &rng, options: options) { try objective($0) }]
        for (name, p, g) in parameters {
            let original = p.value
            defer { p.value = original }
            var v = p.value
            entries.append(
                try entry(name: name, value: &v, analytic: g, magnitude: magnitude, rng: &rng, options: options) { w in
                    p.value = w
                    return try objective(input)
                })
        }
        return GradientCheckResult(subject: subject, seed: options.seed, entries: entries)
    }

    /// One tensor: perturbs each sampled element of `value`, evaluating `f` on the perturbed copy.
    ///
    /// Two passes: the 5-point derivative of every sampled element first, so that the tolerance
    /// can scale with the tensor's largest numeric gradient; then each element that disagrees gets
    /// the kink treatment (see the type's documentation).
    private static func entry(
        name: String, value: inout Tensor, analytic: Tensor, magnitude: Double, rng: inout RandomGenerator,
        options: Options, _ f: (Tensor) throws -> Double
    ) throws -> GradientCheckResult.Entry {
        var indices = Array(0..<value.count)
        if indices.count > options.maxElementsPerTensor {
            rng.shuffle(&indices)
            indices = Array(indices.prefix(options.maxElementsPerTensor)).sorted()
        }
        var result = GradientCheckResult.Entry(
            name: name, shape: value.shape, checkedCount: indices.count, worstRatio: 0,
            worstIndex: 0, analytic: 0, numeric: 0, worstRelativeError: 0,
            worstRelativeIndex: 0)
        func step(_ v: Float) -> Double { powerOfTwo(near: options.step * max(1, Double(abs(v)))) }
        func at(_ i: Int, _ v: Float, _ offset: Double) throws -> Double {
            value.scalars[i] = Float(Double(v) + offset)
            defer { value.scalars[i] = v }
            return try f(value)
        }
        // Pass 1: the central differences, and the tensor's scale.
        var stencils: [(p2: Double, p1: Double, m1: Double, m2: Double)] = []
        stencils.reserveCapacity(indices.count)
        for i in indices {
            let v = value.scalars[i], h = step(v)
            stencils.append((try at(i, v, 2 * h), try at(i, v, h), try at(i, v, -h), try at(i, v, -2 * h)))
        }
        let firstNumeric = zip(indices, stencils).map { i, s in (-s.p2 + 8 * s.p1 - 8 * s.m1 + s.m2) / (12 * step(value.scalars[i])) }
        let scale = firstNumeric.reduce(0.0) { max($0, abs($1)) }
        result.scale = scale
        let rtol = options.relativeTolerance
        // Pass 2: each element against `rtol·|n| + atol·max|n| + noise(h)`.
        for (k, i) in indices.enumerated() {
            let v = value.scalars[i]
            let a = Double(analytic.scalars[i])
            var h = step(v)
            // (atol = 0 asks for agreement to rounding itself, and drops the rounding allowance.)
            func floor(_ h: Double) -> Double {
                options.absoluteTolerance == 0 ? 0 : options.absoluteTolerance * scale + noise(magnitude: magnitude, step: h)
            }
            func ratioTo(_ n: Double, _ h: Double) -> Double {
                let tolerance = floor(h) + rtol * abs(n)
                return tolerance > 0 ? abs(a - n) / tolerance : (a == n ? 0 : .infinity)
            }
            var (p2, p1, m1, m2) = stencils[k]
            var numeric = firstNumeric[k], ratio = ratioTo(numeric, h), atKink = false
            for attempt in 0..<2 where ratio > 1 {
                if attempt == 1 {
                    (p2, p1, m1, m2) = (try at(i, v, 2 * h), try at(i, v, h), try at(i, v, -h), try at(i, v, -2 * h))
                    numeric = (-p2 + 8 * p1 - 8 * m1 + m2) / (12 * h)
                    ratio = ratioTo(numeric, h)
                    if ratio <= 1 { break }
                }
                // A kink on one side only: the other side's one-sided (second-order) difference is
                // the derivative at v.
                let f0 = try at(i, v, 0)
                let right = (-3 * f0 + 4 * p1 - p2) / (2 * h), left = (3 * f0 - 4 * m1 + m2) / (2 * h)
                if let (n, r) = [(right, ratioTo(right, h)), (left, ratioTo(left, h))].min(by: { $0.1 < $1.1 }), r <= 1 {
                    (numeric, ratio) = (n, r)
                    break
                }
                // The first-order one-sided slopes: the derivative at a kink lies between them.
                let rightSlope = (p1 - f0) / h, leftSlope = (f0 - m1) / h
                // (Never finer than the default tolerances: below them, rounding alone separates the slopes.)
                let slack =
                    max(options.absoluteTolerance, 1e-3) * scale + noise(magnitude: magnitude, step: h)
                    + max(rtol, 1e-2) * max(abs(leftSlope), abs(rightSlope))
                guard abs(rightSlope - leftSlope) > slack else { break }  // smooth, and it disagrees: a wrong gradient
                if attempt == 1 {
                    atKink = a >= min(leftSlope, rightSlope) - slack && a <= max(leftSlope, rightSlope) + slack
                }
                h /= 4
            }
            if atKink {
                result.skippedAtKinks += 1
                continue
            }
            let largest = max(abs(a), abs(numeric))
            let relative = largest == 0 ? 0 : abs(a - numeric) / largest
            if ratio > result.worstRatio || ratio.isNaN {
                (result.worstRatio, result.worstIndex, result.analytic, result.numeric) = (ratio.isNaN ? .infinity : ratio, i, a, numeric)
            }
            if relative > result.worstRelativeError { (result.worstRelativeError, result.worstRelativeIndex) = (relative, i) }
        }
        return result
    }

    /// What `Float` rounding alone can put into a 5-point derivative with step `h`: the objective's
    /// terms (whose absolute values sum to `magnitude`) each carry a relative rounding error of a few
    /// units of `Float`'s ε = 2⁻²⁴, the stencil's weights sum to 18/12, and the difference is divided by `h`.
    static func noise(magnitude: Double, step h: Double) -> Double {
        let epsilon = Double(Float.ulpOfOne) / 2
        return 1.5 * 8 * epsilon * magnitude / h
    }

    /// The power of two nearest to `x` (in log scale).
    private static func powerOfTwo(near x: Double) -> Double {
        var h = 1.0
        while h > x * 1.4142135623730951 { h /= 2 }
        while h * 1.4142135623730951 < x { h *= 2 }
        return h
    }

    /// Every `PiecewiseLinearModule` in `module` (inside `Sequential`s too).
    private static func piecewiseModules(_ module: any Module) -> [any PiecewiseLinearModule] {
        if let sequential = module as? Sequential { return sequential.modules.flatMap(piecewiseModules) }
        return (module as? any PiecewiseLinearModule).map { [$0] } ?? []
    }

    /// Parameters with PyTorch `state_dict` names: `weight`, or `0.weight` inside a `Sequential`.
    private static func namedParameters(_ module: any Module, prefix: String) -> [(String, Parameter)] {
        guard let sequential = module as? Sequential else { return module.parameters.map { (prefix + $0.name, $0) } }
        return sequential.modules.enumerated().flatMap { i, m in namedParameters(m, prefix: "\(prefix)\(i).") }
    }
}
