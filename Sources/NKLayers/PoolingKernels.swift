// PoolingKernels: max and average pooling over channels-last windows, forward and backward.

import NKCore

/// Max and average pooling on the windows of a `ConvolutionGeometry` (no padding): per output
/// position and channel, `max` or `mean` of the `kH·kW` window values. The channel loop is innermost
/// (contiguous in NHWC). Max pooling routes the gradient to the first maximal element of each window,
/// as PyTorch does.
enum PoolingKernels {
    /// `y (batch, outH, outW, c)` from `x (batch, inH, inW, c)`. Loops run over the channels innermost,
    /// branch-free, so that they vectorise.
    /// Samples are split over the kernel threads.
    static func forward(_ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, _ g: ConvolutionGeometry, max useMax: Bool) {
        g.forEachSampleRange(work: g.inH * g.inW * g.channels) { part, first in
            forwardSerial(x + first * g.inH * g.inW * g.channels, y + first * g.outH * g.outW * g.channels, part, max: useMax)
        }
    }

    private static func forwardSerial(_ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, _ g: ConvolutionGeometry, max useMax: Bool) {
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
                            if useMax { for q in 0..<c { out[q] = v[q] > out[q] ? v[q] : out[q] } }
                            else { for q in 0..<c { out[q] += v[q] } }
                        }
                    }
                    if !useMax { for q in 0..<c { out[q] *= scale } }
                    out += c
                }
            }
        }
    }

    /// `dx (batch, inH, inW, c)` (any contents; overwritten) from `d (batch, outH, outW, c)` and the input `x`.
    /// Samples are split over the kernel threads.
    static func backward(_ x: UnsafePointer<Float>, _ d: UnsafePointer<Float>, _ dx: UnsafeMutablePointer<Float>,
                         _ g: ConvolutionGeometry, max useMax: Bool) {
        let (inSize, outSize) = (g.inH * g.inW * g.channels, g.outH * g.outW * g.channels)
        g.forEachSampleRange(work: 2 * inSize) { part, first in
            backwardSerial(x + first * inSize, d + first * outSize, dx + first * inSize, part, max: useMax)
        }
    }

    private static func backwardSerial(_ x: UnsafePointer<Float>, _ d: UnsafePointer<Float>, _ dx: UnsafeMutablePointer<Float>,
                                       _ g: ConvolutionGeometry, max useMax: Bool) {
        let c = g.channels, scale = 1 / Float(g.kH * g.kW)
        // Disjoint windows (stride = window) let max pooling assign instead of accumulate.
        let tiles = useMax && g.strideH == g.kH && g.strideW == g.kW
        if !tiles || g.outH * g.kH != g.inH || g.outW * g.kW != g.inW { dx.update(repeating: 0, count: g.batch * g.inH * g.inW * c) }
        var dOut = d
        for n in 0..<g.batch {
            let offset = n * g.inH * g.inW * c
            for i in 0..<g.outH {
                for j in 0..<g.outW {
                    let corner = offset + (i * g.strideH * g.inW + j * g.strideW) * c
                    if useMax {
                        // Per channel: the window's maximum, then δ to its first occurrence; `left` holds δ
                        // until the maximum is met and 0 after. Eight channels at a time (explicit SIMD:
                        // the scalar loop does not vectorise), the rest one by one.
                        var q = 0
                        while q + 8 <= c {
                            var best = load8(x + corner + q)
                            for a in 0..<g.kH { for b in 0..<g.kW {
                                let v = load8(x + corner + (a * g.inW + b) * c + q)
                                best.replace(with: v, where: v .> best)
                            } }
                            var left = load8(dOut + q)
                            for a in 0..<g.kH {
                                for b in 0..<g.kW {
                                    let e = corner + (a * g.inW + b) * c + q
                                    let hit = load8(x + e) .== best
                                    let share = SIMD8<Float>(repeating: 0).replacing(with: left, where: hit)
                                    store8(tiles ? share : load8(dx + e) + share, dx + e)
                                    left.replace(with: 0, where: hit)
                                }
                            }
                            q += 8
                        }
                        for q in q..<c {
                            var best = x[corner + q]
                            for a in 0..<g.kH { for b in 0..<g.kW { best = Swift.max(best, x[corner + (a * g.inW + b) * c + q]) } }
                            var left = dOut[q]
                            for a in 0..<g.kH {
                                for b in 0..<g.kW {
                                    let e = corner + (a * g.inW + b) * c + q
                                    let share = x[e] == best ? left : 0
                                    dx[e] = tiles ? share : dx[e] + share
                                    if x[e] == best { left = 0 }
                                }
                            }
                        }
                    } else {
                        for a in 0..<g.kH {
                            for b in 0..<g.kW {
                                let target = dx + corner + (a * g.inW + b) * c
                                for q in 0..<c { target[q] += dOut[q] * scale }
                            }
                        }
                    }
                    dOut += c
                }
            }
        }
    }

    @inline(__always) private static func load8(_ p: UnsafePointer<Float>) -> SIMD8<Float> {
        UnsafeRawPointer(p).loadUnaligned(as: SIMD8<Float>.self)
    }

    @inline(__always) private static func store8(_ v: SIMD8<Float>, _ p: UnsafeMutablePointer<Float>) {
        UnsafeMutableRawPointer(p).storeBytes(of: v, as: SIMD8<Float>.self)
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
