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
        /// Whether the values were brought back from standardised units to the target's own.
        public var restored: Bool
        /// The mean first target of the training part (in the same units), the prediction of the
        /// baseline that always predicts it; `nil` when not given.
        public var trainingMean: Double?

        /// Runs `network` (in evaluation mode) over `part` and brings predictions and targets back to
        /// the target's own units with `preprocessing` (the run's fitted steps); `train` (same
        /// encoding as `part`) gives the training mean.
        public init(network: Sequential, part: Dataset, preprocessing: FittedPreprocessing = FittedPreprocessing(), train: Dataset? = nil) throws {
            network.setTraining(false)
            let output = try predict(network: network, inputs: part.inputs)
            let k = output.rowSize, t = part.targets.rowSize
            name = part.name
            predicted = preprocessing.originalTargets((0..<output.rowCount).map { Double(output.scalars[$0 * k]) })
            actual = preprocessing.originalTargets((0..<part.count).map { Double(part.targets.scalars[$0 * t]) })
            severalOutputs = t > 1
            restored = preprocessing.transformsTargets
            if let train, train.count > 0 {
                let w = train.targets.rowSize
                let mean = (0..<train.count).reduce(0.0) { $0 + Double(train.targets.scalars[$1 * w]) } / Double(train.count)
                trainingMean = preprocessing.originalTargets([mean])[0]
            }
        }

        /// What the values are in, for axis labels: `target units` (`, standardisation undone`).
        public var units: String { restored ? "target units, standardisation undone" : "target units" }
    }

    /// Predicted against actual values (first output) in the target's units, with the line y = x of
    /// a perfect prediction and, when known, the line of the baseline that always predicts the
    /// training mean (inside the range, however far from the held-out values); both axes share one
    /// range so that the diagonal is at 45°.
    public static func predictedVersusActual(_ r: RegressionPredictions) -> ScatterPlot {
        let finite = (r.predicted + r.actual + (r.trainingMean.map { [$0] } ?? [])).filter(\.isFinite)
        let range = (finite.min() ?? 0)...(finite.max() ?? 1)
        let which = r.severalOutputs ? " (first output)" : ""
        var plot = ScatterPlot(
            title: "Predicted vs actual (\(r.name))\(which)", x: Axis(label: "Actual value (\(r.units))", limits: range),
            y: Axis(label: "Predicted value (\(r.units))", limits: range), xs: r.actual, ys: r.predicted, markerSize: 2.5,
            size: (560, 480))
        plot.referenceLines = [.identity] + (r.trainingMean.map { [ReferenceLine(slope: 0, intercept: $0, name: "training mean", style: .dotted)] } ?? [])
        return plot
    }

    /// Residuals (actual − predicted) against the predicted value, with the line y = 0: a pattern
    /// in the cloud is structure the model missed.
    public static func residuals(_ r: RegressionPredictions) -> ScatterPlot {
        var plot = ScatterPlot(
            title: "Residuals (\(r.name))", x: Axis(label: "Predicted value (\(r.units))"),
            y: Axis(label: "Actual \u{2212} predicted (\(r.units))", limits: 0...0), xs: r.predicted,
            ys: zip(r.actual, r.predicted).map { $0 - $1 }, markerSize: 2.5, size: (560, 400))
        plot.referenceLines = [.zero]
        return plot
    }

    /// For time-ordered data (consecutive windows of a series): the actual next values over time,
    /// and the model's one-step predictions over the training months (solid) and the test months
    /// (dotted), so that overfitting shows where the test part starts.
    /// `test` is the test part's predictions when the caller already has them (brought back to the
    /// target's units with `data.preprocessing`, as these are).
    public static func forecast(network: Sequential, data: PreparedData, test known: RegressionPredictions? = nil) throws -> LinePlot? {
        guard data.validation == nil, let test = data.test else { return nil }
        let train = try RegressionPredictions(network: network, part: data.train, preprocessing: data.preprocessing)
        let held = try known ?? RegressionPredictions(network: network, part: test, preprocessing: data.preprocessing)
        let n = train.actual.count, m = held.actual.count
        guard n > 0, m > 0 else { return nil }
        let time = (0..<(n + m)).map { Double($0 + 1) }
        let nan = { (count: Int) in [Double](repeating: .nan, count: count) }
        return LinePlot(
            title: "One-step forecast (\(data.source))", x: Axis(label: "Window (time step)", integer: true),
            y: Axis(label: "Value (\(train.units))"),
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
