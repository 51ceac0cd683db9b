// PoolingKernels: max and average pooling over channels-last windows, forward and backward.

import NKCore

/// Max and average pooling on the windows of a `ConvolutionGeometry` (no padding): per output
/// position and channel, `max` or `mean` of the `kH·kW` window values. The channel loop is innermost
/// (contiguous in NHWC). Max pooling routes the gradient to the first maximal element of each window,
/// as PyTorch does.
enum PoolingKernels {
    /// `y (batch, outH, outW, c)` from `x (batch, inH, inW, c)`.
    static func forward(_ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, _ g: ConvolutionGeometry, max useMax: Bool) {
        let c = g.channels, scale = 1 / Float(g.kH * g.kW)
        var out = y
        for n in 0..<g.batch {
            let image = x + n * g.inH * g.inW * c
            for i in 0..<g.outH {
                for j in 0..<g.outW {
                    let corner = image + (i * g.strideH * g.inW + j * g.strideW) * c
                    out.update(from: corner, count: c)
                    for a in 0..<g.kH {
                        for b in 0..<g.kW where a > 0 || b > 0 {
                            let v = corner + (a * g.inW + b) * c
                            if useMax { for q in 0..<c where v[q] > out[q] { out[q] = v[q] } }
                            else { for q in 0..<c { out[q] += v[q] } }
                        }
                    }
                    if !useMax { for q in 0..<c { out[q] *= scale } }
                    out += c
                }
            }
        }
    }

    /// `dx (batch, inH, inW, c)` (zeroed first) from `d (batch, outH, outW, c)` and the input `x`.
    static func backward(_ x: UnsafePointer<Float>, _ d: UnsafePointer<Float>, _ dx: UnsafeMutablePointer<Float>,
                         _ g: ConvolutionGeometry, max useMax: Bool) {
        let c = g.channels, scale = 1 / Float(g.kH * g.kW)
        var dOut = d
        for n in 0..<g.batch {
            let offset = n * g.inH * g.inW * c
            for i in 0..<g.outH {
                for j in 0..<g.outW {
                    let corner = offset + (i * g.strideH * g.inW + j * g.strideW) * c
                    for q in 0..<c {
                        if useMax {
                            var best = corner + q
                            for a in 0..<g.kH {
                                for b in 0..<g.kW {
                                    let e = corner + (a * g.inW + b) * c + q
                                    if x[e] > x[best] { best = e }
                                }
                            }
                            dx[best] += dOut[q]
                        } else {
                            let share = dOut[q] * scale
                            for a in 0..<g.kH { for b in 0..<g.kW { dx[corner + (a * g.inW + b) * c + q] += share } }
                        }
                    }
                    dOut += c
                }
            }
        }
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
            dx.update(repeating: 0)
            guard g.patchCount > 0 else { return }
            input.withUnsafeBufferPointer { x in
                delta.withUnsafeBufferPointer { d in backward(x.baseAddress!, d.baseAddress!, dx.baseAddress!, g, max: max) }
            }
        }
    }
}
