// ConvolutionGeometry: the sizes of one channels-last convolution or pooling, and its im2col kernels.

import NKCore

/// The geometry shared by every convolution and pooling layer, in channels-last (NHWC) layout:
/// input `(batch, inH, inW, channels)`, a `kH×kW` window moved by `strideH, strideW` over the input
/// zero-padded by `padH, padW` on each side, output `(batch, outH, outW, …)` with
/// `outH = (inH + 2·padH − kH) / strideH + 1` (floor, as PyTorch). 1-D layers use `inH = kH = 1`.
///
/// Why channels-last: the `kW·channels` values of one window row are contiguous in memory, so im2col
/// copies whole runs (one `update` per window row) and the GEMM output `(batch·outH·outW, out)` *is*
/// the next layer's NHWC input, with no transposition.
struct ConvolutionGeometry: Equatable, Sendable {
    var batch: Int, inH: Int, inW: Int, channels: Int
    var kH: Int, kW: Int, strideH: Int, strideW: Int, padH: Int = 0, padW: Int = 0

    var outH: Int { (inH + 2 * padH - kH) / strideH + 1 }
    var outW: Int { (inW + 2 * padW - kW) / strideW + 1 }
    /// Whether at least one window fits.
    var isValid: Bool { inH + 2 * padH >= kH && inW + 2 * padW >= kW }
    /// Rows of the im2col matrix: one per output position, `batch·outH·outW`.
    var patchCount: Int { batch * outH * outW }
    /// Columns of the im2col matrix: one window, `kH·kW·channels`, ordered (kh, kw, c).
    var patchSize: Int { kH * kW * channels }

    /// Splits the batch into ranges of samples run concurrently on the kernel threads:
    /// `body(part, first)` gets this geometry with `batch` set to the range's size, and the range's
    /// first sample. `work` is the number of floats one sample touches, which sets the grain.
    func forEachSampleRange(work: Int, _ body: (ConvolutionGeometry, Int) -> Void) {
        Parallelism.forEachRange(count: batch, grain: max(1, (1 << 15) / max(1, work))) { range in
            var part = self
            part.batch = range.count
            body(part, range.lowerBound)
        }
    }

    /// Copies every window of `x` `(batch, inH, inW, channels)` into `cols` `(patchCount, patchSize)`,
    /// zeros where the window hangs over the padding. With `onesColumn`, rows are `patchSize + 1` long
    /// and end with a 1 (so that a GEMM against `[W | b]` adds the bias, and `δᵀ·cols` sums it).
    /// Samples are split over the kernel threads.
    func im2col(_ x: UnsafePointer<Float>, _ cols: UnsafeMutablePointer<Float>, onesColumn: Bool = false) {
        let rowStride = patchSize + (onesColumn ? 1 : 0)
        forEachSampleRange(work: outH * outW * rowStride) { part, first in
            part.im2colSerial(x + first * inH * inW * channels, cols + first * outH * outW * rowStride, onesColumn: onesColumn)
        }
    }

    /// `im2col` on the calling thread (the C kernel; `NaiveConvolution` is the reference it is tested
    /// against, through the layers).
    private func im2colSerial(_ x: UnsafePointer<Float>, _ cols: UnsafeMutablePointer<Float>, onesColumn: Bool) {
        ConvolutionKernels.im2col(
            x, cols, batch: batch, inH: inH, inW: inW, channels: channels, kH: kH, kW: kW,
            strideH: strideH, strideW: strideW, padH: padH, padW: padW, onesColumn: onesColumn)
    }

    /// The adjoint of `im2col`: adds every row of `cols` `(patchCount, patchSize)` back into the
    /// window it came from in `dx` `(batch, inH, inW, channels)`, which must be zeroed first.
    /// Samples are split over the kernel threads (each owns its image of `dx`).
    func col2im(_ cols: UnsafePointer<Float>, _ dx: UnsafeMutablePointer<Float>) {
        forEachSampleRange(work: outH * outW * patchSize) { part, first in
            part.col2imSerial(cols + first * outH * outW * patchSize, dx + first * inH * inW * channels)
        }
    }

    /// `col2im` on the calling thread.
    private func col2imSerial(_ cols: UnsafePointer<Float>, _ dx: UnsafeMutablePointer<Float>) {
        let (oh, ow, c) = (outH, outW, channels)
        var row = cols
        for n in 0..<batch {
            let image = dx + n * inH * inW * c
            for i in 0..<oh {
                for j in 0..<ow {
                    for a in 0..<kH {
                        let h = i * strideH - padH + a
                        guard h >= 0 && h < inH else { continue }
                        let w0 = j * strideW - padW
                        if w0 >= 0 && w0 + kW <= inW {  // one contiguous run
                            let src = row + a * kW * c, dst = image + (h * inW + w0) * c
                            for q in 0..<(kW * c) { dst[q] += src[q] }
                            continue
                        }
                        for b in 0..<kW {
                            let w = j * strideW - padW + b
                            guard w >= 0 && w < inW else { continue }
                            let src = row + (a * kW + b) * c, dst = image + (h * inW + w) * c
                            for q in 0..<c { dst[q] += src[q] }
                        }
                    }
                    row += patchSize
                }
            }
        }
    }

    /// Adds `bias[o]` to every row of `y` `(rows, out)`.
    static func addBias(_ bias: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, rows: Int, out: Int) {
        for r in 0..<rows {
            let row = y + r * out
            for o in 0..<out { row[o] += bias[o] }
        }
    }

    /// Adds the column sums of `d` `(rows, out)` to `g` `(out)`.
    static func addColumnSums(_ d: UnsafePointer<Float>, _ g: UnsafeMutablePointer<Float>, rows: Int, out: Int) {
        for r in 0..<rows {
            let row = d + r * out
            for o in 0..<out { g[o] += row[o] }
        }
    }
}
