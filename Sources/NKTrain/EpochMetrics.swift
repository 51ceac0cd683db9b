// EpochMetrics: what one training epoch measured.

/// The measurements of one epoch of `Trainer.fit`.
///
/// - `trainLoss`: the mean of the epoch's batch losses weighted by batch size (the loss of each batch
///   is taken before its update, as PyTorch and Keras report it).
/// - `trainAccuracy`: from the same batch predictions, when a `Decision` was given.
/// - `validationLoss` / `validationAccuracy`: on the validation set after the epoch, when one was given.
/// - `testLoss` / `testAccuracy`: on the test set after the epoch, when one was given.
/// - `learningRate`: the step size the epoch used (after the schedule and warm-up).
public struct EpochMetrics: Sendable, Equatable, Codable {
    /// 1-based epoch number.
    public var epoch: Int
    /// Batch-size-weighted mean of the epoch's batch losses.
    public var trainLoss: Float
    /// Accuracy in [0, 1] over the epoch's batch predictions; nil without a `Decision`.
    public var trainAccuracy: Float?
    /// Loss on the validation set after the epoch; nil without validation data.
    public var validationLoss: Float?
    /// Accuracy on the validation set after the epoch; nil without validation data or `Decision`.
    public var validationAccuracy: Float?
    /// Loss on the test set after the epoch; nil without test data.
    public var testLoss: Float?
    /// Accuracy on the test set after the epoch; nil without test data or `Decision`.
    public var testAccuracy: Float?
    /// The learning rate of the epoch (nil when not recorded, as in older history files).
    public var learningRate: Float?
    /// Wall-clock seconds of the epoch, validation included.
    public var seconds: Double

    /// Measurements of epoch `epoch` (1-based).
    public init(
        epoch: Int, trainLoss: Float, trainAccuracy: Float? = nil, validationLoss: Float? = nil,
        validationAccuracy: Float? = nil, testLoss: Float? = nil, testAccuracy: Float? = nil,
        learningRate: Float? = nil, seconds: Double = 0
    ) {
        self.testLoss = testLoss
        self.testAccuracy = testAccuracy
        self.learningRate = learningRate
        self.epoch = epoch
        self.trainLoss = trainLoss
        self.trainAccuracy = trainAccuracy
        self.validationLoss = validationLoss
        self.validationAccuracy = validationAccuracy
        self.seconds = seconds
    }

    /// Equal measurements, ignoring the timing (for reproducibility checks).
    public func sameMetrics(as other: EpochMetrics) -> Bool {
        var a = self, b = other
        a.seconds = 0; b.seconds = 0
        return a == b
    }
}
