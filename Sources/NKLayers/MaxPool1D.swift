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
public final class MaxPool1D: PoolingLayer1D {
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

    /// See `PiecewiseLinearModule` (gradient checks only).
    public var pieceHolding = PieceHolding.free

    public static let takesMax = true
    public static let notationName = "MaxPool1D"

    /// The largest element of every window (the held ones, when pieces are held).
    public func forward(_ input: Tensor) throws -> Tensor {
        let (g, shape) = try poolingGeometry(input.shape)
        guard let positions = try selection(for: input, { g.maxPositions(input) }) else { return try pool(input) }
        return Tensor(shape: shape, scalars: positions.map { input.scalars[$0] })
    }
}

extension MaxPool1D: PiecewiseLinearModule {}
