// AvgPool2D: average pooling over square windows of a (batch, height, width, channels) image.

import NKCore

/// 2-D average pooling, channel by channel: `y[n, i, j, c] = (1/k²) Σ_{a,b<k} x[n, i·stride + a, j·stride + b, c]`; the gradient is shared equally over the window.
///
/// - Layout: NHWC. Input `(batch, H, W, channels)`, output
///   `(batch, (H − k) / stride + 1, (W − k) / stride + 1, channels)` (floor, no padding).
/// - No parameters. PyTorch: `torch.nn.AvgPool2d(k, stride)` on NCHW input.
///
/// ```swift
/// let y = try AvgPool2D(2).forward(Tensor(zeros: [64, 24, 24, 32]))   // (64, 12, 12, 32)
/// ```
public final class AvgPool2D: PoolingLayer2D {
    /// The side of the square window.
    public let k: Int
    /// The step between windows, both directions.
    public let stride: Int

    /// Pooling over `k × k` windows moved by `stride` (default `k`); both positive.
    public init(_ k: Int, stride: Int? = nil) {
        precondition(k > 0 && (stride ?? 1) > 0, "AvgPool2D: sizes must be positive")
        self.k = k
        self.stride = stride ?? k
    }

    public static let takesMax = false
    public static let notationName = "AvgPool2D"
}
