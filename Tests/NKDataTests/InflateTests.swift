// Tests for Inflate and Gzip: the three block types, multi-member files, and corrupt input of every kind.

import Foundation
import Testing
import NeuralKit
import NKTestSupport

@Suite struct InflateTests {
    static let storedContent = [UInt8]((0..<768).map { UInt8($0 % 256) })
    static let fixedContent = [UInt8](String(repeating: "NeuralKit inflate test: abcabcabcabcabc ", count: 4).utf8)
    static let dynamicContent = (0..<5000).map { i in UInt8(((i * i) % 251) ^ (i % 7)) }

    @Test func decodesStoredFixedAndDynamicBlocks() throws {
        #expect(GzipFixtures.stored.count > 18 && (GzipFixtures.stored[10] >> 1) & 3 == 0)
        #expect((GzipFixtures.fixed[10] >> 1) & 3 == 1)
        #expect((GzipFixtures.dynamic[10] >> 1) & 3 == 2)
        #expect(try Gzip.decompress(GzipFixtures.stored, file: "s.gz") == Self.storedContent)
        #expect(try Gzip.decompress(GzipFixtures.fixed, file: "f.gz") == Self.fixedContent)
        #expect(try Gzip.decompress(GzipFixtures.dynamic, file: "d.gz") == Self.dynamicContent)
    }

    @Test func aSizeHintThatIsTooSmallOrTooLargeStillDecodes() throws {
        // The deflate stream of the dynamic fixture starts after its 10-byte header (no name).
        let raw = GzipFixtures.dynamic
        #expect(try Inflate.decompress(raw, start: 10, sizeHint: 100, file: "d").output == Self.dynamicContent)
        #expect(try Inflate.decompress(raw, start: 10, sizeHint: 9000, file: "d").output == Self.dynamicContent)
        #expect(try Inflate.decompress(raw, start: 10, sizeHint: 0, file: "d").output == Self.dynamicContent)
    }

    @Test func optionalHeaderFieldsAreSkipped() throws {
        // FHCRC | FEXTRA | FNAME | FCOMMENT: a 510-byte extra field (XLEN low byte 254 and high byte 1, so
        // both matter and 2 + XLEN carries), a name, a comment and a header CRC-16 (not checked).
        let fixture = GzipFixtures.fixed
        var header = Array(fixture[0..<10])
        header[3] = 0x02 | 0x04 | 0x08 | 0x10
        header += [254, 1] + [UInt8](repeating: 0xAB, count: 510)
        header += Array("name.txt".utf8) + [0] + Array("a comment".utf8) + [0] + [0x12, 0x34]
        #expect(try Gzip.decompress(header + fixture[10...], file: "h.gz") == Self.fixedContent)
        DataTestSupport.expectError("h.gz") { _ = try Gzip.decompress(Array(header.prefix(400)), file: "h.gz") }
    }

    @Test func concatenatedMembersAreJoined() throws {
        let both = GzipFixtures.fixed + GzipFixtures.stored
        #expect(try Gzip.decompress(both, file: "two.gz") == Self.fixedContent + Self.storedContent)
    }

    @Test func rawDeflateReportsWhereTheStreamEnds() throws {
        // A hand-made stored block: BFINAL=1, BTYPE=00, LEN=3, NLEN=~3, "abc", then one extra byte.
        let stream: [UInt8] = [0x01, 0x03, 0x00, 0xFC, 0xFF, 0x61, 0x62, 0x63, 0x99]
        let (out, end) = try Inflate.decompress(stream, file: "raw")
        #expect(out == Array("abc".utf8))
        #expect(end == 8)
    }

    @Test func corruptInputNamesTheFileAndOffset() {
        let good = GzipFixtures.dynamic
        DataTestSupport.expectError("bad.gz", "magic") { _ = try Gzip.decompress([0x50, 0x4B] + good.dropFirst(2), file: "bad.gz") }
        DataTestSupport.expectError("bad.gz", "compression method") {
            var b = good; b[2] = 7; _ = try Gzip.decompress(b, file: "bad.gz")
        }
        DataTestSupport.expectError("bad.gz", "header") { _ = try Gzip.decompress(Array(good.prefix(12)), file: "bad.gz") }
        DataTestSupport.expectError("cut.gz", "byte offset") { _ = try Gzip.decompress(Array(good.prefix(good.count / 2)), file: "cut.gz") }
        DataTestSupport.expectError("cut.gz", "trailer") { _ = try Gzip.decompress(Array(good.dropLast(3)), file: "cut.gz") }
        DataTestSupport.expectError("crc.gz", "CRC-32") {
            var b = good; b[b.count - 8] ^= 1; _ = try Gzip.decompress(b, file: "crc.gz")
        }
        DataTestSupport.expectError("size.gz", "size") {
            var b = good; b[b.count - 4] ^= 1; _ = try Gzip.decompress(b, file: "size.gz")
        }
        // BTYPE = 3 is reserved.
        DataTestSupport.expectError("raw", "reserved block type") { _ = try Inflate.decompress([0x07, 0, 0, 0], file: "raw") }
        // A stored block whose NLEN is not the complement of LEN.
        DataTestSupport.expectError("raw", "complement") { _ = try Inflate.decompress([0x01, 0x03, 0x00, 0x00, 0x00, 1, 2, 3], file: "raw") }
        // Fixed block: a match (length 3, distance 1) before any output. Bits: BFINAL 1, BTYPE 01,
        // symbol 257 = 0000001 (7 bits), distance code 0 = 00000.
        DataTestSupport.expectError("raw", "distance") { _ = try Inflate.decompress([0x03, 0x02, 0x00, 0x00], file: "raw") }
    }

    /// A truncated file's last four bytes are compressed data, not a size: under a budget below the
    /// size they seem to declare, the file is still reported as truncated (and named), not as
    /// needing gigabytes; a complete file declaring more than the budget is refused as too large.
    @Test func aTruncatedFileUnderASmallBudgetIsReportedAsTruncated() throws {
        let full = GzipFixtures.dynamic
        let cut = try #require(
            (full.count / 2..<(full.count - 8)).lazy.map { Array(full.prefix($0)) }.first { Gzip.declaredSize($0) > 1 << 20 })
        MemoryBudget.$override.withValue(1 << 20) {
            let error = TestSupport.error { _ = try Gzip.decompress(cut, file: "cut.gz") }
            #expect(error?.kind == .data, "\(error?.message ?? "no error")")
            #expect(error?.message.contains("'cut.gz' is truncated") == true, "\(error?.message ?? "no error")")
        }
        // The whole file under a budget smaller than its 5000 bytes: too large, truly.
        MemoryBudget.$override.withValue(4096) {
            let error = TestSupport.error { _ = try Gzip.decompress(full, file: "d.gz") }
            #expect(error?.kind == .memory && error?.message.contains("d.gz") == true, "\(error?.message ?? "no error")")
        }
    }

    @Test func randomCorruptionNeverCrashes() {
        // 3,000 seeded mutations (flipped bits, truncations) of each fixture: each either decodes or
        // throws a NeuralKitError; a trap would end the test run.
        var rng = RandomGenerator(seed: 2024)
        var failures = 0, decoded = 0
        for fixture in [GzipFixtures.fixed, GzipFixtures.dynamic, GzipFixtures.stored] {
            for _ in 0..<1000 {
                var b = fixture
                for _ in 0..<Int(1 + rng.next() % 4) {
                    let i = 10 + Int(rng.next() % UInt64(b.count - 10))
                    b[i] ^= UInt8(1 << (rng.next() % 8))
                }
                if rng.next() % 4 == 0 { b = Array(b.prefix(Int(rng.next() % UInt64(b.count)))) }
                do { _ = try Gzip.decompress(b, file: "fuzz.gz"); decoded += 1 } catch is NeuralKitError { failures += 1 } catch {
                    Issue.record("unexpected error \(error)")
                }
            }
        }
        #expect(failures + decoded == 3000)
        #expect(failures > 2500)  // the CRC catches almost every change that still decodes
    }

    /// Found by the data fuzzer: growing the output past the default limit (Int.max) computed
    /// `limit + 258` and trapped. The stream (a fixed-Huffman block with long back-references)
    /// must decode or throw, never trap.
    @Test func growingTheOutputWithTheDefaultLimitDoesNotOverflow() throws {
        let input = [UInt8](
            Data(
                base64Encoded:
                    "bAJsBgYQiFMDAXoDBkEBCnRsCgr0iAFTAwMDMHldAmwGBhCIU/////////////////////////////////////////////////////////////////////////////////////////////////////////8DAXoDywZBAQp0bAoK9IgBUwMDAzB5"
            )!)
        for limit in [Int.max, 1000] {
            do {
                let (output, _) = try Inflate.decompress(Array(input.dropFirst()), limit: limit, file: "fuzz")
                #expect(output.count <= limit)
            } catch {
                #expect(error is NeuralKitError, "\(error)")
            }
        }
    }
}
