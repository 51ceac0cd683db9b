// Writes bit fields least-significant bit first, as DEFLATE packs them.

/// A DEFLATE bit packer: plain fields go LSB first; Huffman codes go MSB first (so they are
/// reversed before packing).
struct BitWriter {
    private(set) var bytes: [UInt8] = []
    private var accumulator: UInt64 = 0
    private var count = 0

    /// Appends the low `bits` bits of `value`, least significant first.
    mutating func write(_ value: UInt32, bits: Int) {
        guard bits > 0 else { return }
        accumulator |= UInt64(value & UInt32((1 << bits) - 1)) << UInt64(count)
        count += bits
        while count >= 8 {
            bytes.append(UInt8(accumulator & 0xFF))
            accumulator >>= 8
            count -= 8
        }
    }

    /// Appends a Huffman code of `bits` bits, most significant bit first.
    mutating func writeHuffman(_ code: UInt32, bits: Int) {
        var reversed: UInt32 = 0
        for k in 0..<bits where code & (1 << UInt32(k)) != 0 { reversed |= 1 << UInt32(bits - 1 - k) }
        write(reversed, bits: bits)
    }

    /// The bytes written, the last one padded with zero bits.
    mutating func finish() -> [UInt8] {
        if count > 0 { bytes.append(UInt8(accumulator & 0xFF)); accumulator = 0; count = 0 }
        return bytes
    }
}
