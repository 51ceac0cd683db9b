// A small DEFLATE (RFC 1951) compressor: stored blocks, or one fixed-Huffman block with LZ77 matches.

/// DEFLATE compression without dynamic Huffman tables: simple, and 5–20× smaller than stored
/// blocks on image grids and heatmaps, whose rows repeat.
public enum Deflate {
    /// Which kind of block to write.
    public enum Mode: Sendable {
        /// Uncompressed blocks of up to 65 535 bytes.
        case stored
        /// One block with the fixed Huffman code of RFC 1951 §3.2.6 and greedy LZ77 matching.
        case fixedHuffman
    }

    /// The raw DEFLATE stream of `data`.
    public static func compress(_ data: [UInt8], mode: Mode = .fixedHuffman) -> [UInt8] {
        switch mode {
        case .stored: return stored(data)
        case .fixedHuffman: return fixed(data)
        }
    }

    /// A zlib stream (RFC 1950): header `78 01`, DEFLATE data, big-endian Adler-32.
    public static func zlib(_ data: [UInt8], mode: Mode = .fixedHuffman) -> [UInt8] {
        var out: [UInt8] = [0x78, 0x01]
        out += compress(data, mode: mode)
        let adler = Checksums.adler32(data)
        out += [UInt8(adler >> 24), UInt8((adler >> 16) & 0xFF), UInt8((adler >> 8) & 0xFF), UInt8(adler & 0xFF)]
        return out
    }

    static func stored(_ data: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        var start = 0
        repeat {
            let end = min(start + 65535, data.count)
            let length = UInt16(end - start)
            out.append(end == data.count ? 1 : 0)  // BFINAL, BTYPE = 00, then padding to the byte
            out += [UInt8(length & 0xFF), UInt8(length >> 8), UInt8(~length & 0xFF), UInt8(~length >> 8)]
            out += data[start..<end]
            start = end
        } while start < data.count
        return out
    }

    static let lengthBase: [Int] = [
        3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59,
        67, 83, 99, 115, 131, 163, 195, 227, 258,
    ]
    static let lengthExtra: [Int] = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0]
    static let distanceBase: [Int] = [
        1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769,
        1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577,
    ]
    static let distanceExtra: [Int] = [
        0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10,
        11, 11, 12, 12, 13, 13,
    ]

    /// The fixed literal/length code of `symbol` (0...287) as (code, bit length), RFC 1951 §3.2.6.
    static func fixedCode(_ symbol: Int) -> (UInt32, Int) {
        switch symbol {
        case 0...143: return (UInt32(0x30 + symbol), 8)
        case 144...255: return (UInt32(0x190 + symbol - 144), 9)
        case 256...279: return (UInt32(symbol - 256), 7)
        default: return (UInt32(0xC0 + symbol - 280), 8)
        }
    }

    /// The last index `i` with `table[i] <= value`.
    static func bucket(_ value: Int, in table: [Int]) -> Int {
        var i = table.count - 1
        while table[i] > value { i -= 1 }
        return i
    }

    static func fixed(_ data: [UInt8]) -> [UInt8] {
        var w = BitWriter()
        w.write(1, bits: 1)  // BFINAL
        w.write(1, bits: 2)  // BTYPE = 01, fixed Huffman
        func symbol(_ s: Int) { let (code, n) = fixedCode(s); w.writeHuffman(code, bits: n) }
        let window = 32768, maxLength = 258, maxChain = 48
        let hashSize = 1 << 15
        var head = [Int](repeating: -1, count: hashSize)
        var previous = [Int](repeating: -1, count: data.count)
        func hash(_ i: Int) -> Int {
            (Int(data[i]) << 10 ^ Int(data[i + 1]) << 5 ^ Int(data[i + 2])) & (hashSize - 1)
        }
        func insert(_ i: Int) {
            guard i + 2 < data.count else { return }
            let h = hash(i)
            previous[i] = head[h]
            head[h] = i
        }
        var i = 0
        while i < data.count {
            var bestLength = 0, bestDistance = 0
            if i + 2 < data.count {
                var candidate = head[hash(i)], chain = 0
                let limit = min(maxLength, data.count - i)
                while candidate >= 0, i - candidate <= window, chain < maxChain {
                    var n = 0
                    while n < limit, data[candidate + n] == data[i + n] { n += 1 }
                    if n > bestLength { bestLength = n; bestDistance = i - candidate; if n == limit { break } }
                    candidate = previous[candidate]
                    chain += 1
                }
            }
            if bestLength >= 3 {
                let li = bucket(bestLength, in: lengthBase)
                symbol(257 + li)
                w.write(UInt32(bestLength - lengthBase[li]), bits: lengthExtra[li])
                let di = bucket(bestDistance, in: distanceBase)
                w.writeHuffman(UInt32(di), bits: 5)
                w.write(UInt32(bestDistance - distanceBase[di]), bits: distanceExtra[di])
                for j in i..<(i + bestLength) { insert(j) }
                i += bestLength
            } else {
                symbol(Int(data[i]))
                insert(i)
                i += 1
            }
        }
        symbol(256)  // end of block
        return w.finish()
    }
}
