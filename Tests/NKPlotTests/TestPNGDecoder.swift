// An independent PNG decoder for the tests: chunk parsing with CRC checks, inflate, unfiltering.
// Written from the PNG and DEFLATE specifications, sharing no code with NKPlot's encoder.

struct DecodedPNG {
    var width = 0, height = 0
    /// RGB bytes, row-major.
    var rgb: [UInt8] = []
    var chunkTypes: [String] = []
    /// The `pHYs` chunk: pixels per unit along x and y, and the unit (1: the metre); nil without one.
    var density: (x: Int, y: Int, unit: UInt8)?

    func pixel(_ x: Int, _ y: Int) -> [UInt8] {
        let i = (y * width + x) * 3
        return Array(rgb[i..<(i + 3)])
    }
}

struct PNGDecodeError: Error, CustomStringConvertible {
    var description: String
    init(_ d: String) { description = d }
}

/// CRC-32 bit by bit (no table), polynomial 0xEDB88320, init and final xor 0xFFFFFFFF.
func referenceCRC32(_ bytes: [UInt8]) -> UInt32 {
    var crc: UInt32 = 0xFFFF_FFFF
    for byte in bytes {
        crc ^= UInt32(byte)
        for _ in 0..<8 { crc = (crc >> 1) ^ ((crc & 1) * 0xEDB8_8320) }
    }
    return crc ^ 0xFFFF_FFFF
}

func referenceAdler32(_ bytes: [UInt8]) -> UInt32 {
    var a = 1, b = 0
    for byte in bytes { a = (a + Int(byte)) % 65521; b = (b + a) % 65521 }
    return UInt32(b << 16 | a)
}

/// Reads bits least-significant first.
struct BitReader {
    let data: [UInt8]
    var position = 0  // in bits

    init(_ data: [UInt8]) { self.data = data }

    mutating func bit() throws -> Int {
        guard position / 8 < data.count else { throw PNGDecodeError("deflate stream ended early") }
        let b = Int(data[position / 8] >> UInt8(position % 8)) & 1
        position += 1
        return b
    }

    mutating func bits(_ n: Int) throws -> Int {
        var v = 0
        for k in 0..<n { v |= try bit() << k }
        return v
    }

    mutating func alignToByte() { position = (position + 7) / 8 * 8 }
}

/// A canonical Huffman code built from code lengths (RFC 1951 §3.2.2), decoded bit by bit.
struct CanonicalHuffman {
    var codes: [Int: [Int: Int]] = [:]  // length -> code -> symbol

    init(lengths: [Int]) {
        let maxLength = lengths.max() ?? 0
        var countPerLength = [Int](repeating: 0, count: maxLength + 1)
        for l in lengths where l > 0 { countPerLength[l] += 1 }
        // As RFC 1951 §3.2.2: next_code[bits] = (next_code[bits-1] + bl_count[bits-1]) << 1, bl_count[0] = 0.
        var next = [Int](repeating: 0, count: maxLength + 2)
        var code = 0
        var blCount = countPerLength
        if !blCount.isEmpty { blCount[0] = 0 }
        for l in 1...max(maxLength, 1) {
            code = (code + (l - 1 < blCount.count ? blCount[l - 1] : 0)) << 1
            next[l] = code
        }
        for (symbol, l) in lengths.enumerated() where l > 0 {
            codes[l, default: [:]][next[l]] = symbol
            next[l] += 1
        }
    }

    func decode(_ reader: inout BitReader) throws -> Int {
        var code = 0
        for length in 1...15 {
            code = code << 1 | (try reader.bit())
            if let s = codes[length]?[code] { return s }
        }
        throw PNGDecodeError("invalid Huffman code")
    }
}

/// Inflates a raw DEFLATE stream (stored, fixed and dynamic blocks).
func referenceInflate(_ data: [UInt8]) throws -> (output: [UInt8], blockTypes: [Int]) {
    var r = BitReader(data)
    var out: [UInt8] = []
    var types: [Int] = []
    let lengthBase = [3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258]
    let lengthBits = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0]
    var distBase: [Int] = [], distBits: [Int] = []
    var base = 1
    for code in 0..<30 {
        let extra = code < 4 ? 0 : code / 2 - 1
        distBase.append(base); distBits.append(extra)
        base += 1 << extra
    }
    var final = 0
    repeat {
        final = try r.bits(1)
        let type = try r.bits(2)
        types.append(type)
        switch type {
        case 0:
            r.alignToByte()
            let len = try r.bits(16), nlen = try r.bits(16)
            guard len == (~nlen & 0xFFFF) else { throw PNGDecodeError("stored block LEN/NLEN mismatch") }
            for _ in 0..<len { out.append(UInt8(try r.bits(8))) }
        case 1, 2:
            let literal: CanonicalHuffman, distance: CanonicalHuffman
            if type == 1 {
                literal = CanonicalHuffman(lengths: (0..<288).map { $0 < 144 ? 8 : $0 < 256 ? 9 : $0 < 280 ? 7 : 8 })
                distance = CanonicalHuffman(lengths: Array(repeating: 5, count: 30))
            } else {
                let hlit = try r.bits(5) + 257, hdist = try r.bits(5) + 1, hclen = try r.bits(4) + 4
                let order = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15]
                var clen = [Int](repeating: 0, count: 19)
                for i in 0..<hclen { clen[order[i]] = try r.bits(3) }
                let cl = CanonicalHuffman(lengths: clen)
                var lengths: [Int] = []
                while lengths.count < hlit + hdist {
                    let s = try cl.decode(&r)
                    switch s {
                    case 0...15: lengths.append(s)
                    case 16: let n = try r.bits(2) + 3; lengths += Array(repeating: lengths.last!, count: n)
                    case 17: lengths += Array(repeating: 0, count: try r.bits(3) + 3)
                    default: lengths += Array(repeating: 0, count: try r.bits(7) + 11)
                    }
                }
                literal = CanonicalHuffman(lengths: Array(lengths[0..<hlit]))
                distance = CanonicalHuffman(lengths: Array(lengths[hlit...]))
            }
            while true {
                let s = try literal.decode(&r)
                if s < 256 { out.append(UInt8(s)); continue }
                if s == 256 { break }
                let li = s - 257
                guard li < 29 else { throw PNGDecodeError("bad length symbol \(s)") }
                let length = lengthBase[li] + (try r.bits(lengthBits[li]))
                let di = try distance.decode(&r)
                guard di < 30 else { throw PNGDecodeError("bad distance symbol \(di)") }
                let dist = distBase[di] + (try r.bits(distBits[di]))
                guard dist <= out.count else { throw PNGDecodeError("distance \(dist) before the start") }
                for _ in 0..<length { out.append(out[out.count - dist]) }
            }
        default:
            throw PNGDecodeError("reserved block type 3")
        }
    } while final == 0
    return (out, types)
}

/// Decodes an 8-bit RGB, non-interlaced PNG, checking the signature, every chunk CRC, the zlib
/// header and Adler-32, and undoing all five filter types.
func decodePNG(_ bytes: [UInt8]) throws -> (png: DecodedPNG, blockTypes: [Int]) {
    guard bytes.count > 8, Array(bytes[0..<8]) == [137, 80, 78, 71, 13, 10, 26, 10] else { throw PNGDecodeError("bad signature") }
    func u32(_ i: Int) -> Int { Int(bytes[i]) << 24 | Int(bytes[i + 1]) << 16 | Int(bytes[i + 2]) << 8 | Int(bytes[i + 3]) }
    var png = DecodedPNG()
    var idat: [UInt8] = []
    var i = 8
    var sawEnd = false
    while i < bytes.count {
        guard i + 12 <= bytes.count else { throw PNGDecodeError("truncated chunk") }
        let length = u32(i)
        let type = String(decoding: bytes[(i + 4)..<(i + 8)], as: UTF8.self)
        guard i + 12 + length <= bytes.count else { throw PNGDecodeError("truncated \(type)") }
        let body = Array(bytes[(i + 8)..<(i + 8 + length)])
        guard UInt32(u32(i + 8 + length)) == referenceCRC32(Array(bytes[(i + 4)..<(i + 8)]) + body) else {
            throw PNGDecodeError("CRC mismatch in \(type)")
        }
        png.chunkTypes.append(type)
        switch type {
        case "IHDR":
            png.width = Int(body[0]) << 24 | Int(body[1]) << 16 | Int(body[2]) << 8 | Int(body[3])
            png.height = Int(body[4]) << 24 | Int(body[5]) << 16 | Int(body[6]) << 8 | Int(body[7])
            guard body[8] == 8, body[9] == 2, body[12] == 0 else { throw PNGDecodeError("only 8-bit RGB non-interlaced") }
        case "pHYs":
            guard body.count == 9 else { throw PNGDecodeError("pHYs of \(body.count) bytes") }
            png.density = (u32(i + 8), u32(i + 12), body[8])
        case "IDAT": idat += body
        case "IEND": sawEnd = true
        default: break
        }
        i += 12 + length
    }
    guard sawEnd, png.chunkTypes.first == "IHDR" else { throw PNGDecodeError("missing IHDR or IEND") }
    guard idat.count >= 6, (Int(idat[0]) << 8 | Int(idat[1])) % 31 == 0, idat[0] & 0x0F == 8 else { throw PNGDecodeError("bad zlib header") }
    let (raw, types) = try referenceInflate(Array(idat[2..<(idat.count - 4)]))
    let adler = UInt32(idat[idat.count - 4]) << 24 | UInt32(idat[idat.count - 3]) << 16 | UInt32(idat[idat.count - 2]) << 8 | UInt32(idat[idat.count - 1])
    guard adler == referenceAdler32(raw) else { throw PNGDecodeError("Adler-32 mismatch") }
    let stride = png.width * 3
    guard raw.count == png.height * (stride + 1) else { throw PNGDecodeError("expected \(png.height * (stride + 1)) bytes, got \(raw.count)") }
    var previous = [UInt8](repeating: 0, count: stride)
    for y in 0..<png.height {
        let filter = raw[y * (stride + 1)]
        var row = Array(raw[(y * (stride + 1) + 1)..<((y + 1) * (stride + 1))])
        for x in 0..<stride {
            let a = x >= 3 ? Int(row[x - 3]) : 0, b = Int(previous[x]), c = x >= 3 ? Int(previous[x - 3]) : 0
            let predictor: Int
            switch filter {
            case 0: predictor = 0
            case 1: predictor = a
            case 2: predictor = b
            case 3: predictor = (a + b) / 2
            case 4:
                let p = a + b - c, pa = abs(p - a), pb = abs(p - b), pc = abs(p - c)
                predictor = pa <= pb && pa <= pc ? a : pb <= pc ? b : c
            default: throw PNGDecodeError("bad filter \(filter) on row \(y)")
            }
            row[x] = UInt8((Int(row[x]) + predictor) & 0xFF)
        }
        png.rgb += row
        previous = row
    }
    return (png, types)
}
