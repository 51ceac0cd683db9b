// EventFileReader: a minimal reader of TensorBoard event files for the tests, written apart from the
// writer (its own bit-by-bit CRC-32C, its own protobuf field parser), so CI checks the framing without
// TensorBoard.

import Foundation

/// Reads the records of a TFRecord file, checking both masked CRC-32Cs of each, and decodes the
/// `Event` fields the tests look at.
public enum EventFileReader {
    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    /// CRC-32C one bit at a time (polynomial 0x82F63B78, reflected), the slow way.
    public static func crc32c(_ bytes: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes {
            crc ^= UInt32(byte)
            for _ in 0..<8 { crc = (crc >> 1) ^ (crc & 1 == 1 ? 0x82F6_3B78 : 0) }
        }
        return ~crc
    }

    /// TFRecord's masked CRC: rotated right by 15 bits, plus 0xA282EAD8.
    public static func masked(_ crc: UInt32) -> UInt32 { (crc >> 15 | crc << 17) &+ 0xA282_EAD8 }

    static func uint32(_ b: [UInt8], _ at: Int) -> UInt32 { (0..<4).reduce(0) { $0 | UInt32(b[at + $1]) << (8 * $1) } }
    static func uint64(_ b: [UInt8], _ at: Int) -> UInt64 { (0..<8).reduce(0) { $0 | UInt64(b[at + $1]) << (8 * $1) } }

    /// The records' data, in order; `truncatedTail` when the file ends inside a record (as after a
    /// crash). Throws on a CRC that does not match.
    public static func records(_ bytes: [UInt8]) throws -> (records: [[UInt8]], truncatedTail: Bool) {
        var records: [[UInt8]] = [], at = 0
        while at < bytes.count {
            guard at + 12 <= bytes.count else { return (records, true) }
            let header = Array(bytes[at..<(at + 8)])
            guard uint32(bytes, at + 8) == masked(crc32c(header)) else { throw Failure(description: "length CRC mismatch at byte \(at)") }
            let length = Int(uint64(bytes, at))
            guard at + 12 + length + 4 <= bytes.count else { return (records, true) }
            let data = Array(bytes[(at + 12)..<(at + 12 + length)])
            guard uint32(bytes, at + 12 + length) == masked(crc32c(data)) else { throw Failure(description: "data CRC mismatch at byte \(at)") }
            records.append(data)
            at += 16 + length
        }
        return (records, false)
    }

    /// One protobuf field: its number, and its varint, fixed bits or length-delimited bytes.
    public struct Field {
        public var number: Int
        public var wireType: Int
        /// Varints, and fixed64/fixed32 bit patterns.
        public var integer: UInt64 = 0
        public var bytes: [UInt8] = []
    }

    /// The fields of a message, in order.
    public static func fields(_ message: [UInt8]) throws -> [Field] {
        var at = 0, fields: [Field] = []
        func varint() throws -> UInt64 {
            var value: UInt64 = 0, shift: UInt64 = 0
            while true {
                guard at < message.count, shift < 64 else { throw Failure(description: "truncated varint") }
                let byte = message[at]
                at += 1
                value |= UInt64(byte & 0x7F) << shift
                if byte < 0x80 { return value }
                shift += 7
            }
        }
        while at < message.count {
            let key = try varint()
            var field = Field(number: Int(key >> 3), wireType: Int(key & 7))
            switch field.wireType {
            case 0: field.integer = try varint()
            case 1:
                guard at + 8 <= message.count else { throw Failure(description: "truncated fixed64") }
                field.integer = uint64(message, at)
                at += 8
            case 2:
                let n = Int(try varint())
                guard at + n <= message.count else { throw Failure(description: "truncated bytes") }
                field.bytes = Array(message[at..<(at + n)])
                at += n
            case 5:
                guard at + 4 <= message.count else { throw Failure(description: "truncated fixed32") }
                field.integer = UInt64(uint32(message, at))
                at += 4
            default: throw Failure(description: "wire type \(field.wireType)")
            }
            fields.append(field)
        }
        return fields
    }

    /// A `Summary.Value`: its tag and what it holds (the nested messages as fields).
    public struct Value {
        public var tag = ""
        public var simpleValue: Float?
        public var histogram: [Field]?
        public var image: [Field]?
        public var pluginName: String?
        public var pluginContent: [UInt8]?
    }

    /// An `Event`: wall time, step, and its file version or summary values.
    public struct Event {
        public var wallTime: Double = 0
        public var step: Int64 = 0
        public var fileVersion: String?
        public var values: [Value] = []
    }

    /// The events of the file at `path`, checked record by record.
    public static func events(atPath path: String) throws -> (events: [Event], truncatedTail: Bool) {
        let (records, truncated) = try records([UInt8](try Data(contentsOf: URL(fileURLWithPath: path))))
        return (try records.map(event), truncated)
    }

    /// Decodes one `Event` record.
    public static func event(_ data: [UInt8]) throws -> Event {
        var event = Event()
        for f in try fields(data) {
            switch f.number {
            case 1: event.wallTime = Double(bitPattern: f.integer)
            case 2: event.step = Int64(bitPattern: f.integer)
            case 3: event.fileVersion = String(decoding: f.bytes, as: UTF8.self)
            case 5: event.values = try fields(f.bytes).filter { $0.number == 1 }.map { try value($0.bytes) }
            default: break
            }
        }
        return event
    }

    static func value(_ data: [UInt8]) throws -> Value {
        var value = Value()
        for f in try fields(data) {
            switch f.number {
            case 1: value.tag = String(decoding: f.bytes, as: UTF8.self)
            case 2: value.simpleValue = Float(bitPattern: UInt32(f.integer))
            case 4: value.image = try fields(f.bytes)
            case 5: value.histogram = try fields(f.bytes)
            case 9:
                for plugin in try fields(f.bytes) where plugin.number == 1 {
                    for g in try fields(plugin.bytes) {
                        if g.number == 1 { value.pluginName = String(decoding: g.bytes, as: UTF8.self) }
                        if g.number == 2 { value.pluginContent = g.bytes }
                    }
                }
            default: break
            }
        }
        return value
    }

    /// The doubles of a packed repeated field.
    public static func packedDoubles(_ bytes: [UInt8]) -> [Double] {
        stride(from: 0, to: bytes.count, by: 8).map { Double(bitPattern: uint64(bytes, $0)) }
    }
}
