// MaxPool2D: max pooling over square windows of a (batch, height, width, channels) image.

import NKCore

/// 2-D max pooling, channel by channel: `y[n, i, j, c] = max_{a,b<k} x[n, i·stride + a, j·stride + b, c]`; the gradient goes to the first maximal element of each window.
///
/// - Layout: NHWC. Input `(batch, H, W, channels)`, output
///   `(batch, (H − k) / stride + 1, (W − k) / stride + 1, channels)` (floor, no padding).
/// - No parameters. PyTorch: `torch.nn.MaxPool2d(k, stride)` on NCHW input.
///
/// ```swift
/// let y = try MaxPool2D(2).forward(Tensor(zeros: [64, 24, 24, 32]))   // (64, 12, 12, 32)
/// ```
public final class MaxPool2D: Module {
    /// The side of the square window.
    public let k: Int
    /// The step between windows, both directions.
    public let stride: Int

    /// Pooling over `k × k` windows moved by `stride` (default `k`); both positive.
    public init(_ k: Int, stride: Int? = nil) {
        precondition(k > 0 && (stride ?? 1) > 0, "MaxPool2D: sizes must be positive")
        self.k = k
        self.stride = stride ?? k
    }

    private func geometry(_ shape: [Int]) throws -> ConvolutionGeometry {
        guard shape.count == 4, shape[1] >= k, shape[2] >= k else {
            throw NeuralKitError.shape("\(self): expected input (batch, height ≥ \(k), width ≥ \(k), channels), got \(describeShape(shape))")
        }
        return ConvolutionGeometry(batch: shape[0], inH: shape[1], inW: shape[2], channels: shape[3],
                                   kH: k, kW: k, strideH: stride, strideW: stride)
    }

    /// `(batch, H', W', channels)`.
    public func outputShape(for inputShape: [Int]) throws -> [Int] {
        let g = try geometry(inputShape)
        return [g.batch, g.outH, g.outW, g.channels]
    }

    /// The max of every window.
    public func forward(_ input: Tensor) throws -> Tensor {
        let g = try geometry(input.shape)
        return PoolingKernels.forward(input, g, outShape: [g.batch, g.outH, g.outW, g.channels], max: true)
    }

    /// ∂loss/∂input, shaped like the input.
    public func backwardDelta(input: Tensor, delta: Tensor) throws -> Tensor {
        let g = try geometry(input.shape)
        try LayerSupport.checkDelta(self, delta, expected: [g.batch, g.outH, g.outW, g.channels])
        return PoolingKernels.backward(input, delta, g, max: true)
    }

    /// `MaxPool2D(k=2, stride=2)`.
    public var description: String { "MaxPool2D(k=\(k), stride=\(stride))" }
}
