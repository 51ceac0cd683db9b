// LogSoftmax: the row-wise logarithm of the softmax, computed stably.

import NKCore

/// `yᵢ = xᵢ − m − log Σⱼ exp(xⱼ − m)` over each row (`m` the row maximum), i.e. `log softmax(x)`
/// without overflow or `log 0`. Rows run along the last dimension as in `Softmax`; output has the
/// input's shape. Backward: `∂L/∂xᵢ = δᵢ − softmax(x)ᵢ · Σⱼ δⱼ`, recomputed from the input.
/// No parameters. PyTorch: `torch.nn.LogSoftmax(dim=-1)`.
///
/// ```swift
/// let y = try LogSoftmax().forward(Tensor(shape: [1, 2], scalars: [0, 0]))   // [−0.693, −0.693]
/// ```
public final class LogSoftmax: ShapePreservingModule {
    /// The log-softmax over the last dimension.
    public init() {}

    /// The input shape, unchanged; it needs at least the batch dimension.
    public func outputShape(for inputShape: [Int]) throws -> [Int] {
        guard !inputShape.isEmpty else { throw NeuralKitError.shape("\(self): expected input (batch, classes), got ()") }
        return inputShape
    }

    /// The row-wise log-softmax, shaped like the input.
    public func forward(_ input: Tensor) throws -> Tensor {
        try LayerSupport.checkBatched(self, input)
        return Softmax.rows(input, log: true)
    }

    /// `δ − softmax(x)·Σ δ` per row, shaped like the input.
    public func backwardDelta(input: Tensor, delta: Tensor) throws -> Tensor {
        try LayerSupport.checkBatched(self, input)
        try LayerSupport.checkDelta(self, delta, expected: input.shape)
        var dx = Softmax.rows(input)  // dx = softmax(x) for now
        let width = Softmax.rowWidth(input.shape)
        delta.withUnsafeBufferPointer { d in
            dx.withUnsafeMutableBufferPointer { p in
                for r in 0..<(width == 0 ? 0 : p.count / width) {
                    let o = r * width
                    var s: Float = 0
                    for j in 0..<width { s += d[o + j] }
                    for j in 0..<width { p[o + j] = d[o + j] - p[o + j] * s }
                }
            }
        }
        return dx
    }

    /// `LogSoftmax()`.
    public var description: String { "LogSoftmax()" }
}

extension LogSoftmax {
    /// The kind of values it outputs, for the losses' pairing rules.
    public var outputKind: OutputKind { .logProbabilities }
}
