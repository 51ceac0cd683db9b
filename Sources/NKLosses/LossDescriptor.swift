// LossDescriptor: everything NeuralKit needs to know about a loss, declared beside the loss itself —
// its name, the predictions and targets it takes, the last layers it refuses, and how to build it.

import NKCore

/// What a loss takes as its target, which decides how labels are encoded and accuracy judged.
public enum TargetKind: Sendable, Equatable {
    /// One column of class indices (±1 labels become 0/1); accuracy by argmax.
    case classIndices
    /// 0/1 per output (±1 labels become 0/1); accuracy by `threshold`.
    case binary(threshold: Float)
    /// ±1 per output (0/1 labels become ±1); accuracy by the sign.
    case signs
    /// Values as given; a class column meeting a wider output becomes one-hot rows.
    case values
}

/// A loss as the rest of NeuralKit sees it. Each loss file declares its descriptor
/// (`MSELoss.descriptor`, …) and `LossKind.registry` lists them: a new loss is its file and one line there.
public struct LossDescriptor: Sendable {
    /// The name `--loss` and the notation use (`mse`, `ce`, `nll-log`).
    public let name: String
    /// What it needs as targets.
    public let target: TargetKind
    /// Why it cannot train a model whose last layer outputs values of a kind (nil: it can), given
    /// whether the labels hold −1. The advice says what to write instead.
    public let refusal: @Sendable (_ output: OutputKind, _ minusOneLabels: Bool) -> String?
    /// The loss with a reduction.
    public let make: @Sendable (Reduction) -> any Loss

    public init(
        name: String, target: TargetKind, refusal: @escaping @Sendable (OutputKind, Bool) -> String? = { _, _ in nil },
        make: @escaping @Sendable (Reduction) -> any Loss
    ) {
        (self.name, self.target, self.refusal, self.make) = (name, target, refusal, make)
    }

    /// The refusal of losses whose outputs cannot reach −1 labels (`mse`, `hinge`).
    static let unreachableMinusOne: @Sendable (OutputKind, Bool) -> String? = { output, minusOne in
        output.isInUnitInterval && minusOne
            ? "its outputs lie in (0, 1) and cannot reach the −1 labels, so it would learn nothing. Use --loss bce (the labels become 0/1), or end the model with TanH()." : nil
    }
}
