// Checkpoint+HeaderScan: a pass over a safetensors header's bytes before its JSON is parsed.

import Foundation
import NKCore

extension Checkpoint {
    /// What a pass over a header's bytes finds without parsing it: the entries (tensors and metadata
    /// pairs) and the bytes of the `__metadata__` object. The pass allocates nothing, so a header's
    /// cost is known, and checked against the memory budget, before JSON parsing builds it.
    struct HeaderScan {
        /// Tensor entries: the keys of the header object other than `__metadata__`.
        var tensors = 0
        /// The keys of the `__metadata__` object.
        var metadataPairs = 0
        /// The bytes of the `__metadata__` object, braces included.
        var metadataBytes = 0
    }

    /// The deepest nesting a safetensors header has: the header object, a tensor's object, its shape.
    static let maximumHeaderDepth = 3

    /// Memory that parsing costs per header entry (measured: JSONSerialization builds about 3.8 kB
    /// of dictionaries and numbers for each tensor entry), and per header byte (a metadata string is
    /// held as parsed, as a Swift string, and again when its JSON is decoded).
    static let parsingBytesPerEntry = 4096, parsingBytesPerHeaderByte = 4

    /// Counts the header's entries and measures its metadata, then checks what parsing it and
    /// reading `dataSize` bytes of tensors will need against `MemoryBudget`, naming `file`.
    /// - Throws: `NeuralKitError(.checkpoint, …)` for a header nested deeper than a safetensors
    ///   header can be; `NeuralKitError(.memory, …)` when the estimate exceeds the budget.
    static func checkHeaderCost(_ header: ArraySlice<UInt8>, dataSize: Int, file: String) throws {
        var scan = HeaderScan()
        try walkHeader(header, file: file) { depth, inMetadata, key in
            if depth == 1 {
                if !isMetadataKey(header[key]) { scan.tensors += 1 }
            } else if inMetadata {
                scan.metadataPairs += 1
            }
        } metadataEnd: {
            scan.metadataBytes = $0
        }
        // Counts and sizes below 2^40 each: no overflow in this sum.
        let estimate =
            (scan.tensors + scan.metadataPairs) * parsingBytesPerEntry + header.count * parsingBytesPerHeaderByte + dataSize
        try MemoryBudget.check(
            estimate,
            for:
                "Reading checkpoint '\(file)' (a header of \(header.count) bytes with \(scan.tensors) tensors and \(scan.metadataPairs) metadata entries in \(scan.metadataBytes) bytes)"
        )
    }

    /// Throws when an object of the header holds a key twice: JSON parsers keep one of the two
    /// silently (the last, or the first), so a checkpoint with a duplicate tensor name would load
    /// weights its writer may not have meant.
    /// - Throws: `NeuralKitError(.checkpoint, …)` naming `file` and the key.
    static func checkUniqueKeys(_ header: ArraySlice<UInt8>, file: String) throws {
        // The keys of the header object (depth 1: tensor names and __metadata__) and of the object
        // under its latest key (depth 2: a tensor's fields, or the metadata keys). Objects nested
        // deeper have no place in a safetensors header: the reading after the parse refuses them.
        var seen = [Set<String>](repeating: [], count: 3)
        var parent = ""
        try walkHeader(header, file: file) { depth, inMetadata, key in
            guard depth <= 2 else { return }
            // A key that is not valid UTF-8 makes the header invalid JSON: the parser reports it.
            guard let name = decodeKey(header[key]) else { return }
            if depth == 1 {
                seen[2] = []
                parent = name
            }
            guard seen[depth].insert(name).inserted else {
                let quoted = "'\(NeuralKitError.excerpt(name))'"
                throw NeuralKitError(
                    .checkpoint,
                    depth == 1 && name == "__metadata__"
                        ? "Checkpoint '\(file)': the header holds __metadata__ twice; a checkpoint has one metadata object."
                        : depth == 1
                            ? "Checkpoint '\(file)': the tensor name \(quoted) appears twice in the header; each tensor must have one name (a JSON parser would silently keep one of the two)."
                            : inMetadata
                                ? "Checkpoint '\(file)': the metadata key \(quoted) appears twice in the header; each key must appear once."
                                : "Checkpoint '\(file)': tensor '\(NeuralKitError.excerpt(parent))' has the field \(quoted) twice.")
            }
        } metadataEnd: { _ in
        }
    }

    /// Walks the header's JSON lexically (strings, brackets, commas and colons), calling `key` with
    /// the depth of every object key (1 for the header object's keys), whether it lies in the
    /// `__metadata__` object, and its bytes between the quotes; `metadataEnd` gets the size of the
    /// `__metadata__` object. It does not validate the JSON: the parser that runs after it does.
    ///
    /// - Throws: `NeuralKitError(.checkpoint, …)` naming `file` when the nesting exceeds
    ///   `maximumHeaderDepth`, and whatever `key` throws.
    private static func walkHeader(
        _ header: ArraySlice<UInt8>, file: String,
        key: (_ depth: Int, _ inMetadata: Bool, _ range: Range<Int>) throws -> Void,
        metadataEnd: (Int) -> Void
    ) throws {
        let quote = UInt8(ascii: "\""), backslash = UInt8(ascii: "\\")
        // Whether each open container is an object (keys) or an array, by depth.
        var isObject = [Bool](repeating: false, count: maximumHeaderDepth + 1)
        var depth = 0
        var expectingKey = false
        var metadataStart: Int? = nil, enteringMetadata = false
        var i = header.startIndex
        while i < header.endIndex {
            let byte = header[i]
            switch byte {
            case quote:
                var end = i + 1
                while end < header.endIndex, header[end] != quote { end += header[end] == backslash ? 2 : 1 }
                guard end < header.endIndex else { return }  // an unterminated string: the parser reports it
                if depth >= 1, isObject[depth], expectingKey {
                    try key(depth, metadataStart != nil, (i + 1)..<end)
                    enteringMetadata = depth == 1 && isMetadataKey(header[(i + 1)..<end])
                    expectingKey = false
                }
                i = end
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                depth += 1
                guard depth <= maximumHeaderDepth else {
                    throw NeuralKitError(
                        .checkpoint,
                        "Checkpoint '\(file)': the header nests deeper than the \(maximumHeaderDepth) levels of a safetensors header (at byte \(i - header.startIndex) of the header).")
                }
                isObject[depth] = byte == UInt8(ascii: "{")
                expectingKey = isObject[depth]
                if depth == 2, enteringMetadata, isObject[depth] { metadataStart = i }
            case UInt8(ascii: "}"), UInt8(ascii: "]"):
                if depth == 2, let start = metadataStart {
                    metadataEnd(i + 1 - start)
                    metadataStart = nil
                }
                if depth == 1 { enteringMetadata = false }
                depth = max(depth - 1, 0)
                expectingKey = false
            case UInt8(ascii: ","):
                expectingKey = depth >= 1 && isObject[depth]
                if depth == 1 { enteringMetadata = false }
            default:
                break
            }
            i += 1
        }
    }

    /// Whether a key's bytes (between the quotes) are `__metadata__`.
    private static func isMetadataKey(_ bytes: ArraySlice<UInt8>) -> Bool {
        bytes.elementsEqual("__metadata__".utf8) || (bytes.contains(UInt8(ascii: "\\")) && decodeKey(bytes) == "__metadata__")
    }

    /// A key's bytes (between the quotes) as the string JSON means, escapes resolved; nil when they
    /// are not valid UTF-8 or hold an invalid escape.
    private static func decodeKey(_ bytes: ArraySlice<UInt8>) -> String? {
        guard bytes.contains(UInt8(ascii: "\\")) else { return String(validating: bytes, as: UTF8.self) }
        let literal = Data([UInt8(ascii: "\"")] + bytes + [UInt8(ascii: "\"")])
        return (try? JSONSerialization.jsonObject(with: literal, options: .fragmentsAllowed)) as? String
    }
}
