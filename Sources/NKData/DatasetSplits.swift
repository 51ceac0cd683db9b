// DatasetSplits: the published training and test parts of a dataset.

/// A dataset's published parts: `train`, and `test` when the source has one (MNIST, USPS, CIFAR-10).
/// Tables without a published test split have `test == nil`; split them with `Dataset.split`.
public struct DatasetSplits: Sendable {
    /// The training part.
    public var train: Dataset
    /// The test part, if the dataset publishes one.
    public var test: Dataset?

    /// Both parts.
    public init(train: Dataset, test: Dataset?) {
        self.train = train
        self.test = test
    }

    /// Applies `transform` to both parts.
    public func map(_ transform: (Dataset) throws -> Dataset) rethrows -> DatasetSplits {
        DatasetSplits(train: try transform(train), test: try test.map(transform))
    }
}
