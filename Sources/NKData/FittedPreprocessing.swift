// FittedPreprocessing: preprocessing steps with the statistics fitted on a training part.

import NKCore

/// Preprocessing as it was applied: each step with the statistics it was fitted on (training rows
/// only, after any validation split). It is `Codable`, so a checkpoint records it and every later
/// command (`evaluate`, `cluster`, `embed`, `train --init`) feeds the model exactly what it was
/// trained on, without recomputing statistics from other data.
///
/// ```swift
/// let (fitted, train) = try FittedPreprocessing.fit([.standardize], on: rawTrain)
/// let test = try fitted.apply(to: rawTest)          // the training mean and std, unchanged
/// ```
public struct FittedPreprocessing: Sendable, Equatable, Codable, CustomStringConvertible {
    /// One step and its statistics.
    public enum Step: Sendable, Equatable, Codable {
        /// `(x − low) / (high − low)`.
        case scale(low: Float, high: Float)
        /// 1 where `x > threshold`, else 0.
        case binarize(threshold: Float)
        /// Per-feature `(x − mean) / std` with the training statistics.
        case standardize(Standardization)
        /// `x − mean` per feature (the training part's mean image).
        case subtractMean([Float])
        /// Regression targets `(y − mean) / std` with the training statistics.
        case standardizeTargets(Standardization)
    }

    /// The fitted steps, in the order they apply.
    public var steps: [Step]

    /// No preprocessing.
    public init(steps: [Step] = []) { self.steps = steps }

    /// Fits `steps` in order on `train` (each on the output of the previous ones) and returns them
    /// with the transformed training part.
    /// - Throws: `NeuralKitError.argument` for `standardize-targets` on class labels.
    public static func fit(_ steps: [PreprocessingStep], on train: Dataset) throws -> (FittedPreprocessing, Dataset) {
        var data = train
        let fitted = try fit(steps, inPlace: &data)
        return (fitted, data)
    }

    /// Fits `steps` in order on `data` (each on the output of the previous ones), transforming
    /// `data` in place as it goes: when the caller holds the only reference to its storage, no copy
    /// of the samples is made (a 60,000-image set is transformed within its own 188 MB).
    /// - Throws: `NeuralKitError.argument` for `standardize-targets` on class labels.
    public static func fit(_ steps: [PreprocessingStep], inPlace data: inout Dataset) throws -> FittedPreprocessing {
        var fitted = FittedPreprocessing()
        for step in steps {
            let fittedStep: Step
            switch step {
            case .scale(let low, let high): fittedStep = .scale(low: low, high: high)
            case .binarize(let threshold): fittedStep = .binarize(threshold: threshold)
            case .standardize: fittedStep = .standardize(Standardization(fitting: data.inputs))
            case .subtractMeanImage: fittedStep = .subtractMean(Standardization(fitting: data.inputs).mean)
            case .standardizeTargets:
                guard !data.isClassification else {
                    throw NeuralKitError.argument("\(data.name): standardize-targets applies to regression data, not to class labels.")
                }
                fittedStep = .standardizeTargets(Standardization(fitting: data.targets))
            }
            try FittedPreprocessing.apply(fittedStep, to: &data)
            fitted.steps.append(fittedStep)
        }
        return fitted
    }

    /// `dataset` with every step applied, in a copy when the caller keeps `dataset` (use
    /// `apply(inPlace:)` to transform a set without one).
    /// - Throws: `NeuralKitError.shape` when the samples have another width than the statistics.
    public func apply(to dataset: Dataset) throws -> Dataset {
        var data = dataset
        try apply(inPlace: &data)
        return data
    }

    /// Applies every step to `data` in place (no copy of the samples when its storage is not shared).
    /// - Throws: `NeuralKitError.shape` when the samples have another width than the statistics.
    public func apply(inPlace data: inout Dataset) throws {
        for step in steps { try FittedPreprocessing.apply(step, to: &data) }
    }

    /// Throws unless every step's statistics could have come from fitting: standard deviations
    /// positive and finite (a constant feature is fitted with 1), means finite and as many as the
    /// deviations, a scale range that is not empty. A recorded preprocessing (a checkpoint's) is
    /// checked so before use: a deviation of 0 would turn every input into NaN or infinity.
    /// - Throws: `NeuralKitError.data` naming the step and the feature or target column.
    public func validate() throws {
        func check(_ s: Standardization, _ step: String, _ what: String) throws {
            guard s.mean.count == s.std.count else {
                throw NeuralKitError.data("\(step): \(s.mean.count) means but \(s.std.count) standard deviations; each \(what) needs one of each.")
            }
            if let j = s.std.firstIndex(where: { !($0.isFinite && $0 > 0) }) {
                throw NeuralKitError.data(
                    "\(step): \(what) \(j) (of \(s.std.count), counting from 0) has standard deviation \(s.std[j]); it must be positive and finite (fitting gives a constant \(what) 1).")
            }
            if let j = s.mean.firstIndex(where: { !$0.isFinite }) {
                throw NeuralKitError.data("\(step): \(what) \(j) (of \(s.mean.count), counting from 0) has mean \(s.mean[j]); it must be finite.")
            }
        }
        for step in steps {
            switch step {
            case .scale(let low, let high):
                guard low.isFinite, high.isFinite, high != low else {
                    throw NeuralKitError.data("scale:\(low):\(high): the range must be finite and not empty (inputs are divided by high − low).")
                }
            case .binarize(let threshold):
                guard !threshold.isNaN else { throw NeuralKitError.data("binarize: the threshold is NaN.") }
            case .standardize(let s): try check(s, "standardize", "feature")
            case .subtractMean(let mean):
                if let j = mean.firstIndex(where: { !$0.isFinite }) {
                    throw NeuralKitError.data("mean-image: value \(j) (of \(mean.count), counting from 0) is \(mean[j]); it must be finite.")
                }
            case .standardizeTargets(let s): try check(s, "standardize-targets", "target column")
            }
        }
    }

    /// Whether a step changes the targets (then reported losses are in transformed units).
    public var transformsTargets: Bool {
        steps.contains { if case .standardizeTargets = $0 { true } else { false } }
    }

    /// Values of target column `column` brought back to the target's own units: every
    /// `standardize-targets` step undone (`y · std + mean`), the last one first. Unchanged when no
    /// step touches the targets.
    public func originalTargets(_ values: [Double], column: Int = 0) -> [Double] {
        var out = values
        for step in steps.reversed() {
            guard case .standardizeTargets(let s) = step, s.mean.indices.contains(column) else { continue }
            let (mean, std) = (Double(s.mean[column]), Double(s.std[column]))
            out = out.map { $0 * std + mean }
        }
        return out
    }

    /// `scale:0.0:255.0, standardize (13 features)`, or `none`.
    public var description: String {
        guard !steps.isEmpty else { return "none" }
        return steps.map { step in
            switch step {
            case .scale(let low, let high): "scale:\(low):\(high)"
            case .binarize(let t): "binarize:\(t)"
            case .standardize(let s): "standardize (\(s.mean.count) features)"
            case .subtractMean(let mean): "mean-image (\(mean.count) values)"
            case .standardizeTargets(let s): "standardize-targets (\(s.mean.count) columns)"
            }
        }.joined(separator: ", ")
    }

    private static func apply(_ step: Step, to data: inout Dataset) throws {
        func check(_ width: Int, _ expected: Int, _ what: String) throws {
            guard width == expected else {
                throw NeuralKitError.shape("\(data.name): the preprocessing was fitted on \(expected) \(what) per sample, but these samples have \(width).")
            }
        }
        switch step {
        case .scale(let low, let high):
            let range = high - low  // a division, not a multiplication by 1/range: the same floats as always
            data.inputs.withUnsafeMutableBufferPointer { x in for i in 0..<x.count { x[i] = (x[i] - low) / range } }
        case .binarize(let threshold):
            data.inputs.withUnsafeMutableBufferPointer { x in for i in 0..<x.count { x[i] = x[i] > threshold ? 1 : 0 } }
        case .standardize(let s):
            try check(data.inputs.rowSize, s.mean.count, "features")
            s.applyInPlace(&data.inputs)
        case .subtractMean(let mean):
            try check(data.inputs.rowSize, mean.count, "features")
            let d = mean.count
            data.inputs.withUnsafeMutableBufferPointer { x in for i in 0..<x.count { x[i] -= mean[i % d] } }
        case .standardizeTargets(let s):
            try check(data.targets.rowSize, s.mean.count, "target columns")
            s.applyInPlace(&data.targets)
        }
    }
}
