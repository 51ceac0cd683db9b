// DatasetSplits+Preprocessing: applies preprocessing steps with statistics from the training part.

import NKCore

extension DatasetSplits {
    /// Applies `steps` in order to both parts; statistics come from `train` only
    /// (`FittedPreprocessing.fit`, then `apply` to the test part).
    public func preprocessed(_ steps: [PreprocessingStep]) throws -> DatasetSplits {
        let (fitted, train) = try FittedPreprocessing.fit(steps, on: self.train)
        return DatasetSplits(train: train, test: try test.map(fitted.apply))
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
        return Tensor.oneHot(classIndices: targets, classes: classNames.count)
    }
}
