// Gzip: the gzip container (RFC 1952) around DEFLATE, with CRC-32 and size checks.

import NKCore

/// Reads gzip files (RFC 1952): one or more members, each a header, a DEFLATE stream and a trailer
/// whose CRC-32 and size are checked.
///
/// ```swift
/// let raw = try Gzip.decompress(bytes, file: "train-images-idx3-ubyte.gz")
/// ```
public enum Gzip {
    /// True when `bytes` start with the gzip magic `1f 8b`.
    public static func isGzip(_ bytes: [UInt8]) -> Bool { bytes.count >= 2 && bytes[0] == 0x1F && bytes[1] == 0x8B }

    /// Decompresses a whole gzip file (all members, concatenated). Each member may inflate to at
    /// most the size the file's last trailer declares (ISIZE): for a single-member file that is its
    /// exact size; files over 4 GiB uncompressed, or whose first member is larger than their last,
    /// are refused.
    ///
    /// - Throws: `NeuralKitError(.data, …)` naming `file` and the byte offset for a bad magic number,
    ///   an unknown compression method, reserved flags, a truncated header or trailer, corrupt DEFLATE
    ///   data, or a CRC-32 / size that does not match the data.
    public static func decompress(_ bytes: [UInt8], file: String = "<bytes>") throws -> [UInt8] {
        func fail(_ offset: Int, _ what: String) -> NeuralKitError {
            NeuralKitError(.data, "'\(file)': \(what) at byte offset \(offset).")
        }
        var result = [UInt8]()
        var offset = 0
        repeat {
            guard bytes.count - offset >= 18 else { throw fail(offset, "truncated gzip header (\(bytes.count - offset) bytes, at least 18 needed)") }
            guard bytes[offset] == 0x1F, bytes[offset + 1] == 0x8B else { throw fail(offset, "not a gzip file (magic is not 1f 8b)") }
            guard bytes[offset + 2] == 8 else { throw fail(offset + 2, "unknown gzip compression method \(bytes[offset + 2])") }
            let flags = bytes[offset + 3]
            guard flags & 0xE0 == 0 else { throw fail(offset + 3, "reserved gzip flags set") }
            var p = offset + 10
            if flags & 0x04 != 0 {   // FEXTRA
                guard p + 2 <= bytes.count else { throw fail(p, "truncated gzip header") }
                p += 2 + (Int(bytes[p]) | Int(bytes[p + 1]) << 8)
            }
            for flag: UInt8 in [0x08, 0x10] where flags & flag != 0 {   // FNAME, FCOMMENT: zero-terminated
                while p < bytes.count, bytes[p] != 0 { p += 1 }
                p += 1
            }
            if flags & 0x02 != 0 { p += 2 }   // FHCRC
            guard p < bytes.count else { throw fail(min(p, bytes.count), "truncated gzip header") }
            // The file's last trailer declares the size (ISIZE) of its last member — exact, for the
            // single-member files datasets are, below 4 GiB. No member may inflate beyond it: a
            // small file that would inflate to gigabytes (a gzip bomb, or damage) stops there.
            let declared = Int(readLE32(bytes, bytes.count - 4))
            try MemoryBudget.check(result.count + declared, for: "Decompressing '\(file)' (\(declared) bytes declared)")
            let (data, end) = try Inflate.decompress(bytes, start: p, sizeHint: offset == 0 ? declared : 0, limit: declared, file: file)
            guard end + 8 <= bytes.count else { throw fail(end, "truncated gzip trailer (the file ends early)") }
            let crc = readLE32(bytes, end), size = readLE32(bytes, end + 4)
            guard size == UInt32(truncatingIfNeeded: data.count) else {
                throw fail(end + 4, "gzip size field \(size) does not match the \(data.count) decompressed bytes")
            }
            guard crc == CRC32.checksum(data) else { throw fail(end, "gzip CRC-32 does not match the decompressed data") }
            if result.isEmpty { result = data } else { result += data }
            offset = end + 8
            while offset < bytes.count, bytes[offset] == 0 { offset += 1 }   // zero padding after a member
        } while offset < bytes.count
        return result
    }

    private static func readLE32(_ b: [UInt8], _ i: Int) -> UInt32 {
        guard i >= 0, i + 4 <= b.count else { return 0 }
        return UInt32(b[i]) | UInt32(b[i + 1]) << 8 | UInt32(b[i + 2]) << 16 | UInt32(b[i + 3]) << 24
    }
}
