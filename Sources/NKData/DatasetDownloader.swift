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
/// A mirror that fails — unreachable, an HTTP error, a body larger than the file should be, or
/// bytes with the wrong size or SHA-256 — is reported and the next one is tried.
public struct DatasetDownloader: Sendable {
    /// Returns the bytes at a URL, at most `limit` of them (more is an error).
    public var fetch: @Sendable (URL, _ limit: Int) async throws -> Data

    /// A downloader using `fetch` (default: `URLSession` with timeouts and a size limit).
    public init(fetch: @escaping @Sendable (URL, _ limit: Int) async throws -> Data = DatasetDownloader.urlSessionFetch) {
        self.fetch = fetch
    }

    /// Seconds without data before a request is abandoned, and for a whole file.
    public static let requestTimeout: TimeInterval = 30, resourceTimeout: TimeInterval = 900

    /// `URLSession`'s GET, with `requestTimeout` and `resourceTimeout`; a non-2xx HTTP status, or a
    /// body (announced or received) over `limit` bytes, is an error (the transfer is cancelled).
    public static let urlSessionFetch: @Sendable (URL, Int) async throws -> Data = { url, limit in
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = requestTimeout
        configuration.timeoutIntervalForResource = resourceTimeout
        return try await withCheckedThrowingContinuation { continuation in
            let receiver = LimitedReceiver(url: url, limit: limit, continuation: continuation)
            let session = URLSession(configuration: configuration, delegate: receiver, delegateQueue: nil)
            session.dataTask(with: url).resume()
            session.finishTasksAndInvalidate()
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
        try AtomicFile.createFolder(folder.path, what: "The dataset folder")
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
                let bytes: [UInt8]
                do {
                    bytes = [UInt8](try await fetch(url, file.size))
                    try Self.verify(bytes, as: file, source: address)  // wrong bytes: try the next mirror
                } catch {
                    // URLSession's errors print their whole userInfo; their description is the useful part.
                    let ns = error as NSError
                    failures.append(
                        ns.domain == NSURLErrorDomain
                            ? "\(address): \(ns.localizedDescription)"
                            : error is NeuralKitError ? "\(error)" : "\(address): \(error)")
                    continue
                }
                try AtomicFile.write(bytes, to: target.path)
                stored = true
                break
            }
            guard stored else {
                throw NeuralKitError(
                    .data,
                    "Dataset \(entry.name): could not download \(file.name) (\(failures.joined(separator: "; "))). "
                        + "Put the file (\(file.size) bytes) in \(folder.path) by hand.")
            }
            fetched.append(file.name)
        }
        return fetched
    }

    /// Checks `bytes` against `file`'s size and SHA-256, then writes them to `target` atomically
    /// (`AtomicFile`: a temporary file in the same folder, renamed).
    public static func verifyAndStore(_ bytes: [UInt8], as file: DatasetFile, at target: URL, source: String) throws {
        try verify(bytes, as: file, source: source)
        try AtomicFile.write(bytes, to: target.path)
    }

    /// Throws `NeuralKitError(.data, …)` naming `source` unless `bytes` have `file`'s size and SHA-256.
    public static func verify(_ bytes: [UInt8], as file: DatasetFile, source: String) throws {
        guard bytes.count == file.size else {
            throw NeuralKitError(.data, "\(source): got \(bytes.count) bytes for \(file.name), expected \(file.size); not stored.")
        }
        if let expected = file.sha256 {
            let actual = SHA256.hex(bytes)
            guard actual == expected else {
                throw NeuralKitError(.data, "\(source): wrong SHA-256 for \(file.name) (got \(actual), expected \(expected)); not stored.")
            }
        }
    }
}

/// Collects a download's body, cancelling it once it announces or passes `limit` bytes.
private final class LimitedReceiver: NSObject, URLSessionDataDelegate, @unchecked Sendable {
    let url: URL
    let limit: Int
    var continuation: CheckedContinuation<Data, Error>?
    var data = Data()
    let lock = NSLock()

    init(url: URL, limit: Int, continuation: CheckedContinuation<Data, Error>) {
        self.url = url
        self.limit = limit
        self.continuation = continuation
    }

    private func finish(_ result: Result<Data, Error>) {
        lock.lock()
        let c = continuation
        continuation = nil
        lock.unlock()
        c?.resume(with: result)
    }

    func urlSession(
        _ session: URLSession, dataTask: URLSessionDataTask, didReceive response: URLResponse,
        completionHandler: @escaping (URLSession.ResponseDisposition) -> Void
    ) {
        if let http = response as? HTTPURLResponse, !(200..<300).contains(http.statusCode) {
            finish(.failure(NeuralKitError(.data, "\(url.absoluteString): HTTP status \(http.statusCode).")))
            completionHandler(.cancel)
        } else if response.expectedContentLength > Int64(limit) {
            finish(.failure(NeuralKitError(.data, "\(url.absoluteString): announces \(response.expectedContentLength) bytes, more than the \(limit) expected.")))
            completionHandler(.cancel)
        } else {
            completionHandler(.allow)
        }
    }

    func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive chunk: Data) {
        data.append(chunk)
        if data.count > limit {
            finish(.failure(NeuralKitError(.data, "\(url.absoluteString): sent more than the \(limit) bytes expected.")))
            dataTask.cancel()
        }
    }

    func urlSession(_ session: URLSession, task: URLSessionTask, didCompleteWithError error: Error?) {
        if let error { finish(.failure(error)) } else { finish(.success(data)) }
    }
}
