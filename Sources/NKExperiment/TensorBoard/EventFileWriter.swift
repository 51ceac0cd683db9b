// EventFileWriter: a TensorBoard event file, appended to record by record and flushed to disk on demand.

import Foundation
import NKCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// `write(2)`, under a name that does not clash with `EventFileWriter.write`.
private func systemWrite(_ fd: Int32, _ buffer: UnsafeRawPointer, _ count: Int) -> Int { write(fd, buffer, count) }

/// `close(2)`, under a name that does not clash with `EventFileWriter.close`.
private func systemClose(_ fd: Int32) { _ = close(fd) }

/// An event file being written: `TFRecord`s of serialized `TensorBoardEvent`s, the first declaring
/// the format (`brain.Event:2`).
///
/// Event files are append-only by nature, so this is the one NeuralKit file not written through
/// `AtomicFile`: a new file is created (never an existing one reused), each `write` appends a record
/// at once, and `sync` flushes them to disk (the training callback does after every epoch). A crash
/// loses what was not synced, and may leave the last record cut short, which TensorBoard's reader
/// skips (the framing's length and CRCs show it).
///
/// ```swift
/// let writer = try EventFileWriter(path: "runs/a/" + EventFileWriter.fileName())
/// try writer.write(step: 1, values: [TensorBoardValue(tag: "epoch/train_loss", .scalar(0.25))])
/// try writer.close()
/// ```
public final class EventFileWriter {
    /// How every event file name starts; TensorBoard reads the files whose name contains `tfevents`.
    public static let namePrefix = "events.out.tfevents."

    /// The file.
    public let path: String
    private var descriptor: Int32

    /// `events.out.tfevents.<unix seconds>.<host name>.<pid>.neuralkit`, the name TensorFlow's writers
    /// use with NeuralKit's suffix (characters other than letters, digits, `.`, `-` and `_` in the host
    /// name become `_`).
    public static func fileName(time: Double = now, host: String = hostName, pid: Int32 = getpid()) -> String {
        let safeHost = String(host.map { $0.isASCII && ($0.isLetter || $0.isNumber || "._-".contains($0)) ? $0 : "_" })
        return "\(namePrefix)\(Int(time)).\(safeHost.isEmpty ? "localhost" : safeHost).\(pid).neuralkit"
    }

    /// Whether `name` is an event file's name (TensorBoard's test: it contains `tfevents`).
    public static func isEventFile(_ name: String) -> Bool { name.contains("tfevents") }

    /// Seconds since 1970 now.
    public static var now: Double { Date().timeIntervalSince1970 }

    /// This machine's name.
    public static var hostName: String {
        var buffer = [CChar](repeating: 0, count: 256)
        guard gethostname(&buffer, buffer.count - 1) == 0 else { return "localhost" }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// Creates the event file `path` (it must not exist) and writes its first record, the file version,
    /// flushed to disk with the folder's entry.
    /// - Throws: `NeuralKitError.file` naming the path when it exists or cannot be created or written.
    public init(path: String, wallTime: Double = now) throws {
        self.path = path
        descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_APPEND | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw NeuralKitError.file("cannot create the event file '\(path)': \(String(cString: strerror(errno))).")
        }
        try write(TensorBoardEvent(wallTime: wallTime, content: .fileVersion(TensorBoardEvent.currentFileVersion)))
        try sync()
        let directory = (path as NSString).deletingLastPathComponent
        let directoryFD = open(directory.isEmpty ? "." : directory, O_RDONLY | O_CLOEXEC)
        if directoryFD >= 0 { _ = fsync(directoryFD); systemClose(directoryFD) }
    }

    deinit { if descriptor >= 0 { systemClose(descriptor) } }

    /// Appends `event` as one record.
    /// - Throws: `NeuralKitError.file` naming the file when writing fails (a full disk) or it is closed.
    public func write(_ event: TensorBoardEvent) throws {
        let record = TFRecord.frame(event.serialized)
        guard descriptor >= 0 else { throw NeuralKitError.file("cannot write '\(path)': the event file is closed.") }
        var written = 0
        let failure: Int32? = record.withUnsafeBytes { raw in
            while written < raw.count {
                let n = systemWrite(descriptor, raw.baseAddress! + written, raw.count - written)
                if n < 0 {
                    if errno == EINTR { continue }
                    return errno
                }
                written += n
            }
            return nil
        }
        if let failure { throw NeuralKitError.file("cannot write '\(path)': \(String(cString: strerror(failure))).") }
    }

    /// Appends a summary of `values` at `step`.
    public func write(step: Int, values: [TensorBoardValue], wallTime: Double = now) throws {
        guard !values.isEmpty else { return }
        try write(TensorBoardEvent(wallTime: wallTime, step: Int64(step), content: .summary(values)))
    }

    /// Flushes what was written to disk (`fsync(2)`).
    public func sync() throws {
        guard descriptor >= 0 else { return }
        guard fsync(descriptor) == 0 else { throw NeuralKitError.file("cannot flush '\(path)' to disk: \(String(cString: strerror(errno))).") }
    }

    /// Flushes the file to disk and closes it; later writes throw.
    public func close() throws {
        guard descriptor >= 0 else { return }
        defer {
            systemClose(descriptor)
            descriptor = -1
        }
        try sync()
    }
}
