// JSONText: the one way NeuralKit writes JSON files and lines, from Codable values.

import Foundation

/// JSON from `Encodable` values, with the settings every NeuralKit file uses: keys sorted (stable
/// diffs), slashes unescaped, and non-finite numbers written as `null` by the types that may hold them
/// (`JSONText.FiniteOrNull`).
public enum JSONText {
    /// `value` as JSON text: one line, or indented with `pretty`.
    public static func string<T: Encodable>(_ value: T, pretty: Bool = false) throws -> String {
        String(decoding: try data(value, pretty: pretty), as: UTF8.self)
    }

    /// `value` as JSON bytes.
    public static func data<T: Encodable>(_ value: T, pretty: Bool = false) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = pretty ? [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes] : [.sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(value)
    }

    /// A number that is written as `null` when it is missing, NaN or infinite (JSON has no such numbers).
    public struct FiniteOrNull<Value: BinaryFloatingPoint & Codable & Sendable>: Codable, Sendable {
        public var value: Value?
        public init(_ value: Value?) { self.value = value }
        public init(from decoder: any Decoder) throws {
            let c = try decoder.singleValueContainer()
            value = c.decodeNil() ? nil : try c.decode(Value.self)
        }
        public func encode(to encoder: any Encoder) throws {
            var c = encoder.singleValueContainer()
            if let value, value.isFinite { try c.encode(value) } else { try c.encodeNil() }
        }
    }
}
