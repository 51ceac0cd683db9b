// ConvTranspose1D: the transposed 1-D convolution (the adjoint of Conv1D), (batch, length, channels).

import NKCore

/// The transposed 1-D convolution: every input position scatters a `kSize × chanOut` patch,
/// `y[n, t·stride + i, o] = b[o] + Σ_{t, c} x[n, t, c] · W[c, i, o]` (sums over all `t` that reach the
/// output position). Without the bias it is the adjoint of `Conv1D` with the same sizes swapped: its
/// forward is `Conv1D.backwardDelta` and vice versa.
///
/// - Layout: channels last. Input `(batch, length, chanIn)` (or `(batch, length)` when `chanIn == 1`),
///   output `(batch, (length − 1)·stride + kSize, chanOut)`.
/// - Parameters: `weight` `(chanIn, kSize, chanOut)`, `bias` `(chanOut)`; checkpoints store PyTorch's
///   `(chanIn, chanOut, kSize)`.
/// - Initialisation: U(±1/√(chanOut·kSize)) for both (PyTorch's default for transposed convolutions).
/// - Computation: one GEMM `x · W` `(batch·length, kSize·chanOut)`, then col2im.
/// - PyTorch: `torch.nn.ConvTranspose1d(chanIn, chanOut, kSize, stride)` on `(batch, chanIn, length)`.
///
/// ```swift
/// let up = ConvTranspose1D(kSize: 2, chanIn: 8, chanOut: 1, stride: 2, using: &rng)
/// let y = try up.forward(Tensor(zeros: [4, 50, 8]))   // (4, 100, 1)
/// ```
public final class ConvTranspose1D: Module {
    /// The patch length.
    public let kSize: Int
    /// Input channels.
    public let chanIn: Int
    /// Output channels.
    public let chanOut: Int
    /// The step between the patches of consecutive input positions.
    public let stride: Int
    /// The filters, shape `(chanIn, kSize, chanOut)`.
    public let weight: Parameter
    /// The bias, shape `(chanOut)`, or `nil`.
    public let bias: Parameter?
    private var columns: [Float] = []

    /// A transposed convolution initialised from `rng`; sizes must be positive.
    public init(kSize: Int, chanIn: Int, chanOut: Int, stride: Int = 1, bias: Bool = true, using rng: inout RandomGenerator) {
        precondition(kSize > 0 && chanIn > 0 && chanOut > 0 && stride > 0, "ConvTranspose1D: sizes must be positive")
        (self.kSize, self.chanIn, self.chanOut, self.stride) = (kSize, chanIn, chanOut, stride)
        let bound = 1 / Float(chanOut * kSize).squareRoot()
        weight = Parameter(name: "weight", value: .uniform([chanIn, kSize, chanOut], low: -bound, high: bound, using: &rng))
        self.bias = bias ? Parameter(name: "bias", value: .uniform([chanOut], low: -bound, high: bound, using: &rng)) : nil
    }

    /// `[weight, bias]`.
    public var parameters: [Parameter] { bias.map { [weight, $0] } ?? [weight] }

    /// The geometry of the *output* seen as a Conv1D input: its windows are the input positions.
    private func geometry(_ shape: [Int]) throws -> ConvolutionGeometry {
        guard (shape.count == 3 && shape[2] == chanIn) || (shape.count == 2 && chanIn == 1), shape[1] > 0 else {
            throw NeuralKitError.shape("\(self): expected input (batch, length ≥ 1, \(chanIn)), got \(describeShape(shape))")
        }
        return ConvolutionGeometry(
            batch: shape[0], inH: 1, inW: (shape[1] - 1) * stride + kSize, channels: chanOut,
            kH: 1, kW: kSize, strideH: 1, strideW: stride)
    }

    /// `(batch, (length − 1)·stride + kSize, chanOut)`.
    public func outputShape(for inputShape: [Int]) throws -> [Int] {
        let g = try geometry(inputShape)
        return [g.batch, g.inW, chanOut]
    }

    /// `col2im(x · W) + b`.
    public func forward(_ input: Tensor) throws -> Tensor {
        let g = try geometry(input.shape)
        let (m, k) = (g.patchCount, g.patchSize)
        if columns.count < m * k { columns = [Float](repeating: 0, count: m * k) }
        return Tensor(uninitializedShape: [g.batch, g.inW, chanOut]) { y in
            y.update(repeating: 0)
            guard m > 0 else { return }
            columns.withUnsafeMutableBufferPointer { c in  // c: (batch·length, kSize·chanOut)
                input.withUnsafeBufferPointer { x in
                    weight.value.withUnsafeBufferPointer { w in
                        GEMM.multiply(
                            transposeA: false, transposeB: false, m: m, n: k, k: chanIn,
                            a: x.baseAddress!, lda: chanIn, b: w.baseAddress!, ldb: k, beta: 0, c: c.baseAddress!, ldc: k)
                    }
                }
                g.col2im(c.baseAddress!, y.baseAddress!)
            }
            bias?.value.withUnsafeBufferPointer { b in
                ConvolutionGeometry.addBias(b.baseAddress!, y.baseAddress!, rows: g.batch * g.inW, out: chanOut)
            }
        }
    }

    /// `im2col(δ)`, `(batch·length, kSize·chanOut)`, into the scratch buffer.
    private func deltaColumns(_ delta: Tensor, _ g: ConvolutionGeometry) {
        let count = g.patchCount * g.patchSize
        if columns.count < count { columns = [Float](repeating: 0, count: count) }
        delta.withUnsafeBufferPointer { d in columns.withUnsafeMutableBufferPointer { c in g.im2col(d.baseAddress!, c.baseAddress!) } }
    }

    /// Adds `xᵀ · im2col(δ)` to the weight gradient and the sums of `δ` per channel to the bias gradient.
    public func backwardUpdateGradient(input: Tensor, delta: Tensor) throws {
        let g = try geometry(input.shape)
        try LayerSupport.checkDelta(self, delta, expected: [g.batch, g.inW, chanOut])
        guard g.patchCount > 0 else { return }
        deltaColumns(delta, g)
        let (m, k) = (g.patchCount, g.patchSize)
        columns.withUnsafeBufferPointer { c in
            input.withUnsafeBufferPointer { x in
                weight.gradient.withUnsafeMutableBufferPointer { gw in  // gw: (chanIn, k) += xᵀ·c
                    GEMM.multiply(
                        transposeA: true, transposeB: false, m: chanIn, n: k, k: m,
                        a: x.baseAddress!, lda: chanIn, b: c.baseAddress!, ldb: k, beta: 1, c: gw.baseAddress!, ldc: k)
                }
            }
        }
        delta.withUnsafeBufferPointer { d in
            bias?.gradient.withUnsafeMutableBufferPointer { gb in
                ConvolutionGeometry.addColumnSums(d.baseAddress!, gb.baseAddress!, rows: g.batch * g.inW, out: chanOut)
            }
        }
    }

    /// `im2col(δ) · Wᵀ`, shaped like the input (a Conv1D forward without bias).
    public func backwardDelta(input: Tensor, delta: Tensor) throws -> Tensor {
        let g = try geometry(input.shape)
        try LayerSupport.checkDelta(self, delta, expected: [g.batch, g.inW, chanOut])
        guard g.patchCount > 0 else { return Tensor(zeros: input.shape) }
        deltaColumns(delta, g)
        let (m, k) = (g.patchCount, g.patchSize)
        return Tensor(uninitializedShape: input.shape) { dx in  // dx: (batch·length, chanIn)
            columns.withUnsafeBufferPointer { c in
                weight.value.withUnsafeBufferPointer { w in
                    GEMM.multiply(
                        transposeA: false, transposeB: true, m: m, n: chanIn, k: k,
                        a: c.baseAddress!, lda: k, b: w.baseAddress!, ldb: k, beta: 0, c: dx.baseAddress!, ldc: chanIn)
                }
            }
        }
    }

    /// `ConvTranspose1D(k_size=2, chan_in=8, chan_out=1, stride=2)`.
    public var description: String {
        "ConvTranspose1D(k_size=\(kSize), chan_in=\(chanIn), chan_out=\(chanOut), stride=\(stride)\(bias == nil ? ", bias=false" : ""))"
    }
}
