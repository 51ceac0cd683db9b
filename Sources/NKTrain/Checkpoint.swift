// Checkpoint: named tensors in safetensors files that PyTorch reads (save, load).

import Foundation
import NKCore
#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Saving and loading named tensors in the [safetensors](https://huggingface.co/docs/safetensors)
/// format, so that `safetensors.torch.load_file(path)` reads NeuralKit checkpoints and vice versa.
///
/// File layout:
/// 1. 8 bytes: `N`, the header length, unsigned little-endian.
/// 2. `N` bytes: a UTF-8 JSON object, padded with spaces so that the data starts on a multiple of 8:
///    `{"__metadata__": {"format": "pt", …}, "<name>": {"dtype": "F32", "shape": [..],
///    "data_offsets": [begin, end]}, …}`. Metadata values are strings. Counters (BatchNorm's
///    `num_batches_tracked`) are `I64`; they are read back as `Float` (exact up to 2²⁴).
/// 3. The tensors' raw little-endian `Float32` (or `Int64`) values, back to back in the order given; offsets are
///    relative to the start of this section and cover it exactly, with no gap or overlap.
///
/// ```swift
/// try Checkpoint.save(Checkpoint.stateDict(of: model.modules), metadata: ["notation": text], to: url)
/// let (tensors, metadata) = try Checkpoint.load(from: url)
/// ```
public enum Checkpoint {
    /// The largest header accepted (the limit of the reference safetensors implementation).
    public static let maximumHeaderLength = 100_000_000

    /// Writes `tensors` and `metadata` to `url` atomically: the bytes go to a temporary file in the
    /// same directory, which is flushed to disk and then renamed over `url`.
    ///
    /// - Parameters:
    ///   - tensors: names (unique, not `__metadata__`) and tensors, stored in this order.
    ///   - metadata: string pairs stored under `__metadata__`; `"format": "pt"` is added if absent.
    ///   - url: the file to write.
    ///   - integers: names of tensors holding whole numbers, stored as I64 (BatchNorm's
    ///     `num_batches_tracked`, which PyTorch keeps as int64); the others are F32.
    /// - Throws: `NeuralKitError(.checkpoint, …)` naming the file for duplicate names or I/O failures.
    public static func save(
        _ tensors: [(name: String, tensor: Tensor)], metadata: [String: String],
        integers: Set<String> = [], to url: URL
    ) throws {
        var seen = Set<String>()
        for (name, _) in tensors {
            guard !name.isEmpty, name != "__metadata__", seen.insert(name).inserted else {
                throw NeuralKitError(.checkpoint, "Checkpoint '\(url.path)': tensor name '\(name)' is empty, reserved or used twice.")
            }
        }
        var fullMetadata = metadata
        if fullMetadata["format"] == nil { fullMetadata["format"] = "pt" }

        // Header: metadata first, then tensors in order, with running byte offsets.
        var entries = [
            "\(jsonString("__metadata__")):{"
                + fullMetadata.sorted { $0.key < $1.key }.map { "\(jsonString($0.key)):\(jsonString($0.value))" }.joined(separator: ",")
                + "}"
        ]
        var offset = 0
        for (name, tensor) in tensors {
            let integer = integers.contains(name)
            let end = offset + tensor.count * (integer ? 8 : 4)
            let shape = tensor.shape.map(String.init).joined(separator: ",")
            entries.append("\(jsonString(name)):{\"dtype\":\"\(integer ? "I64" : "F32")\",\"shape\":[\(shape)],\"data_offsets\":[\(offset),\(end)]}")
            offset = end
        }
        var header = Array(("{" + entries.joined(separator: ",") + "}").utf8)
        header.append(contentsOf: repeatElement(UInt8(ascii: " "), count: (8 - header.count % 8) % 8))

        var bytes = [UInt8]()
        bytes.reserveCapacity(8 + header.count + offset)
        withUnsafeBytes(of: UInt64(header.count).littleEndian) { bytes.append(contentsOf: $0) }
        bytes.append(contentsOf: header)
        for (name, tensor) in tensors {
            if integers.contains(name) {
                for value in tensor.scalars {
                    withUnsafeBytes(of: Int64(value.rounded()).littleEndian) { bytes.append(contentsOf: $0) }
                }
                continue
            }
            #if _endian(little)
                tensor.withUnsafeBufferPointer { bytes.append(contentsOf: UnsafeRawBufferPointer($0)) }
            #else
                for value in tensor.scalars {
                    withUnsafeBytes(of: value.bitPattern.littleEndian) { bytes.append(contentsOf: $0) }
                }
            #endif
        }
        try AtomicFile.write(bytes, to: url.path)
    }

    /// Reads a safetensors file written by NeuralKit or PyTorch.
    ///
    /// - Returns: the tensors by name, and the `__metadata__` strings (empty when absent).
    /// - Throws: `NeuralKitError(.checkpoint, …)` naming the file when it is missing, truncated, has a
    ///   header that is too long or not valid JSON, a name or metadata key used twice, a dtype other
    ///   than F32, or data offsets that are out of range, overlap, leave gaps, or do not match the
    ///   shape; `NeuralKitError(.memory, …)` when the file, or parsing its header (each entry costs
    ///   about 4 kB), would exceed `MemoryBudget`.
    public static func load(from url: URL) throws -> (tensors: [String: Tensor], metadata: [String: String]) {
        let file = url.path
        guard FileManager.default.fileExists(atPath: file) else {
            throw NeuralKitError(.checkpoint, "Checkpoint '\(file)': no such file.")
        }
        // The bytes are held while the tensors are made from them.
        if let size = (try? FileManager.default.attributesOfItem(atPath: file))?[.size] as? NSNumber {
            try MemoryBudget.check(size.intValue, for: "Reading checkpoint '\(file)'")
        }
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw NeuralKitError(.checkpoint, NeuralKitError.fileSystem(path: file, action: "read the checkpoint", underlying: error).message)
        }
        return try decode([UInt8](data), file: file)
    }

    /// Parses the bytes of a safetensors file (`load` without the file system; `file` names it in
    /// messages). Every size in the header is checked against the bytes present before use, and the
    /// header's entry count and size against the memory budget before it is parsed.
    public static func decode(_ bytes: [UInt8], file: String) throws -> (tensors: [String: Tensor], metadata: [String: String]) {
        func fail(_ message: String) -> NeuralKitError { NeuralKitError(.checkpoint, "Checkpoint '\(file)': \(message)") }
        guard bytes.count >= 8 else { throw fail("the file is truncated: \(bytes.count) bytes, fewer than the 8-byte header length.") }
        let headerLength = bytes[0..<8].reversed().reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        guard headerLength <= UInt64(maximumHeaderLength) else {
            throw fail("the header length \(headerLength) is over the limit of \(maximumHeaderLength) bytes; this is not a safetensors file.")
        }
        let dataStart = 8 + Int(headerLength)
        guard dataStart <= bytes.count else {
            throw fail("the file is truncated: the header needs \(headerLength) bytes but only \(bytes.count - 8) follow the length.")
        }
        // Before parsing: what parsing will cost (the entries, the metadata), against the budget;
        // then keys used twice, which a JSON parser would resolve silently.
        let dataSize = bytes.count - dataStart
        try checkHeaderCost(bytes[8..<dataStart], dataSize: dataSize, file: file)
        try checkUniqueKeys(bytes[8..<dataStart], file: file)
        guard let json = try? JSONSerialization.jsonObject(with: Data(bytes[8..<dataStart])),
            let header = json as? [String: Any]
        else {
            throw fail("the header is not a valid JSON object.")
        }

        var metadata = [String: String]()
        var spans = [(name: String, begin: Int, end: Int, shape: [Int], scalarSize: Int)]()
        for (name, value) in header {
            if name == "__metadata__" {
                guard let pairs = value as? [String: Any] else { throw fail("__metadata__ is not a JSON object.") }
                for (key, v) in pairs {
                    guard let s = v as? String else { throw fail("metadata '\(key)' is not a string.") }
                    metadata[key] = s
                }
                continue
            }
            guard let entry = value as? [String: Any], let dtype = entry["dtype"] as? String,
                let shape = intArray(entry["shape"]), let offsets = intArray(entry["data_offsets"]), offsets.count == 2
            else {
                throw fail("tensor '\(name)' needs a dtype, a shape and two data_offsets.")
            }
            guard dtype == "F32" || dtype == "I64" else {
                throw fail("tensor '\(name)' has dtype \(dtype); only F32 (and I64, for counters such as num_batches_tracked) is supported.")
            }
            let scalarSize = dtype == "I64" ? 8 : 4
            guard shape.allSatisfy({ $0 >= 0 }) else { throw fail("tensor '\(name)' has a negative dimension in \(describeShape(shape)).") }
            let (begin, end) = (offsets[0], offsets[1])
            guard begin >= 0, begin <= end, end <= dataSize else {
                throw fail("tensor '\(name)' has data_offsets [\(begin), \(end)] outside the \(dataSize) data bytes.")
            }
            var expected = scalarSize
            for d in shape {
                let (product, overflow) = expected.multipliedReportingOverflow(by: d)
                guard !overflow else { throw fail("tensor '\(name)' has an impossibly large shape \(describeShape(shape)).") }
                expected = product
            }
            guard end - begin == expected else {
                throw fail("tensor '\(name)' of shape \(describeShape(shape)) needs \(expected) bytes but its data_offsets [\(begin), \(end)] span \(end - begin).")
            }
            spans.append((name, begin, end, shape, scalarSize))
        }

        // The data section must be covered exactly once, as the safetensors specification requires.
        spans.sort { ($0.begin, $0.end) < ($1.begin, $1.end) }
        var position = 0
        var previous = "the start of the data"
        for span in spans {
            if span.begin < position { throw fail("tensors \(previous) and '\(span.name)' overlap (bytes \(span.begin)..<\(position)).") }
            if span.begin > position { throw fail("bytes \(position)..<\(span.begin) after \(previous) belong to no tensor.") }
            position = span.end
            previous = "'\(span.name)'"
        }
        guard position == dataSize else { throw fail("bytes \(position)..<\(dataSize) at the end belong to no tensor.") }

        var tensors = [String: Tensor]()
        bytes.withUnsafeBytes { raw in
            for span in spans {
                let count = (span.end - span.begin) / span.scalarSize
                tensors[span.name] = Tensor(uninitializedShape: span.shape) { out in
                    if span.scalarSize == 8 {  // I64, as Float (exact up to 2^24)
                        for i in 0..<count {
                            let bits = raw.loadUnaligned(fromByteOffset: dataStart + span.begin + 8 * i, as: UInt64.self)
                            out[i] = Float(Int64(bitPattern: UInt64(littleEndian: bits)))
                        }
                        return
                    }
                    for i in 0..<count {
                        let bits = raw.loadUnaligned(fromByteOffset: dataStart + span.begin + 4 * i, as: UInt32.self)
                        out[i] = Float(bitPattern: UInt32(littleEndian: bits))
                    }
                }
            }
        }
        return (tensors, metadata)
    }

    // MARK: - Helpers

    /// `value` as a JSON string literal (also used for the run files the CLI writes).
    public static func jsonString(_ value: String) -> String {
        var out = "\""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20: out += String(format: "\\u%04x", scalar.value)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }

    /// A JSON array of integers (JSONSerialization gives numbers as NSNumber), or nil.
    private static func intArray(_ value: Any?) -> [Int]? {
        guard let items = value as? [Any] else { return nil }
        var result = [Int]()
        for item in items {
            guard let number = item as? NSNumber, let exact = Int(exactly: number.doubleValue) else { return nil }
            result.append(exact)
        }
        return result
    }
}
