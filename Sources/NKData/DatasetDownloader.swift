// DatasetDownloader: fetches a dataset's missing files, verifies them, and stores them atomically.

import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import NKCore

/// Downloads the missing files of a registered dataset: each URL in turn, then size and SHA-256
/// checks, then a write to a temporary file in the same folder and a rename, so a file under its
/// final name is always complete and verified.
///
/// `fetch` is injectable so that tests never touch the network; the default uses `URLSession`.
public struct DatasetDownloader: Sendable {
    /// Returns the bytes at a URL.
    public var fetch: @Sendable (URL) async throws -> Data

    /// A downloader using `fetch` (default: `URLSession.shared`).
    public init(fetch: @escaping @Sendable (URL) async throws -> Data = DatasetDownloader.urlSessionFetch) {
        self.fetch = fetch
    }

    /// `URLSession`'s GET; a non-2xx HTTP status is an error.
    public static let urlSessionFetch: @Sendable (URL) async throws -> Data = { url in
        try await withCheckedThrowingContinuation { continuation in
            URLSession.shared.dataTask(with: url) { data, response, error in
                if let error { continuation.resume(throwing: error); return }
                if let http = response as? HTTPURLResponse, !(200..<300).contains(http.statusCode) {
                    continuation.resume(throwing: NeuralKitError(.data, "\(url.absoluteString): HTTP status \(http.statusCode)."))
                    return
                }
                continuation.resume(returning: data ?? Data())
            }.resume()
        }
    }

    /// Fetches every file of `entry` that is absent from `dataDirectory` (or has the wrong size).
    ///
    /// - Returns: the names of the files downloaded.
    /// - Throws: `NeuralKitError(.data, …)` when a file has no URL (CIFAR-10: the message says what to
    ///   unpack where), when every URL fails (listing each failure and the file to put by hand), or
    ///   when the downloaded bytes have the wrong size or SHA-256 (nothing is stored then).
    @discardableResult
    public func download(_ entry: DatasetEntry, to dataDirectory: URL, log: @Sendable (String) -> Void = { _ in }) async throws -> [String] {
        let folder = entry.directory(in: dataDirectory)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        var fetched = [String]()
        for file in entry.files {
            let target = folder.appendingPathComponent(file.name)
            if let size = (try? FileManager.default.attributesOfItem(atPath: target.path))?[.size] as? NSNumber, size.intValue == file.size { continue }
            guard !file.urls.isEmpty else {
                throw NeuralKitError(.data, DatasetRegistry.missingFilesMessage(entry, files: [file.name], in: dataDirectory))
            }
            var failures = [String]()
            var stored = false
            for address in file.urls {
                guard let url = URL(string: address) else { continue }
                log("Downloading \(address)")
                let data: Data
                do { data = try await fetch(url) } catch {
                    // URLSession's errors print their whole userInfo; their description is the useful part.
                    let ns = error as NSError
                    failures.append("\(address): \(ns.domain == NSURLErrorDomain ? ns.localizedDescription : "\(error)")")
                    continue
                }
                try Self.verifyAndStore([UInt8](data), as: file, at: target, source: address)
                stored = true
                break
            }
            guard stored else {
                throw NeuralKitError(.data, "Dataset \(entry.name): could not download \(file.name) (\(failures.joined(separator: "; "))). "
                    + "Put the file (\(file.size) bytes) in \(folder.path) by hand.")
            }
            fetched.append(file.name)
        }
        return fetched
    }

    /// Checks `bytes` against `file`'s size and SHA-256, then writes them to `target` atomically
    /// (`AtomicFile`: a temporary file in the same folder, renamed).
    public static func verifyAndStore(_ bytes: [UInt8], as file: DatasetFile, at target: URL, source: String) throws {
        guard bytes.count == file.size else {
            throw NeuralKitError(.data, "\(source): got \(bytes.count) bytes for \(file.name), expected \(file.size); not stored.")
        }
        if let expected = file.sha256 {
            let actual = SHA256.hex(bytes)
            guard actual == expected else {
                throw NeuralKitError(.data, "\(source): wrong SHA-256 for \(file.name) (got \(actual), expected \(expected)); not stored.")
            }
        }
        try AtomicFile.write(bytes, to: target.path)
    }
}
