// TensorBoardEvent: the `Event` message of TensorBoard's event files (event.proto), serialized by hand.

/// One record of an event file: the first says which format the file holds (`fileVersion`), the
/// others carry summaries: named values at a step.
///
/// The fields, as `tensorboard/compat/proto/event.proto` numbers them: `wall_time = 1` (double,
/// seconds since 1970), `step = 2` (int64), and of the `what` one-of, `file_version = 3` (string) and
/// `summary = 5` (a `Summary`: `repeated Value value = 1`).
public struct TensorBoardEvent: Sendable {
    /// What the event carries.
    public enum Content: Sendable {
        /// The file's format, `brain.Event:2` (the first record of every file).
        case fileVersion(String)
        /// Named values (a `Summary`).
        case summary([TensorBoardValue])
    }

    /// The format event files have had since TensorFlow 1.0.
    public static let currentFileVersion = "brain.Event:2"

    /// Seconds since 1970-01-01 UTC.
    public var wallTime: Double
    /// The step the values belong to (an epoch, a batch), 0 for the file-version record.
    public var step: Int64
    public var content: Content

    public init(wallTime: Double, step: Int64 = 0, content: Content) {
        (self.wallTime, self.step, self.content) = (wallTime, step, content)
    }

    /// The event's protocol-buffer bytes (a step of 0 is left out, as proto3 leaves defaults out).
    public var serialized: [UInt8] {
        var w = ProtobufWriter()
        w.double(1, wallTime)
        if step != 0 { w.int64(2, step) }
        switch content {
        case .fileVersion(let version): w.string(3, version)
        case .summary(let values):
            var summary = ProtobufWriter()
            for value in values { summary.message(1, value.message) }
            w.message(5, summary)
        }
        return w.encoded
    }
}
