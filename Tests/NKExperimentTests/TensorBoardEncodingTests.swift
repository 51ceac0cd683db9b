// Tests of the hand-written protobuf encoder and TFRecord framing against bytes worked out by hand from
// the wire format (each was also checked against protobuf's own Python serializer and TensorBoard's
// masked_crc32c once, when the tests were written).

import Testing
import NeuralKit
@testable import NKExperiment

@Suite struct TensorBoardEncodingTests {
    /// The bytes of a double, little-endian: 1.5 is 0x3FF8000000000000.
    static func le(_ x: Double) -> [UInt8] { (0..<8).map { UInt8(truncatingIfNeeded: x.bitPattern >> (8 * UInt64($0))) } }

    @Test func scalarFieldsFollowTheWireFormat() {
        var w = ProtobufWriter()
        w.int64(2, 150)  // key (2 << 3 | 0) = 0x10; 150 = 0b1_0010110 → 0x96 0x01
        w.double(1, 1.5)  // key 0x09, then 8 bytes
        w.float(2, 0.5)  // key 0x15, 0x3F000000 little-endian
        w.string(3, "hi")  // key 0x1A, length 2
        w.int32(1, -1)  // sign-extended to 64 bits: ten bytes of varint
        w.bool(4, true)
        #expect(
            w.encoded
                == [0x10, 0x96, 0x01] + [0x09, 0, 0, 0, 0, 0, 0, 0xF8, 0x3F] + [0x15, 0, 0, 0, 0x3F] + [0x1A, 0x02, 0x68, 0x69]
                + [0x08, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01] + [0x20, 0x01])
        var big = ProtobufWriter()
        big.uint64(1, 300)  // 300 = 0b10_0101100 → 0xAC 0x02
        big.uint64(16, 1)  // field 16: key 128 takes two bytes, 0x80 0x01
        #expect(big.encoded == [0x08, 0xAC, 0x02, 0x80, 0x01, 0x01])
    }

    @Test func lengthDelimitedAndPackedFields() {
        var inner = ProtobufWriter()
        inner.int64(1, 1)
        var w = ProtobufWriter()
        w.message(5, inner)  // key (5 << 3 | 2) = 0x2A, length 2
        w.packedDoubles(6, [1.0, 2.0])  // key 0x32, length 16, then the two doubles
        w.bytes(4, Array(repeating: 7, count: 200))  // a length of 200 is a two-byte varint: 0xC8 0x01
        #expect(w.encoded == [0x2A, 0x02, 0x08, 0x01, 0x32, 0x10] + Self.le(1) + Self.le(2) + [0x22, 0xC8, 0x01] + Array(repeating: 7, count: 200))
    }

    @Test func eventsEncodeTheFileVersionAndSummaries() {
        let version = TensorBoardEvent(wallTime: 1.5, content: .fileVersion("brain.Event:2"))
        #expect(version.serialized == [0x09] + Self.le(1.5) + [0x1A, 0x0D] + Array("brain.Event:2".utf8))
        // Event{wall_time 2, step 3, summary{value{tag "a", simple_value 0.5}}}:
        // Value = 0A 01 61 15 00 00 00 3F (8 bytes); Summary = 0A 08 + Value; Event field 5 = 2A 0A + Summary.
        let scalar = TensorBoardEvent(wallTime: 2, step: 3, content: .summary([TensorBoardValue(tag: "a", .scalar(0.5))]))
        #expect(scalar.serialized == [0x09] + Self.le(2) + [0x10, 0x03, 0x2A, 0x0A, 0x0A, 0x08, 0x0A, 0x01, 0x61, 0x15, 0, 0, 0, 0x3F])
        // A plugin's value: metadata (field 9, key 0x4A) { plugin_data { plugin_name "hparams", content 01 02 } }.
        let plugin = TensorBoardValue(tag: "t", .plugin(name: "hparams", content: [1, 2]))
        #expect(plugin.message.encoded == [0x0A, 0x01, 0x74, 0x4A, 0x0F, 0x0A, 0x0D, 0x0A, 0x07] + Array("hparams".utf8) + [0x12, 0x02, 0x01, 0x02])
        let image = TensorBoardImage(width: 3, height: 2, png: [0x89, 0x50])
        #expect(image.message.encoded == [0x08, 0x02, 0x10, 0x03, 0x18, 0x03, 0x22, 0x02, 0x89, 0x50])
    }

    @Test func histogramsCountEqualWidthBuckets() {
        let h = TensorBoardHistogram([0, 1, 2, 3, .nan, .infinity], buckets: 2)
        #expect(h == TensorBoardHistogram(min: 0, max: 3, count: 4, sum: 6, sumOfSquares: 14, bucketLimits: [1.5, 3], bucketCounts: [2, 2]))
        // min 0 is proto3's default and left out; max, num, sum, sum_squares are fields 2–5 (keys 11, 19, 21, 29).
        #expect(
            h.message.encoded
                == [0x11] + Self.le(3) + [0x19] + Self.le(4) + [0x21] + Self.le(6) + [0x29] + Self.le(14)
                + [0x32, 0x10] + Self.le(1.5) + Self.le(3) + [0x3A, 0x10] + Self.le(2) + Self.le(2))
        let constant = TensorBoardHistogram([0.5, 0.5, 0.5], buckets: 30)
        #expect(constant.bucketLimits == [0.5] && constant.bucketCounts == [3])
        #expect(TensorBoardHistogram([]).count == 0 && TensorBoardHistogram([]).bucketCounts.isEmpty)
        let many = TensorBoardHistogram((0..<1000).map { Float($0) / 999 }, buckets: 30)
        #expect(many.bucketCounts.count == 30 && many.bucketCounts.reduce(0, +) == 1000 && many.bucketLimits.last == 1)
        #expect(zip(many.bucketLimits, many.bucketLimits.dropFirst()).allSatisfy { $0 < $1 })
    }

    @Test func hparamsPluginDataFollowsPluginDataProto() {
        // HParamsPluginData{session_end_info (4) {status SUCCESS = 1}}; the version, 0, is left out.
        #expect(HParamsPluginData.sessionEnd(status: .success, endTime: 0) == [0x22, 0x02, 0x08, 0x01])
        // session_start_info (3) {hparams (1) {key "h", value {number_value (2) 4.0}}}.
        #expect(
            HParamsPluginData.sessionStart(hparams: [("h", .number(4))], startTime: 0)
                == [0x1A, 0x10, 0x0A, 0x0E, 0x0A, 0x01, 0x68, 0x12, 0x09, 0x11] + Self.le(4))
        // experiment (2) {hparam_infos (4) {name "act", type STRING, domain_discrete {values {string_value "relu"}}},
        //                 metric_infos (5) {name {tag "epoch/train_loss"}, dataset_type TRAINING}}.
        let experiment = HParamsPluginData.experiment(
            description: "", timeCreated: 0, hparams: [.init(name: "act", type: .string, domain: [.string("relu")])],
            metrics: [.init(tag: "epoch/train_loss", datasetType: .training)])
        #expect(
            experiment
                == [0x12, 0x2B, 0x22, 0x11, 0x0A, 0x03] + Array("act".utf8) + [0x20, 0x01, 0x2A, 0x08, 0x0A, 0x06, 0x1A, 0x04] + Array("relu".utf8)
                + [0x2A, 0x16, 0x0A, 0x12, 0x12, 0x10] + Array("epoch/train_loss".utf8) + [0x28, 0x01])
    }

    @Test func recordsAreFramedWithMaskedCRCs() {
        // TensorFlow's framing of "abc": length 3, masked CRC-32C of the length bytes, the data, masked CRC-32C of it.
        #expect(TFRecord.frame(Array("abc".utf8)) == [3, 0, 0, 0, 0, 0, 0, 0, 0xB0, 0x99, 0x49, 0x0E, 0x61, 0x62, 0x63, 0x6E, 0x57, 0xF1, 0x21])
        // Empty data: its CRC is 0, masked 0xA282EAD8.
        #expect(TFRecord.frame([]).suffix(4) == [0xD8, 0xEA, 0x82, 0xA2])
    }
}
