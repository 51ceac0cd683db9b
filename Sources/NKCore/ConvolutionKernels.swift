// The C kernels of convolution layers, for NKLayers (which does not see CNKKernels).

import CNKKernels

/// Low-level convolution helpers; the layers (`NKLayers`) hold the geometry and the reference code.
public enum ConvolutionKernels {
    /// Copies every `kH × kW` window of the channels-last input `x` `(batch, inH, inW, channels)`,
    /// zero-padded by `padH, padW` and moved by `strideH, strideW`, into one row of `cols`
    /// `(batch·outH·outW, kH·kW·channels [+ 1])`, ordered (kh, kw, c); with `onesColumn` each row
    /// ends with a 1. `outH = (inH + 2·padH − kH) / strideH + 1`, likewise `outW`.
    public static func im2col(
        _ x: UnsafePointer<Float>, _ cols: UnsafeMutablePointer<Float>,
        batch: Int, inH: Int, inW: Int, channels: Int, kH: Int, kW: Int,
        strideH: Int, strideW: Int, padH: Int, padW: Int, onesColumn: Bool
    ) {
        nk_im2col(x, cols, batch, inH, inW, channels, kH, kW, strideH, strideW, padH, padW, onesColumn ? 1 : 0)
    }

    /// Max (`max: true`) or average pooling of the channels-last `x` `(batch, inH, inW, channels)`
    /// over `kH × kW` windows moved by `strideH, strideW` (no padding) into `y` `(batch, outH, outW, channels)`.
    public static func poolForward(
        _ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>,
        batch: Int, inH: Int, inW: Int, channels: Int, kH: Int, kW: Int,
        strideH: Int, strideW: Int, max: Bool
    ) {
        nk_pool_forward(x, y, batch, inH, inW, channels, kH, kW, strideH, strideW, max ? 1 : 0)
    }

    /// The gradient of `poolForward`: `dx` (overwritten) from `d` `(batch, outH, outW, channels)` and
    /// the input `x`; max pooling sends each gradient to the first maximal element of its window.
    public static func poolBackward(
        _ x: UnsafePointer<Float>, _ d: UnsafePointer<Float>, _ dx: UnsafeMutablePointer<Float>,
        batch: Int, inH: Int, inW: Int, channels: Int, kH: Int, kW: Int,
        strideH: Int, strideW: Int, max: Bool
    ) {
        nk_pool_backward(x, d, dx, batch, inH, inW, channels, kH, kW, strideH, strideW, max ? 1 : 0)
    }
}
