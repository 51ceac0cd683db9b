// IDXReader: the IDX format of MNIST and Fashion-MNIST (unsigned-byte images and labels).

import Foundation
import NKCore

/// Reads IDX files of unsigned bytes (LeCun's MNIST format): a big-endian header
/// `00 00 08 <rank>`, then `rank` big-endian int32 dimensions, then the bytes, row-major.
///
/// Images (magic 2051, rank 3) become `(n, rows, columns, 1)` with values 0…255; labels (magic 2049,
/// rank 1) become `(n, 1)` class indices. Both are `Float`.
public enum IDXReader {
    /// The dimensions and payload of an unsigned-byte IDX file.
    ///
    /// - Throws: `NeuralKitError(.data, …)` naming `file` for a short header, a magic number that is not
    ///   `00 00 08 0r` (or not `expectedRank`), or a payload whose length is not the product of the
    ///   dimensions (naming both numbers).
    public static func parse(_ bytes: [UInt8], file: String, expectedRank: Int? = nil) throws -> (dimensions: [Int], payload: ArraySlice<UInt8>) {
        func fail(_ what: String) -> NeuralKitError { NeuralKitError(.data, "IDX file '\(file)': \(what)") }
        guard bytes.count >= 4 else { throw fail("only \(bytes.count) bytes, too short for the 4-byte magic number.") }
        let magic = readBE32(bytes, 0)
        guard bytes[0] == 0, bytes[1] == 0, bytes[2] == 8, (1...4).contains(bytes[3]) else {
            throw fail("wrong magic number \(magic) at byte offset 0 (expected 2049 for labels or 2051 for images).")
        }
        let rank = Int(bytes[3])
        if let expectedRank, rank != expectedRank {
            throw fail("magic number \(magic) says \(rank) dimension\(rank == 1 ? "" : "s"), expected \(expectedRank) (magic \(2048 + expectedRank)).")
        }
        let headerSize = 4 + 4 * rank
        guard bytes.count >= headerSize else { throw fail("truncated header: \(bytes.count) bytes, \(headerSize) needed for \(rank) dimensions.") }
        var dimensions = [Int]()
        var expected = 1
        for d in 0..<rank {
            let size = Int(readBE32(bytes, 4 + 4 * d))
            guard size <= Int(Int32.max) else { throw fail("dimension \(d) at byte offset \(4 + 4 * d) is negative.") }
            dimensions.append(size)
            let (product, overflow) = expected.multipliedReportingOverflow(by: size)
            guard !overflow else { throw fail("dimensions \(describeShape(dimensions)) are too large.") }
            expected = product
        }
        let payload = bytes.count - headerSize
        guard payload == expected else {
            throw fail(
                "the header announces \(describeShape(dimensions)) = \(expected) bytes of data, but the file holds \(payload) after the \(headerSize)-byte header\(payload < expected ? " (truncated)" : "")."
            )
        }
        return (dimensions, bytes[headerSize...])
    }

    /// Images `(n, rows, columns, 1)` with values 0…255 from an IDX3 file's bytes (gunzipped).
    public static func images(_ bytes: [UInt8], file: String) throws -> Tensor {
        let (dims, payload) = try parse(bytes, file: file, expectedRank: 3)
        try MemoryBudget.check(try MemoryBudget.bytes(elements: [payload.count]), for: "Reading the images of '\(file)'")
        return Tensor(uninitializedShape: dims + [1]) { out in
            payload.withUnsafeBufferPointer { src in
                for i in 0..<src.count { out[i] = Float(src[i]) }
            }
        }
    }

    /// Images `(n, rows, columns, 1)` with values 0…255 from an IDX3 file, gzip or plain; the same
    /// tensor and errors as `images(DataFile.read(url), file:)`.
    ///
    /// Memory: a gzip file is inflated straight into the storage of the Float tensor and widened
    /// there (`widenInPlace`), so its bytes and its floats are never both held: MNIST's training
    /// images peak at 188 MB plus the compressed file, not 188 + 47 MB.
    public static func images(contentsOf url: URL) throws -> Tensor {
        let raw = try DataFile.readRaw(url)
        guard Gzip.isGzip(raw) else { return try images(raw, file: url.path) }
        if let tensor = try widenedImages(gzip: raw, file: url.path) { return tensor }
        return try images(Gzip.decompress(raw, file: url.path), file: url.path)
    }

    /// The images of a single-member gzip IDX3 file, inflated into the tensor's own storage; nil
    /// when the file is anything else (small, several members, another header): the caller then
    /// takes the general path, which also gives the errors.
    static func widenedImages(gzip raw: [UInt8], file: String) throws -> Tensor? {
        let declared = Gzip.declaredSize(raw), header = 16
        // The floats' 4n bytes hold the n + 16 inflated bytes and the decoder's 258 bytes of slack
        // when n ≥ 92; a declared size beyond DEFLATE's 1032:1 ratio is a damaged file.
        let n = declared - header
        guard n >= 92, declared <= 1032 * raw.count + 64 else { return nil }
        // Beyond the budget, the declared size may be a truncated file's compressed bytes: the
        // general path finds out which (`Gzip.decompress`), before converting any image.
        guard let floats = try? MemoryBudget.bytes(elements: [n]), floats <= MemoryBudget.limit else { return nil }
        var dimensions: [Int]? = nil
        let scalars = try [Float](unsafeUninitializedCapacity: n) { floats, initialized in
            initialized = 0
            let storage = UnsafeMutableRawBufferPointer(floats)
            let decoded: Int? = try storage.withMemoryRebound(to: UInt8.self) { bytes in
                try Gzip.decompressSingleMember(raw, file: file, into: UnsafeMutableBufferPointer(rebasing: bytes[..<(declared + 258)]))
            }
            guard decoded == declared else { return }
            // The header, read before the widening overwrites it: rank 3, and n pixels.
            let b = storage.load(as: UInt32.self).bigEndian
            guard b == 0x0000_0803 else { return }
            let dims = (0..<3).map { Int(storage.load(fromByteOffset: 4 + 4 * $0, as: UInt32.self).bigEndian) }
            guard dims.allSatisfy({ $0 > 0 && $0 <= Int(Int32.max) }), (try? Shape.count(dims, what: file)) == n else { return }
            widenInPlace(storage, count: n, offset: header)
            dimensions = dims
            initialized = n
        }
        guard let dimensions else { return nil }
        return Tensor(shape: dimensions + [1], scalars: scalars)
    }

    /// Turns the `count` bytes at `offset` in `storage` into `count` Floats at its start, in place.
    /// Going backwards, writing Float i (bytes 4i…4i+3) only overwrites bytes that were already read
    /// once i ≥ offset/3; the first few bytes are set aside before the loop.
    static func widenInPlace(_ storage: UnsafeMutableRawBufferPointer, count: Int, offset: Int) {
        precondition(storage.count >= 4 * count && storage.count >= offset + count)
        let early = min(count, offset / 3 + 1)
        let saved = (0..<early).map { storage[offset + $0] }
        for i in stride(from: count - 1, through: early, by: -1) {
            storage.storeBytes(of: Float(storage[offset + i]), toByteOffset: 4 * i, as: Float.self)
        }
        for i in 0..<early { storage.storeBytes(of: Float(saved[i]), toByteOffset: 4 * i, as: Float.self) }
    }

    /// Labels `(n, 1)` from an IDX1 file's bytes; every label must be below `classes`.
    public static func labels(_ bytes: [UInt8], file: String, classes: Int = 10) throws -> Tensor {
        let (dims, payload) = try parse(bytes, file: file, expectedRank: 1)
        if let bad = payload.firstIndex(where: { Int($0) >= classes }) {
            throw NeuralKitError(.data, "IDX file '\(file)': label \(payload[bad]) at byte offset \(bad) is not a class index below \(classes).")
        }
        return Tensor(shape: [dims[0], 1], scalars: payload.map(Float.init))
    }

    /// The first `limit` images (all when nil or beyond the count) of an IDX3 file's bytes, checked
    /// whole like `images(_:file:)`; only those become Floats.
    public static func images(_ bytes: [UInt8], file: String, limit: Int?) throws -> Tensor {
        let (dims, payload) = try parse(bytes, file: file, expectedRank: 3)
        let n = min(dims[0], max(limit ?? dims[0], 0)), size = dims[1] * dims[2]
        try MemoryBudget.check(try MemoryBudget.bytes(elements: [n, size]), for: "Reading the images of '\(file)'")
        return Tensor(uninitializedShape: [n, dims[1], dims[2], 1]) { out in
            payload.withUnsafeBufferPointer { src in
                for i in 0..<(n * size) { out[i] = Float(src[i]) }
            }
        }
    }

    /// Reads an image file and a label file (gzip or plain) into one dataset, checking the counts
    /// agree; with a `limit`, only the first `limit` samples are kept (the files are still checked
    /// whole), and only their images become Floats.
    public static func load(images: URL, labels: URL, name: String, classNames: [String], limit: Int? = nil) throws -> Dataset {
        let x: Tensor, total: Int
        if let limit {
            let bytes = try DataFile.read(images)
            total = try parse(bytes, file: images.path, expectedRank: 3).dimensions[0]
            x = try Self.images(bytes, file: images.path, limit: limit)
        } else {
            x = try Self.images(contentsOf: images)
            total = x.shape[0]
        }
        let y = try Self.labels(DataFile.read(labels), file: labels.path, classes: classNames.count)
        guard total == y.shape[0] else {
            throw NeuralKitError(.data, "IDX files '\(images.path)' and '\(labels.path)': \(total) images but \(y.shape[0]) labels.")
        }
        return Dataset(name: name, inputs: x, targets: x.shape[0] == total ? y : y.rows(0..<x.shape[0]), classNames: classNames)
    }

    private static func readBE32(_ b: [UInt8], _ i: Int) -> UInt32 {
        UInt32(b[i]) << 24 | UInt32(b[i + 1]) << 16 | UInt32(b[i + 2]) << 8 | UInt32(b[i + 3])
    }
}
