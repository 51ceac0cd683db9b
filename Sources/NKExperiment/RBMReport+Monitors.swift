// RBMReport: the monitors of an RBM's training drawn per epoch (reconstruction error, free energy).

import NKPlot
import NKTrain

extension RBMReport {
    /// The reconstruction error per epoch, and the mean free energy of training rows (solid) and of
    /// the test part (dotted, when monitored) per epoch, with their file names and captions.
    public static func monitorFigures(_ history: [RBMEpochMetrics]) -> [(String, LinePlot, String)] {
        guard !history.isEmpty else { return [] }
        let epochs = history.map { Double($0.epoch) }, marked = LineSeries.marksPoints(epochs.count)
        let reconstruction = LinePlot(
            title: "Reconstruction error per epoch", x: Axis(label: "Epoch", integer: true),
            y: Axis(label: "Mean squared error per visible unit"),
            series: [LineSeries(name: "train", x: epochs, y: history.map { Double($0.reconstructionError) }, color: .palette(0), markers: marked)])
        var energy = [
            LineSeries(name: "train", x: epochs, y: history.map { Double($0.freeEnergy) }, color: .palette(0), markers: marked)
        ]
        if history.allSatisfy({ $0.monitorFreeEnergy != nil }) {
            energy.append(
                LineSeries(
                    name: "test", x: epochs, y: history.map { Double($0.monitorFreeEnergy!) }, color: .palette(0), markers: marked,
                    style: RunFigures.lineStyle(.test)))
        }
        let freeEnergy = LinePlot(
            title: "Free energy per epoch", x: Axis(label: "Epoch", integer: true), y: Axis(label: "Mean free energy"), series: energy)
        return [
            (
                "reconstruction_error.svg", reconstruction,
                "Mean squared difference between (up to 1,000) training rows and their one-step mean-field reconstructions p(v | p(h | v)), per visible unit, after each epoch: it falls as the RBM learns, but is not the objective it optimises."
            ),
            (
                "free_energy.svg", freeEnergy,
                "Mean free energy F(v) of (up to 1,000) training rows (solid) and of the test part (dotted) after each epoch: a test curve that rises above the training one is overfitting."
            ),
        ]
    }
}
