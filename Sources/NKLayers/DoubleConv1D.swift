// DoubleConv1D: 1-D convolutions along an image's rows and along its columns, concatenated.

import NKCore

/// Horizontal and vertical 1-D convolutions of an image, concatenated into one feature vector.
///
/// For an image `x` `(batch, H, W, chanIn)` (NHWC) and window `k = kSize`:
/// - horizontal (along each row): `h[n, i, j, o] = bh[o] + Σ_{t<k, c} Wh[o, t, c] · x[n, i, j + t, c]`,
///   shape `(batch, H, W − k + 1, chanOut)`;
/// - vertical (along each column): `v[n, i, j, o] = bv[o] + Σ_{t<k, c} Wv[o, t, c] · x[n, i + t, j, c]`,
///   shape `(batch, H − k + 1, W, chanOut)`;
/// - output: `(batch, F)` with `F = H·(W−k+1)·chanOut + (H−k+1)·W·chanOut`: `h` flattened row-major
///   (channels last), then `v` flattened the same way.
///
/// With `side > 0`, a flat input `(batch, side·side·chanIn)` is read as `(batch, side, side, chanIn)`.
/// - Parameters: `h.weight` `(chanOut, 1, k, chanIn)`, `h.bias`, `v.weight` `(chanOut, k, 1, chanIn)`,
///   `v.bias`; U(±1/√(k·chanIn)). Checkpoints store the weights as PyTorch's `(chanOut, chanIn, 1, k)`
///   and `(chanOut, chanIn, k, 1)`.
/// - PyTorch: `torch.cat([Conv2d(chanIn, chanOut, (1, k))(x).flatten(1), Conv2d(chanIn, chanOut, (k, 1))(x).flatten(1)], 1)`
///   up to the channels-last order of each flattened map.
///
/// ```swift
/// let layer = DoubleConv1D(kSize: 3, chanIn: 1, chanOut: 4, side: 16, using: &rng)
/// let y = try layer.forward(Tensor(zeros: [8, 256]))   // (8, 2·16·14·4) = (8, 1792)
/// ```
public final class DoubleConv1D: Module {
    /// The window length of both convolutions.
    public let kSize: Int
    /// Input channels.
    public let chanIn: Int
    /// Output channels of each direction.
    public let chanOut: Int
    /// The side of a flat square input, or 0 for NHWC input.
    public let side: Int
    private let horizontal: ConvolutionCore, vertical: ConvolutionCore

    /// Both convolutions, initialised from `rng`; sizes positive, `side` ≥ 0.
    public init(kSize: Int, chanIn: Int, chanOut: Int, side: Int = 0, using rng: inout RandomGenerator) {
        precondition(kSize > 0 && chanIn > 0 && chanOut > 0 && side >= 0, "DoubleConv1D: bad sizes")
        (self.kSize, self.chanIn, self.chanOut, self.side) = (kSize, chanIn, chanOut, side)
        horizontal = ConvolutionCore(weightShape: [chanOut, 1, kSize, chanIn], fanIn: kSize * chanIn, bias: true, prefix: "h.", using: &rng)
        vertical = ConvolutionCore(weightShape: [chanOut, kSize, 1, chanIn], fanIn: kSize * chanIn, bias: true, prefix: "v.", using: &rng)
    }

    /// `[h.weight, h.bias, v.weight, v.bias]`.
    public var parameters: [Parameter] { horizontal.parameters + vertical.parameters }

    /// The NHWC image shape and both geometries for an input shape.
    private func geometries(_ shape: [Int]) throws -> (image: [Int], h: ConvolutionGeometry, v: ConvolutionGeometry) {
        var image = shape
        if side > 0, shape.count == 2, shape[1] == side * side * chanIn { image = [shape[0], side, side, chanIn] }
        guard image.count == 4, image[3] == chanIn, image[1] >= kSize, image[2] >= kSize else {
            let flat = side > 0 ? " or (batch, \(side * side * chanIn))" : ""
            throw NeuralKitError.shape("\(self): expected input (batch, height ≥ \(kSize), width ≥ \(kSize), \(chanIn))\(flat), got \(describeShape(shape))")
        }
        let h = ConvolutionGeometry(batch: image[0], inH: image[1], inW: image[2], channels: chanIn, kH: 1, kW: kSize, strideH: 1, strideW: 1)
        let v = ConvolutionGeometry(batch: image[0], inH: image[1], inW: image[2], channels: chanIn, kH: kSize, kW: 1, strideH: 1, strideW: 1)
        return (image, h, v)
    }

    /// `(batch, H·(W−k+1)·chanOut + (H−k+1)·W·chanOut)`.
    public func outputShape(for inputShape: [Int]) throws -> [Int] {
        let (image, h, v) = try geometries(inputShape)
        return [image[0], (h.outH * h.outW + v.outH * v.outW) * chanOut]
    }

    /// The two maps, each `(batch, rows·cols·chanOut)`, as tensors.
    private func split(_ t: Tensor, _ h: ConvolutionGeometry, _ v: ConvolutionGeometry) -> (Tensor, Tensor) {
        let (n, fh, fv) = (h.batch, h.outH * h.outW * chanOut, v.outH * v.outW * chanOut)
        var a: [Float] = [], b: [Float] = []
        a.reserveCapacity(n * fh); b.reserveCapacity(n * fv)
        for i in 0..<n {
            a += t.scalars[(i * (fh + fv))..<(i * (fh + fv) + fh)]
            b += t.scalars[(i * (fh + fv) + fh)..<((i + 1) * (fh + fv))]
        }
        return (Tensor(shape: [n, h.outH, h.outW, chanOut], scalars: a), Tensor(shape: [n, v.outH, v.outW, chanOut], scalars: b))
    }

    /// Both convolutions, each sample's two maps concatenated.
    public func forward(_ input: Tensor) throws -> Tensor {
        let (image, h, v) = try geometries(input.shape)
        let x = input.reshaped(image)
        let yh = horizontal.forward(x, h, outShape: [h.batch, h.outH * h.outW * chanOut])
        let yv = vertical.forward(x, v, outShape: [v.batch, v.outH * v.outW * chanOut])
        var out: [Float] = []
        out.reserveCapacity(yh.count + yv.count)
        for i in 0..<h.batch { out += yh.rows(i..<(i + 1)).scalars; out += yv.rows(i..<(i + 1)).scalars }
        return Tensor(shape: [h.batch, yh.rowSize + yv.rowSize], scalars: out)
    }

    /// Adds both convolutions' weight and bias gradients.
    public func backwardUpdateGradient(input: Tensor, delta: Tensor) throws {
        let (image, h, v) = try geometries(input.shape)
        try LayerSupport.checkDelta(self, delta, expected: try outputShape(for: input.shape))
        let (dh, dv) = split(delta, h, v), x = input.reshaped(image)
        horizontal.backwardUpdateGradient(x, dh, h)
        vertical.backwardUpdateGradient(x, dv, v)
    }

    /// The sum of both convolutions' input gradients, shaped like the input.
    public func backwardDelta(input: Tensor, delta: Tensor) throws -> Tensor {
        let (image, h, v) = try geometries(input.shape)
        try LayerSupport.checkDelta(self, delta, expected: try outputShape(for: input.shape))
        let (dh, dv) = split(delta, h, v), x = input.reshaped(image)
        let a = horizontal.backwardDelta(x, dh, h), b = vertical.backwardDelta(x, dv, v)
        return Tensor(shape: input.shape, scalars: zip(a.scalars, b.scalars).map(+))
    }

    /// `DoubleConv1D(k_size=3, chan_in=1, chan_out=4, side=16)`.
    public var description: String {
        "DoubleConv1D(k_size=\(kSize), chan_in=\(chanIn), chan_out=\(chanOut)\(side > 0 ? ", side=\(side)" : ""))"
    }
}
