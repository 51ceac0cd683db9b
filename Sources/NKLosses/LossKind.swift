// LossKind: the losses by their command-line names, and how each one is built.

import NKCore

/// The built-in losses, by the names `--loss` takes (and run specifications and checkpoints record).
///
/// | name | loss | prediction | target |
/// |---|---|---|---|
/// | `mse` | `MSELoss` | any values | values of the same shape |
/// | `bce` | `BCELoss` | probabilities (after `Sigmoid()`) | 0/1 |
/// | `bce-logits` | `BCEWithLogitsLoss` | raw scores (no final `Sigmoid()`) | 0/1 |
/// | `ce` | `CrossEntropyLoss` | raw scores (no final `Softmax()`) | class indices |
/// | `nll` | `NLLLoss(input: .probabilities)` | probabilities (after `Softmax()`) | class indices |
/// | `nll-log` | `NLLLoss(input: .logProbabilities)`, PyTorch's `NLLLoss` | log-probabilities (after `LogSoftmax()`) | class indices |
/// | `hinge` | `HingeLoss` | scores | ±1 |
/// | `multi-hinge` | `MultiHingeLoss` | scores | class indices |
public enum LossKind: String, CaseIterable, Codable, Sendable, CustomStringConvertible {
    case mse
    case bce
    case bceLogits = "bce-logits"
    case ce
    case nll
    case nllLog = "nll-log"
    case hinge
    case multiHinge = "multi-hinge"

    /// The loss called `name` (case-insensitive); an unknown name throws an error listing the valid ones.
    public init(named name: String) throws {
        guard let kind = LossKind(rawValue: name.lowercased()) else {
            throw NeuralKitError.argument("unknown loss '\(name)'; valid losses: \(LossKind.names.joined(separator: ", "))")
        }
        self = kind
    }

    /// Every name, in the order `--help` lists them.
    public static var names: [String] { allCases.map(\.rawValue) }

    /// The command-line name.
    public var description: String { rawValue }

    /// Whether the targets are class indices (one column), as for `ce`, `nll`, `nll-log`, `multi-hinge`.
    public var takesClassIndices: Bool { [.ce, .nll, .nllLog, .multiHinge].contains(self) }

    /// The loss itself, reduced by `reduction`.
    public func make(reduction: Reduction = .mean) -> any Loss {
        switch self {
        case .mse: MSELoss(reduction: reduction)
        case .bce: BCELoss(reduction: reduction)
        case .bceLogits: BCEWithLogitsLoss(reduction: reduction)
        case .ce: CrossEntropyLoss(reduction: reduction)
        case .nll: NLLLoss(reduction: reduction, input: .probabilities)
        case .nllLog: NLLLoss(reduction: reduction, input: .logProbabilities)
        case .hinge: HingeLoss(reduction: reduction)
        case .multiHinge: MultiHingeLoss(reduction: reduction)
        }
    }
}

/// The valid names for `makeLoss(named:reduction:)`, as `LossKind.names` lists them.
public var validLossNames: [String] { LossKind.names }

/// The loss called `name` on the command line (case-insensitive), reduced by `reduction`
/// (`LossKind(named:).make(reduction:)`).
public func makeLoss(named name: String, reduction: Reduction = .mean) throws -> any Loss {
    try LossKind(named: name).make(reduction: reduction)
}
