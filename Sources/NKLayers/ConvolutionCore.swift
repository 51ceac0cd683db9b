// ConvolutionCore: the im2col + GEMM engine shared by Conv1D, Conv2D and DoubleConv1D.

import NKCore

/// A channels-last convolution as one GEMM: `Y (patches, out) = cols (patches, kH·kW·in) · Wᵀ + b`,
/// with the weight stored `(out, kH, kW, in)` so that each of its rows is one im2col row's layout.
/// With a bias, im2col rows end with a 1 and the GEMM runs against `[W | b]`: the bias is added, and
/// its gradient summed, inside the GEMMs instead of in two extra passes over the output.
///
/// Memory: the im2col scratch holds at most `maxScratch` floats (16 MB); a larger batch is processed
/// in chunks of samples. When a batch fits in one chunk, its im2col matrix is kept with the input it
/// came from (holding the tensor keeps its storage alive, so the same base address means the same,
/// unmodified values) and reused by `backwardUpdateGradient`. Scratch buffers are reused across batches.
final class ConvolutionCore {
    let weight: Parameter
    let bias: Parameter?
    let outChannels: Int
    /// The largest im2col scratch, in floats.
    static let maxScratch = 1 << 22
    private var columns: [Float] = []
    private var columnsInput: Tensor?
    private var columnsGeometry: ConvolutionGeometry?
    private var extended: [Float] = []  // (out, k + 1): [W | b], or the gradient of it

    /// `weight` of `weightShape` (out first, product `out·kH·kW·in`) and bias `(out)`, both
    /// U(±1/√fan_in) with `fan_in = kH·kW·in` (PyTorch's default).
    /// `prefix` goes before the parameter names (`h.` makes `h.weight`).
    init(weightShape: [Int], fanIn: Int, bias: Bool, prefix: String = "", using rng: inout RandomGenerator) {
        let bound = 1 / Float(fanIn).squareRoot()
        outChannels = weightShape[0]
        weight = Parameter(name: prefix + "weight", value: .uniform(weightShape, low: -bound, high: bound, using: &rng))
        self.bias = bias ? Parameter(name: prefix + "bias", value: .uniform([weightShape[0]], low: -bound, high: bound, using: &rng)) : nil
    }

    var parameters: [Parameter] { bias.map { [weight, $0] } ?? [weight] }

    /// im2col row length: the window, plus the ones column with a bias.
    private func rowLength(_ g: ConvolutionGeometry) -> Int { g.patchSize + (bias == nil ? 0 : 1) }

    /// Runs `body(chunk geometry, first sample)` over chunks of samples whose im2col fits the scratch.
    private func forEachChunk(_ g: ConvolutionGeometry, _ body: (ConvolutionGeometry, Int) -> Void) {
        let perSample = max(1, g.outH * g.outW * rowLength(g))
        let samples = max(1, Self.maxScratch / perSample)
        var start = 0
        while start < g.batch {
            var sub = g
            sub.batch = min(samples, g.batch - start)
            body(sub, start)
            start += sub.batch
        }
    }

    /// im2col of samples `start..<start + sub.batch` of `x` into `columns`.
    private func fillColumns(_ x: UnsafeBufferPointer<Float>, _ sub: ConvolutionGeometry, start: Int) {
        let count = sub.patchCount * rowLength(sub)
        if columns.count < count { columns = [Float](repeating: 0, count: count) }
        columns.withUnsafeMutableBufferPointer { c in
            sub.im2col(x.baseAddress! + start * sub.inH * sub.inW * sub.channels, c.baseAddress!, onesColumn: bias != nil)
        }
    }

    /// Whether `columns` holds the im2col matrix of this very input (single-chunk batches only).
    private func cached(_ input: Tensor, _ g: ConvolutionGeometry) -> Bool {
        guard let last = columnsInput, g == columnsGeometry, last.shape == input.shape else { return false }
        return last.withUnsafeBufferPointer({ $0.baseAddress }) == input.withUnsafeBufferPointer({ $0.baseAddress })
    }

    /// `(batch, outH, outW, out)` written into a tensor of `outShape` (same element count).
    func forward(_ input: Tensor, _ g: ConvolutionGeometry, outShape: [Int]) -> Tensor {
        guard g.patchCount > 0 else { return Tensor(zeros: outShape) }
        let (n, k) = (outChannels, g.patchSize)
        let ld = rowLength(g)
        if let bias {  // [W | b]: (out, k + 1)
            if extended.count < n * ld { extended = [Float](repeating: 0, count: n * ld) }
            for o in 0..<n {
                extended.replaceSubrange((o * ld)..<(o * ld + k), with: weight.value.scalars[(o * k)..<(o * k + k)])
                extended[o * ld + k] = bias.value.scalars[o]
            }
        }
        let isCached = cached(input, g)
        columnsInput = nil
        var single = false
        let y = Tensor(uninitializedShape: outShape) { y in  // y: (patches, out)
            input.withUnsafeBufferPointer { x in
                forEachChunk(g) { sub, start in
                    single = sub.batch == g.batch
                    if !(single && isCached) { fillColumns(x, sub, start: start) }
                    columns.withUnsafeBufferPointer { c in  // c: (chunk patches, ld)
                        (bias == nil ? weight.value.scalars : extended).withUnsafeBufferPointer { w in  // w: (out, ld)
                            GEMM.multiply(
                                transposeA: false, transposeB: true, m: sub.patchCount, n: n, k: ld,
                                a: c.baseAddress!, lda: ld, b: w.baseAddress!, ldb: ld,
                                beta: 0, c: y.baseAddress! + start * g.outH * g.outW * n, ldc: n)
                        }
                    }
                }
            }
        }
        if single { (columnsInput, columnsGeometry) = (input, g) }
        return y
    }

    /// Adds `δᵀ·cols` to the weight gradient and the column sums of `δ` `(patches, out)` to the bias
    /// gradient (the last column of `δᵀ·[cols | 1]`).
    func backwardUpdateGradient(_ input: Tensor, _ delta: Tensor, _ g: ConvolutionGeometry) {
        guard g.patchCount > 0 else { return }
        let (n, k) = (outChannels, g.patchSize)
        let ld = rowLength(g)
        if extended.count < n * ld { extended = [Float](repeating: 0, count: n * ld) }
        let isCached = cached(input, g)
        input.withUnsafeBufferPointer { x in
            delta.withUnsafeBufferPointer { d in  // d: (patches, out)
                forEachChunk(g) { sub, start in
                    if !(sub.batch == g.batch && isCached) { fillColumns(x, sub, start: start) }
                    columns.withUnsafeBufferPointer { c in  // c: (chunk patches, ld)
                        extended.withUnsafeMutableBufferPointer { e in  // e: (out, ld) = dᵀ·c
                            GEMM.multiply(
                                transposeA: true, transposeB: false, m: n, n: ld, k: sub.patchCount,
                                a: d.baseAddress! + start * g.outH * g.outW * n, lda: n, b: c.baseAddress!, ldb: ld,
                                beta: 0, c: e.baseAddress!, ldc: ld)
                        }
                    }
                    weight.gradient.withUnsafeMutableBufferPointer { gw in
                        for o in 0..<n { for j in 0..<k { gw[o * k + j] += extended[o * ld + j] } }
                    }
                    bias?.gradient.withUnsafeMutableBufferPointer { gb in
                        for o in 0..<n { gb[o] += extended[o * ld + k] }
                    }
                }
            }
        }
        if columnsInput != nil && !isCached { columnsInput = nil }  // columns now hold another input
    }

    /// `col2im(δ·W)`: ∂loss/∂input shaped like `input`. Uses (and so invalidates) the scratch.
    func backwardDelta(_ input: Tensor, _ delta: Tensor, _ g: ConvolutionGeometry) -> Tensor {
        guard g.patchCount > 0 else { return Tensor(zeros: input.shape) }
        let (n, k) = (outChannels, g.patchSize)
        columnsInput = nil
        return Tensor(uninitializedShape: input.shape) { dx in
            dx.update(repeating: 0)
            delta.withUnsafeBufferPointer { d in
                forEachChunk(g) { sub, start in
                    if columns.count < sub.patchCount * k { columns = [Float](repeating: 0, count: sub.patchCount * k) }
                    columns.withUnsafeMutableBufferPointer { dc in  // dc: (chunk patches, k) = d·W
                        weight.value.withUnsafeBufferPointer { w in
                            GEMM.multiply(
                                transposeA: false, transposeB: false, m: sub.patchCount, n: k, k: n,
                                a: d.baseAddress! + start * g.outH * g.outW * n, lda: n, b: w.baseAddress!, ldb: k,
                                beta: 0, c: dc.baseAddress!, ldc: k)
                        }
                        sub.col2im(dc.baseAddress!, dx.baseAddress! + start * g.inH * g.inW * g.channels)
                    }
                }
            }
        }
    }
}
