// EpochMetrics: what one training epoch measured.

/// The measurements of one epoch of `Trainer.fit`.
///
/// - `trainLoss`: the mean of the epoch's batch losses weighted by batch size (the loss of each batch
///   is taken before its update, as PyTorch and Keras report it).
/// - `trainAccuracy`: from the same batch predictions, when a `Decision` was given.
/// - `validationLoss` / `validationAccuracy`: on the validation set after the epoch, when one was given.
public struct EpochMetrics: Sendable, Equatable {
    /// 1-based epoch number.
    public var epoch: Int
    public var trainLoss: Float
    public var trainAccuracy: Float?
    public var validationLoss: Float?
    public var validationAccuracy: Float?
    /// Wall-clock seconds of the epoch, validation included.
    public var seconds: Double

    public init(epoch: Int, trainLoss: Float, trainAccuracy: Float? = nil, validationLoss: Float? = nil,
                validationAccuracy: Float? = nil, seconds: Double = 0) {
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
