// Checkpointing: hands the resumable state to a writer after every epoch.

/// After every epoch (after every other callback) brings the loop's resumable state up to date and
/// passes it to `write`; an error it throws stops the run.
public final class Checkpointing: TrainingCallback {
    public let write: (TrainerState) throws -> Void

    public init(_ write: @escaping (TrainerState) throws -> Void) { self.write = write }

    public func epochEnded(_ loop: TrainingLoop, _ metrics: inout EpochMetrics) throws { try write(loop.state) }
}
