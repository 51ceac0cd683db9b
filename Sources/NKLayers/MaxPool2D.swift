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
public final class MaxPool2D: PoolingLayer2D {
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

    /// See `PiecewiseLinearModule` (gradient checks only).
    public var pieceHolding = PieceHolding.free

    public static let takesMax = true
    public static let notationName = "MaxPool2D"

    /// The largest element of every window (the held ones, when pieces are held).
    public func forward(_ input: Tensor) throws -> Tensor {
        let g = try poolingGeometry(input.shape)
        guard let positions = try selection(for: input, { g.maxPositions(input) }) else { return try pool(input) }
        return Tensor(shape: [g.batch, g.outH, g.outW, g.channels], scalars: positions.map { input.scalars[$0] })
    }
}

extension MaxPool2D: PiecewiseLinearModule {}
