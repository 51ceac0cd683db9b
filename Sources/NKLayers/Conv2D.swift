// Conv2D: the 2-D convolution over images laid out (batch, height, width, channels).

import NKCore

/// A 2-D convolution (cross-correlation, as PyTorch) with a square `kernel`, `stride` and zero `padding`:
/// `y[n, i, j, o] = b[o] + Σ_{a,b<kernel, c<chanIn} W[o, a, b, c] · x̃[n, i·stride + a, j·stride + b, c]`,
/// where `x̃` is `x` zero-padded by `padding` on every side.
///
/// - Layout: NHWC (channels last). Input `(batch, H, W, chanIn)`, output `(batch, H', W', chanOut)`
///   with `H' = (H + 2·padding − kernel) / stride + 1` (floor). Channels-last makes each window row
///   (`kernel·chanIn` values) contiguous, so im2col copies runs and the GEMM result `(batch·H'·W', chanOut)`
///   is already the NHWC output. A flat `(batch, H·W)` input needs `Reshape(H, W, 1)` first.
/// - Parameters: `weight` `(chanOut, kernel, kernel, chanIn)`, `bias` `(chanOut)`. Checkpoints store
///   PyTorch's `(chanOut, chanIn, kernel, kernel)`.
/// - Initialisation: U(±1/√(kernel²·chanIn)) for weight and bias (PyTorch's default).
/// - PyTorch: `torch.nn.Conv2d(chanIn, chanOut, kernel, stride, padding)` on NCHW input.
///
/// ```swift
/// let conv = Conv2D(1, 32, kernel: 5, using: &rng)
/// let y = try conv.forward(Tensor(zeros: [64, 28, 28, 1]))   // (64, 24, 24, 32)
/// ```
public final class Conv2D: Module {
    /// Input channels.
    public let chanIn: Int
    /// Output channels (filters).
    public let chanOut: Int
    /// The side of the square window.
    public let kernel: Int
    /// The step between windows, both directions.
    public let stride: Int
    /// Zeros added on every side.
    public let padding: Int
    private let core: ConvolutionCore

    /// `chanOut` filters of `kernel × kernel × chanIn`, initialised from `rng`. Sizes positive, padding ≥ 0.
    public init(
        _ chanIn: Int, _ chanOut: Int, kernel: Int, stride: Int = 1, padding: Int = 0, bias: Bool = true,
        using rng: inout RandomGenerator
    ) {
        precondition(chanIn > 0 && chanOut > 0 && kernel > 0 && stride > 0 && padding >= 0, "Conv2D: bad sizes")
        (self.chanIn, self.chanOut, self.kernel, self.stride, self.padding) = (chanIn, chanOut, kernel, stride, padding)
        core = ConvolutionCore(
            weightShape: [chanOut, kernel, kernel, chanIn], fanIn: kernel * kernel * chanIn,
            bias: bias, using: &rng)
    }

    /// The filters, shape `(chanOut, kernel, kernel, chanIn)`.
    public var weight: Parameter { core.weight }
    /// The bias, shape `(chanOut)`, or `nil`.
    public var bias: Parameter? { core.bias }
    /// `[weight, bias]`.
    public var parameters: [Parameter] { core.parameters }

    private func geometry(_ shape: [Int]) throws -> ConvolutionGeometry {
        guard shape.count == 4, shape[3] == chanIn else {
            throw NeuralKitError.shape("\(self): expected input (batch, height, width, \(chanIn)), got \(describeShape(shape))")
        }
        let g = ConvolutionGeometry(
            batch: shape[0], inH: shape[1], inW: shape[2], channels: chanIn, kH: kernel, kW: kernel,
            strideH: stride, strideW: stride, padH: padding, padW: padding)
        guard g.isValid else {
            throw NeuralKitError.shape("\(self): the padded image of input \(describeShape(shape)) is smaller than the \(kernel)×\(kernel) kernel")
        }
        return g
    }

    /// `(batch, H', W', chanOut)`.
    public func outputShape(for inputShape: [Int]) throws -> [Int] {
        let g = try geometry(inputShape)
        return [g.batch, g.outH, g.outW, chanOut]
    }

    /// The convolution of every window: one im2col and one GEMM.
    public func forward(_ input: Tensor) throws -> Tensor {
        let g = try geometry(input.shape)
        return core.forward(input, g, outShape: [g.batch, g.outH, g.outW, chanOut])
    }

    /// Adds `δᵀ·cols` to the weight gradient and `Σ δ` to the bias gradient.
    public func backwardUpdateGradient(input: Tensor, delta: Tensor) throws {
        let g = try geometry(input.shape)
        try LayerSupport.checkDelta(self, delta, expected: [g.batch, g.outH, g.outW, chanOut])
        core.backwardUpdateGradient(input, delta, g)
    }

    /// `col2im(δ·W)`, shaped like the input.
    public func backwardDelta(input: Tensor, delta: Tensor) throws -> Tensor {
        let g = try geometry(input.shape)
        try LayerSupport.checkDelta(self, delta, expected: [g.batch, g.outH, g.outW, chanOut])
        return core.backwardDelta(input, delta, g)
    }

    /// `Conv2D(in=1, out=32, kernel=5, stride=1, padding=0)`.
    public var description: String {
        "Conv2D(in=\(chanIn), out=\(chanOut), kernel=\(kernel), stride=\(stride), padding=\(padding)\(bias == nil ? ", bias=false" : ""))"
    }
}
