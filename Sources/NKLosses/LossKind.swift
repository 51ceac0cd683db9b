// LossKind: a loss by its name, as run specifications, checkpoints and `--loss` record it.

import NKCore

/// A built-in loss, by the name `--loss` takes (and run specifications and checkpoints record); what
/// it is comes from its `LossDescriptor`, declared in the loss's own file.
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
public struct LossKind: RawRepresentable, Hashable, Codable, Sendable, CaseIterable, CustomStringConvertible {
    /// Every loss NeuralKit knows, in the order `--help` lists them: a new loss adds its descriptor here.
    public static let registry: [LossDescriptor] = [
        MSELoss.descriptor, BCELoss.descriptor, BCEWithLogitsLoss.descriptor, CrossEntropyLoss.descriptor,
        NLLLoss.probabilitiesDescriptor, NLLLoss.logProbabilitiesDescriptor, HingeLoss.descriptor, MultiHingeLoss.descriptor,
    ]

    public static let mse = LossKind(known: "mse"), bce = LossKind(known: "bce"), bceLogits = LossKind(known: "bce-logits")
    public static let ce = LossKind(known: "ce"), nll = LossKind(known: "nll"), nllLog = LossKind(known: "nll-log")
    public static let hinge = LossKind(known: "hinge"), multiHinge = LossKind(known: "multi-hinge")

    /// The name.
    public let rawValue: String
    /// What the loss is.
    public let descriptor: LossDescriptor

    /// The loss of that name, or nil for an unknown one.
    public init?(rawValue: String) {
        guard let descriptor = Self.registry.first(where: { $0.name == rawValue }) else { return nil }
        (self.rawValue, self.descriptor) = (rawValue, descriptor)
    }

    private init(known name: String) { self.init(rawValue: name)! }

    /// The loss called `name` (case-insensitive); an unknown name throws an error listing the valid ones.
    public init(named name: String) throws {
        guard let kind = LossKind(rawValue: name.lowercased()) else {
            throw NeuralKitError.argument("unknown loss '\(name)'; valid losses: \(LossKind.names.joined(separator: ", "))")
        }
        self = kind
    }

    public static var allCases: [LossKind] { registry.map { LossKind(known: $0.name) } }

    /// Every name, in the order `--help` lists them.
    public static var names: [String] { registry.map(\.name) }

    /// The command-line name.
    public var description: String { rawValue }

    /// Whether the targets are class indices (one column), as for `ce`, `nll`, `nll-log`, `multi-hinge`.
    public var takesClassIndices: Bool { descriptor.target == .classIndices }

    /// The loss itself, reduced by `reduction`.
    public func make(reduction: Reduction = .mean) -> any Loss { descriptor.make(reduction) }

    public static func == (a: LossKind, b: LossKind) -> Bool { a.rawValue == b.rawValue }
    public func hash(into hasher: inout Hasher) { hasher.combine(rawValue) }

    public init(from decoder: any Decoder) throws {
        let name = try decoder.singleValueContainer().decode(String.self)
        guard let kind = LossKind(rawValue: name) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "unknown loss '\(name)'; valid losses: \(LossKind.names.joined(separator: ", "))"))
        }
        self = kind
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}

/// The valid names for `makeLoss(named:reduction:)`, as `LossKind.names` lists them.
public var validLossNames: [String] { LossKind.names }

/// The loss called `name` on the command line (case-insensitive), reduced by `reduction`
/// (`LossKind(named:).make(reduction:)`).
public func makeLoss(named name: String, reduction: Reduction = .mean) throws -> any Loss {
    try LossKind(named: name).make(reduction: reduction)
}
