// AnalysisInput: the rows that `embed` and `cluster` analyse (raw data, or a layer's outputs).

import NKCore
import NKData
import NKLayers
import NKTrain

/// Rows to analyse `(n, features)`, their class labels when the data has them, and a name for them.
public struct AnalysisInput {
    /// `(n, features)`.
    public var rows: Tensor
    /// Integer labels numbered 0, 1, … in the order of their values (class indices, or ±1 as
    /// gen-arti gives them); nil for real-valued targets.
    public var labels: [Int]?
    /// Class names by label, when the data has them.
    public var classNames: [String]?
    /// What the rows are, e.g. `usps/train, layer 3 (Linear(100 -> 10))`.
    public var name: String

    /// The samples of `part` themselves, flattened.
    public init(part: Dataset) {
        rows = part.flatInputs
        labels = AnalysisInput.labels(of: part)
        classNames = part.classNames
        name = part.name
    }

    /// The outputs of layer `layer` of `network` (default: the last) for every sample of `part`,
    /// computed in batches.
    /// - Throws: `NeuralKitError.argument` for a layer the model does not have, or a shape error
    ///   naming the data and the layer.
    public init(part: Dataset, network: Sequential, layer: Int? = nil) throws {
        let last = layer ?? network.modules.count - 1
        guard network.modules.indices.contains(last) else {
            throw NeuralKitError.argument("layer \(last): the model \(ModelNotation.describe(network)) has layers 0…\(network.modules.count - 1).", field: "layer")
        }
        _ = try network.layerOutputShapes(sampleShape: part.sampleShape, source: part.name)
        let prefix = Sequential(Array(network.modules[...last]))
        rows = try predict(network: prefix, inputs: part.inputs).flattenedRows
        labels = AnalysisInput.labels(of: part)
        classNames = part.classNames
        name = "\(part.name), layer \(last) (\(network.modules[last]))"
    }

    /// Integer targets as labels 0, 1, … in sorted order of their values; nil otherwise.
    static func labels(of part: Dataset) -> [Int]? {
        guard part.targets.rowSize == 1, part.targets.scalars.allSatisfy({ $0.rounded() == $0 }) else { return nil }
        let values = Set(part.targets.scalars).sorted()
        let index = Dictionary(uniqueKeysWithValues: values.enumerated().map { ($1, $0) })
        return part.targets.scalars.map { index[$0]! }
    }
}
