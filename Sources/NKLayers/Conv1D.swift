// Conv1D: the 1-D convolution over sequences laid out (batch, length, channels).

import NKCore

/// A 1-D convolution (cross-correlation, as PyTorch):
/// `y[n, t, o] = b[o] + Σ_{i<kSize, c<chanIn} W[o, i, c] · x[n, t·stride + i, c]`.
///
/// - Layout: channels last. Input `(batch, length, chanIn)`, output
///   `(batch, (length − kSize) / stride + 1, chanOut)` (no padding; floor). A rank-2 input
///   `(batch, length)` is accepted when `chanIn == 1`, so a flat sequence dataset can enter directly.
/// - Parameters: `weight` `(chanOut, kSize, chanIn)` (each row is one im2col row), `bias` `(chanOut)`.
///   Checkpoints store PyTorch's `(chanOut, chanIn, kSize)`.
/// - Initialisation: U(±1/√(kSize·chanIn)) for weight and bias (PyTorch's default).
/// - Computation: im2col + one GEMM per batch (see `ConvolutionGeometry`); `NaiveConvolution` is the
///   direct-loop reference.
/// - PyTorch: `torch.nn.Conv1d(chanIn, chanOut, kSize, stride)` on the input permuted to `(batch, chanIn, length)`.
///
/// ```swift
/// let conv = Conv1D(kSize: 3, chanIn: 1, chanOut: 32, stride: 1, using: &rng)
/// let y = try conv.forward(Tensor(zeros: [32, 256, 1]))   // (32, 254, 32)
/// ```
public final class Conv1D: Module {
    /// The window length.
    public let kSize: Int
    /// Input channels.
    public let chanIn: Int
    /// Output channels (filters).
    public let chanOut: Int
    /// The step between windows.
    public let stride: Int
    private let core: ConvolutionCore

    /// A convolution with `chanOut` filters of `kSize × chanIn`, initialised from `rng`. Sizes must be positive.
    public init(kSize: Int, chanIn: Int, chanOut: Int, stride: Int = 1, bias: Bool = true, using rng: inout RandomGenerator) {
        precondition(kSize > 0 && chanIn > 0 && chanOut > 0 && stride > 0, "Conv1D: sizes must be positive")
        (self.kSize, self.chanIn, self.chanOut, self.stride) = (kSize, chanIn, chanOut, stride)
        core = ConvolutionCore(weightShape: [chanOut, kSize, chanIn], fanIn: kSize * chanIn, bias: bias, using: &rng)
    }

    /// The filters, shape `(chanOut, kSize, chanIn)`.
    public var weight: Parameter { core.weight }
    /// The bias, shape `(chanOut)`, or `nil`.
    public var bias: Parameter? { core.bias }
    /// `[weight, bias]`.
    public var parameters: [Parameter] { core.parameters }

    private func geometry(_ shape: [Int]) throws -> ConvolutionGeometry {
        let ok = (shape.count == 3 && shape[2] == chanIn) || (shape.count == 2 && chanIn == 1)
        let g = ConvolutionGeometry(
            batch: shape.first ?? 0, inH: 1, inW: shape.count > 1 ? shape[1] : 0, channels: chanIn,
            kH: 1, kW: kSize, strideH: 1, strideW: stride)
        guard ok, g.isValid else {
            throw NeuralKitError.shape("\(self): expected input (batch, length ≥ \(kSize), \(chanIn)), got \(describeShape(shape))")
        }
        return g
    }

    /// `(batch, (length − kSize) / stride + 1, chanOut)`.
    public func outputShape(for inputShape: [Int]) throws -> [Int] {
        let g = try geometry(inputShape)
        return [g.batch, g.outW, chanOut]
    }

    /// The convolution of every window: one im2col and one GEMM.
    public func forward(_ input: Tensor) throws -> Tensor {
        let g = try geometry(input.shape)
        return core.forward(input, g, outShape: [g.batch, g.outW, chanOut])
    }

    /// Adds `Σ δ ⊗ window` to the weight gradient and `Σ δ` to the bias gradient.
    public func backwardUpdateGradient(input: Tensor, delta: Tensor) throws {
        let g = try geometry(input.shape)
        try LayerSupport.checkDelta(self, delta, expected: [g.batch, g.outW, chanOut])
        core.backwardUpdateGradient(input, delta, g)
    }

    /// `col2im(δ·W)`, shaped like the input.
    public func backwardDelta(input: Tensor, delta: Tensor) throws -> Tensor {
        let g = try geometry(input.shape)
        try LayerSupport.checkDelta(self, delta, expected: [g.batch, g.outW, chanOut])
        return core.backwardDelta(input, delta, g)
    }

    /// `Conv1D(k_size=3, chan_in=1, chan_out=32, stride=1)`.
    public var description: String {
        "Conv1D(k_size=\(kSize), chan_in=\(chanIn), chan_out=\(chanOut), stride=\(stride)\(bias == nil ? ", bias=false" : ""))"
    }
}
