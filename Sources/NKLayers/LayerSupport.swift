// Shared internal helpers for the layer files: shape checks and elementwise maps.

import NKCore

/// Checks and loops every layer needs; internal so that layer files stay short.
enum LayerSupport {
    /// Throws unless `input` has at least one dimension (the batch).
    static func checkBatched(_ layer: some Module, _ input: Tensor) throws {
        guard input.rank >= 1 else {
            throw NeuralKitError.shape("\(layer): expected input (batch, …), got a scalar \(describeShape(input.shape))")
        }
    }

    /// Throws unless `delta` has the shape `expected` (the output shape for this input).
    static func checkDelta(_ layer: some Module, _ delta: Tensor, expected: [Int]) throws {
        guard delta.shape == expected else {
            throw NeuralKitError.shape(
                "\(layer): delta (∂loss/∂output) has shape \(describeShape(delta.shape)), expected the output shape \(describeShape(expected))")
        }
    }

    /// `y[i] = f(x[i])`, any shape.
    @inline(__always)
    static func map(_ x: Tensor, _ f: (Float) -> Float) -> Tensor {
        Tensor(uninitializedShape: x.shape) { y in
            x.withUnsafeBufferPointer { x in
                for i in 0..<x.count { y[i] = f(x[i]) }
            }
        }
    }

    /// `y[i] = f(x[i], d[i])` for two tensors of the same shape.
    @inline(__always)
    static func zip(_ x: Tensor, _ d: Tensor, _ f: (Float, Float) -> Float) -> Tensor {
        Tensor(uninitializedShape: x.shape) { y in
            x.withUnsafeBufferPointer { x in
                d.withUnsafeBufferPointer { d in
                    for i in 0..<x.count { y[i] = f(x[i], d[i]) }
                }
            }
        }
    }

    /// Formats a shape with its first dimension written as `batch`: `(batch, 784)`.
    static func describeBatched(_ shape: [Int]) -> String {
        guard !shape.isEmpty else { return "()" }
        return "(" + (["batch"] + shape.dropFirst().map(String.init)).joined(separator: ", ") + ")"
    }
}
