// Sequential+Shapes: the one walk over a model's shapes, and the input shape a model implies.

import NKCore

/// Where a walk over a model's shapes stopped: the layer that refused the shape it was given.
public struct ShapeWalkFailure: Sendable {
    /// The position of the refusing layer (0-based, as in checkpoint names).
    public let index: Int
    /// The shape the layer was given, batch included.
    public let inputShape: [Int]
    /// The layer's own error.
    public let error: NeuralKitError
}

extension Sequential {
    /// The shape of one input sample the model implies, or `nil` when nothing fixes it: that of the
    /// first layer with a `fixedSampleShape` (a `Linear`, a `Reshape`, a nested `Sequential`) when
    /// every layer before it keeps its input's shape (activations). `Conv2D(1, 32, 5) - …` implies
    /// nothing (any image size fits); `Reshape(28, 28, 1) - Conv2D(…)` implies `[784]`;
    /// `TanH() - Linear(10, 3)` implies `[10]`.
    public var inferredSampleShape: [Int]? {
        for module in modules {
            if let shape = module.fixedSampleShape { return shape }
            guard module is any ShapePreservingModule else { return nil }
        }
        return nil
    }

    /// A nested `Sequential` fixes what its own layers fix.
    public var fixedSampleShape: [Int]? { inferredSampleShape }

    /// The output shape after each of `modules` for an input of `inputShape` (batch included): every
    /// shape up to the first layer that refuses its input, and that layer's failure (nil when all fit).
    /// This is the one shape walk: `outputShape(for:)`, `layerOutputShapes`, the model notation's
    /// build-time check and `neuralkit summary` all go through it.
    public static func walkShapes(_ modules: [any Module], input inputShape: [Int]) -> (shapes: [[Int]], failure: ShapeWalkFailure?) {
        var shapes: [[Int]] = []
        var shape = inputShape
        for (i, module) in modules.enumerated() {
            do {
                // A shape whose element count overflows, or with an empty sample dimension, is
                // refused before any layer computes with it: each layer's arithmetic then stays
                // within the product of its input's sizes (a 0 would hide an overflowing product).
                _ = try Shape.count(shape, what: "the input \(describeShape(shape))")
                if let empty = shape.first(where: { $0 < 1 }) {
                    throw NeuralKitError.shape("the input \(describeShape(shape)) has a dimension of \(empty); every size, the batch's included, must be at least 1.")
                }
                shape = try module.outputShape(for: shape)
                _ = try Shape.count(shape, what: "the output \(describeShape(shape))")
            } catch let error as NeuralKitError {
                return (shapes, ShapeWalkFailure(index: i, inputShape: shape, error: error))
            } catch {
                return (shapes, ShapeWalkFailure(index: i, inputShape: shape, error: .shape("\(error)")))
            }
            shapes.append(shape)
        }
        return (shapes, nil)
    }

    /// The output shape after every layer for `batch` samples of `sampleShape`.
    ///
    /// - Parameters:
    ///   - batch: the number of samples.
    ///   - sampleShape: one sample's shape.
    ///   - source: how messages name where the samples come from (`mnist/train`, `--input-shape`).
    /// - Throws: `NeuralKitError.shape` naming the source, the refusing layer, the shape it was given
    ///   and (after the first layer) the layer that produced that shape.
    public func layerOutputShapes(sampleShape: [Int], batch: Int = 1, source: String) throws -> [[Int]] {
        let (shapes, failure) = Sequential.walkShapes(modules, input: [batch] + sampleShape)
        guard let failure else { return shapes }
        let i = failure.index
        if i == 0 {
            throw NeuralKitError.shape("\(source) gives samples of shape \(describeShape(sampleShape)), which layer 0 (\(modules[0])) cannot take: \(failure.error.message)")
        }
        throw NeuralKitError.shape(
            "\(source): layer \(i) (\(modules[i])) cannot take the output \(LayerSupport.describeBatched(failure.inputShape)) of layer \(i - 1) (\(modules[i - 1])): \(failure.error.message)")
    }

    /// A rough count of the bytes one training step on `batch` samples of `sampleShape` needs: the
    /// batch, every layer's output kept for the backward pass, a delta and a scratch buffer as large
    /// (3 × the outputs), and each parameter four times (value, gradient, two optimiser states), all
    /// Float32. Deliberately simple: it exists to refuse a model that cannot fit at all (a
    /// `Conv2D(1, 100000, 3)` on MNIST) before it starts, not to predict the peak.
    /// - Throws: a shape error as `layerOutputShapes` does, or an overflow error.
    public func stepMemory(sampleShape: [Int], batch: Int) throws -> Int {
        let shapes = try layerOutputShapes(sampleShape: sampleShape, batch: batch, source: "the data")
        var floats = try Shape.count([batch] + sampleShape, what: "a batch")
        for shape in shapes { floats = try Shape.sum(floats, try Shape.count([3] + shape, what: "a layer's output"), what: "the activations") }
        floats = try Shape.sum(floats, try Shape.count([4, parameterCount], what: "the parameters"), what: "the model")
        return try Shape.count([floats, 4], what: "the memory of a training step")
    }

    /// The shape of one input sample: `explicit` when given, else `inferredSampleShape`.
    /// - Throws: `NeuralKitError.shape` when neither is known, naming the layer that leaves it open
    ///   and what to do (`hint`, e.g. "pass --input-shape").
    public func sampleShape(explicit: [Int]?, hint: String) throws -> [Int] {
        if let explicit { return explicit }
        if let inferred = inferredSampleShape { return inferred }
        let first = modules.first(where: { !($0 is any ShapePreservingModule) }).map { "\($0)" } ?? "no layer"
        throw NeuralKitError.shape("Cannot tell the shape of one input sample of \(self): nothing before \(first) fixes it (a Linear or a Reshape does); \(hint).")
    }
}
