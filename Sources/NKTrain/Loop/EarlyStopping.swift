// EarlyStopping: ends a run whose monitored loss stopped improving, and restores its best epoch.

import NKCore

/// Watches the validation loss (the test loss when there is no validation part), ends the run after
/// `patience` epochs without a new best, and at the end restores the best epoch's parameters and
/// buffers. Its record (best loss, epoch, epochs since, best weights) is part of the resumable state.
public final class EarlyStopping: TrainingCallback {
    public let patience: Int
    /// What it watches: `validation loss` or `test loss`.
    public let monitor: String

    public init(patience: Int, monitor: String) { (self.patience, self.monitor) = (patience, monitor) }

    public func runBegan(_ loop: TrainingLoop) throws { loop.history.monitor = monitor }

    public func epochEnded(_ loop: TrainingLoop, _ metrics: inout EpochMetrics) throws {
        guard let watched = metrics.validationLoss ?? metrics.testLoss else { return }
        if loop.progress.bestLoss.map({ watched < $0 }) ?? true {
            loop.progress.bestLoss = watched
            loop.progress.bestEpoch = metrics.epoch
            loop.progress.epochsWithoutImprovement = 0
            loop.bestWeights = loop.network.parameters.map(\.value) + loop.network.buffers.map(\.value)
        } else {
            loop.progress.epochsWithoutImprovement += 1
            if loop.progress.epochsWithoutImprovement >= patience { loop.stopRequested = true }
        }
    }

    public func runEnded(_ loop: TrainingLoop) throws {
        guard let best = loop.progress.bestEpoch else { return }
        loop.history.bestEpoch = best
        let parameters = loop.network.parameters, buffers = loop.network.buffers
        guard best != loop.history.epochs.last?.epoch, loop.bestWeights.count == parameters.count + buffers.count else { return }
        for (p, v) in zip(parameters, loop.bestWeights) { p.value = v }
        for (b, v) in zip(buffers, loop.bestWeights.dropFirst(parameters.count)) { b.value = v }
    }
}
