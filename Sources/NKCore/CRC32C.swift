// CRC32C: the Castagnoli CRC-32 (reflected polynomial 0x82F63B78) of iSCSI, ext4 and TFRecord files.

/// The CRC-32C checksum (Castagnoli, RFC 3720 §B.4), computed a byte at a time with one table, and
/// the "masked" form that TFRecord files (TensorBoard's event files) store.
///
/// `CRC32C.checksum(Array("123456789".utf8)) == 0xE306_9283`.
public enum CRC32C {
    /// 256 entries: the CRC of each byte value.
    private static let table: [UInt32] = (0..<256).map { i in
        var c = UInt32(i)
        for _ in 0..<8 { c = c & 1 != 0 ? 0x82F6_3B78 ^ (c >> 1) : c >> 1 }
        return c
    }

    /// The CRC-32C of `bytes`, continuing from `crc` (0 to start).
    public static func checksum(_ bytes: [UInt8], continuing crc: UInt32 = 0) -> UInt32 {
        table.withUnsafeBufferPointer { t in
            var c = ~crc
            for byte in bytes { c = (c >> 8) ^ t[Int((c ^ UInt32(byte)) & 0xFF)] }
            return ~c
        }
    }

    /// `crc` rotated right by 15 bits plus 0xA282EAD8, as TFRecord framing stores checksums (so that
    /// the CRC of data that itself holds CRCs is not degenerate).
    public static func mask(_ crc: UInt32) -> UInt32 { ((crc >> 15) | (crc << 17)) &+ 0xA282_EAD8 }

    /// The masked CRC-32C of `bytes` (see `mask`).
    public static func maskedChecksum(_ bytes: [UInt8]) -> UInt32 { mask(checksum(bytes)) }
}
