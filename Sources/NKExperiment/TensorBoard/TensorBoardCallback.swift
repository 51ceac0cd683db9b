// TensorBoardCallback: a training run's scalars and histograms, written to a TensorBoard event file.

import NKLayers
import NKTrain

/// Writes what a run measures to an event file as it trains:
///
/// - after every batch, its loss: `batch/loss` at step (epoch − 1) × batches per epoch + batch;
/// - after every epoch, at step = epoch: `epoch/train_loss`, `epoch/train_accuracy`,
///   `epoch/validation_loss`, `epoch/validation_accuracy`, `epoch/test_loss`, `epoch/test_accuracy`
///   (those measured), `epoch/learning_rate` and `epoch/seconds`, the same numbers `history.csv` holds;
///   and a histogram of every parameter, `weights/<name>`, and of its gradient, `gradients/<name>`,
///   named as in the saved model (`0.weight`, `0.bias`, … in a `Sequential`). The gradient is the one
///   the epoch's last batch left: of that batch's loss (the mean over its samples), after
///   `--clip-grad-norm`'s scaling, before weight decay (which the optimizer adds without storing it);
///   gradients are zeroed at the start of each step, not after it, so it is intact after the epoch.
///
/// The records of a batch are appended at once (TensorBoard shows them while the epoch runs), and the
/// file is flushed to disk after every epoch and at the end. A resumed run writes a new file and
/// repeats the epoch that was interrupted: its batches appear twice at the same steps, with the same
/// values (a resume is bit-identical).
public final class TensorBoardCallback: TrainingCallback {
    /// Where the records go.
    public let writer: EventFileWriter
    /// Buckets per histogram.
    public var histogramBuckets = 30
    /// The parameters' names, set when the run begins.
    private var names: [String] = []

    public init(writer: EventFileWriter) { self.writer = writer }

    public func runBegan(_ loop: TrainingLoop) throws { names = Self.parameterNames(loop.network) }

    public func batchEnded(_ loop: TrainingLoop, _ progress: TrainingProgress) throws {
        try writer.write(
            step: (progress.epoch - 1) * progress.batches + progress.batch, values: [TensorBoardValue(tag: "batch/loss", .scalar(progress.batchLoss))])
    }

    public func epochEnded(_ loop: TrainingLoop, _ metrics: inout EpochMetrics) throws {
        try writer.write(step: metrics.epoch, values: Self.scalars(metrics))
        var histograms: [TensorBoardValue] = []
        for (name, parameter) in zip(names, loop.network.parameters) {
            histograms.append(TensorBoardValue(tag: "weights/\(name)", .histogram(TensorBoardHistogram(parameter.value.scalars, buckets: histogramBuckets))))
            histograms.append(TensorBoardValue(tag: "gradients/\(name)", .histogram(TensorBoardHistogram(parameter.gradient.scalars, buckets: histogramBuckets))))
        }
        try writer.write(step: metrics.epoch, values: histograms)
        try writer.sync()
    }

    public func runEnded(_ loop: TrainingLoop) throws { try writer.sync() }

    /// The epoch's numbers as `epoch/…` scalars (those measured).
    public static func scalars(_ m: EpochMetrics) -> [TensorBoardValue] {
        let values: [(String, Float?)] = [
            ("train_loss", m.trainLoss), ("train_accuracy", m.trainAccuracy), ("validation_loss", m.validationLoss),
            ("validation_accuracy", m.validationAccuracy), ("test_loss", m.testLoss), ("test_accuracy", m.testAccuracy),
            ("learning_rate", m.learningRate), ("seconds", Float(m.seconds)),
        ]
        return values.compactMap { name, value in value.map { TensorBoardValue(tag: "epoch/\(name)", .scalar($0)) } }
    }

    /// The names of `network.parameters`: `<position>.<name>` for the layers of a `Sequential` (as
    /// PyTorch's `state_dict` and the saved model name them); for another module, `<i>.<name>` with `i`
    /// the parameter's position.
    public static func parameterNames(_ network: any Module) -> [String] {
        guard let sequential = network as? Sequential else { return network.parameters.enumerated().map { "\($0).\($1.name)" } }
        return sequential.modules.enumerated().flatMap { index, module in module.parameters.map { "\(index).\($0.name)" } }
    }
}
