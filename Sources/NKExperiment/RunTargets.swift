// RunTargets: checks that a model fits a run's data and loss, and encodes each part's targets.

import NKCore
import NKData
import NKLayers
import NKLosses
import NKTrain

/// The contract between a model, a loss and the data, checked once and then applied to every part:
/// the samples fit the model's first layer, the loss suits its last layer and the labels
/// (`LossPairing`), an autoencoder gives back as many values as it takes; and each part's targets
/// are encoded for the loss (`TargetEncoding`) or, for an autoencoder, replaced by its inputs.
/// `TrainingRun` and `ModelEvaluation` both go through it, so `train` and `evaluate` judge alike.
public struct RunTargets: Sendable {
    /// The loss the targets are encoded for.
    public let loss: LossKind
    /// Whether the targets are the inputs (autoencoder).
    public let reconstruct: Bool
    /// The model's output values per sample.
    public let outputWidth: Int

    /// Checks `network` against `train` (shapes, loss pairing, autoencoder width).
    /// - Throws: `NeuralKitError` naming the data, the layer or the loss, and what to write instead.
    public init(network: Sequential, train: Dataset, loss: LossKind, reconstruct: Bool) throws {
        let shapes = try network.layerOutputShapes(sampleShape: train.sampleShape, source: train.name)
        let width = (shapes.last ?? [1] + train.sampleShape).dropFirst().reduce(1, *)
        if reconstruct {
            guard [.mse, .bce, .bceLogits].contains(loss) else {
                throw NeuralKitError.argument("An autoencoder (reconstruct) compares outputs with inputs: use the loss mse, bce or bce-logits, not \(loss).", field: "reconstruct")
            }
            guard width == train.featureCount else {
                throw NeuralKitError.shape(
                    "--reconstruct: the model gives \(width) values per sample, but \(train.name) samples have \(train.featureCount); an autoencoder must end with as many outputs as it has inputs.")
            }
            if loss == .bce || loss == .bceLogits {
                // The inputs are the targets; a cross-entropy against values outside [0, 1] is
                // unbounded below, so training would chase a meaningless, ever more negative loss.
                let values = train.inputs.scalars
                if let low = values.min(), let high = values.max(), low < 0 || high > 1 {
                    throw NeuralKitError.argument(
                        "--reconstruct with --loss \(loss): the inputs of \(train.name), which are the targets, lie in [\(low), \(high)] as preprocessed, but \(loss) needs targets in [0, 1]. Map them there with --preprocess scale:\(low):\(high), or use --loss mse."
                    )
                }
            }
        }
        try LossPairing.check(model: network, loss: loss, targets: reconstruct ? train.flatInputs : train.targets)
        self.loss = loss
        self.reconstruct = reconstruct
        outputWidth = width
    }

    /// `part` with its targets as the loss takes them, and the accuracy rule (nil for regression
    /// and autoencoders).
    public func encode(_ part: Dataset) throws -> (part: Dataset, decision: Decision?) {
        if reconstruct {
            return (Dataset(name: part.name, inputs: part.inputs, targets: part.flatInputs), nil)
        }
        let encoding = try TargetEncoding(loss: loss, targets: part.targets, outputWidth: outputWidth)
        var encoded = part
        encoded.targets = encoding.targets
        return (encoded, encoding.decision)
    }
}
