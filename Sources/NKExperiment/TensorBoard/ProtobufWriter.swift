// ProtobufWriter: the protocol-buffer wire format, written by hand for the few messages TensorBoard reads.

/// Appends protocol-buffer fields to a byte array: varints, 64- and 32-bit fixed values, and
/// length-delimited fields (strings, bytes, nested messages, packed repeated doubles).
///
/// Each call writes its field, whatever the value: proto3 leaves default values out, and the
/// message builders (`TensorBoardEvent`, `HParamsPluginData`) decide what to omit. Fields are
/// written in the order called; readers accept any order.
///
/// ```swift
/// var w = ProtobufWriter()
/// w.double(1, 1.5)         // 09 00 00 00 00 00 00 F8 3F
/// w.int64(2, 150)          // 10 96 01
/// w.string(3, "hi")        // 1A 02 68 69
/// ```
public struct ProtobufWriter: Sendable {
    /// The encoded fields so far.
    public private(set) var encoded: [UInt8] = []

    /// An empty message.
    public init() {}

    /// The wire types of the fields this writer writes.
    enum WireType: UInt64 {
        case varint = 0, fixed64 = 1, lengthDelimited = 2, fixed32 = 5
    }

    /// The key of field `field`: its number shifted left by three, or'ed with the wire type.
    mutating func key(_ field: Int, _ type: WireType) { appendVarint(UInt64(field) << 3 | type.rawValue) }

    /// `value` seven bits at a time, least significant first, the high bit set on all but the last byte.
    mutating func appendVarint(_ value: UInt64) {
        var v = value
        while v >= 0x80 {
            encoded.append(UInt8(v & 0x7F) | 0x80)
            v >>= 7
        }
        encoded.append(UInt8(v))
    }

    /// A `uint64` field (varint).
    public mutating func uint64(_ field: Int, _ value: UInt64) {
        key(field, .varint)
        appendVarint(value)
    }

    /// An `int64` field: a varint of the two's complement (a negative value takes ten bytes).
    public mutating func int64(_ field: Int, _ value: Int64) { uint64(field, UInt64(bitPattern: value)) }

    /// An `int32` or enum field: as `int64` (a negative value is sign-extended to ten bytes).
    public mutating func int32(_ field: Int, _ value: Int32) { int64(field, Int64(value)) }

    /// A `bool` field (varint 0 or 1).
    public mutating func bool(_ field: Int, _ value: Bool) { uint64(field, value ? 1 : 0) }

    /// A `double` field: eight bytes, little-endian IEEE 754.
    public mutating func double(_ field: Int, _ value: Double) {
        key(field, .fixed64)
        appendLittleEndian(value.bitPattern)
    }

    /// A `float` field: four bytes, little-endian IEEE 754.
    public mutating func float(_ field: Int, _ value: Float) {
        key(field, .fixed32)
        let bits = value.bitPattern
        for shift in stride(from: 0, to: 32, by: 8) { encoded.append(UInt8(truncatingIfNeeded: bits >> UInt32(shift))) }
    }

    /// A `bytes` field: its length (varint), then the bytes.
    public mutating func bytes(_ field: Int, _ value: [UInt8]) {
        key(field, .lengthDelimited)
        appendVarint(UInt64(value.count))
        encoded += value
    }

    /// A `string` field: its UTF-8 bytes.
    public mutating func string(_ field: Int, _ value: String) { bytes(field, Array(value.utf8)) }

    /// A nested message field: the message's bytes, length-delimited.
    public mutating func message(_ field: Int, _ value: ProtobufWriter) { bytes(field, value.encoded) }

    /// A packed `repeated double` field: one length-delimited field holding eight bytes per value.
    public mutating func packedDoubles(_ field: Int, _ values: [Double]) {
        key(field, .lengthDelimited)
        appendVarint(UInt64(8 * values.count))
        for v in values { appendLittleEndian(v.bitPattern) }
    }

    private mutating func appendLittleEndian(_ bits: UInt64) {
        for shift in stride(from: 0, to: 64, by: 8) { encoded.append(UInt8(truncatingIfNeeded: bits >> UInt64(shift))) }
    }
}
