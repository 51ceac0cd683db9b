// makeLoss: builds a loss from its command-line name.

import NKCore

/// The command-line names of the losses, in the order `--help` lists them, with their makers.
let lossNames: [(name: String, make: @Sendable (Reduction) -> any Loss)] = [
    ("mse", { MSELoss(reduction: $0) }),
    ("bce", { BCELoss(reduction: $0) }),
    ("bce-logits", { BCEWithLogitsLoss(reduction: $0) }),
    ("ce", { CrossEntropyLoss(reduction: $0) }),
    ("nll", { NLLLoss(reduction: $0) }),
    ("hinge", { HingeLoss(reduction: $0) }),
    ("multi-hinge", { MultiHingeLoss(reduction: $0) }),
]

/// The valid names for `makeLoss(named:reduction:)`: `mse`, `bce`, `bce-logits`, `ce`, `nll`,
/// `hinge`, `multi-hinge`.
public let validLossNames: [String] = lossNames.map(\.name)

/// The loss called `name` on the command line (case-insensitive), reduced by `reduction`.
///
/// `mse` → `MSELoss`, `bce` → `BCELoss`, `bce-logits` → `BCEWithLogitsLoss`,
/// `ce` → `CrossEntropyLoss`, `nll` → `NLLLoss`, `hinge` → `HingeLoss`,
/// `multi-hinge` → `MultiHingeLoss`. An unknown name throws an error listing the valid ones.
public func makeLoss(named name: String, reduction: Reduction = .mean) throws -> any Loss {
    guard let entry = lossNames.first(where: { $0.name == name.lowercased() }) else {
        throw NeuralKitError.argument("unknown loss '\(name)'; valid losses: \(validLossNames.joined(separator: ", "))")
    }
    return entry.make(reduction)
}
