// AtomicFile: whole files written through a temporary file and a rename, never half-written.

import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// `write(2)`, under a name that does not clash with `AtomicFile.write`.
private func systemWrite(_ fd: Int32, _ buffer: UnsafeRawPointer, _ count: Int) -> Int { write(fd, buffer, count) }

/// The one file writer of NeuralKit: checkpoints, run files, figures and reports all go through it,
/// so a reader (or a crash) never sees half a file.
///
/// `write` puts the bytes in a temporary file `.<name>.tmp-<pid>-<random>` in the target's directory,
/// flushes it to disk, `rename(2)`s it over the target and flushes the directory. Before anything is
/// written, `checkTarget` refuses a target that is not a regular file (a device such as `/dev/null`,
/// a FIFO, a socket or a directory): renaming over it would *replace* it, which as root destroys a
/// device node. The temporary file is removed on every failure path; `removeStaleTemporaries` removes
/// the leftovers of a process that was killed between creating and renaming one.
public enum AtomicFile {
    /// The prefix every temporary file of `name` starts with.
    static func temporaryPrefix(for name: String) -> String { ".\(name).tmp-" }

    /// Throws unless `path` can be written atomically: its directory exists, is a directory, is
    /// writable and searchable (a folder with write but no execute permission accepts no new file),
    /// and `path` is absent or a regular file (symbolic links are followed).
    ///
    /// - Parameters:
    ///   - path: the file to be written.
    ///   - what: how messages name the path, e.g. `--save` (default: the word "file").
    public static func checkTarget(_ path: String, what: String = "file") throws {
        let (directory, name) = split(path)
        guard !name.isEmpty, name != ".", name != ".." else {
            throw NeuralKitError.file("\(what) '\(path)': expected a file name, got a directory.")
        }
        var info = stat()
        guard stat(directory, &info) == 0 else {
            throw NeuralKitError.file("\(what) '\(path)': the folder '\(directory)' does not exist.")
        }
        guard info.st_mode & S_IFMT == S_IFDIR else {
            throw NeuralKitError.file("\(what) '\(path)': '\(directory)' is not a folder.")
        }
        if let problem = folderAccessProblem(directory) { throw NeuralKitError.file("\(what) '\(path)': \(problem)") }
        if stat(path, &info) == 0 {
            let kind = info.st_mode & S_IFMT
            guard kind == S_IFREG else {
                let described =
                    kind == S_IFDIR
                    ? "a folder"
                    : kind == S_IFCHR || kind == S_IFBLK
                        ? "a device"
                        : kind == S_IFIFO ? "a FIFO (named pipe)" : kind == S_IFSOCK ? "a socket" : "not a regular file"
                throw NeuralKitError.file("\(what) '\(path)' is \(described); NeuralKit only replaces regular files.")
            }
        }
    }

    /// Why files cannot be created in the folder `directory`, or nil when they can: a new file needs
    /// write *and* search (execute) permission on its folder, and `access(W_OK)` alone passes a
    /// folder without search permission, which then fails after the work is done.
    ///
    /// - Parameters:
    ///   - directory: the folder to check.
    ///   - check: `access(2)` (tests pass a stand-in, since root passes every check).
    public static func folderAccessProblem(
        _ directory: String, check: (String, Int32) -> Int32 = { access($0, $1) }
    ) -> String? {
        let writable = check(directory, W_OK) == 0, searchable = check(directory, X_OK) == 0
        if writable && searchable { return nil }
        let missing = !writable && !searchable ? "write and search (execute) permission" : writable ? "search (execute) permission" : "write permission"
        return "the folder '\(directory)' is not writable (it lacks \(missing)); check its permissions (`chmod u+wx`), or choose another folder."
    }

    /// Throws unless `directory` exists as a folder (creating it and its parents when absent) in
    /// which files can be created: write and search permission.
    /// - Parameters:
    ///   - directory: the folder.
    ///   - what: how messages name the folder, e.g. `Sweep folder`.
    /// - Throws: `NeuralKitError.file` naming the folder, what went wrong and what to do.
    public static func createFolder(_ directory: String, what: String) throws {
        var info = stat()
        if stat(directory, &info) == 0, info.st_mode & S_IFMT != S_IFDIR {
            throw NeuralKitError.file("\(what) '\(directory)' is a file, not a folder.")
        }
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw NeuralKitError.fileSystem(path: directory, action: "create the folder", underlying: error, option: what)
        }
        if let problem = folderAccessProblem(directory) { throw NeuralKitError.file("\(what) '\(directory)': \(problem)") }
    }

    /// Writes `bytes` to `path` atomically (see the type's documentation).
    /// - Throws: `NeuralKitError.file` naming the path when the target is refused by `checkTarget`
    ///   or when creating, writing, flushing or renaming fails.
    public static func write(_ bytes: [UInt8], to path: String) throws {
        try checkTarget(path)
        let (directory, name) = split(path)
        let temporary = directory + "/" + temporaryPrefix(for: name) + "\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        func fail(_ action: String) -> NeuralKitError { NeuralKitError.fileSystem(path: path, action: action, errno: errno) }
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw fail("create a temporary file beside") }
        var written = 0
        let ok = bytes.withUnsafeBytes { raw -> Bool in
            while written < raw.count {
                let n = systemWrite(fd, raw.baseAddress! + written, raw.count - written)
                if n < 0 { if errno == EINTR { continue }; return false }
                written += n
            }
            return fsync(fd) == 0
        }
        let error = ok ? nil : fail("write")
        close(fd)
        if let error { unlink(temporary); throw error }
        guard rename(temporary, path) == 0 else {
            let error = fail("rename a temporary file onto")
            unlink(temporary)
            throw error
        }
        let directoryFD = open(directory, O_RDONLY | O_CLOEXEC)
        if directoryFD >= 0 { _ = fsync(directoryFD); close(directoryFD) }
    }

    /// Writes UTF-8 `text` to `path` atomically.
    public static func write(text: String, to path: String) throws {
        try write(Array(text.utf8), to: path)
    }

    /// Removes the temporary files a killed writer left in `directory` (those of `name` only, or
    /// every NeuralKit temporary file when `name` is nil) whose process no longer runs; returns
    /// their names. Files of a live process (a concurrent writer) are left alone.
    @discardableResult
    public static func removeStaleTemporaries(in directory: String, name: String? = nil) -> [String] {
        guard let dir = opendir(directory) else { return [] }
        defer { closedir(dir) }
        var removed: [String] = []
        while let entry = readdir(dir) {
            let entryName = withUnsafePointer(to: entry.pointee.d_name) {
                $0.withMemoryRebound(to: CChar.self, capacity: 256) { String(cString: $0) }
            }
            guard entryName.hasPrefix("."), let pid = temporaryOwner(entryName) else { continue }
            if let name, !entryName.hasPrefix(temporaryPrefix(for: name)) { continue }
            if pid == getpid() || kill(pid, 0) == 0 || errno == EPERM { continue }  // its writer still runs
            if unlink(directory + "/" + entryName) == 0 { removed.append(entryName) }
        }
        return removed
    }

    /// The process id in a temporary file name `.<name>.tmp-<pid>-<random>`, or nil for other names.
    static func temporaryOwner(_ fileName: String) -> Int32? {
        let parts = fileName.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count >= 3, parts[parts.count - 3].hasSuffix(".tmp"),
            UInt32(parts[parts.count - 1]) != nil
        else { return nil }
        return Int32(parts[parts.count - 2])
    }

    /// The directory (`.` for a bare name) and the last component of `path` (empty when `path`
    /// ends in `/`, i.e. names a directory).
    static func split(_ path: String) -> (directory: String, name: String) {
        guard let slash = path.lastIndex(of: "/") else { return (".", path) }
        let directory = path[..<slash]
        return (directory.isEmpty ? "/" : String(directory), String(path[path.index(after: slash)...]))
    }
}
