// A trainable tensor and its accumulated gradient.

import NKCore

/// A trainable tensor (`value`) with the gradient accumulated for it (`gradient`, same shape).
/// It is a class so that a layer, an optimiser and a checkpoint all see the same storage.
public final class Parameter: CustomStringConvertible {
    /// The name PyTorch gives this tensor inside its layer: `weight` or `bias`.
    public let name: String
    public var value: Tensor
    public var gradient: Tensor

    public init(name: String, value: Tensor) {
        self.name = name
        self.value = value
        self.gradient = Tensor(zeros: value.shape)
    }

    public var description: String { "\(name) \(describeShape(value.shape))" }
}
