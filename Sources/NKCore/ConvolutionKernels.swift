// The C kernels of convolution layers, for NKLayers (which does not see CNKKernels).

import CNKKernels

/// Low-level convolution helpers; the layers (`NKLayers`) hold the geometry and the reference code.
public enum ConvolutionKernels {
    /// Copies every `kH × kW` window of the channels-last input `x` `(batch, inH, inW, channels)`,
    /// zero-padded by `padH, padW` and moved by `strideH, strideW`, into one row of `cols`
    /// `(batch·outH·outW, kH·kW·channels [+ 1])`, ordered (kh, kw, c); with `onesColumn` each row
    /// ends with a 1. `outH = (inH + 2·padH − kH) / strideH + 1`, likewise `outW`.
    public static func im2col(_ x: UnsafePointer<Float>, _ cols: UnsafeMutablePointer<Float>,
                              batch: Int, inH: Int, inW: Int, channels: Int, kH: Int, kW: Int,
                              strideH: Int, strideW: Int, padH: Int, padW: Int, onesColumn: Bool) {
        nk_im2col(x, cols, batch, inH, inW, channels, kH, kW, strideH, strideW, padH, padW, onesColumn ? 1 : 0)
    }
}
