// ConvolutionCore: the im2col + GEMM engine shared by Conv1D, Conv2D and DoubleConv1D.

import NKCore

/// A channels-last convolution as one GEMM: `Y (patches, out) = cols (patches, kH·kW·in) · Wᵀ + b`,
/// with the weight stored `(out, kH, kW, in)` so that each of its rows is one im2col row's layout.
/// With a bias, im2col rows end with a 1 and the GEMM runs against `[W | b]`: the bias is added, and
/// its gradient summed, inside the GEMMs instead of in two extra passes over the output.
///
/// The im2col matrix of the last forward is kept, with the input it came from (holding the tensor keeps
/// its storage alive, so the same base address means the same, unmodified values), and reused by
/// `backwardUpdateGradient` for that input; the scratch buffers are reused across batches.
final class ConvolutionCore {
    let weight: Parameter
    let bias: Parameter?
    let outChannels: Int
    private var columns: [Float] = []
    private var columnsInput: Tensor?
    private var columnsGeometry: ConvolutionGeometry?
    private var deltaColumns: [Float] = []
    private var extended: [Float] = []                 // (out, k + 1): [W | b], or the gradient of it

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

    /// Fills `columns` with the im2col matrix of `input` unless it already holds it.
    private func prepareColumns(_ input: Tensor, _ g: ConvolutionGeometry) {
        if let last = columnsInput, g == columnsGeometry, last.shape == input.shape,
           last.withUnsafeBufferPointer({ $0.baseAddress }) == input.withUnsafeBufferPointer({ $0.baseAddress }) {
            return
        }
        let count = g.patchCount * (g.patchSize + (bias == nil ? 0 : 1))
        if columns.count < count { columns = [Float](repeating: 0, count: count) }
        input.withUnsafeBufferPointer { x in
            columns.withUnsafeMutableBufferPointer { c in g.im2col(x.baseAddress!, c.baseAddress!, onesColumn: bias != nil) }
        }
        columnsInput = input
        columnsGeometry = g
    }

    /// `(batch, outH, outW, out)` written into a tensor of `outShape` (same element count).
    func forward(_ input: Tensor, _ g: ConvolutionGeometry, outShape: [Int]) -> Tensor {
        guard g.patchCount > 0 else { return Tensor(zeros: outShape) }
        prepareColumns(input, g)
        let (m, n, k) = (g.patchCount, outChannels, g.patchSize)
        let ld = k + (bias == nil ? 0 : 1)
        if let bias {                                                         // [W | b]: (out, k + 1)
            if extended.count < n * ld { extended = [Float](repeating: 0, count: n * ld) }
            for o in 0..<n {
                extended.replaceSubrange((o * ld)..<(o * ld + k), with: weight.value.scalars[(o * k)..<(o * k + k)])
                extended[o * ld + k] = bias.value.scalars[o]
            }
        }
        return Tensor(uninitializedShape: outShape) { y in                    // y: (patches, out)
            columns.withUnsafeBufferPointer { c in                            // c: (patches, ld)
                (bias == nil ? weight.value.scalars : extended).withUnsafeBufferPointer { w in   // w: (out, ld)
                    GEMM.multiply(transposeA: false, transposeB: true, m: m, n: n, k: ld,
                                  a: c.baseAddress!, lda: ld, b: w.baseAddress!, ldb: ld,
                                  beta: 0, c: y.baseAddress!, ldc: n)
                }
            }
        }
    }

    /// Adds `δᵀ·cols` to the weight gradient and the column sums of `δ` `(patches, out)` to the bias
    /// gradient (the last column of `δᵀ·[cols | 1]`).
    func backwardUpdateGradient(_ input: Tensor, _ delta: Tensor, _ g: ConvolutionGeometry) {
        guard g.patchCount > 0 else { return }
        prepareColumns(input, g)
        let (m, n, k) = (g.patchCount, outChannels, g.patchSize)
        let ld = k + (bias == nil ? 0 : 1)
        if extended.count < n * ld { extended = [Float](repeating: 0, count: n * ld) }
        delta.withUnsafeBufferPointer { d in                                  // d: (patches, out)
            columns.withUnsafeBufferPointer { c in                            // c: (patches, ld)
                extended.withUnsafeMutableBufferPointer { e in                // e: (out, ld) = dᵀ·c
                    GEMM.multiply(transposeA: true, transposeB: false, m: n, n: ld, k: m,
                                  a: d.baseAddress!, lda: n, b: c.baseAddress!, ldb: ld,
                                  beta: 0, c: e.baseAddress!, ldc: ld)
                }
            }
        }
        weight.gradient.withUnsafeMutableBufferPointer { gw in
            for o in 0..<n { for j in 0..<k { gw[o * k + j] += extended[o * ld + j] } }
        }
        bias?.gradient.withUnsafeMutableBufferPointer { gb in
            for o in 0..<n { gb[o] += extended[o * ld + k] }
        }
    }

    /// `col2im(δ·W)`: ∂loss/∂input shaped like `input`.
    func backwardDelta(_ input: Tensor, _ delta: Tensor, _ g: ConvolutionGeometry) -> Tensor {
        guard g.patchCount > 0 else { return Tensor(zeros: input.shape) }
        let (m, n, k) = (g.patchCount, outChannels, g.patchSize)
        if deltaColumns.count < m * k { deltaColumns = [Float](repeating: 0, count: m * k) }
        return Tensor(uninitializedShape: input.shape) { dx in
            dx.update(repeating: 0)
            deltaColumns.withUnsafeMutableBufferPointer { dc in               // dc: (patches, k) = d·W
                delta.withUnsafeBufferPointer { d in
                    weight.value.withUnsafeBufferPointer { w in
                        GEMM.multiply(transposeA: false, transposeB: false, m: m, n: k, k: n,
                                      a: d.baseAddress!, lda: n, b: w.baseAddress!, ldb: k,
                                      beta: 0, c: dc.baseAddress!, ldc: k)
                    }
                }
                g.col2im(dc.baseAddress!, dx.baseAddress!)
            }
        }
    }
}
