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
/// is `backward`. For a module followed by a loss, `f` is the loss of the module's output.
///
/// **The numeric derivative.** Each checked element `v` is moved to `v ± h` and `v ± 2h` and
/// `n = (−f(v+2h) + 8f(v+h) − 8f(v−h) + f(v−2h)) / 12h` (the 5-point stencil), with `f` summed in
/// `Double` and `h = step·max(1, |v|)` rounded to a power of two (so `v ± h` are exact floats).
///
/// **Why Float32 and a 5-point stencil are enough.** Layers compute in `Float`, so each output
/// carries a rounding error of about 6·10⁻⁸ relative; outputs that `v` does not affect are
/// recomputed identically and cancel, so the numeric error is about `1.5·ε·|f_affected| / h`,
/// ≈ 10⁻⁵ at `h = 10⁻²`. The 2-point stencil would then have a truncation error of `h²f‴/6`
/// ≈ 10⁻⁵·f‴, too close to the tolerance for curved functions (tanh, exp); the 5-point one's
/// `h⁴f⁽⁵⁾/30` ≈ 3·10⁻¹⁰·f⁽⁵⁾ is negligible. So the defaults `atol = 10⁻³`, `rtol = 10⁻²` pass
/// every correct layer and loss with a wide margin, and fail a wrong sign, a missing factor 2 or
/// ½ (50–100 % off), or a transposed weight.
///
/// **Kinks.** Within `2h` of a non-differentiable point (ReLU at 0, a max-pool tie, a hinge at its
/// margin, a clamp) the stencil straddles two linear pieces and its value is meaningless. An element
/// that disagrees is therefore checked again with steps `h/8` and `h/64` (a kink a little away from
/// `v` is then no longer straddled, and a correct gradient agrees). If it still disagrees, it is
/// *skipped at a kink* — reported with the count, not failed — when the one-sided slopes
/// `(f(v+h)−f(v))/h` and `(f(v)−f(v−h))/h` at the smallest step differ by more than the tolerance
/// and the analytic value lies between them (widened by the tolerance): `v` then sits on a kink
/// and the analytic value is one of its one-sided derivatives. A wrong backward in a smooth region
/// has equal one-sided slopes and still fails, and so does one that gives neither slope at a kink.
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
        /// `atol` in `|a − n| ≤ atol + rtol·|n|`.
        public var absoluteTolerance: Double
        /// `rtol` in `|a − n| ≤ atol + rtol·|n|`.
        public var relativeTolerance: Double
        /// Tensors with more elements are checked on a seeded random subset of this size.
        public var maxElementsPerTensor: Int
        /// Seeds the output weights `r` and the element sampling.
        public var seed: UInt64

        /// Options with the given values (all have working defaults).
        public init(step: Double = 1e-2, absoluteTolerance: Double = 1e-3, relativeTolerance: Double = 1e-2,
                    maxElementsPerTensor: Int = 256, seed: UInt64 = 0) {
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
        let objective: (Tensor) throws -> Double = { x in
            let y = try module.forward(x)
            return zip(y.scalars, r.scalars).reduce(0.0) { $0 + Double($1.0) * Double($1.1) }
        }
        return try run(subject: module.description, module: module, input: input, objective: objective,
                       delta: { _ in r }, rng: &rng, options: options)
    }

    /// Checks `loss` with respect to `prediction`, with the (summed, for `.none`) loss as objective.
    public static func check(_ loss: any Loss, target: Tensor, prediction: Tensor,
                             options: Options = Options()) throws -> GradientCheckResult {
        var rng = RandomGenerator(seed: options.seed)
        let analytic = try loss.backward(target: target, prediction: prediction)
        return try compare(subject: loss.description, input: prediction, analyticInput: analytic, parameters: [],
                           objective: { try lossValue(loss, target: target, prediction: $0) }, rng: &rng, options: options)
    }

    /// Checks `module` followed by `loss`: the objective is `loss(target, module.forward(input))`.
    public static func check(_ module: any Module, loss: any Loss, input: Tensor, target: Tensor,
                             options: Options = Options()) throws -> GradientCheckResult {
        var rng = RandomGenerator(seed: options.seed)
        return try run(subject: "\(module) with \(loss)", module: module, input: input,
                       objective: { try lossValue(loss, target: target, prediction: module.forward($0)) },
                       delta: { try loss.backward(target: target, prediction: $0) }, rng: &rng, options: options)
    }

    // MARK: - Private

    private static func lossValue(_ loss: any Loss, target: Tensor, prediction: Tensor) throws -> Double {
        try loss.forward(target: target, prediction: prediction).scalars.reduce(0.0) { $0 + Double($1) }
    }

    /// Analytic gradients of a module (gradients saved and restored around it), then the comparison.
    private static func run(subject: String, module: any Module, input: Tensor, objective: (Tensor) throws -> Double,
                            delta: (Tensor) throws -> Tensor, rng: inout RandomGenerator,
                            options: Options) throws -> GradientCheckResult {
        let params = namedParameters(module, prefix: "")
        let savedGradients = params.map(\.1.gradient)
        defer { for (p, g) in zip(params, savedGradients) { p.1.gradient = g } }
        module.zeroGrad()
        let y = try module.forward(input)
        let d = try delta(y)
        try module.backwardUpdateGradient(input: input, delta: d)
        let analyticInput = try module.backwardDelta(input: input, delta: d)
        let analytic = params.map { ($0.0, $0.1, $0.1.gradient) }
        return try compare(subject: subject, input: input, analyticInput: analyticInput, parameters: analytic,
                           objective: objective, rng: &rng, options: options)
    }

    /// Numeric derivatives for the input and each parameter, compared with the analytic ones.
    private static func compare(subject: String, input: Tensor, analyticInput: Tensor,
                                parameters: [(String, Parameter, Tensor)], objective: (Tensor) throws -> Double,
                                rng: inout RandomGenerator, options: Options) throws -> GradientCheckResult {
        var x = input
        var entries = [try entry(name: "input", value: &x, analytic: analyticInput, rng: &rng, options: options) { try objective($0) }]
        for (name, p, g) in parameters {
            let original = p.value
            defer { p.value = original }
            var v = p.value
            entries.append(try entry(name: name, value: &v, analytic: g, rng: &rng, options: options) { w in
                p.value = w
                return try objective(input)
            })
        }
        return GradientCheckResult(subject: subject, seed: options.seed, entries: entries)
    }

    /// One tensor: perturbs each sampled element of `value`, evaluating `f` on the perturbed copy.
    private static func entry(name: String, value: inout Tensor, analytic: Tensor, rng: inout RandomGenerator,
                              options: Options, _ f: (Tensor) throws -> Double) throws -> GradientCheckResult.Entry {
        var indices = Array(0..<value.count)
        if indices.count > options.maxElementsPerTensor {
            rng.shuffle(&indices)
            indices = Array(indices.prefix(options.maxElementsPerTensor)).sorted()
        }
        var result = GradientCheckResult.Entry(name: name, shape: value.shape, checkedCount: indices.count, worstRatio: 0,
                                               worstIndex: 0, analytic: 0, numeric: 0, worstRelativeError: 0,
                                               worstRelativeIndex: 0)
        let atol = options.absoluteTolerance, rtol = options.relativeTolerance
        for i in indices {
            let v = value.scalars[i]
            let a = Double(analytic.scalars[i])
            func at(_ offset: Double) throws -> Double {
                value.scalars[i] = Float(Double(v) + offset)
                return try f(value)
            }
            var h = powerOfTwo(near: options.step * max(1, Double(abs(v))))
            var numeric = 0.0, ratio = 0.0, atKink = false
            for attempt in 0..<3 {
                let (p2, p1, m1, m2) = (try at(2 * h), try at(h), try at(-h), try at(-2 * h))
                numeric = (-p2 + 8 * p1 - 8 * m1 + m2) / (12 * h)
                ratio = abs(a - numeric) / (atol + rtol * abs(numeric))
                if ratio <= 1 { break }
                if attempt == 2 {
                    let f0 = try at(0)
                    let right = (p1 - f0) / h, left = (f0 - m1) / h
                    let slack = atol + rtol * max(abs(left), abs(right))
                    atKink = abs(right - left) > slack && a >= min(left, right) - slack && a <= max(left, right) + slack
                }
                h /= 8
            }
            value.scalars[i] = v
            if atKink {
                result.skippedAtKinks += 1
                continue
            }
            let scale = max(abs(a), abs(numeric))
            let relative = scale == 0 ? 0 : abs(a - numeric) / scale
            if ratio > result.worstRatio || ratio.isNaN {
                (result.worstRatio, result.worstIndex, result.analytic, result.numeric) = (ratio.isNaN ? .infinity : ratio, i, a, numeric)
            }
            if relative > result.worstRelativeError { (result.worstRelativeError, result.worstRelativeIndex) = (relative, i) }
        }
        return result
    }

    /// The power of two nearest to `x` (in log scale).
    private static func powerOfTwo(near x: Double) -> Double {
        var h = 1.0
        while h > x * 1.4142135623730951 { h /= 2 }
        while h * 1.4142135623730951 < x { h *= 2 }
        return h
    }

    /// Parameters with PyTorch `state_dict` names: `weight`, or `0.weight` inside a `Sequential`.
    private static func namedParameters(_ module: any Module, prefix: String) -> [(String, Parameter)] {
        guard let sequential = module as? Sequential else { return module.parameters.map { (prefix + $0.name, $0) } }
        return sequential.modules.enumerated().flatMap { i, m in namedParameters(m, prefix: "\(prefix)\(i).") }
    }
}
