// LearningRateSchedule: the learning rate of each epoch.

import Foundation
import NKCore

/// How the learning rate changes from epoch to epoch (stepped once per epoch, as PyTorch's
/// schedulers are in a per-epoch loop), with an optional linear warm-up.
///
/// For epoch `e` (from 0) of `E`, with base rate `r`:
/// - `constant`: `r`;
/// - `step(every: k, gamma: γ)`: `r·γ^⌊e/k⌋` (`StepLR(step_size=k, gamma=γ)`);
/// - `exponential(gamma: γ)`: `r·γᵉ` (`ExponentialLR`; `--lr-decay γ`);
/// - `cosine`: `r·(1 + cos(πe/E))/2`, falling towards 0 over the run (`CosineAnnealingLR(T_max=E)`);
/// - warm-up `W` epochs: the rate above times `(e + 1)/W` while `e < W`.
///
/// Written on the command line as `step:EPOCHS:GAMMA`, `exponential:GAMMA`, `cosine`, `constant`.
public enum LearningRateSchedule: Sendable, Equatable, Codable, CustomStringConvertible {
    case constant
    case step(every: Int, gamma: Float)
    case exponential(gamma: Float)
    case cosine

    /// Parses `step:EPOCHS:GAMMA`, `exponential:GAMMA`, `cosine` or `constant`.
    public init(parsing text: String) throws {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        func fail() -> NeuralKitError {
            .argument("expected a schedule step:EPOCHS:GAMMA, exponential:GAMMA, cosine or constant, got '\(NeuralKitError.excerpt(text))'.", field: "schedule")
        }
        switch parts[0].lowercased() {
        case "constant" where parts.count == 1: self = .constant
        case "cosine" where parts.count == 1: self = .cosine
        case "exponential" where parts.count == 2:
            guard let g = Float(parts[1]) else { throw fail() }
            self = .exponential(gamma: g)
        case "step" where parts.count == 3:
            guard let k = Int(parts[1]), let g = Float(parts[2]) else { throw fail() }
            self = .step(every: k, gamma: g)
        default: throw fail()
        }
        try validate()
    }

    /// Throws `NeuralKitError.argument` for a factor outside (0, 1] or a period below 1.
    public func validate() throws {
        switch self {
        case .constant, .cosine: return
        case .exponential(let g), .step(_, let g):
            guard g > 0 && g <= 1 else { throw NeuralKitError.argument("Learning-rate schedule: the factor must be in (0, 1], got \(g).", field: "schedule") }
            if case .step(let k, _) = self, k < 1 {
                throw NeuralKitError.argument("Learning-rate schedule: a step schedule's period must be at least 1 epoch, got \(k).", field: "schedule")
            }
        }
    }

    /// The rate of epoch `epoch` (from 0) of `epochs`, from `base`, with `warmup` epochs of linear warm-up.
    public func rate(base: Float, epoch: Int, epochs: Int, warmup: Int = 0) -> Float {
        var r: Float
        switch self {
        case .constant: r = base
        case .step(let k, let g): r = base * pow(g, Float(epoch / k))
        case .exponential(let g): r = base * pow(g, Float(epoch))
        case .cosine: r = base * Float((1 + cos(Double.pi * Double(epoch) / Double(max(epochs, 1)))) / 2)
        }
        if warmup > 0 && epoch < warmup { r *= Float(epoch + 1) / Float(warmup) }
        return r
    }

    /// `step:10:0.5`, as the option is written.
    public var description: String {
        switch self {
        case .constant: "constant"
        case .step(let k, let g): "step:\(k):\(g)"
        case .exponential(let g): "exponential:\(g)"
        case .cosine: "cosine"
        }
    }
}
