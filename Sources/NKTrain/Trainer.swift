// Trainer: the mini-batch training loop, with held-out evaluation, early stopping and resumption.

import Foundation
import NKCore
import NKLayers
import NKLosses

/// Mini-batch training over a data set held in two tensors: `inputs (n, …)` and `targets (n, …)`.
///
/// Every epoch visits the `n` samples once, in batches of `configuration.batchSize` (the last one
/// may be smaller), in a seeded random order when `shuffle` is on. Each batch is one `Optim` step
/// with the configured optimizer, at the epoch's learning rate (`TrainingConfiguration.learningRate(epoch:)`).
/// Each batch is gathered into a reused buffer of `batchSize` rows (`BatchBuffer`, two per batch
/// shape): the data set itself is never copied, and after the first two steps gathering allocates
/// nothing (`batchBufferAllocations` counts what it did allocate).
///
/// - The train loss of an epoch is the mean of its batch losses weighted by batch size.
/// - After each epoch the validation and test parts, when given, are evaluated (evaluation mode).
/// - Divergence stops the run with `NeuralKitError(.divergence, …)` naming the epoch and batch and
///   suggesting a smaller learning rate: a batch loss that is NaN or infinite (the parameters are
///   left as they were before that batch), or one above `divergenceFactor` (1000) times the first
///   batch's loss, or times 1 when that was below 1 — a run whose loss grows a thousandfold is not
///   learning, though its numbers are still finite.
/// - Early stopping (`earlyStoppingPatience`) watches the validation loss, or the test loss when
///   there is no validation part (`History.monitor` says which), stops after that many epochs
///   without a new best, and restores the best epoch's parameters and buffers.
/// - `onCheckpoint` receives a `TrainerState` after every epoch; `fit(…, resumingFrom:)` continues
///   from one exactly (the shuffles of completed epochs are replayed from the seed).
/// - With `epochs: 1`, `batchSize: n` and `shuffle: false`, `fit` is exactly one full-batch step.
///
/// The loop itself only steps through the batches; each behaviour above is a `TrainingCallback` in a
/// file of its own (`HeldOutEvaluation`, `DivergenceGuard`, `ProgressReport`, `EarlyStopping`,
/// `Checkpointing`), and `callbacks` adds the user's, which see every batch and epoch and may stop the run.
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
    /// Batch size, epochs, learning rate, optimizer, schedule, shuffling and seed.
    public var configuration: TrainingConfiguration
    /// How accuracy is measured; `nil` for no accuracy (regression, autoencoders).
    public var decision: Decision?
    /// Called after every batch (for a progress bar).
    public var onProgress: ((TrainingProgress) -> Void)?
    /// Called after every epoch with its measurements (for one line per epoch, or JSON lines).
    public var onEpochEnd: ((EpochMetrics) -> Void)?
    /// Called after every epoch (after every callback) with the state to resume from; an error it
    /// throws stops the run.
    public var onCheckpoint: ((TrainerState) throws -> Void)?
    /// Random changes to the training batches' images (`configuration.augmentation` with the
    /// images' shape and fill); required when the configuration asks for augmentation.
    public var augmentation: Augmentation?
    /// The user's callbacks, called in order after the built-in ones (held-out evaluation, divergence,
    /// progress, early stopping) and before the checkpoint.
    public var callbacks: [any TrainingCallback] = []
    /// Batch-sized buffers the last `fit` allocated to gather its batches (inputs and targets): two
    /// per distinct batch shape when they are reused as intended, more when a batch was kept alive
    /// past the next step (then copy-on-write copied it).
    public private(set) var batchBufferAllocations = 0
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

    /// Trains until `configuration.epochs` epochs are done (or early stopping ends the run) and
    /// returns the per-epoch history.
    ///
    /// - Parameters:
    ///   - inputs: `(n, …)` training inputs.
    ///   - targets: `(n, …)` training targets, as the loss expects them.
    ///   - validation: optional `(inputs, targets)` evaluated after each epoch.
    ///   - test: optional `(inputs, targets)` evaluated after each epoch.
    ///   - state: a state from `onCheckpoint` of a run with the same configuration (epochs aside),
    ///     data and model, whose weights the network already holds: training continues after it.
    /// - Throws: `.argument` for a bad configuration or mismatched sample counts, `.divergence` when
    ///   the loss becomes NaN or infinite, and any shape error from the network or the loss.
    @discardableResult
    public func fit(
        inputs: Tensor, targets: Tensor, validation: (inputs: Tensor, targets: Tensor)? = nil,
        test: (inputs: Tensor, targets: Tensor)? = nil, resumingFrom state: TrainerState? = nil
    ) throws -> History {
        try configuration.validate()
        let n = try Trainer.checkSamples(inputs: inputs, targets: targets, what: "training")
        if !configuration.augmentation.isEmpty {
            guard let augmentation, augmentation.steps == configuration.augmentation, augmentation.fill.count == inputs.count / max(n, 1) else {
                throw NeuralKitError.argument(
                    "Training: augmentation (\(configuration.augmentation.map(\.description).joined(separator: ", "))) needs Trainer.augmentation with the same steps and the images' shape.",
                    field: "augment")
            }
        }
        if let validation { _ = try Trainer.checkSamples(inputs: validation.inputs, targets: validation.targets, what: "validation") }
        if let test { _ = try Trainer.checkSamples(inputs: test.inputs, targets: test.targets, what: "test") }
        let batchSize = min(configuration.batchSize, n)
        let batches = (n + batchSize - 1) / batchSize
        func rowsOf(batch: Int) -> Range<Int> { (batch * batchSize)..<min(n, (batch + 1) * batchSize) }
        let optim = Optim(network, loss, optimizer: configuration.optimizer.make(learningRate: configuration.learningRate))
        optim.clipGradientNorm = configuration.clipGradientNorm
        let loop = try TrainingLoop(
            network: network, loss: loss, configuration: configuration, decision: decision, optim: optim,
            samples: n, batchesPerEpoch: batches, resumingFrom: state)
        let (measure, others, last) = try builtInCallbacks(validation: validation, test: test)
        let all = [measure] + others + callbacks + (last.map { [$0] } ?? [])
        for c in all { try c.runBegan(loop) }
        // The step's accuracy counts, as the callbacks leave them (a data-parallel run's are global).
        var correctInStep = 0, judgedInStep = 0
        let decision = decision
        optim.onLoss = { step in
            if let decision, step.value.isFinite {
                (step.correct, step.judged) = try decision.correctCount(prediction: step.prediction, target: step.target)
            }
            for c in all { try c.lossComputed(loop, &step) }
            (correctInStep, judgedInStep) = (step.correct, step.judged)
        }
        optim.onGradients = { for c in all { try c.gradientsComputed(loop) } }
        defer { (optim.onLoss, optim.onGradients) = (nil, nil) }  // they hold the loop, which holds the optimizer

        // The order of the next epoch depends on every earlier shuffle: a resumed run replays them.
        var rng = RandomGenerator(seed: configuration.seed)
        var order = Array(0..<n)
        if configuration.shuffle { for _ in 0..<loop.epoch { rng.shuffle(&order) } }
        // Two buffers per batch shape: the network keeps the previous batch for its backward pass
        // until its next forward, so the batch being written is never one still in use.
        var inputBuffer = BatchBuffer(depth: 2), targetBuffer = BatchBuffer(depth: 2)
        defer { batchBufferAllocations = inputBuffer.allocations + targetBuffer.allocations }
        while loop.epoch < configuration.epochs, !loop.stopRequested {
            loop.epoch += 1
            optim.learningRate = configuration.learningRate(epoch: loop.epoch - 1)
            let start = ContinuousClock.now
            for c in all { try c.epochBegan(loop) }
            if configuration.shuffle { rng.shuffle(&order) }
            var lossSum: Double = 0
            var correct = 0, judged = 0
            for batch in 0..<batches {
                let range = rowsOf(batch: batch)
                var rows = BatchRows(global: range)
                for c in all { try c.batchBegan(loop, &rows) }
                // The next batch's rows are announced while this step computes (all of it: under
                // DataParallel a rank gathers only its share, and the rest are mere hints).
                let next = batch + 1 < batches ? order[rowsOf(batch: batch + 1)] : nil
                var inputBatch = inputBuffer.gather(order[rows.local], from: inputs, announcing: next)  // (rows, …)
                if let augmentation, !configuration.augmentation.isEmpty {
                    inputBatch = augmentation.apply(to: inputBatch, using: &loop.augmentationGenerator)
                }
                let targetBatch = targetBuffer.gather(order[rows.local], from: targets)  // (rows, …)
                (correctInStep, judgedInStep) = (0, 0)
                let value = try optim.stepReturningPrediction(input: inputBatch, target: targetBatch).loss
                if value.isFinite {
                    lossSum += Double(value) * Double(range.count)
                    correct += correctInStep
                    judged += judgedInStep
                }
                let progress = TrainingProgress(
                    epoch: loop.epoch, batch: batch + 1, batches: batches,
                    runningLoss: Float(lossSum / Double(range.upperBound)), batchLoss: value)
                for c in all { try c.batchEnded(loop, progress) }
            }
            var metrics = EpochMetrics(
                epoch: loop.epoch, trainLoss: Float(lossSum / Double(n)),
                trainAccuracy: decision == nil || judged == 0 ? nil : Float(correct) / Float(judged),
                learningRate: optim.learningRate)
            try measure.epochEnded(loop, &metrics)
            let elapsed = ContinuousClock.now - start
            metrics.seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
            for c in others + callbacks { try c.epochEnded(loop, &metrics) }
            loop.history.epochs.append(metrics)
            loop.recordEpochDone()
            try last?.epochEnded(loop, &metrics)
        }
        loop.history.stoppedEarly = loop.stopRequested && loop.epoch < configuration.epochs
        for c in all { try c.runEnded(loop) }
        return loop.history
    }

    /// The behaviours every run has, as callbacks: held-out evaluation (first: the others see its
    /// numbers), then divergence, progress and early stopping, and the checkpoint (last).
    func builtInCallbacks(validation: (inputs: Tensor, targets: Tensor)?, test: (inputs: Tensor, targets: Tensor)?) throws
        -> (measure: any TrainingCallback, others: [any TrainingCallback], last: (any TrainingCallback)?)
    {
        var others: [any TrainingCallback] = [DivergenceGuard(), ProgressReport(onBatch: onProgress, onEpoch: onEpochEnd)]
        if let patience = configuration.earlyStoppingPatience {
            guard let monitor = validation != nil ? "validation loss" : test != nil ? "test loss" : nil else {
                throw NeuralKitError.argument("Early stopping needs held-out data to watch: a validation part (a validation fraction) or a test part.", field: "earlyStoppingPatience")
            }
            others.append(EarlyStopping(patience: patience, monitor: monitor))
        }
        return (HeldOutEvaluation(validation: validation, test: test), others, onCheckpoint.map { Checkpointing($0) })
    }

    /// The number of samples, after checking that inputs and targets agree and are not empty.
    static func checkSamples(inputs: Tensor, targets: Tensor, what: String) throws -> Int {
        guard inputs.rank >= 1, targets.rank >= 1, inputs.rowCount == targets.rowCount else {
            throw NeuralKitError.argument(
                "Training: the \(what) inputs \(describeShape(inputs.shape)) and targets \(describeShape(targets.shape)) must have the same number of samples (first dimension).")
        }
        guard inputs.rowCount > 0 else {
            throw NeuralKitError.argument("Training: the \(what) set is empty (inputs \(describeShape(inputs.shape))).")
        }
        return inputs.rowCount
    }
}
