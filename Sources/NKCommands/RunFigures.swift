// The figures of a training run: curves from its history, a confusion matrix, a decision boundary.

import NeuralKit

/// Builds the figures a run folder and its report show.
enum RunFigures {
    /// Train (and validation) loss per epoch; several histories overlaid when given several.
    static func lossCurves(_ histories: [(name: String, history: History)]) -> LinePlot {
        var series: [LineSeries] = []
        for (name, h) in histories {
            let prefix = histories.count > 1 ? name + " " : ""
            let epochs = h.epochs.map { Double($0.epoch) }
            series.append(LineSeries(name: prefix + "train", x: epochs, y: h.trainLoss.map(Double.init)))
            if h.validationLoss.contains(where: { $0 != nil }) {
                series.append(LineSeries(name: prefix + "validation", x: epochs,
                                         y: h.validationLoss.map { $0.map(Double.init) ?? .nan }, dashed: true))
            }
        }
        let positive = histories.allSatisfy { $0.history.trainLoss.allSatisfy { $0 > 0 } }
        return LinePlot(title: "loss per epoch", x: Axis(label: "epoch"),
                        y: Axis(label: "loss", scale: positive ? .log : .linear), series: series)
    }

    /// Train (and validation) accuracy per epoch, or `nil` when no accuracy was measured.
    static func accuracyCurves(_ histories: [(name: String, history: History)]) -> LinePlot? {
        var series: [LineSeries] = []
        for (name, h) in histories {
            let prefix = histories.count > 1 ? name + " " : ""
            let epochs = h.epochs.map { Double($0.epoch) }
            if h.trainAccuracy.contains(where: { $0 != nil }) {
                series.append(LineSeries(name: prefix + "train", x: epochs, y: h.trainAccuracy.map { $0.map(Double.init) ?? .nan }))
            }
            if h.validationAccuracy.contains(where: { $0 != nil }) {
                series.append(LineSeries(name: prefix + "validation", x: epochs,
                                         y: h.validationAccuracy.map { $0.map(Double.init) ?? .nan }, dashed: true))
            }
        }
        guard !series.isEmpty else { return nil }
        return LinePlot(title: "accuracy per epoch", x: Axis(label: "epoch"),
                        y: Axis(label: "accuracy", limits: 0...1), series: series)
    }

    /// The class each row of `prediction` is decided to be, and the class of each target row.
    static func classes(prediction: Tensor, target: Tensor, decision: Decision) -> (predicted: [Int], actual: [Int]) {
        let n = prediction.rowCount, k = prediction.rowSize
        func argmax(_ t: Tensor, _ i: Int, _ width: Int) -> Int {
            var best = 0
            for j in 1..<max(width, 1) where t.scalars[i * width + j] > t.scalars[i * width + best] { best = j }
            return best
        }
        switch decision {
        case .argmax:
            let indices = target.count == n
            return ((0..<n).map { argmax(prediction, $0, k) },
                    (0..<n).map { indices ? Int(target.scalars[$0]) : argmax(target, $0, k) })
        case .threshold(let t):
            return (prediction.scalars.map { $0 > t ? 1 : 0 }, target.scalars.map { $0 > 0.5 ? 1 : 0 })
        }
    }

    /// The confusion matrix of `network` on `data` (rows: true class, columns: predicted class).
    static func confusion(network: Sequential, data: LoadedData, decision: Decision, classCount: Int) throws -> Heatmap {
        let prediction = try network.forward(data.inputs)
        let (predicted, actual) = classes(prediction: prediction, target: data.targets, decision: decision)
        var counts = Array(repeating: Array(repeating: 0, count: classCount), count: classCount)
        for (p, a) in zip(predicted, actual) where p < classCount && a < classCount && p >= 0 && a >= 0 { counts[a][p] += 1 }
        return Heatmap.confusionMatrix(counts, classNames: (0..<classCount).map(String.init),
                                       title: "confusion matrix (\(data.name), \(data.count) samples)")
    }

    /// The regions a 2-input classifier assigns to each class, with the training points on top.
    static func decisionBoundary(network: Sequential, data: LoadedData, decision: Decision) throws -> DecisionBoundaryPlot {
        let xs = (0..<data.count).map { Double(data.inputs.scalars[2 * $0]) }
        let ys = (0..<data.count).map { Double(data.inputs.scalars[2 * $0 + 1]) }
        let (xRange, yRange) = DecisionBoundaryPlot.ranges(xs: xs, ys: ys)
        let side = 150
        let grid = DecisionBoundaryPlot.gridPoints(xRange: xRange, yRange: yRange, gridWidth: side, gridHeight: side)
        let gridPrediction = try network.forward(grid)
        let (gridClasses, _) = classes(prediction: gridPrediction, target: Tensor(zeros: [grid.rowCount]), decision: decision)
        let prediction = try network.forward(data.inputs)
        let (_, actual) = classes(prediction: prediction, target: data.targets, decision: decision)
        return try DecisionBoundaryPlot(title: "decision boundary (\(data.name))", xRange: xRange, yRange: yRange,
                                        grid: gridClasses, gridWidth: side, gridHeight: side,
                                        xs: xs, ys: ys, classes: actual)
    }

    /// The sample shape as an image `[h, w]` or `[h, w, c]`, or `nil` for data that is not images.
    static func imageShape(_ sampleShape: [Int]) -> [Int]? {
        switch sampleShape.count {
        case 2: return sampleShape
        case 3 where [1, 3].contains(sampleShape[2]): return sampleShape
        default: return nil
        }
    }

    /// The first `count` training images with their labels as captions.
    static func samples(_ data: LoadedData, count: Int = 48) throws -> ImageGrid? {
        guard let shape = imageShape(Array(data.inputs.shape.dropFirst())), data.count > 0 else { return nil }
        let n = min(count, data.count)
        let captions = data.targets.rowSize == 1 ? (0..<n).map { String(Int(data.targets.scalars[$0])) } : []
        return try ImageGrid(title: "first \(n) training samples (\(data.name))", images: data.inputs.rows(0..<n),
                             sampleShape: shape, columns: 12, captions: captions, normalization: .perImage)
    }

    /// The first `count` samples of `data` above the network's outputs for them, when they are images.
    static func reconstructions(_ network: Sequential, data: LoadedData, count: Int = 12) throws -> ImageGrid? {
        guard let shape = imageShape(Array(data.inputs.shape.dropFirst())), data.count > 0 else { return nil }
        let n = min(count, data.count)
        let originals = data.inputs.rows(0..<n)
        let outputs = try network.forward(originals)
        guard outputs.rowSize == originals.rowSize else { return nil }
        return try ImageGrid.comparison(title: "reconstructions (\(data.name))", top: originals, bottom: outputs, sampleShape: shape,
                                        count: n, normalization: .perImage)
    }

    /// The rows of the first `Linear` layer's weight drawn as images, when the input is an image
    /// (each hidden unit's receptive field; symmetric scaling, so mid-grey is a zero weight).
    static func firstLayerWeights(_ network: Sequential, sampleShape: [Int], count: Int = 48) throws -> ImageGrid? {
        guard let shape = imageShape(sampleShape), let linear = network.modules.first as? Linear,
              linear.inputSize == shape.reduce(1, *) else { return nil }
        let n = min(count, linear.outputSize)
        return try ImageGrid(title: "first-layer weights (\(n) of \(linear.outputSize) units)",
                             images: linear.weight.value.rows(0..<n), sampleShape: shape, columns: 12,
                             normalization: .symmetric)
    }
}
