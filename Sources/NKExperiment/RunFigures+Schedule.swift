// RunFigures of a run's progress besides its loss: the learning rate, the time of each epoch, and
// the gap between held-out and training loss.

import NKData
import NKPlot
import NKTrain

extension RunFigures {
    /// The learning rate of each epoch (as history.csv records it), on a log axis when it changes
    /// by more than a factor of 3; `nil` when no epoch recorded one or the rate never changed (the
    /// configuration already says it, and a flat line says nothing more).
    public static func learningRateCurve(_ history: History) -> LinePlot? {
        let points = history.epochs.compactMap { m in m.learningRate.map { (Double(m.epoch), Double($0)) } }.filter { $0.1.isFinite }
        let rates = points.map(\.1)
        guard let lowest = rates.min(), let highest = rates.max(), highest > lowest else { return nil }
        let log = rates.allSatisfy { $0 > 0 } && (rates.max()! / rates.min()! > 3)
        return LinePlot(
            title: "Learning rate per epoch", x: Axis(label: "Epoch", integer: true),
            y: Axis(label: "Learning rate" + (log ? " (log scale)" : ""), scale: log ? .log : .linear),
            series: [LineSeries(name: "", x: points.map(\.0), y: rates, color: .palette(0), markers: LineSeries.marksPoints(points.count))])
    }

    /// The wall-clock seconds of each epoch (training and evaluation); `nil` without epochs.
    /// The axis starts at 0, so that a slower epoch is seen for what it is.
    public static func secondsPerEpoch(_ history: History) -> LinePlot? {
        guard !history.epochs.isEmpty else { return nil }
        let x = history.epochs.map { Double($0.epoch) }, y = history.epochs.map(\.seconds)
        return LinePlot(
            title: "Seconds per epoch", x: Axis(label: "Epoch", integer: true),
            y: Axis(label: "Seconds", limits: 0...0),
            series: [LineSeries(name: "", x: x, y: y, color: .palette(0), markers: LineSeries.marksPoints(x.count))])
    }

    /// Held-out loss minus training loss per epoch, for each held-out part (validation dashed, test
    /// dotted), with the line y = 0: a gap that grows while the training loss falls is overfitting.
    /// `nil` when no held-out loss was measured.
    public static func lossGap(_ history: History) -> LinePlot? {
        let x = history.epochs.map { Double($0.epoch) }
        var series: [LineSeries] = []
        for (split, values) in [(DataSplit.validation, history.validationLoss), (.test, history.testLoss)] where values.contains(where: { $0 != nil }) {
            let gap = zip(values, history.trainLoss).map { held, train in held.map { Double($0) - Double(train) } ?? .nan }
            series.append(
                LineSeries(
                    name: "\(split.rawValue) \u{2212} train", x: x, y: gap, color: .palette(0), markers: LineSeries.marksPoints(x.count),
                    style: lineStyle(split)))
        }
        guard !series.isEmpty, let first = x.first, let last = x.last else { return nil }
        series.append(LineSeries(name: "no gap", x: [first, last], y: [0, 0], color: .axisGray, style: .solid))
        return LinePlot(
            title: "Generalisation gap per epoch", x: Axis(label: "Epoch", integer: true),
            y: Axis(label: "Held-out loss \u{2212} training loss", limits: 0...0), series: series)
    }
}
