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

    /// The file's bytes as stored.
    public static func readRaw(_ url: URL) throws -> [UInt8] {
        guard FileManager.default.fileExists(atPath: url.path) else {
            throw NeuralKitError(.data, "'\(url.path)' does not exist.")
        }
        do { return [UInt8](try Data(contentsOf: url)) } catch {
            throw NeuralKitError(.data, "'\(url.path)' cannot be read (\(error.localizedDescription)).")
        }
    }
}
