// PoolingLayer2D: what MaxPool2D and AvgPool2D share (geometry, shapes, forward, backward, description).

import NKCore

/// A 2-D pooling layer over square `k × k` windows of `(batch, height, width, channels)` images,
/// moved by `stride`; conforming types say only whether they take the max or the average.
public protocol PoolingLayer2D: Module {
    /// The side of the square window.
    var k: Int { get }
    /// The step between windows, both directions.
    var stride: Int { get }
    /// `true` for max pooling, `false` for average pooling.
    static var takesMax: Bool { get }
    /// The layer's name in the model notation, e.g. `MaxPool2D`.
    static var notationName: String { get }
}

extension PoolingLayer2D {
    func poolingGeometry(_ shape: [Int]) throws -> ConvolutionGeometry {
        guard shape.count == 4, shape[1] >= k, shape[2] >= k else {
            throw NeuralKitError.shape("\(self): expected input (batch, height ≥ \(k), width ≥ \(k), channels), got \(describeShape(shape))")
        }
        return ConvolutionGeometry(
            batch: shape[0], inH: shape[1], inW: shape[2], channels: shape[3],
            kH: k, kW: k, strideH: stride, strideW: stride)
    }

    /// `(batch, H', W', channels)`.
    public func outputShape(for inputShape: [Int]) throws -> [Int] {
        let g = try poolingGeometry(inputShape)
        return [g.batch, g.outH, g.outW, g.channels]
    }

    /// The max or the average of every window.
    public func forward(_ input: Tensor) throws -> Tensor { try pool(input) }

    /// The max or the average of every window (the forward pass of both kinds).
    func pool(_ input: Tensor) throws -> Tensor {
        let g = try poolingGeometry(input.shape)
        return PoolingKernels.forward(input, g, outShape: [g.batch, g.outH, g.outW, g.channels], max: Self.takesMax)
    }

    /// ∂loss/∂input, shaped like the input.
    public func backwardDelta(input: Tensor, delta: Tensor) throws -> Tensor {
        let g = try poolingGeometry(input.shape)
        try LayerSupport.checkDelta(self, delta, expected: [g.batch, g.outH, g.outW, g.channels])
        return PoolingKernels.backward(input, delta, g, max: Self.takesMax)
    }

    /// `MaxPool2D(k=2, stride=2)`: the model notation.
    public var description: String { "\(Self.notationName)(k=\(k), stride=\(stride))" }
}
