// MaxPool1D: max pooling over windows of a (batch, length, channels) sequence.

import NKCore

/// 1-D max pooling, channel by channel: `y[n, t, c] = max_{i<kSize} x[n, t·stride + i, c]`; the gradient goes to the first maximal element of each window.
///
/// - Layout: channels last. Input `(batch, length, channels)` (or `(batch, length)`, one channel),
///   output `(batch, (length − kSize) / stride + 1, channels)` (floor, no padding), the same rank as the input.
/// - No parameters. PyTorch: `torch.nn.MaxPool1d(kSize, stride)` on `(batch, channels, length)`.
///
/// ```swift
/// let y = try MaxPool1D(kSize: 2, stride: 2).forward(Tensor(zeros: [32, 254, 32]))   // (32, 127, 32)
/// ```
public final class MaxPool1D: Module {
    /// The window length.
    public let kSize: Int
    /// The step between windows.
    public let stride: Int

    /// Pooling over windows of `kSize` moved by `stride` (default `kSize`); both positive.
    public init(kSize: Int, stride: Int? = nil) {
        precondition(kSize > 0 && (stride ?? 1) > 0, "MaxPool1D: sizes must be positive")
        self.kSize = kSize
        self.stride = stride ?? kSize
    }

    private func geometry(_ shape: [Int]) throws -> (ConvolutionGeometry, [Int]) {
        let g = ConvolutionGeometry(batch: shape.first ?? 0, inH: 1, inW: shape.count > 1 ? shape[1] : 0,
                                    channels: shape.count == 3 ? shape[2] : 1, kH: 1, kW: kSize, strideH: 1, strideW: stride)
        guard shape.count == 2 || shape.count == 3, g.isValid else {
            throw NeuralKitError.shape("\(self): expected input (batch, length ≥ \(kSize), channels), got \(describeShape(shape))")
        }
        return (g, shape.count == 3 ? [g.batch, g.outW, g.channels] : [g.batch, g.outW])
    }

    /// `(batch, (length − kSize) / stride + 1, channels)`.
    public func outputShape(for inputShape: [Int]) throws -> [Int] { try geometry(inputShape).1 }

    /// The max of every window.
    public func forward(_ input: Tensor) throws -> Tensor {
        let (g, shape) = try geometry(input.shape)
        return PoolingKernels.forward(input, g, outShape: shape, max: true)
    }

    /// ∂loss/∂input, shaped like the input.
    public func backwardDelta(input: Tensor, delta: Tensor) throws -> Tensor {
        let (g, shape) = try geometry(input.shape)
        try LayerSupport.checkDelta(self, delta, expected: shape)
        return PoolingKernels.backward(input, delta, g, max: true)
    }

    /// `MaxPool1D(k_size=2, stride=2)`.
    public var description: String { "MaxPool1D(k_size=\(kSize), stride=\(stride))" }
}
