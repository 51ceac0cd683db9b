// RBMFile: an RBM in a safetensors file (weight, visible_bias, hidden_bias), and the DBN extras.

import Foundation
import NKCore
import NKData
import NKLayers
import NKTrain

/// The checkpoint of `neuralkit rbm`: tensors `weight` `(hidden, visible)`, `visible_bias`,
/// `hidden_bias` — scikit-learn's `components_`, `intercept_visible_`, `intercept_hidden_` — and in
/// the metadata the training settings (`neuralkit_rbm`), the data and the fitted preprocessing.
///
/// A pre-trained DBN is an ordinary model checkpoint (`RunCheckpoint`) plus one extra tensor per
/// pre-trained layer, `dbn.<layer position>.visible_bias`, so that `neuralkit sample` can run the
/// top RBM and map its samples down.
public enum RBMFile {
    static let settingsKey = "neuralkit_rbm", dataKey = "neuralkit_data"
    static let dbnPrefix = "dbn."

    /// Writes `rbm` to `path` atomically.
    public static func write(_ rbm: RBM, settings: RBMTraining, data: String, preprocessing: FittedPreprocessing, to path: String) throws {
        let metadata = [
            settingsKey: try JSONText.string(settings), dataKey: data,
            RunCheckpoint.preprocessingKey: try JSONText.string(preprocessing),
            RunCheckpoint.versionKey: NeuralKitVersion.string,
        ]
        try Checkpoint.save(
            [("weight", rbm.weight), ("visible_bias", rbm.visibleBias), ("hidden_bias", rbm.hiddenBias)],
            metadata: metadata, to: URL(fileURLWithPath: path))
    }

    /// What `sample` can draw from: a single RBM, or the RBMs of a pre-trained DBN (bottom first)
    /// with its model.
    public enum Source {
        case rbm(RBM, preprocessing: FittedPreprocessing?)
        case dbn([RBM], model: Sequential, preprocessing: FittedPreprocessing?)
    }

    /// Reads an RBM file or a pre-trained DBN checkpoint.
    /// - Throws: `NeuralKitError(.checkpoint, …)` naming the file when it is neither.
    public static func read(_ path: String) throws -> Source {
        let (tensors, metadata) = try Checkpoint.load(from: URL(fileURLWithPath: path))
        // The one reader of NeuralKit's metadata (preprocessing, run); an RBM's tensors are its extras.
        let checkpoint = try RunCheckpoint(path: path, tensors: tensors, metadata: metadata)
        if let w = checkpoint.extras["weight"], let b = checkpoint.extras["visible_bias"], let c = checkpoint.extras["hidden_bias"] {
            let rbm: RBM
            do { rbm = try RBM(weight: w, visibleBias: b, hiddenBias: c) } catch let e as NeuralKitError {
                throw NeuralKitError(.checkpoint, "Checkpoint '\(path)': \(e.message)")
            }
            if let bad = (w.scalars + b.scalars + c.scalars).first(where: { !$0.isFinite }) {
                throw NeuralKitError(.checkpoint, "Checkpoint '\(path)': the RBM holds \(bad); it cannot be sampled.")
            }
            return .rbm(rbm, preprocessing: checkpoint.preprocessing)
        }
        let model = try checkpoint.recordedModel(seed: 0)
        try checkpoint.loadWeights(into: model)
        let layers = (try? DeepBeliefNet.pretrainableLayers(model)) ?? []
        var rbms: [RBM] = []
        for index in layers {
            guard let visible = checkpoint.extras["\(dbnPrefix)\(index).visible_bias"] else { break }
            let linear = model.modules[index] as! Linear
            rbms.append(try RBM(weight: linear.weight.value, visibleBias: visible, hiddenBias: linear.bias?.value ?? Tensor(zeros: [linear.outputSize])))
        }
        guard !rbms.isEmpty else {
            throw NeuralKitError(.checkpoint, "Checkpoint '\(path)' is neither an RBM (weight, visible_bias, hidden_bias) nor a DBN written by neuralkit pretrain (dbn.<i>.visible_bias).")
        }
        return .dbn(rbms, model: model, preprocessing: checkpoint.preprocessing)
    }

    /// The extra tensors of a pre-trained DBN checkpoint: each RBM's visible biases under its layer position.
    public static func dbnExtras(_ rbms: [RBM], layers: [Int]) -> [(name: String, tensor: Tensor)] {
        zip(layers, rbms).map { (name: "\(dbnPrefix)\($0).visible_bias", tensor: $1.visibleBias) }
    }
}
