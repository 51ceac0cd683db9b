// Softmax: the row-wise normalised exponential.

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif
import NKCore

/// `yᵢ = exp(xᵢ − m) / Σⱼ exp(xⱼ − m)` over each row, with `m` the row maximum (stable for any
/// finite input). Rows run along the last dimension: input `(batch, classes)` (or `(batch, …,
/// classes)`); a rank-1 input `(batch)` has rows of width 1. Output has the input's shape.
/// Backward: `∂L/∂xᵢ = yᵢ(δᵢ − Σⱼ δⱼyⱼ)`, with `y` recomputed from the input.
/// No parameters. PyTorch: `torch.nn.Softmax(dim=-1)`.
///
/// ```swift
/// let p = try Softmax().forward(Tensor(shape: [1, 2], scalars: [0, 0]))   // [0.5, 0.5]
/// ```
public final class Softmax: ShapePreservingModule {
    /// The softmax over the last dimension.
    public init() {}

    /// The input shape, unchanged; it needs at least the batch dimension.
    public func outputShape(for inputShape: [Int]) throws -> [Int] {
        guard !inputShape.isEmpty else { throw NeuralKitError.shape("\(self): expected input (batch, classes), got ()") }
        return inputShape
    }

    /// The row-wise softmax, shaped like the input.
    public func forward(_ input: Tensor) throws -> Tensor {
        try LayerSupport.checkBatched(self, input)
        return Softmax.rows(input)
    }

    /// `y ⊙ (δ − Σ δ⊙y)` per row, shaped like the input.
    public func backwardDelta(input: Tensor, delta: Tensor) throws -> Tensor {
        try LayerSupport.checkBatched(self, input)
        try LayerSupport.checkDelta(self, delta, expected: input.shape)
        var dx = Softmax.rows(input)  // dx = y for now
        let width = Softmax.rowWidth(input.shape)
        delta.withUnsafeBufferPointer { d in
            dx.withUnsafeMutableBufferPointer { y in
                for r in 0..<(width == 0 ? 0 : y.count / width) {
                    let o = r * width
                    var dot: Float = 0
                    for j in 0..<width { dot += d[o + j] * y[o + j] }
                    for j in 0..<width { y[o + j] *= d[o + j] - dot }
                }
            }
        }
        return dx
    }

    /// `Softmax()`.
    public var description: String { "Softmax()" }

    /// The width of one softmax row: the last dimension, or 1 for a rank-1 tensor.
    static func rowWidth(_ shape: [Int]) -> Int { shape.count >= 2 ? shape[shape.count - 1] : 1 }

    /// The stable row-wise softmax of `x`; with `log`, the log-softmax `(x − m) − log Σ exp(x − m)`.
    static func rows(_ x: Tensor, log: Bool = false) -> Tensor {
        let width = rowWidth(x.shape)
        let rowCount = width == 0 ? 0 : x.count / width
        var shifted = Tensor(uninitializedShape: x.shape) { z in  // z = x − rowmax ≤ 0
            x.withUnsafeBufferPointer { x in
                for r in 0..<rowCount {
                    let o = r * width
                    var m = -Float.infinity
                    for j in 0..<width { m = max(m, x[o + j]) }
                    if !m.isFinite { m = 0 }
                    for j in 0..<width { z[o + j] = x[o + j] - m }
                }
            }
        }
        var e = Tensor(uninitializedShape: x.shape) { e in  // e = exp(z)
            shifted.withUnsafeBufferPointer { z in Elementwise.exp(z, e) }
        }
        e.withUnsafeMutableBufferPointer { e in
            shifted.withUnsafeMutableBufferPointer { z in
                for r in 0..<rowCount {
                    let o = r * width
                    var s: Float = 0
                    for j in 0..<width { s += e[o + j] }
                    if log {
                        let ls = Float(naturalLog(Double(s)))
                        for j in 0..<width { z[o + j] -= ls }
                    } else {
                        let inv = 1 / s
                        for j in 0..<width { e[o + j] *= inv }
                    }
                }
            }
        }
        return log ? shifted : e
    }
}

@inline(__always) private func naturalLog(_ x: Double) -> Double { log(x) }

extension Softmax {
    /// The kind of values it outputs, for the losses' pairing rules.
    public var outputKind: OutputKind { .rowProbabilities }
}
