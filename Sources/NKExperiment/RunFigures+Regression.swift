// RunFigures for regression: predicted against actual values, residuals, and a forecast for series.

import NKCore
import NKData
import NKLayers
import NKPlot
import NKTrain

extension RunFigures {
    /// A regression model's first output and the first target column for every sample of a part,
    /// computed once for every figure that needs them.
    public struct RegressionPredictions {
        /// The part's name.
        public var name: String
        /// The model's first output per sample.
        public var predicted: [Double]
        /// The first target column per sample.
        public var actual: [Double]
        /// Whether the model has more than one output (the figures then say "first output").
        public var severalOutputs: Bool

        /// Runs `network` (in evaluation mode) over `part`.
        public init(network: Sequential, part: Dataset) throws {
            network.setTraining(false)
            let output = try predict(network: network, inputs: part.inputs)
            let k = output.rowSize, t = part.targets.rowSize
            name = part.name
            predicted = (0..<output.rowCount).map { Double(output.scalars[$0 * k]) }
            actual = (0..<part.count).map { Double(part.targets.scalars[$0 * t]) }
            severalOutputs = t > 1
        }
    }

    /// Predicted against actual values (first output), with the line y = x of a perfect
    /// prediction; both axes share one range so that the diagonal is at 45°.
    public static func predictedVersusActual(_ r: RegressionPredictions) -> ScatterPlot {
        let finite = (r.predicted + r.actual).filter(\.isFinite)
        let range = (finite.min() ?? 0)...(finite.max() ?? 1)
        let which = r.severalOutputs ? " (first output)" : ""
        var plot = ScatterPlot(
            title: "Predicted vs actual (\(r.name))\(which)", x: Axis(label: "Actual value", limits: range),
            y: Axis(label: "Predicted value", limits: range), xs: r.actual, ys: r.predicted, markerSize: 2.5,
            size: (520, 480))
        plot.referenceLines = [.identity]
        return plot
    }

    /// Residuals (actual − predicted) against the predicted value, with the line y = 0: a pattern
    /// in the cloud is structure the model missed.
    public static func residuals(_ r: RegressionPredictions) -> ScatterPlot {
        var plot = ScatterPlot(
            title: "Residuals (\(r.name))", x: Axis(label: "Predicted value"),
            y: Axis(label: "Actual \u{2212} predicted", limits: 0...0), xs: r.predicted,
            ys: zip(r.actual, r.predicted).map { $0 - $1 }, markerSize: 2.5, size: (560, 400))
        plot.referenceLines = [.zero]
        return plot
    }

    /// For time-ordered data (consecutive windows of a series): the actual next values over time,
    /// and the model's one-step predictions over the training months (solid) and the test months
    /// (dotted), so that overfitting shows where the test part starts.
    /// `test` is the test part's predictions when the caller already has them.
    public static func forecast(network: Sequential, data: PreparedData, test known: RegressionPredictions? = nil) throws -> LinePlot? {
        guard data.validation == nil, let test = data.test else { return nil }
        let train = try RegressionPredictions(network: network, part: data.train)
        let held = try known ?? RegressionPredictions(network: network, part: test)
        let n = train.actual.count, m = held.actual.count
        guard n > 0, m > 0 else { return nil }
        let time = (0..<(n + m)).map { Double($0 + 1) }
        let nan = { (count: Int) in [Double](repeating: .nan, count: count) }
        return LinePlot(
            title: "One-step forecast (\(data.source))", x: Axis(label: "Window (time step)", integer: true),
            y: Axis(label: "Value"),
            series: [
                LineSeries(name: "actual", x: time, y: train.actual + held.actual, color: .black),
                LineSeries(name: "predicted, train", x: time, y: train.predicted + nan(m), color: .palette(0), style: .solid),
                // The test curve starts at the last training point so that the two join.
                LineSeries(
                    name: "predicted, test", x: time, y: nan(n - 1) + [train.predicted[n - 1]] + held.predicted,
                    color: .palette(1), style: .dotted),
            ], size: (720, 400))
    }
}

extension DataSource {
    /// Whether the samples are consecutive windows of one series, in time order (air passengers),
    /// so that a forecast plot makes sense.
    public var isTimeOrdered: Bool { entry?.name == "air-passengers" }
}
