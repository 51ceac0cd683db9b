// ShapePreservingModule: the layers whose output is shaped like their input (the activations).

import NKCore

/// A module whose output has exactly its input's shape, `(batch, …)`, as every activation does.
/// Conforming supplies `outputShape(for:)`: the input shape, which needs at least the batch dimension.
public protocol ShapePreservingModule: Module {}

extension ShapePreservingModule {
    public func outputShape(for inputShape: [Int]) throws -> [Int] {
        guard !inputShape.isEmpty else { throw NeuralKitError.shape("\(self): expected input (batch, …), got ()") }
        return inputShape
    }
}
