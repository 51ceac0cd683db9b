// OptimizerSettings: which update rule a run uses, with its hyper-parameters (Codable, for run files).

import NKCore

/// The update rule of a run and its hyper-parameters, as `neuralkit train` takes them
/// (`--optimizer`, `--momentum`, `--betas`, `--eps`, `--weight-decay`) and run files record them.
/// Unset values take PyTorch's defaults for the rule: `momentum` 0.9 for `momentum`/`nesterov`
/// (0 for `rmsprop`), betas (0.9, 0.999), eps 1e-8 (1e-10 for `adagrad`), weight decay 0 (0.01
/// for `adamw`); `defaultLearningRate` is PyTorch's too, except SGD's 0.1 (PyTorch has none).
public struct OptimizerSettings: Sendable, Equatable, Codable {
    /// The update rules.
    public enum Kind: String, Sendable, Codable, CaseIterable {
        case sgd, momentum, nesterov, adam, adamw, rmsprop, adagrad
    }

    public var kind: Kind
    /// `μ` of `momentum`, `nesterov` and `rmsprop`.
    public var momentum: Float?
    /// Adam's β₁ and β₂.
    public var betas: [Float]?
    /// The term added to denominators.
    public var eps: Float?
    /// `λ`: coupled L2 (added to the gradient) for every rule but `adamw`, whose decay is decoupled.
    public var weightDecay: Float?

    public init(kind: Kind = .sgd, momentum: Float? = nil, betas: [Float]? = nil, eps: Float? = nil, weightDecay: Float? = nil) {
        self.kind = kind
        self.momentum = momentum
        self.betas = betas
        self.eps = eps
        self.weightDecay = weightDecay
    }

    /// The learning rate used when none is given: 0.1 for the SGD family, 1e-3 for Adam and AdamW,
    /// 1e-2 for RMSprop and Adagrad.
    public var defaultLearningRate: Float {
        switch kind {
        case .sgd, .momentum, .nesterov: 0.1
        case .adam, .adamw: 1e-3
        case .rmsprop, .adagrad: 1e-2
        }
    }

    /// The momentum in effect.
    public var resolvedMomentum: Float { momentum ?? (kind == .momentum || kind == .nesterov ? 0.9 : 0) }
    /// The weight decay in effect.
    public var resolvedWeightDecay: Float { weightDecay ?? (kind == .adamw ? 0.01 : 0) }
    /// The eps in effect.
    public var resolvedEps: Float { eps ?? (kind == .adagrad ? 1e-10 : 1e-8) }
    /// β₁, β₂ in effect.
    public var resolvedBetas: (Float, Float) { (betas?.first ?? 0.9, betas?.last ?? 0.999) }

    /// The rule, with `learningRate`.
    public func make(learningRate: Float) -> any Optimizer {
        let wd = resolvedWeightDecay
        switch kind {
        case .sgd: return SGD(learningRate: learningRate, momentum: momentum ?? 0, weightDecay: wd)
        case .momentum: return SGD(learningRate: learningRate, momentum: resolvedMomentum, weightDecay: wd)
        case .nesterov: return SGD(learningRate: learningRate, momentum: resolvedMomentum, nesterov: true, weightDecay: wd)
        case .adam, .adamw:
            let (b1, b2) = resolvedBetas
            return Adam(learningRate: learningRate, beta1: b1, beta2: b2, eps: resolvedEps, weightDecay: wd, decoupled: kind == .adamw)
        case .rmsprop: return RMSprop(learningRate: learningRate, eps: resolvedEps, weightDecay: wd, momentum: resolvedMomentum)
        case .adagrad: return Adagrad(learningRate: learningRate, eps: resolvedEps, weightDecay: wd)
        }
    }

    /// Throws `NeuralKitError.argument` naming the first setting out of range.
    public func validate() throws {
        if let momentum, !(momentum >= 0 && momentum < 1) {
            throw NeuralKitError.argument("Optimizer: the momentum must be in [0, 1), got \(momentum).", field: "momentum")
        }
        if kind == .nesterov, resolvedMomentum == 0 { throw NeuralKitError.argument("Optimizer: nesterov needs a momentum above 0.", field: "momentum") }
        if momentum != nil, [.adam, .adamw, .adagrad].contains(kind) {
            throw NeuralKitError.argument("Optimizer: a momentum does not apply to \(kind.rawValue) (it applies to sgd, momentum, nesterov and rmsprop; Adam's are its betas).", field: "momentum")
        }
        if let betas {
            guard betas.count == 2, betas.allSatisfy({ $0 >= 0 && $0 < 1 }) else {
                throw NeuralKitError.argument("Optimizer: the betas are two numbers in [0, 1) such as 0.9,0.999, got \(betas.map { "\($0)" }.joined(separator: ",")).", field: "betas")
            }
            guard kind == .adam || kind == .adamw else {
                throw NeuralKitError.argument("Optimizer: betas apply to adam and adamw only, not \(kind.rawValue).", field: "betas")
            }
        }
        if let eps, !(eps.isFinite && eps > 0) { throw NeuralKitError.argument("Optimizer: eps must be a positive number, got \(eps).", field: "eps") }
        if eps != nil, [.sgd, .momentum, .nesterov].contains(kind) {
            throw NeuralKitError.argument("Optimizer: eps does not apply to \(kind.rawValue).", field: "eps")
        }
        if let weightDecay, !(weightDecay.isFinite && weightDecay >= 0) {
            throw NeuralKitError.argument("Optimizer: the weight decay must be 0 or a positive number, got \(weightDecay).", field: "weightDecay")
        }
    }

    /// `adam (betas 0.9, 0.999, eps 1e-8, weight decay 0)`, for reports.
    public var summary: String {
        func text(_ x: Float) -> String { ReadableNumber.text(x, digits: 7) }
        var parts: [String] = []
        switch kind {
        case .momentum, .nesterov, .rmsprop: parts.append("momentum \(text(resolvedMomentum))")
        case .sgd: if resolvedMomentum > 0 { parts.append("momentum \(text(resolvedMomentum))") }
        case .adam, .adamw: parts.append("betas \(text(resolvedBetas.0)), \(text(resolvedBetas.1))")
        case .adagrad: break
        }
        if ![.sgd, .momentum, .nesterov].contains(kind) { parts.append("eps \(text(resolvedEps))") }
        parts.append("weight decay \(text(resolvedWeightDecay))")
        return "\(kind.rawValue) (\(parts.joined(separator: ", ")))"
    }
}
