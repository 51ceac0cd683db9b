// PoolingKernels: max and average pooling over channels-last windows, forward and backward.

import NKCore

/// Max and average pooling on the windows of a `ConvolutionGeometry` (no padding): per output
/// position and channel, `max` or `mean` of the `kH·kW` window values, by the C kernels of
/// `ConvolutionKernels` (channels innermost, branch-free, vectorised), samples split over the kernel
/// threads. Max pooling routes the gradient to the first maximal element of each window, as PyTorch
/// does. `NaiveConvolution` holds the reference they are tested against.
enum PoolingKernels {
    /// `y (batch, outH, outW, c)` from `x (batch, inH, inW, c)`. Samples are split over the kernel threads.
    static func forward(_ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, _ g: ConvolutionGeometry, max useMax: Bool) {
        g.forEachSampleRange(work: g.inH * g.inW * g.channels) { part, first in
            forwardSerial(x + first * g.inH * g.inW * g.channels, y + first * g.outH * g.outW * g.channels, part, max: useMax)
        }
    }

    private static func forwardSerial(_ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, _ g: ConvolutionGeometry, max useMax: Bool) {
        ConvolutionKernels.poolForward(
            x, y, batch: g.batch, inH: g.inH, inW: g.inW, channels: g.channels, kH: g.kH, kW: g.kW,
            strideH: g.strideH, strideW: g.strideW, max: useMax)
    }

    /// `dx (batch, inH, inW, c)` (any contents; overwritten) from `d (batch, outH, outW, c)` and the input `x`.
    /// Samples are split over the kernel threads.
    static func backward(
        _ x: UnsafePointer<Float>, _ d: UnsafePointer<Float>, _ dx: UnsafeMutablePointer<Float>,
        _ g: ConvolutionGeometry, max useMax: Bool
    ) {
        let (inSize, outSize) = (g.inH * g.inW * g.channels, g.outH * g.outW * g.channels)
        g.forEachSampleRange(work: 2 * inSize) { part, first in
            backwardSerial(x + first * inSize, d + first * outSize, dx + first * inSize, part, max: useMax)
        }
    }

    private static func backwardSerial(
        _ x: UnsafePointer<Float>, _ d: UnsafePointer<Float>, _ dx: UnsafeMutablePointer<Float>,
        _ g: ConvolutionGeometry, max useMax: Bool
    ) {
        ConvolutionKernels.poolBackward(
            x, d, dx, batch: g.batch, inH: g.inH, inW: g.inW, channels: g.channels, kH: g.kH, kW: g.kW,
            strideH: g.strideH, strideW: g.strideW, max: useMax)
    }

    /// Pooled output of `input` as a tensor of `outShape`.
    static func forward(_ input: Tensor, _ g: ConvolutionGeometry, outShape: [Int], max: Bool) -> Tensor {
        Tensor(uninitializedShape: outShape) { y in
            guard g.patchCount > 0 else { return }
            input.withUnsafeBufferPointer { x in forward(x.baseAddress!, y.baseAddress!, g, max: max) }
        }
    }

    /// ∂loss/∂input for `delta` shaped like the pooled output.
    static func backward(_ input: Tensor, _ delta: Tensor, _ g: ConvolutionGeometry, max: Bool) -> Tensor {
        Tensor(uninitializedShape: input.shape) { dx in
            guard g.patchCount > 0 else { dx.update(repeating: 0); return }
            input.withUnsafeBufferPointer { x in
                delta.withUnsafeBufferPointer { d in backward(x.baseAddress!, d.baseAddress!, dx.baseAddress!, g, max: max) }
            }
        }
    }
}
