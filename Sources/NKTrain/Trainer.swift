// Trainer: the mini-batch SGD training loop, with validation, history and callbacks.

import Foundation
import NKCore
import NKLayers
import NKLosses

/// Mini-batch SGD over a data set held in two tensors: `inputs (n, …)` and `targets (n, …)`.
///
/// Every epoch visits the `n` samples once, in batches of `configuration.batchSize` (the last one
/// may be smaller), in a seeded random order when `shuffle` is on. Each batch is one `Optim` step.
/// Each batch is gathered into a fresh tensor of `batchSize` rows: the data set itself is never copied.
///
/// - The train loss of an epoch is the mean of its batch losses weighted by batch size.
/// - Divergence stops the run with `NeuralKitError(.divergence, …)` naming the epoch and batch and
///   suggesting a smaller learning rate: a batch loss that is NaN or infinite (the parameters are
///   left as they were before that batch), or one above `divergenceFactor` (1000) times the first
///   batch's loss, or times 1 when that was below 1 — a run whose loss grows a thousandfold is not
///   learning, though its numbers are still finite.
/// - With `epochs: 1`, `batchSize: n` and `shuffle: false`, `fit` is exactly one full-batch step.
///
/// ```swift
/// let trainer = Trainer(model, CrossEntropyLoss(), configuration: .init(batchSize: 100, epochs: 5),
///                       decision: .argmax)
/// let history = try trainer.fit(inputs: x, targets: y, validation: (xTest, yTest))
/// ```
public final class Trainer {
    /// The model trained in place.
    public let network: any Module
    /// The objective minimised.
    public let loss: any Loss
    /// Batch size, epochs, learning rate, shuffling and seed.
    public var configuration: TrainingConfiguration
    /// How accuracy is measured; `nil` for no accuracy (regression, autoencoders).
    public var decision: Decision?
    /// Called after every batch (for a progress bar).
    public var onProgress: ((TrainingProgress) -> Void)?
    /// Called after every epoch with its measurements (for one line per epoch, or JSON lines).
    public var onEpochEnd: ((EpochMetrics) -> Void)?
    /// How many times the first batch's loss (at least 1) a batch loss may reach before the run is
    /// stopped as diverging.
    public static let divergenceFactor: Float = 1000

    /// A trainer for `network` on `loss`; accuracy is measured only when `decision` is given.
    public init(_ network: any Module, _ loss: any Loss, configuration: TrainingConfiguration, decision: Decision? = nil) {
        self.network = network
        self.loss = loss
        self.configuration = configuration
        self.decision = decision
    }

    /// Trains for `configuration.epochs` epochs and returns the per-epoch history.
    ///
    /// - Parameters:
    ///   - inputs: `(n, …)` training inputs.
    ///   - targets: `(n, …)` training targets, as the loss expects them.
    ///   - validation: optional `(inputs, targets)` evaluated after each epoch.
    /// - Throws: `.argument` for a bad configuration or mismatched sample counts, `.divergence` when
    ///   the loss becomes NaN or infinite, and any shape error from the network or the loss.
    @discardableResult
    public func fit(inputs: Tensor, targets: Tensor, validation: (inputs: Tensor, targets: Tensor)? = nil) throws -> History {
        try configuration.validate()
        let n = try Trainer.checkSamples(inputs: inputs, targets: targets, what: "training")
        if let validation { _ = try Trainer.checkSamples(inputs: validation.inputs, targets: validation.targets, what: "validation") }

        let batchSize = min(configuration.batchSize, n)
        let batches = (n + batchSize - 1) / batchSize
        let optim = Optim(network, loss, step: configuration.learningRate)
        optim.weightDecay = configuration.weightDecay
        var rng = RandomGenerator(seed: configuration.seed)
        var order = Array(0..<n)
        var history = History()
        var divergenceThreshold: Float?   // set by the first batch

        for epochIndex in 0..<configuration.epochs {
            let epoch = epochIndex + 1
            optim.learningRate = configuration.learningRate * pow(configuration.learningRateDecay, Float(epochIndex))
            let start = ContinuousClock.now
            if configuration.shuffle { rng.shuffle(&order) }
            var lossSum: Double = 0
            var correct = 0, judged = 0
            for batch in 0..<batches {
                let range = (batch * batchSize)..<min(n, (batch + 1) * batchSize)
                // Fresh batch tensors: the network keeps the previous batch for its backward pass,
                // so writing into a reused buffer would make copy-on-write duplicate it first.
                let inputBatch = inputs.gatherRows(order[range])                  // (batch, …)
                let targetBatch = targets.gatherRows(order[range])                // (batch, …)
                let (value, prediction) = try optim.stepReturningPrediction(input: inputBatch, target: targetBatch)
                guard value.isFinite else {
                    throw NeuralKitError(.divergence, "Training diverged at epoch \(epoch), batch \(batch + 1) of \(batches): the loss became \(value); try a lower learning rate than \(optim.learningRate).")
                }
                if let threshold = divergenceThreshold, value > threshold {
                    throw NeuralKitError(.divergence, "Training diverged at epoch \(epoch), batch \(batch + 1) of \(batches): the loss reached \(value), over \(Int(Trainer.divergenceFactor)) times the first batch's (\(threshold / Trainer.divergenceFactor)); try a lower learning rate than \(optim.learningRate).")
                }
                if divergenceThreshold == nil { divergenceThreshold = Trainer.divergenceFactor * max(value, 1) }
                lossSum += Double(value) * Double(range.count)
                if let decision {
                    let (c, t) = try decision.correctCount(prediction: prediction, target: targetBatch)
                    correct += c
                    judged += t
                }
                onProgress?(TrainingProgress(epoch: epoch, batch: batch + 1, batches: batches,
                                             runningLoss: Float(lossSum / Double(range.upperBound))))
            }
            var metrics = EpochMetrics(epoch: epoch, trainLoss: Float(lossSum / Double(n)),
                                       trainAccuracy: decision == nil || judged == 0 ? nil : Float(correct) / Float(judged))
            if let validation {
                let result = try evaluate(network: network, loss: loss, inputs: validation.inputs, targets: validation.targets,
                                          decision: decision, batchSize: max(batchSize, 256))
                metrics.validationLoss = result.loss
                metrics.validationAccuracy = result.accuracy
            }
            let elapsed = ContinuousClock.now - start
            metrics.seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
            history.epochs.append(metrics)
            onEpochEnd?(metrics)
        }
        return history
    }

    /// The number of samples, after checking that inputs and targets agree and are not empty.
    static func checkSamples(inputs: Tensor, targets: Tensor, what: String) throws -> Int {
        guard inputs.rank >= 1, targets.rank >= 1, inputs.rowCount == targets.rowCount else {
            throw NeuralKitError.argument("Training: the \(what) inputs \(describeShape(inputs.shape)) and targets \(describeShape(targets.shape)) must have the same number of samples (first dimension).")
        }
        guard inputs.rowCount > 0 else {
            throw NeuralKitError.argument("Training: the \(what) set is empty (inputs \(describeShape(inputs.shape))).")
        }
        return inputs.rowCount
    }
}
