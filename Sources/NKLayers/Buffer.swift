// A saved, untrained tensor of a layer (BatchNorm's running statistics).

import NKCore

/// State a layer keeps and saves but does not train: BatchNorm's `running_mean`, `running_var` and
/// `num_batches_tracked`. Checkpoints store it beside the parameters under PyTorch's names;
/// `isInteger` buffers are written as I64 (PyTorch's `num_batches_tracked` is a 0-dimensional int64).
public final class Buffer: CustomStringConvertible {
    /// The name PyTorch gives it inside its layer.
    public let name: String
    /// The values (whole numbers when `isInteger`).
    public var value: Tensor
    /// Whether checkpoints store it as I64.
    public let isInteger: Bool

    public init(name: String, value: Tensor, isInteger: Bool = false) {
        self.name = name
        self.value = value
        self.isInteger = isInteger
    }

    public var description: String { "\(name) \(describeShape(value.shape))" }
}
