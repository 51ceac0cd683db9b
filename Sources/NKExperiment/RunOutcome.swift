// RunOutcome: what a finished training run produced.

import Foundation
import NKCore
import NKData
import NKLayers
import NKTrain

/// A finished run: the trained model, its history, its data and its scores on every part.
public struct RunOutcome {
    /// What was run.
    public var specification: RunSpecification
    /// The specification with every default made explicit (the preprocessing and the validation
    /// fraction actually used), as checkpoints and `config.json` record it.
    public var resolvedSpecification: RunSpecification
    /// The trained model.
    public var network: Sequential
    /// One entry per epoch.
    public var history: History
    /// The data as the model saw it (preprocessed), with the targets as given.
    public var data: PreparedData
    /// The same parts with their targets encoded for the loss.
    public var encoded: PreparedData
    /// How accuracy was judged (nil for regression and autoencoders).
    public var decision: Decision?
    /// The model's output values per sample.
    public var outputWidth: Int
    /// The final model's scores: train, then validation and test when the run has them.
    public var evaluations: [Evaluation]
    /// Things the user should know about the run.
    public var notes: [String]
    /// The loss of every batch this process trained on.
    public var batchLosses = BatchLosses()

    /// The score on the training part.
    public var train: Evaluation { evaluations[0] }
    /// The score on the validation part, when one was held out.
    public var validation: Evaluation? { evaluations.first { $0.split == .validation } }
    /// The score on the test part, when the data has one.
    public var test: Evaluation? { evaluations.first { $0.split == .test } }

    /// Writes the trained weights with the run and the fitted preprocessing in the header.
    /// Returns the layout warnings (see `RunCheckpoint.write`).
    @discardableResult
    public func saveCheckpoint(to path: String) throws -> [String] {
        try RunCheckpoint.write(network, specification: resolvedSpecification, preprocessing: data.preprocessing, to: path)
    }

    /// For a single `Linear(2, 1)` fitted to the linear-regression data: "Recovered coefficients: a =
    /// 1001.990 (true 1002, -0.00%), …"; nil for other data.
    public var recoveredCoefficients: String? {
        guard let truth = data.source.trueCoefficients else { return nil }
        guard network.modules.count == 1, let linear = network.modules.first as? Linear,
            linear.inputSize == 2, linear.outputSize == 1
        else {
            return "(the recovered coefficients are printed for a model that is exactly Linear(2, 1))"
        }
        let w = linear.weight.value.scalars, b = linear.bias?.value.scalars.first ?? 0
        let found: [Float] = [w[0], w[1], b]
        var parts: [String] = []
        for (i, name) in ["a", "b", "c"].enumerated() {
            let value = Double(found[i]), expected = Double(truth[i])
            let percent: Double = (value - expected) / expected * 100
            parts.append(String(format: "%@ = %.3f (true %g, %+.2f%%)", name, value, expected, percent))
        }
        return "Recovered coefficients: " + parts.joined(separator: ", ")
    }
}
