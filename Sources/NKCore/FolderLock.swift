// FolderLock: one writer per folder (a run folder, a sweep folder, a trial being claimed).

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// An exclusive `flock(2)` on a lock file inside a folder, held until the value is released or the
/// process ends (a killed process releases it too: the kernel drops the lock with the last open
/// descriptor, so no stale lock is ever left behind). The holder's pid is written into the file so
/// that the refusal can name it. The lock file itself stays in the folder; it holds nothing else.
///
/// ```swift
/// let lock = try FolderLock(folder: "runs/mlp", what: "--out runs/mlp")   // refused while another process holds it
/// ```
public final class FolderLock: @unchecked Sendable {
    /// The lock file of a run folder.
    public static let runFile = ".neuralkit.lock"
    /// The lock file a sweep takes in a trial folder while that trial is its own.
    public static let claimFile = ".neuralkit.claim"

    /// The lock file.
    public let path: String
    private var descriptor: Int32

    /// Takes the lock `name` in `folder` (which must exist), or throws without waiting.
    /// - Parameters:
    ///   - folder: the folder the lock file lives in.
    ///   - name: the lock file's name (`runFile` or `claimFile`).
    ///   - what: how the message names the folder, e.g. `Run folder runs/mlp`.
    /// - Throws: `NeuralKitError.file` naming the holder's pid when another process holds it, or
    ///   when the lock file cannot be opened.
    public init(folder: String, name: String = FolderLock.runFile, what: String) throws {
        path = folder.hasSuffix("/") ? folder + name : folder + "/" + name
        descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw NeuralKitError.file("\(what): cannot open the lock file '\(path)' (\(String(cString: strerror(errno)))); check the folder's permissions.")
        }
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
            let holder = FolderLock.holder(descriptor)
            close(descriptor)
            descriptor = -1
            throw NeuralKitError.file(
                "\(what): another NeuralKit process\(holder.map { " (pid \($0))" } ?? "") is writing this folder; wait for it to end, or choose another folder.")
        }
        var pid = Array("\(getpid())\n".utf8)
        _ = ftruncate(descriptor, 0)
        _ = pwrite(descriptor, &pid, pid.count, 0)
    }

    /// Whether another process holds `name` in `folder` now (a probe: the answer may be stale at once).
    public static func isHeld(folder: String, name: String = FolderLock.runFile) -> Bool {
        let fd = open(folder + "/" + name, O_RDWR | O_CLOEXEC)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else { return true }
        _ = flock(fd, LOCK_UN)
        return false
    }

    /// Releases the lock now (it is released at deinit otherwise).
    public func release() {
        guard descriptor >= 0 else { return }
        _ = flock(descriptor, LOCK_UN)
        close(descriptor)
        descriptor = -1
    }

    deinit { release() }

    /// The pid written in the lock file, if it reads as one.
    private static func holder(_ fd: Int32) -> Int? {
        var buffer = [UInt8](repeating: 0, count: 32)
        let n = pread(fd, &buffer, buffer.count, 0)
        guard n > 0 else { return nil }
        return Int(String(decoding: buffer[0..<n].filter { (48...57).contains($0) }, as: UTF8.self))
    }
}
