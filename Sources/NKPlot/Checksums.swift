// Adler-32 (zlib streams); the CRC-32 of PNG chunks is NKCore's `CRC32`.

/// The zlib checksum a PNG file needs.
enum Checksums {
    /// Adler-32 of `bytes` (RFC 1950): two sums mod 65521, reduced every 5552 bytes so they cannot overflow.
    static func adler32(_ bytes: [UInt8]) -> UInt32 {
        var a: UInt32 = 1, b: UInt32 = 0
        var i = 0
        while i < bytes.count {
            let end = min(i + 5552, bytes.count)
            while i < end { a += UInt32(bytes[i]); b += a; i += 1 }
            a %= 65521; b %= 65521
        }
        return b << 16 | a
    }
}
