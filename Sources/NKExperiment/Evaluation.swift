// Evaluation: a model's loss and accuracy on one part of a run's data, and how to say it.

import Foundation
import NKCore
import NKData
import NKLayers
import NKLosses
import NKTrain

/// What a model scores on one part of the data: the loss, the accuracy when the targets are
/// classes, and for a regression with `mse` the loss of always predicting the mean training target
/// (the baseline a model must beat).
public struct Evaluation: Sendable {
    /// Which part was measured.
    public var split: DataSplit
    /// How many samples it holds.
    public var sampleCount: Int
    /// The mean loss over the samples.
    public var loss: Float
    /// The accuracy in [0, 1]; nil for regression and autoencoders.
    public var accuracy: Float?
    /// For regression with `mse`: the loss of predicting the training part's mean target.
    public var meanBaseline: Float?

    /// Measures `network` on `part`, whose targets are already encoded for `loss`.
    public init(
        network: Sequential, loss: LossKind, decision: Decision?, part: Dataset, split: DataSplit,
        meanOf train: Dataset? = nil
    ) throws {
        self.split = split
        sampleCount = part.count
        (self.loss, accuracy) = try NKTrain.evaluate(
            network: network, loss: loss.make(), inputs: part.inputs,
            targets: part.targets, decision: decision)
        if decision == nil, loss == .mse, let train { meanBaseline = Evaluation.meanPredictionMSE(train: train, judged: part) }
    }

    /// `test (10000 samples): loss 0.081234, accuracy 97.67%` (and the mean baseline for regression).
    public var line: String {
        var s = String(format: "%@ (%ld samples): loss %.6f", split.rawValue, sampleCount, Double(loss))
        if let accuracy { s += String(format: ", accuracy %.2f%%", Double(accuracy) * 100) }
        if let meanBaseline { s += String(format: " (predicting the training mean: %.6f)", Double(meanBaseline)) }
        return s
    }

    /// The MSE (NeuralKit's: summed over outputs, averaged over samples) of always predicting the
    /// mean target of `train`.
    public static func meanPredictionMSE(train: Dataset, judged: Dataset) -> Float {
        let w = train.targets.rowSize
        var mean = [Double](repeating: 0, count: w)
        for (i, y) in train.targets.scalars.enumerated() { mean[i % w] += Double(y) / Double(max(train.count, 1)) }
        var sum = 0.0
        for (i, y) in judged.targets.scalars.enumerated() { sum += (Double(y) - mean[i % w]) * (Double(y) - mean[i % w]) }
        return Float(sum / Double(max(judged.count, 1)))
    }
}
