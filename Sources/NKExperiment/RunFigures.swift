// RunFigures: the figures of a training run (curves, confusion matrix, decision boundary, images).

import NKAnalysis
import NKCore
import NKData
import NKLayers
import NKPlot
import NKTrain

/// Builds the figures a run folder and its report show.
public enum RunFigures {
    /// Train (and validation and test) loss per epoch; several histories overlaid when given several.
    public static func lossCurves(_ histories: [(name: String, history: History)]) -> LinePlot {
        var series: [LineSeries] = []
        for (name, h) in histories {
            let prefix = histories.count > 1 ? name + " " : ""
            let epochs = h.epochs.map { Double($0.epoch) }
            series.append(LineSeries(name: prefix + "train", x: epochs, y: h.trainLoss.map(Double.init)))
            for (part, values) in [("validation", h.validationLoss), ("test", h.testLoss)] where values.contains(where: { $0 != nil }) {
                series.append(LineSeries(name: prefix + part, x: epochs, y: values.map { $0.map(Double.init) ?? .nan }, dashed: true))
            }
        }
        let positive = histories.allSatisfy { $0.history.trainLoss.allSatisfy { $0 > 0 } }
        return LinePlot(title: "loss per epoch", x: Axis(label: "epoch"),
                        y: Axis(label: "loss", scale: positive ? .log : .linear), series: series)
    }

    /// Train (and validation and test) accuracy per epoch, or `nil` when no accuracy was measured.
    public static func accuracyCurves(_ histories: [(name: String, history: History)]) -> LinePlot? {
        var series: [LineSeries] = []
        for (name, h) in histories {
            let prefix = histories.count > 1 ? name + " " : ""
            let epochs = h.epochs.map { Double($0.epoch) }
            if h.trainAccuracy.contains(where: { $0 != nil }) {
                series.append(LineSeries(name: prefix + "train", x: epochs, y: h.trainAccuracy.map { $0.map(Double.init) ?? .nan }))
            }
            for (part, values) in [("validation", h.validationAccuracy), ("test", h.testAccuracy)] where values.contains(where: { $0 != nil }) {
                series.append(LineSeries(name: prefix + part, x: epochs, y: values.map { $0.map(Double.init) ?? .nan }, dashed: true))
            }
        }
        guard !series.isEmpty else { return nil }
        return LinePlot(title: "accuracy per epoch", x: Axis(label: "epoch"),
                        y: Axis(label: "accuracy", limits: 0...1), series: series)
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
        let prediction = try predict(network: network, inputs: part.inputs)
        let (predicted, actual) = classes(prediction: prediction, target: part.targets, decision: decision)
        let counts = try ClassificationMetrics.confusionMatrix(truth: actual, predicted: predicted, classCount: classCount)
        return Heatmap.confusionMatrix(counts, classNames: part.classNames ?? (0..<classCount).map(String.init),
                                       title: "confusion matrix (\(part.name), \(part.count) samples)")
    }

    /// The regions a 2-input classifier assigns to each class, with the training points on top.
    public static func decisionBoundary(network: Sequential, part: Dataset, decision: Decision) throws -> DecisionBoundaryPlot {
        let xs = (0..<part.count).map { Double(part.inputs.scalars[2 * $0]) }
        let ys = (0..<part.count).map { Double(part.inputs.scalars[2 * $0 + 1]) }
        let (xRange, yRange) = DecisionBoundaryPlot.ranges(xs: xs, ys: ys)
        let side = 150
        let grid = DecisionBoundaryPlot.gridPoints(xRange: xRange, yRange: yRange, gridWidth: side, gridHeight: side)
        let (gridClasses, _) = classes(prediction: try predict(network: network, inputs: grid),
                                       target: Tensor(zeros: [grid.rowCount]), decision: decision)
        let (_, actual) = classes(prediction: try predict(network: network, inputs: part.inputs), target: part.targets, decision: decision)
        return try DecisionBoundaryPlot(title: "decision boundary (\(part.name))", xRange: xRange, yRange: yRange,
                                        grid: gridClasses, gridWidth: side, gridHeight: side,
                                        xs: xs, ys: ys, classes: actual)
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
        return try ImageGrid(title: "first \(n) training samples (\(part.name))", images: part.inputs.rows(0..<n),
                             sampleShape: shape, columns: 12, captions: captions, normalization: .perImage)
    }

    /// The first `count` samples of `part` above the network's outputs for them, when they are images.
    public static func reconstructions(_ network: Sequential, part: Dataset, count: Int = 12) throws -> ImageGrid? {
        guard let shape = imageShape(part.sampleShape), part.count > 0 else { return nil }
        let n = min(count, part.count)
        let originals = part.inputs.rows(0..<n)
        network.setTraining(false)
        let outputs = try network.forward(originals)
        guard outputs.rowSize == originals.rowSize else { return nil }
        return try ImageGrid.comparison(title: "reconstructions (\(part.name))", top: originals, bottom: outputs, sampleShape: shape,
                                        count: n, normalization: .perImage)
    }

    /// The rows of the first `Linear` layer's weight drawn as images, when the input is an image
    /// (each hidden unit's receptive field; symmetric scaling, so mid-grey is a zero weight).
    public static func firstLayerWeights(_ network: Sequential, sampleShape: [Int], count: Int = 48) throws -> ImageGrid? {
        guard let shape = imageShape(sampleShape), let linear = network.modules.first as? Linear,
              linear.inputSize == shape.reduce(1, *) else { return nil }
        let n = min(count, linear.outputSize)
        return try ImageGrid(title: "first-layer weights (\(n) of \(linear.outputSize) units)",
                             images: linear.weight.value.rows(0..<n), sampleShape: shape, columns: 12,
                             normalization: .symmetric)
    }
}
