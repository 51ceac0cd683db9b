// Atomic file writes: a temporary file in the same directory, then a rename over the target.
import Foundation
import NKCore

/// Writes whole files atomically, so that a reader (or a crash) never sees half a figure or report.
public enum AtomicFile {
    /// Writes `bytes` to `path` through a temporary file `.<name>.tmp-<pid>-<random>` in the same
    /// directory, then `rename(2)`s it over `path`. The directory must exist.
    /// - Throws: `NeuralKitError.file` naming the path when writing or renaming fails.
    public static func write(_ bytes: [UInt8], to path: String) throws {
        let url = URL(fileURLWithPath: path)
        let directory = url.deletingLastPathComponent()
        let temp = directory.appendingPathComponent(".\(url.lastPathComponent).tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
        do {
            try Data(bytes).write(to: temp)
        } catch {
            throw NeuralKitError.file("cannot write '\(path)': \(error.localizedDescription)")
        }
        if rename(temp.path, url.path) != 0 {
            let reason = String(cString: strerror(errno))
            try? FileManager.default.removeItem(at: temp)
            throw NeuralKitError.file("cannot move the temporary file into '\(path)': \(reason)")
        }
    }

    /// Writes UTF-8 `text` to `path` atomically.
    public static func write(text: String, to path: String) throws {
        try write(Array(text.utf8), to: path)
    }
}
