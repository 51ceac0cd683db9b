// DatasetSplits+Preprocessing: applies preprocessing steps with statistics from the training part.

import NKCore

extension DatasetSplits {
    /// Applies `steps` in order to both parts; statistics come from `train` only.
    public func preprocessed(_ steps: [PreprocessingStep]) throws -> DatasetSplits {
        var result = self
        for step in steps {
            switch step {
            case .scale(let low, let high):
                result = result.map { $0.mapInputs { ($0 - low) / (high - low) } }
            case .binarize(let threshold):
                result = result.map { $0.mapInputs { $0 > threshold ? 1 : 0 } }
            case .standardize:
                let s = Standardization(fitting: result.train.inputs)
                result = try result.map { var d = $0; d.inputs = try s.apply(to: d.inputs); return d }
            case .subtractMeanImage:
                let s = Standardization(fitting: result.train.inputs)
                result = result.map { d in
                    var d = d
                    d.inputs.withUnsafeMutableBufferPointer { x in for i in 0..<x.count { x[i] -= s.mean[i % s.mean.count] } }
                    return d
                }
            case .standardizeTargets:
                guard !result.train.isClassification else {
                    throw NeuralKitError.argument("\(result.train.name): standardize-targets applies to regression data, not to class labels.")
                }
                let s = Standardization(fitting: result.train.targets)
                result = try result.map { var d = $0; d.targets = try s.apply(to: d.targets); return d }
            }
        }
        return result
    }
}

extension Dataset {
    /// The dataset with `transform` applied to every input value.
    public func mapInputs(_ transform: (Float) -> Float) -> Dataset {
        var d = self
        d.inputs.withUnsafeMutableBufferPointer { x in for i in 0..<x.count { x[i] = transform(x[i]) } }
        return d
    }

    /// Inputs scaled from the dataset's natural range to [0, 1] (`scale(low:high:)` for any range).
    public func scaledToUnitRange(low: Float = 0, high: Float = 255) -> Dataset {
        mapInputs { ($0 - low) / (high - low) }
    }

    /// One-hot targets `(n, classes)` from class indices; throws for a regression set.
    public func oneHotTargets() throws -> Tensor {
        guard let classNames else { throw NeuralKitError.argument("\(name): one-hot targets need class labels; this is a regression set.") }
        var out = Tensor(zeros: [count, classNames.count])
        for (i, c) in targets.scalars.enumerated() where c >= 0 && Int(c) < classNames.count { out[i, Int(c)] = 1 }
        return out
    }
}
