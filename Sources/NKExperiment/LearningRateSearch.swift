// LearningRateSearch: the range test on a run specification — the model, data, preprocessing and
// targets exactly as `train` would prepare them — and its figure.

import Foundation
import NKCore
import NKPlot
import NKTrain

/// Runs a `LearningRateFinder` on the run `specification` describes (its model drawn from its seed,
/// its data prepared and encoded by `TrainingRun`, its optimizer and batch size), so the rate found
/// is the rate for that very run.
///
/// ```swift
/// let search = try LearningRateSearch(spec, finder: LearningRateFinder(batches: 100))
/// let result = try search.run()
/// try search.figure(result).write(to: "lr.svg")
/// ```
public struct LearningRateSearch {
    public let specification: RunSpecification
    public let finder: LearningRateFinder
    /// The run prepared (model, data, targets); the test trains its model.
    public let prepared: TrainingRun

    /// Prepares the run (every check `train` makes).
    public init(_ specification: RunSpecification, finder: LearningRateFinder, dataDirectory: URL? = nil) throws {
        try finder.validate()
        self.specification = specification
        self.finder = finder
        prepared = try TrainingRun(specification, dataDirectory: dataDirectory)
    }

    /// The range test on the run's training part.
    public func run() throws -> LearningRateFinder.Result {
        let (train, _) = try prepared.targets.encode(prepared.data.train)
        return try finder.run(
            prepared.network, specification.loss.make(), optimizer: specification.training.optimizer, inputs: train.inputs, targets: train.targets,
            batchSize: specification.training.batchSize, seed: specification.seed)
    }

    /// Loss (raw and smoothed) against the rate on a log axis, the suggested rate marked. The loss
    /// axis stops at 1.5 times the highest smoothed loss before the minimum: the diverging steps at
    /// the end would otherwise flatten the curve (points above are left out).
    public func figure(_ result: LearningRateFinder.Result) -> LinePlot {
        let rates = result.rates.map(Double.init)
        let head = result.smoothed.prefix(result.best + 1).map(Double.init)
        let cap = 1.5 * (head.max() ?? 1), floor = min(head.min() ?? 0, result.losses.map(Double.init).min() ?? 0)
        func capped(_ values: [Float]) -> [Double] { values.map { Double($0) <= cap ? Double($0) : .nan } }
        var series = [
            LineSeries(name: "loss of each batch", x: rates, y: capped(result.losses), color: Color(hex: 0xB0B0B0)),
            LineSeries(name: "smoothed", x: rates, y: capped(result.smoothed), color: .palette(0)),
        ]
        if let s = result.suggestion {
            series.append(LineSeries(name: "suggested \(Self.format(s))", x: [Double(s), Double(s)], y: [floor, cap], color: .palette(1), style: .dashed))
        }
        return LinePlot(
            title: "Learning-rate range test: \(specification.model)", x: Axis(label: "Learning rate (log scale)", scale: .log),
            y: Axis(label: "Training loss (\(specification.loss))"), series: series)
    }

    /// A rate with three significant digits (`0.0316`, `3.16e-05`).
    public static func format(_ rate: Float) -> String { String(format: "%.3g", Double(rate)) }
}
