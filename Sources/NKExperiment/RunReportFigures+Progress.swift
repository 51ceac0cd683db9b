// The report figures of a run's progress besides loss and accuracy (see RunReportFigures for the
// registry): the gap between held-out and training loss, the learning rate, seconds per epoch.

import NKPlot
import NKTrain

/// Runs with a held-out part: held-out minus training loss per epoch.
struct LossGapFigure: RunReportFigure {
    func add(to c: inout RunReportContent, _ run: RunReportContext) throws {
        guard let gap = RunFigures.lossGap(run.outcome.history) else { return }
        let parts = [run.outcome.validation == nil ? nil : "validation dashed", run.outcome.test == nil ? nil : "test dotted"].compactMap { $0 }
        c.add(
            "loss_gap.svg", gap,
            "The held-out loss minus the training loss after each epoch (\(parts.joined(separator: ", "))). The training loss is the mean over the epoch's batches, each taken before its update, so early gaps can be negative; a gap that widens while the training loss falls is overfitting."
        )
    }
}

/// Runs whose learning rate changed (a schedule, warm-up or decay): the rate per epoch.
struct LearningRateFigure: RunReportFigure {
    func add(to c: inout RunReportContent, _ run: RunReportContext) throws {
        guard let rate = RunFigures.learningRateCurve(run.outcome.history) else { return }
        c.add("learning_rate.svg", rate, "The learning rate the optimiser used in each epoch (history.csv's learning_rate column), as its schedule changed it.")
    }
}

/// Every run: the wall-clock time of each epoch.
struct EpochTimeFigure: RunReportFigure {
    func add(to c: inout RunReportContent, _ run: RunReportContext) throws {
        guard let seconds = RunFigures.secondsPerEpoch(run.outcome.history) else { return }
        c.add("seconds_per_epoch.svg", seconds, "Wall-clock seconds of each epoch, training and evaluation together (history.csv's seconds column).")
    }
}
