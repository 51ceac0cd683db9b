// Tests of CRC32C on its published check values (the catalogue's "123456789", RFC 3720 §B.4) and of the mask.

import Testing
import NKCore

@Suite struct CRC32CTests {
    @Test func matchesTheCheckValueAndRFC3720Vectors() {
        #expect(CRC32C.checksum(Array("123456789".utf8)) == 0xE306_9283)
        #expect(CRC32C.checksum([UInt8](repeating: 0, count: 32)) == 0x8A91_36AA)
        #expect(CRC32C.checksum([UInt8](repeating: 0xFF, count: 32)) == 0x62A8_AB43)
        #expect(CRC32C.checksum((0..<32).map(UInt8.init)) == 0x46DD_794E)
        #expect(CRC32C.checksum((0..<32).reversed().map(UInt8.init)) == 0x113F_DB5C)
        #expect(CRC32C.checksum([]) == 0)
        // Not gzip's CRC-32 (0xCBF43926 on the same bytes).
        #expect(CRC32C.checksum(Array("123456789".utf8)) != CRC32.checksum(Array("123456789".utf8)))
    }

    @Test func continuesAcrossPieces() {
        let bytes = (0..<1000).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ 11) }
        #expect(CRC32C.checksum(Array(bytes[300...]), continuing: CRC32C.checksum(Array(bytes[..<300]))) == CRC32C.checksum(bytes))
    }

    @Test func maskRotatesRightBy15AndAddsTheConstant() {
        #expect(CRC32C.mask(0) == 0xA282_EAD8)
        // 0x12345678 rotated right by 15 is 0xACF02468; plus 0xA282EAD8, modulo 2³², 0x4F730F40.
        #expect(CRC32C.mask(0x1234_5678) == 0x4F73_0F40)
        // TensorFlow's masked CRC of "123456789" (its crc32c.Mask).
        #expect(CRC32C.maskedChecksum(Array("123456789".utf8)) == 0xC78A_B0E5)
    }
}
