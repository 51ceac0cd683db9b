// NaiveConvolution: direct-loop reference convolutions and poolings, to test the fast kernels against.

import NKCore

/// Reference implementations written straight from the formulas, in `Double`, one output element at a
/// time; slow on purpose. Layouts are the layers' own: images NHWC `(batch, H, W, C)` (a 1-D sequence
/// `(batch, L, C)` is the image `(batch, 1, L, C)`), conv weights `(out, kH, kW, in)`, transposed-conv
/// weights `(in, k, out)`. Each function returns what the corresponding layer method computes.
public enum NaiveConvolution {
    /// `y[n,i,j,o] = b[o] + Σ W[o,a,b,c] · x̃[n, i·sH + a, j·sW + b, c]` (`x̃` zero-padded).
    public static func conv2D(_ x: Tensor, weight: Tensor, bias: Tensor?, stride: (Int, Int), padding: (Int, Int)) -> Tensor {
        let (n, h, w, c) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3])
        let (o, kh, kw) = (weight.shape[0], weight.shape[1], weight.shape[2])
        let oh = (h + 2 * padding.0 - kh) / stride.0 + 1, ow = (w + 2 * padding.1 - kw) / stride.1 + 1
        var y = Tensor(zeros: [n, oh, ow, o])
        for b in 0..<n {
            for i in 0..<oh {
                for j in 0..<ow {
                    for f in 0..<o {
                        var s = Double(bias?.scalars[f] ?? 0)
                        for a in 0..<kh {
                            for q in 0..<kw {
                                for ch in 0..<c {
                                    let hh = i * stride.0 - padding.0 + a, ww = j * stride.1 - padding.1 + q
                                    guard hh >= 0, hh < h, ww >= 0, ww < w else { continue }
                                    s += Double(weight.scalars[((f * kh + a) * kw + q) * c + ch]) * Double(x.scalars[((b * h + hh) * w + ww) * c + ch])
                                }
                            }
                        }
                        y.scalars[((b * oh + i) * ow + j) * o + f] = Float(s)
                    }
                }
            }
        }
        return y
    }

    /// The gradients of `conv2D` for `delta` `(batch, H', W', out)`: input, weight, bias.
    public static func conv2DBackward(_ x: Tensor, weight: Tensor, delta: Tensor, stride: (Int, Int), padding: (Int, Int))
        -> (input: Tensor, weight: Tensor, bias: Tensor)
    {
        let (n, h, w, c) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3])
        let (o, kh, kw) = (weight.shape[0], weight.shape[1], weight.shape[2])
        let (oh, ow) = (delta.shape[1], delta.shape[2])
        var dx = [Double](repeating: 0, count: x.count), dw = [Double](repeating: 0, count: weight.count)
        var db = [Double](repeating: 0, count: o)
        for b in 0..<n {
            for i in 0..<oh {
                for j in 0..<ow {
                    for f in 0..<o {
                        let d = Double(delta.scalars[((b * oh + i) * ow + j) * o + f])
                        db[f] += d
                        for a in 0..<kh {
                            for q in 0..<kw {
                                for ch in 0..<c {
                                    let hh = i * stride.0 - padding.0 + a, ww = j * stride.1 - padding.1 + q
                                    guard hh >= 0, hh < h, ww >= 0, ww < w else { continue }
                                    let xi = ((b * h + hh) * w + ww) * c + ch, wi = ((f * kh + a) * kw + q) * c + ch
                                    dx[xi] += d * Double(weight.scalars[wi])
                                    dw[wi] += d * Double(x.scalars[xi])
                                }
                            }
                        }
                    }
                }
            }
        }
        return (
            Tensor(shape: x.shape, scalars: dx.map(Float.init)), Tensor(shape: weight.shape, scalars: dw.map(Float.init)),
            Tensor(shape: [o], scalars: db.map(Float.init))
        )
    }

    /// Max (`max: true`) or average pooling of `x` `(batch, H, W, C)` over `k.0 × k.1` windows moved by `stride`.
    public static func pool2D(_ x: Tensor, k: (Int, Int), stride: (Int, Int), max useMax: Bool) -> Tensor {
        let (n, h, w, c) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3])
        let oh = (h - k.0) / stride.0 + 1, ow = (w - k.1) / stride.1 + 1
        var y = Tensor(zeros: [n, oh, ow, c])
        for b in 0..<n {
            for i in 0..<oh {
                for j in 0..<ow {
                    for ch in 0..<c {
                        var values: [Double] = []
                        for a in 0..<k.0 {
                            for q in 0..<k.1 {
                                values.append(Double(x.scalars[((b * h + i * stride.0 + a) * w + j * stride.1 + q) * c + ch]))
                            }
                        }
                        y.scalars[((b * oh + i) * ow + j) * c + ch] = Float(useMax ? values.max()! : values.reduce(0, +) / Double(values.count))
                    }
                }
            }
        }
        return y
    }

    /// The input gradient of `pool2D` for `delta` `(batch, H', W', C)` (max: to the first maximum of each window).
    public static func pool2DBackward(_ x: Tensor, delta: Tensor, k: (Int, Int), stride: (Int, Int), max useMax: Bool) -> Tensor {
        let (n, h, w, c) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3])
        let (oh, ow) = (delta.shape[1], delta.shape[2])
        var dx = [Double](repeating: 0, count: x.count)
        for b in 0..<n {
            for i in 0..<oh {
                for j in 0..<ow {
                    for ch in 0..<c {
                        let d = Double(delta.scalars[((b * oh + i) * ow + j) * c + ch])
                        let window = (0..<(k.0 * k.1)).map { e in ((b * h + i * stride.0 + e / k.1) * w + j * stride.1 + e % k.1) * c + ch }
                        if useMax {
                            let best = window.first { x.scalars[$0] == window.map { x.scalars[$0] }.max()! }!
                            dx[best] += d
                        } else {
                            for e in window { dx[e] += d / Double(window.count) }
                        }
                    }
                }
            }
        }
        return Tensor(shape: x.shape, scalars: dx.map(Float.init))
    }

    /// Transposed 1-D convolution: `y[n, t·s + i, o] += Σ_c x[n, t, c] · W[c, i, o]`, plus `b[o]`;
    /// `x` `(batch, L, in)`, `W` `(in, k, out)`, `y` `(batch, (L − 1)·s + k, out)`.
    public static func convTranspose1D(_ x: Tensor, weight: Tensor, bias: Tensor?, stride: Int) -> Tensor {
        let (n, l, c) = (x.shape[0], x.shape[1], x.shape[2])
        let (k, o) = (weight.shape[1], weight.shape[2])
        let ol = (l - 1) * stride + k
        var y = [Double](repeating: 0, count: n * ol * o)
        for b in 0..<n { for t in 0..<ol { for f in 0..<o { y[(b * ol + t) * o + f] = Double(bias?.scalars[f] ?? 0) } } }
        for b in 0..<n {
            for t in 0..<l {
                for i in 0..<k {
                    for f in 0..<o {
                        for ch in 0..<c {
                            y[(b * ol + t * stride + i) * o + f] += Double(x.scalars[(b * l + t) * c + ch]) * Double(weight.scalars[(ch * k + i) * o + f])
                        }
                    }
                }
            }
        }
        return Tensor(shape: [n, ol, o], scalars: y.map(Float.init))
    }
}
