// RunFigures: the figures of a training run (curves, confusion matrix, decision boundary, images).

import NKAnalysis
import NKCore
import NKData
import NKLayers
import NKLosses
import NKPlot
import NKTrain

/// Builds the figures a run folder and its report show.
public enum RunFigures {
    /// Train (and validation and test) loss per epoch; several histories overlaid when given several.
    /// Each run has one colour; the line style tells the parts apart (training solid, validation
    /// dashed, test dotted).
    /// The axis label names the loss when `loss` is given, and says when the scale is logarithmic.
    /// `baseline`, for a regression, is the loss of always predicting the training mean on a part,
    /// drawn as a grey dotted line across all epochs.
    /// `standardisedTargets` says in the label that a regression's loss is measured on standardised
    /// targets (`Loss (mse on standardised targets, log scale)`).
    public static func lossCurves(
        _ histories: [(name: String, history: History)], loss: LossKind? = nil, baseline: (split: DataSplit, loss: Double)? = nil,
        standardisedTargets: Bool = false
    ) -> LinePlot {
        var series = curves(histories) { h in
            [(DataSplit.train, h.trainLoss.map(Optional.some)), (.validation, h.validationLoss), (.test, h.testLoss)]
        }
        let epochs = histories.flatMap { $0.history.epochs.map { Double($0.epoch) } }
        if let baseline, baseline.loss.isFinite, let first = epochs.min(), let last = epochs.max() {
            series.append(
                LineSeries(
                    name: "mean predictor (\(baseline.split.rawValue))", x: [first, last], y: [baseline.loss, baseline.loss],
                    color: .axisGray, style: .dotted))
        }
        let positive = series.allSatisfy { $0.y.allSatisfy { !$0.isFinite || $0 > 0 } }
        let which = standardisedTargets ? " on standardised targets" : ""
        let details = (loss.map { ["\($0)\(which)"] } ?? []) + (positive ? ["log scale"] : [])
        return LinePlot(
            title: "Loss per epoch", x: Axis(label: "Epoch", integer: true),
            y: Axis(label: "Loss" + (details.isEmpty ? "" : " (\(details.joined(separator: ", ")))"), scale: positive ? .log : .linear), series: series)
    }

    /// Train (and validation and test) accuracy per epoch in per cent (as the tables print it), or
    /// `nil` when no accuracy was measured. The axis is zoomed to the data (never past 0 or 100)
    /// unless `fullRange` asks for all of 0–100.
    public static func accuracyCurves(_ histories: [(name: String, history: History)], fullRange: Bool = false) -> LinePlot? {
        let percent = { (values: [Float?]) in values.map { $0.map { 100 * $0 } } }
        let series = curves(histories) { h in
            [(DataSplit.train, percent(h.trainAccuracy)), (.validation, percent(h.validationAccuracy)), (.test, percent(h.testAccuracy))]
        }
        guard !series.isEmpty else { return nil }
        let label = "Accuracy (%)"
        return LinePlot(
            title: "Accuracy per epoch", x: Axis(label: "Epoch", integer: true),
            y: fullRange ? Axis(label: label, limits: 0...100) : Axis(label: label, bounds: 0...100),
            series: series)
    }

    /// The line style of each part's curve.
    public static func lineStyle(_ split: DataSplit) -> LineStyle {
        switch split {
        case .train: return .solid
        case .validation: return .dashed
        case .test: return .dotted
        }
    }

    /// One series per measured part of each history: colour by run, line style by part; with 10
    /// epochs or fewer, markers on the points (one epoch is a point, and a lone point has no line style).
    static func curves(
        _ histories: [(name: String, history: History)],
        _ parts: (History) -> [(DataSplit, [Float?])]
    ) -> [LineSeries] {
        var series: [LineSeries] = []
        for (index, (name, h)) in histories.enumerated() {
            let prefix = histories.count > 1 ? name + " " : ""
            let epochs = h.epochs.map { Double($0.epoch) }
            for (split, values) in parts(h) where values.contains(where: { $0 != nil }) {
                series.append(
                    LineSeries(
                        name: prefix + split.rawValue, x: epochs, y: values.map { $0.map(Double.init) ?? .nan },
                        color: .palette(index), markers: LineSeries.marksPoints(epochs.count), style: lineStyle(split)))
            }
        }
        return series
    }

    /// The class of each row of `prediction` and of each row of `target` (encoded targets: class
    /// indices or one-hot rows for `argmax`, labels compared with 0.5 for `threshold`).
    public static func classes(prediction: Tensor, target: Tensor, decision: Decision) -> (predicted: [Int], actual: [Int]) {
        switch decision {
        case .argmax:
            let actual = target.count == prediction.rowCount ? target.scalars.map { Int($0) } : target.rowArgmax()
            return (prediction.rowArgmax(), actual)
        case .threshold(let t):
            return (prediction.scalars.map { $0 > t ? 1 : 0 }, target.scalars.map { $0 > 0.5 ? 1 : 0 })
        }
    }

    /// The confusion matrix of `network` on `part` (encoded targets; rows: true class, columns: predicted).
    public static func confusion(network: Sequential, part: Dataset, decision: Decision, classCount: Int) throws -> Heatmap {
        try confusion(try PartPredictions(network: network, part: part, decision: decision), classCount: classCount)
    }

    /// The regions a 2-input classifier assigns to each class, with the training points on top,
    /// shaded by the probability of the predicted class with the boundaries drawn where the
    /// likeliest classes tie (p = 0.5 for two). Shading needs probabilities: argmax outputs go
    /// through `classProbabilities`; one output with the threshold 0.5 is shaded when every output
    /// lies in 0...1 (a sigmoid's); other thresholds give flat class regions.
    public static func decisionBoundary(network: Sequential, part: Dataset, decision: Decision) throws -> DecisionBoundaryPlot {
        let xs = (0..<part.count).map { Double(part.inputs.scalars[2 * $0]) }
        let ys = (0..<part.count).map { Double(part.inputs.scalars[2 * $0 + 1]) }
        let (xRange, yRange) = DecisionBoundaryPlot.ranges(xs: xs, ys: ys)
        let side = 150
        let grid = DecisionBoundaryPlot.gridPoints(xRange: xRange, yRange: yRange, gridWidth: side, gridHeight: side)
        let output = try predict(network: network, inputs: grid)
        let (gridClasses, _) = classes(prediction: output, target: Tensor(zeros: [grid.rowCount]), decision: decision)
        let (_, actual) = classes(prediction: try predict(network: network, inputs: part.inputs), target: part.targets, decision: decision)
        var plot = try DecisionBoundaryPlot(
            title: "Decision boundary (\(part.name))", xRange: xRange, yRange: yRange,
            grid: gridClasses, gridWidth: side, gridHeight: side,
            xs: xs, ys: ys, classes: actual)
        switch decision {
        case .argmax where output.rowSize >= 2:
            let p = try classProbabilities(of: output, from: network)
            try plot.shade(probabilities: p.scalars.map(Double.init), classCount: p.rowSize)
        case .threshold(let t) where t == 0.5 && output.rowSize == 1 && output.scalars.allSatisfy({ $0 >= 0 && $0 <= 1 }):
            try plot.shade(probabilities: output.scalars.flatMap { [1 - Double($0), Double($0)] }, classCount: 2)
        default: break
        }
        return plot
    }

    /// The sample shape as an image `[h, w]` or `[h, w, c]`, or `nil` for data that is not images.
    public static func imageShape(_ sampleShape: [Int]) -> [Int]? {
        switch sampleShape.count {
        case 2: return sampleShape
        case 3 where [1, 3].contains(sampleShape[2]): return sampleShape
        default: return nil
        }
    }

    /// The first `count` images of `part` with their labels as captions.
    public static func samples(_ part: Dataset, count: Int = 48) throws -> ImageGrid? {
        guard let shape = imageShape(part.sampleShape), part.count > 0 else { return nil }
        let n = min(count, part.count)
        let captions = part.targets.rowSize == 1 ? (0..<n).map { String(Int(part.targets.scalars[$0])) } : []
        return try ImageGrid(
            title: "First \(n) training samples (\(part.name))", images: part.inputs.rows(0..<n),
            sampleShape: shape, columns: n >= 100 ? 20 : 12, captions: captions, normalization: .perImage)
    }

    /// The first `count` samples of `part` above the network's outputs for them, when they are images.
    public static func reconstructions(_ network: Sequential, part: Dataset, count: Int = 10) throws -> ImageGrid? {
        guard let shape = imageShape(part.sampleShape), part.count > 0 else { return nil }
        let n = min(count, part.count)
        let originals = part.inputs.rows(0..<n)
        network.setTraining(false)
        let outputs = try network.forward(originals)
        guard outputs.rowSize == originals.rowSize else { return nil }
        // Three screen pixels per image pixel (84 for a 28-pixel digit), so strokes can be compared.
        return try ImageGrid.comparison(
            title: "Reconstructions (\(part.name))", top: originals, bottom: outputs, sampleShape: shape,
            count: n, scale: max(2, 84 / max(shape[0], shape[1])), normalization: .perImage)
    }

    /// The rows of the first `Linear` layer's weight drawn as images, when the input is an image
    /// (each hidden unit's receptive field; symmetric scaling, so mid-grey is a zero weight).
    public static func firstLayerWeights(_ network: Sequential, sampleShape: [Int], count: Int = 48) throws -> ImageGrid? {
        guard let shape = imageShape(sampleShape), let linear = network.modules.first as? Linear,
            linear.inputSize == shape.reduce(1, *)
        else { return nil }
        let n = min(count, linear.outputSize)
        return try ImageGrid(
            title: "First-layer weights (\(n) of \(linear.outputSize) units)",
            images: linear.weight.value.rows(0..<n), sampleShape: shape, columns: 12,
            normalization: .symmetric)
    }
}
