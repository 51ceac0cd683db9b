// Decision: how a prediction becomes a class, for measuring accuracy.

import NKCore

/// The rule that turns network outputs into classes, so that accuracy can be measured.
///
/// - `argmax`: multi-class outputs `(batch, classes)`; the predicted class is the column with the
///   largest value. Targets are class indices, shape `(batch)` or `(batch, 1)`, or one-hot rows
///   shaped like the prediction (their argmax is the class).
/// - `threshold(t)`: binary outputs, usually `(batch, 1)`; an output is "positive" when it is
///   `> t`. Use 0.5 after a sigmoid, 0 for logits or ±1 outputs (tanh, hinge). Targets may be ±1 or
///   0/1 (or probabilities): a target is positive when it is `> 0.5`, which separates both label sets.
///   With several columns each element is judged on its own (multi-label accuracy).
public enum Decision: Sendable, Equatable, CustomStringConvertible {
    /// The class is the column with the largest output.
    case argmax
    /// Positive when the output is greater than the threshold.
    case threshold(Float)

    /// The usual rule for an output width: `argmax` for several columns, `threshold(0.5)` for one.
    public static func `default`(outputWidth: Int) -> Decision {
        outputWidth > 1 ? .argmax : .threshold(0.5)
    }

    /// `argmax` or `threshold(t)`.
    public var description: String {
        switch self {
        case .argmax: "argmax"
        case .threshold(let t): "threshold(\(t))"
        }
    }

    /// The number of correct decisions and how many were judged (samples for `argmax`, elements
    /// for `threshold`).
    ///
    /// - Throws: `NeuralKitError.shape` when the target layout does not fit the prediction.
    public func correctCount(prediction: Tensor, target: Tensor) throws -> (correct: Int, total: Int) {
        let n = prediction.rowCount
        guard target.rowCount == n else {
            throw NeuralKitError.shape("Accuracy (\(self)): prediction \(describeShape(prediction.shape)) and target \(describeShape(target.shape)) have different batch sizes")
        }
        switch self {
        case .argmax:
            let k = prediction.rowSize
            let indices = target.count == n
            guard indices || target.count == prediction.count else {
                throw NeuralKitError.shape(
                    "Accuracy (argmax): target \(describeShape(target.shape)) is neither class indices (\(n)) nor one-hot rows like the prediction \(describeShape(prediction.shape))")
            }
            var correct = 0
            prediction.withUnsafeBufferPointer { p in
                target.withUnsafeBufferPointer { t in
                    for i in 0..<n {
                        let predicted = Tensor.argmax(p, from: i * k, count: k)
                        let actual = indices ? Decision.classIndex(t[i]) : Tensor.argmax(t, from: i * k, count: k)
                        if predicted == actual { correct += 1 }
                    }
                }
            }
            return (correct, n)
        case .threshold(let threshold):
            guard target.count == prediction.count else {
                throw NeuralKitError.shape("Accuracy (threshold \(threshold)): target \(describeShape(target.shape)) must have as many values as the prediction \(describeShape(prediction.shape))")
            }
            // 0.5 lies between the label values of both conventions, {−1, +1} and {0, 1}.
            var correct = 0
            for (p, t) in zip(prediction.scalars, target.scalars) where (p > threshold) == (t > 0.5) {
                correct += 1
            }
            return (correct, target.count)
        }
    }

    /// A class index stored as a float; -1 (never predicted) for NaN, infinite or huge values.
    private static func classIndex(_ value: Float) -> Int {
        value.isFinite && abs(value) < 1e9 ? Int(value.rounded()) : -1
    }
}
