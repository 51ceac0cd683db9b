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
        var result = [UInt8]()
        var offset = 0
        repeat {
            let p = try dataStart(bytes, member: offset, file: file)
            // The file's last trailer declares the size (ISIZE) of its last member — exact, for the
            // single-member files datasets are, below 4 GiB. No member may inflate beyond it: a
            // small file that would inflate to gigabytes (a gzip bomb, or damage) stops there.
            let declared = declaredSize(bytes)
            let (data, end) = try inflateMember(bytes, start: p, declared: declared, first: offset == 0, held: result.count, file: file)
            try data.withUnsafeBufferPointer { try checkTrailer(bytes, end: end, data: $0, file: file) }
            if result.isEmpty { result = data } else { result += data }
            offset = nextMember(bytes, after: end)
        } while offset < bytes.count
        return result
    }

    /// Inflates the member whose DEFLATE data starts at `start`, up to `declared` bytes, with
    /// `held` bytes already decompressed. A declared size beyond the memory budget is not believed
    /// at once: the last four bytes of a truncated file are compressed data, not a trailer, and can
    /// claim gigabytes. The member is then inflated within the budget, so that a stream that ends
    /// early is reported as a truncated file, and only one that really outgrows the budget as too large.
    private static func inflateMember(
        _ bytes: [UInt8], start: Int, declared: Int, first: Bool, held: Int, file: String
    ) throws -> (output: [UInt8], end: Int) {
        let what = "Decompressing '\(file)' (\(declared) bytes declared)"
        let budget = MemoryBudget.limit
        guard held + declared > budget else {
            return try Inflate.decompress(bytes, start: start, sizeHint: first ? declared : 0, limit: declared, file: file)
        }
        let room = max(budget - held, 0)
        guard let inflated = try Inflate.decompress(bytes, start: start, within: room, file: file) else {
            try MemoryBudget.check(held + declared, for: what)  // it does outgrow the budget: this throws
            throw NeuralKitError(.memory, "\(what) needs more than the \(MemoryBudget.describe(budget)) of memory allowed.")
        }
        guard inflated.output.count <= declared else {
            throw NeuralKitError(.data, "'\(file)': the compressed data inflates beyond \(declared) bytes, the size it declares (a damaged file, or a gzip bomb).")
        }
        return inflated
    }

    /// Decompresses a single-member gzip file (what dataset files are) into `destination`, with the
    /// checks of `decompress`, so that a reader can inflate straight into storage it owns (see
    /// `IDXReader.images(contentsOf:)`). `destination` needs room for `declaredSize(bytes)` + 258
    /// bytes (the decoder's slack). Returns the decompressed byte count, or nil when the file has
    /// more members or inflates beyond its declared size: then `decompress` gives the answer.
    /// - Throws: the errors of `decompress`, for a damaged first member.
    public static func decompressSingleMember(
        _ bytes: [UInt8], file: String = "<bytes>",
        into destination: UnsafeMutableBufferPointer<UInt8>
    ) throws -> Int? {
        let p = try dataStart(bytes, member: 0, file: file)
        guard let (count, end) = try bytes.withUnsafeBufferPointer({ try Inflate.decompress($0, start: p, into: destination, file: file) }),
            count <= declaredSize(bytes), end + 8 <= bytes.count, nextMember(bytes, after: end) == bytes.count
        else { return nil }
        try checkTrailer(bytes, end: end, data: UnsafeBufferPointer(rebasing: destination[..<count]), file: file)
        return count
    }

    /// The size the file's last trailer declares (ISIZE): the exact size of a single-member file
    /// under 4 GiB; 0 for a file too short to have one.
    public static func declaredSize(_ bytes: [UInt8]) -> Int { Int(readLE32(bytes, bytes.count - 4)) }

    private static func fail(_ file: String, _ offset: Int, _ what: String) -> NeuralKitError {
        NeuralKitError(.data, "'\(file)': \(what) at byte offset \(offset).")
    }

    /// Checks the header of the member at `offset` and returns where its DEFLATE data starts.
    private static func dataStart(_ bytes: [UInt8], member offset: Int, file: String) throws -> Int {
        guard bytes.count - offset >= 18 else { throw fail(file, offset, "truncated gzip header (\(bytes.count - offset) bytes, at least 18 needed)") }
        guard bytes[offset] == 0x1F, bytes[offset + 1] == 0x8B else { throw fail(file, offset, "not a gzip file (magic is not 1f 8b)") }
        guard bytes[offset + 2] == 8 else { throw fail(file, offset + 2, "unknown gzip compression method \(bytes[offset + 2])") }
        let flags = bytes[offset + 3]
        guard flags & 0xE0 == 0 else { throw fail(file, offset + 3, "reserved gzip flags set") }
        var p = offset + 10
        if flags & 0x04 != 0 {  // FEXTRA
            guard p + 2 <= bytes.count else { throw fail(file, p, "truncated gzip header") }
            p += 2 + (Int(bytes[p]) | Int(bytes[p + 1]) << 8)
        }
        for flag: UInt8 in [0x08, 0x10] where flags & flag != 0 {  // FNAME, FCOMMENT: zero-terminated
            while p < bytes.count, bytes[p] != 0 { p += 1 }
            p += 1
        }
        if flags & 0x02 != 0 { p += 2 }  // FHCRC
        guard p < bytes.count else { throw fail(file, min(p, bytes.count), "truncated gzip header") }
        return p
    }

    /// Checks the trailer after a member's DEFLATE data (which ends at `end`): its size and CRC-32.
    private static func checkTrailer(_ bytes: [UInt8], end: Int, data: UnsafeBufferPointer<UInt8>, file: String) throws {
        guard end + 8 <= bytes.count else { throw fail(file, end, "truncated gzip trailer (the file ends early)") }
        let crc = readLE32(bytes, end), size = readLE32(bytes, end + 4)
        guard size == UInt32(truncatingIfNeeded: data.count) else {
            throw fail(file, end + 4, "gzip size field \(size) does not match the \(data.count) decompressed bytes")
        }
        guard crc == CRC32.checksum(data) else { throw fail(file, end, "gzip CRC-32 does not match the decompressed data") }
    }

    /// Where the next member starts after the member whose data ends at `end` (zero padding skipped).
    private static func nextMember(_ bytes: [UInt8], after end: Int) -> Int {
        var offset = end + 8
        while offset < bytes.count, bytes[offset] == 0 { offset += 1 }
        return offset
    }

    private static func readLE32(_ b: [UInt8], _ i: Int) -> UInt32 {
        guard i >= 0, i + 4 <= b.count else { return 0 }
        return UInt32(b[i]) | UInt32(b[i + 1]) << 8 | UInt32(b[i + 2]) << 16 | UInt32(b[i + 3]) << 24
    }
}
