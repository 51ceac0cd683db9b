// TrainingCallback: code that runs at the begin and end of a training run, of each epoch and of each
// batch, and may stop the run.

/// A hook into `Trainer.fit`. Every method has an empty default, so a callback implements only what it
/// needs; the trainer calls its callbacks in order (`Trainer.callbacks`), after its built-in ones and
/// before the checkpoint is written.
///
/// - `runBegan` once, before the first epoch (after a resumed run's state is restored);
/// - `epochBegan` before each epoch's first batch (`loop.epoch` is that epoch, from 1);
/// - `batchBegan` before each batch is gathered, with the positions of the epoch's order it covers; a
///   callback may narrow the rows this process computes (`DataParallel` takes its share);
/// - `lossComputed` after the forward pass and the loss, before the backward pass: a callback may
///   rescale the loss gradient and replace the loss and accuracy counts (`DataParallel` makes them the
///   global batch's);
/// - `gradientsComputed` after the backward pass, before gradient clipping and the optimizer's update
///   (`DataParallel` sums the gradients of the processes here);
/// - `batchEnded` after each optimizer step, with the batch's loss and the epoch's running loss;
/// - `epochEnded` after each epoch, with its metrics (the held-out parts already evaluated); a
///   callback may add to them (they are recorded in the history after every callback saw them);
/// - `runEnded` once, after the last epoch (or the one at which the run was stopped).
///
/// Setting `loop.stopRequested` ends the run after the current epoch; an error thrown ends it at once.
///
/// ```swift
/// final class StopAtEpoch: TrainingCallback {
///     let last: Int
///     init(_ last: Int) { self.last = last }
///     func epochEnded(_ loop: TrainingLoop, _ metrics: inout EpochMetrics) throws {
///         if metrics.epoch == last { loop.stopRequested = true }
///     }
/// }
/// trainer.callbacks.append(StopAtEpoch(3))
/// ```
public protocol TrainingCallback: AnyObject {
    func runBegan(_ loop: TrainingLoop) throws
    func epochBegan(_ loop: TrainingLoop) throws
    func batchBegan(_ loop: TrainingLoop, _ batch: inout BatchRows) throws
    func lossComputed(_ loop: TrainingLoop, _ step: inout StepLoss) throws
    func gradientsComputed(_ loop: TrainingLoop) throws
    func batchEnded(_ loop: TrainingLoop, _ progress: TrainingProgress) throws
    func epochEnded(_ loop: TrainingLoop, _ metrics: inout EpochMetrics) throws
    func runEnded(_ loop: TrainingLoop) throws
}

extension TrainingCallback {
    public func runBegan(_ loop: TrainingLoop) throws {}
    public func epochBegan(_ loop: TrainingLoop) throws {}
    public func batchBegan(_ loop: TrainingLoop, _ batch: inout BatchRows) throws {}
    public func lossComputed(_ loop: TrainingLoop, _ step: inout StepLoss) throws {}
    public func gradientsComputed(_ loop: TrainingLoop) throws {}
    public func batchEnded(_ loop: TrainingLoop, _ progress: TrainingProgress) throws {}
    public func epochEnded(_ loop: TrainingLoop, _ metrics: inout EpochMetrics) throws {}
    public func runEnded(_ loop: TrainingLoop) throws {}
}
