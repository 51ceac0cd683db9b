// Dataset: samples with their shape, targets and class names, as every reader returns them.

import NKCore

/// A set of samples: inputs `(n, sampleShape…)`, targets `(n, t)`, and what the numbers mean.
///
/// - Classification sets (`classNames != nil`) have one target column of class indices
///   `0..<classNames.count`, stored as `Float` (the layout `CrossEntropyLoss` and `NLLLoss` take).
/// - Regression sets have one column per target value.
/// - `inputs.shape == [count] + sampleShape`: images keep `[28, 28, 1]` (MNIST), `[16, 16, 1]`
///   (USPS) or `[32, 32, 3]` (CIFAR-10, height × width × channels); tables have `[features]`.
///   `flatInputs` is the `(n, features)` view a `Linear` layer takes (no copy of the scalars).
///
/// ```swift
/// let mnist = try DatasetRegistry.load("mnist")
/// let train = mnist.train.scaledToUnitRange()   // (60000, 28, 28, 1) in [0, 1]
/// train.flatInputs                              // (60000, 784)
/// ```
public struct Dataset: Sendable {
    /// Short name used in messages, e.g. `mnist/train`.
    public var name: String
    /// `(count, sampleShape…)`.
    public var inputs: Tensor
    /// `(count, t)`: class indices (t = 1) or regression values.
    public var targets: Tensor
    /// Class names by index for classification; nil for regression.
    public var classNames: [String]?
    /// Names of the input features (tables), when known.
    public var featureNames: [String]?

    /// A dataset; `inputs` and `targets` must have the same number of rows.
    public init(name: String, inputs: Tensor, targets: Tensor, classNames: [String]? = nil, featureNames: [String]? = nil) {
        precondition(inputs.rowCount == targets.rowCount, "Dataset \(name): \(inputs.rowCount) inputs but \(targets.rowCount) targets")
        self.name = name
        self.inputs = inputs
        self.targets = targets
        self.classNames = classNames
        self.featureNames = featureNames
    }

    /// Number of samples.
    public var count: Int { inputs.rank == 0 ? 0 : inputs.shape[0] }
    /// The shape of one sample, e.g. `[28, 28, 1]`.
    public var sampleShape: [Int] { Array(inputs.shape.dropFirst()) }
    /// Number of input values per sample (the product of `sampleShape`).
    public var featureCount: Int { sampleShape.reduce(1, *) }
    /// Inputs as `(count, featureCount)`, sharing storage with `inputs`.
    public var flatInputs: Tensor { inputs.reshaped([count, featureCount]) }
    /// True when targets are class indices.
    public var isClassification: Bool { classNames != nil }

    /// How many samples each class has (`classNames.count` entries; empty for regression).
    public var classHistogram: [Int] {
        guard let classNames else { return [] }
        var counts = [Int](repeating: 0, count: classNames.count)
        for t in targets.scalars { let c = Int(t); if c >= 0, c < counts.count { counts[c] += 1 } }
        return counts
    }

    /// The samples at `indices`, in that order (a copy of those rows only).
    public func subset(_ indices: some Collection<Int>, name: String? = nil) -> Dataset {
        Dataset(
            name: name ?? self.name, inputs: inputs.gatherRows(indices), targets: targets.gatherRows(indices),
            classNames: classNames, featureNames: featureNames)
    }

    /// The first `limit` samples (all when `limit` is nil or ≥ count); `--limit N`.
    public func limited(to limit: Int?) throws -> Dataset {
        guard let limit else { return self }
        guard limit >= 1 else { throw NeuralKitError.argument("\(name): the sample limit must be at least 1, got \(limit).") }
        guard limit < count else { return self }
        return Dataset(
            name: name, inputs: inputs.rows(0..<limit), targets: targets.rows(0..<limit),
            classNames: classNames, featureNames: featureNames)
    }

    /// A seeded random split: `fraction` of the samples (rounded) go to validation, the rest to training.
    ///
    /// The same seed gives the same split. Throws for a fraction outside [0, 1).
    public func split(validationFraction fraction: Double, seed: UInt64) throws -> (train: Dataset, validation: Dataset) {
        var train = self
        let validation = try train.splitOff(validationFraction: fraction, seed: seed)
        return (train, validation)
    }

    /// The same split as `split(validationFraction:seed:)`, done in place: the validation rows are
    /// copied out and returned, and this set keeps its training rows, rearranged within its own
    /// storage (`Tensor.keepRows`). Splitting n samples so holds about n + held rows at its peak,
    /// not 2n; the storage keeps its capacity for n rows.
    public mutating func splitOff(validationFraction fraction: Double, seed: UInt64) throws -> Dataset {
        guard fraction >= 0, fraction < 1 else {
            throw NeuralKitError.argument("\(name): the validation fraction must be in [0, 1), got \(fraction).")
        }
        let held = Int((Double(count) * fraction).rounded())
        var rng = RandomGenerator(seed: seed)
        let order = rng.permutation(count)
        let validation = subset(order[..<held], name: name + "/validation")
        let kept = Array(order[held...])
        inputs.keepRows(kept)
        targets.keepRows(kept)
        name += "/train"
        return validation
    }
}
