// DataFile: reads a dataset file's bytes, decompressing gzip transparently.

import Foundation
import NKCore

/// Reads the bytes of dataset files, gunzipping those that start with the gzip magic.
public enum DataFile {
    /// The file's bytes, decompressed when it is gzip.
    ///
    /// - Throws: `NeuralKitError(.data, …)` naming the file when it is missing, unreadable or a
    ///   corrupt gzip file.
    public static func read(_ url: URL) throws -> [UInt8] {
        let raw = try readRaw(url)
        return Gzip.isGzip(raw) ? try Gzip.decompress(raw, file: url.path) : raw
    }

    /// The file's bytes as stored, after checking that it is a regular, readable file whose size
    /// fits the memory budget.
    ///
    /// - Throws: `NeuralKitError(.data, …)` naming the path when it does not exist, is a folder, a
    ///   FIFO, a device or a socket, cannot be read (permissions), or is too large.
    public static func readRaw(_ url: URL) throws -> [UInt8] {
        let path = url.path
        var info = stat()
        guard stat(path, &info) == 0 else {
            throw NeuralKitError(.data, errno == EACCES ? "'\(path)' cannot be reached (no permission on a folder above it)." : "'\(path)' does not exist.")
        }
        switch info.st_mode & S_IFMT {
        case S_IFREG: break
        case S_IFDIR: throw NeuralKitError(.data, "'\(path)' is a folder, not a data file.")
        case S_IFIFO: throw NeuralKitError(.data, "'\(path)' is a FIFO (named pipe), not a data file; NeuralKit reads regular files only.")
        case S_IFCHR, S_IFBLK: throw NeuralKitError(.data, "'\(path)' is a device, not a data file; NeuralKit reads regular files only.")
        default: throw NeuralKitError(.data, "'\(path)' is not a regular file.")
        }
        guard access(path, R_OK) == 0 else { throw NeuralKitError(.data, "'\(path)' cannot be read: no permission.") }
        try MemoryBudget.check(Int(info.st_size), for: "Reading '\(path)'")
        do { return [UInt8](try Data(contentsOf: url)) } catch {
            throw NeuralKitError(.data, NeuralKitError.fileSystem(path: path, action: "read", underlying: error).message)
        }
    }
}
