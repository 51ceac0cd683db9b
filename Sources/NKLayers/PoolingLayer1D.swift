// PoolingLayer1D: what MaxPool1D and AvgPool1D share (geometry, shapes, forward, backward, description).

import NKCore

/// A 1-D pooling layer over `(batch, length, channels)` (or `(batch, length)`) windows of `kSize`
/// moved by `stride`; conforming types say only whether they take the max or the average.
public protocol PoolingLayer1D: Module {
    /// The window length.
    var kSize: Int { get }
    /// The step between windows.
    var stride: Int { get }
    /// `true` for max pooling, `false` for average pooling.
    static var takesMax: Bool { get }
    /// The layer's name in the model notation, e.g. `MaxPool1D`.
    static var notationName: String { get }
}

extension PoolingLayer1D {
    func poolingGeometry(_ shape: [Int]) throws -> (ConvolutionGeometry, [Int]) {
        let g = ConvolutionGeometry(
            batch: shape.first ?? 0, inH: 1, inW: shape.count > 1 ? shape[1] : 0,
            channels: shape.count == 3 ? shape[2] : 1, kH: 1, kW: kSize, strideH: 1, strideW: stride)
        guard shape.count == 2 || shape.count == 3, g.isValid else {
            throw NeuralKitError.shape("\(self): expected input (batch, length ≥ \(kSize), channels), got \(describeShape(shape))")
        }
        return (g, shape.count == 3 ? [g.batch, g.outW, g.channels] : [g.batch, g.outW])
    }

    /// `(batch, (length − kSize) / stride + 1, channels)`.
    public func outputShape(for inputShape: [Int]) throws -> [Int] { try poolingGeometry(inputShape).1 }

    /// The max or the average of every window.
    public func forward(_ input: Tensor) throws -> Tensor { try pool(input) }

    /// The max or the average of every window (the forward pass of both kinds).
    func pool(_ input: Tensor) throws -> Tensor {
        let (g, shape) = try poolingGeometry(input.shape)
        return PoolingKernels.forward(input, g, outShape: shape, max: Self.takesMax)
    }

    /// ∂loss/∂input, shaped like the input.
    public func backwardDelta(input: Tensor, delta: Tensor) throws -> Tensor {
        let (g, shape) = try poolingGeometry(input.shape)
        try LayerSupport.checkDelta(self, delta, expected: shape)
        return PoolingKernels.backward(input, delta, g, max: Self.takesMax)
    }

    /// `MaxPool1D(k_size=2, stride=2)`: the model notation.
    public var description: String { "\(Self.notationName)(k_size=\(kSize), stride=\(stride))" }
}
