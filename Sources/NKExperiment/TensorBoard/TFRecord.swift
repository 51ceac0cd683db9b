// TFRecord: the record framing of TensorFlow's record files, of which TensorBoard event files are one.

import NKCore

/// One record of a TFRecord file:
///
/// ```
/// uint64 length          little-endian, the number of data bytes
/// uint32 masked CRC-32C  of the 8 length bytes
/// data                   `length` bytes (here: a serialized `Event`)
/// uint32 masked CRC-32C  of the data
/// ```
///
/// The CRCs are `CRC32C.mask`ed. A reader checks both, so a record cut short by a crash (the last of
/// a file) is recognised and skipped.
public enum TFRecord {
    /// Bytes of framing around the data: 12 before it, 4 after.
    public static let overhead = 16

    /// `data` framed as one record.
    public static func frame(_ data: [UInt8]) -> [UInt8] {
        var record: [UInt8] = []
        record.reserveCapacity(data.count + overhead)
        let length = UInt64(data.count)
        for shift in stride(from: 0, to: 64, by: 8) { record.append(UInt8(truncatingIfNeeded: length >> UInt64(shift))) }
        appendLittleEndian(CRC32C.maskedChecksum(record), to: &record)
        record += data
        appendLittleEndian(CRC32C.maskedChecksum(data), to: &record)
        return record
    }

    private static func appendLittleEndian(_ value: UInt32, to bytes: inout [UInt8]) {
        for shift in stride(from: 0, to: 32, by: 8) { bytes.append(UInt8(truncatingIfNeeded: value >> UInt32(shift))) }
    }
}
