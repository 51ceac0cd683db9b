// A PNG encoder (8-bit RGB, no interlace) written from the specification, with no dependency.

import NKCore

/// Encodes `RGBImage`s as PNG files: signature, `IHDR`, an optional `pHYs` (the pixel density), one
/// `IDAT` holding a zlib stream of the filtered rows, `IEND`, each chunk with its CRC-32.
///
/// Each row is filtered with whichever of None, Sub and Up gives the smallest sum of absolute
/// differences (the usual heuristic), then the rows are compressed with `Deflate`.
public enum PNGEncoder {
    /// The PNG bytes of `image`.
    /// - Parameters:
    ///   - image: the pixels.
    ///   - mode: how `Deflate` compresses the rows.
    ///   - pixelsPerInch: the density recorded in a `pHYs` chunk (PNG stores pixels per metre:
    ///     `pixelsPerInch / 0.0254`, rounded), so that viewers, word processors and LaTeX show the
    ///     image at its intended size; nil writes none.
    public static func encode(_ image: RGBImage, mode: Deflate.Mode = .fixedHuffman, pixelsPerInch: Double? = nil) -> [UInt8] {
        var out: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
        var header: [UInt8] = []
        header += bigEndian(UInt32(image.width))
        header += bigEndian(UInt32(image.height))
        header += [8, 2, 0, 0, 0]  // bit depth 8, colour type 2 (RGB), deflate, adaptive filters, no interlace
        chunk("IHDR", header, into: &out)
        if let pixelsPerInch, pixelsPerInch.isFinite, pixelsPerInch > 0 {
            let perMetre = bigEndian(UInt32(min((pixelsPerInch / 0.0254).rounded(), Double(UInt32.max))))
            chunk("pHYs", perMetre + perMetre + [1], into: &out)  // x, y, unit 1 = the metre
        }
        chunk("IDAT", Deflate.zlib(filteredRows(image), mode: mode), into: &out)
        chunk("IEND", [], into: &out)
        return out
    }

    static func bigEndian(_ v: UInt32) -> [UInt8] {
        [UInt8(v >> 24), UInt8((v >> 16) & 0xFF), UInt8((v >> 8) & 0xFF), UInt8(v & 0xFF)]
    }

    static func chunk(_ type: String, _ data: [UInt8], into out: inout [UInt8]) {
        let typeBytes = Array(type.utf8)
        out += bigEndian(UInt32(data.count))
        out += typeBytes
        out += data
        out += bigEndian(CRC32.checksum(data, continuing: CRC32.checksum(typeBytes)))
    }

    /// Each row prefixed by its filter byte: 0 None, 1 Sub (minus the pixel to the left),
    /// 2 Up (minus the pixel above).
    static func filteredRows(_ image: RGBImage) -> [UInt8] {
        let stride = image.width * 3
        var out: [UInt8] = []
        out.reserveCapacity((stride + 1) * image.height)
        var sub = [UInt8](repeating: 0, count: stride), up = [UInt8](repeating: 0, count: stride)
        for y in 0..<image.height {
            let row = image.bytes[(y * stride)..<((y + 1) * stride)]
            let base = row.startIndex
            for i in 0..<stride {
                let raw = row[base + i]
                sub[i] = raw &- (i >= 3 ? row[base + i - 3] : 0)
                up[i] = raw &- (y > 0 ? image.bytes[base + i - stride] : 0)
            }
            func cost<C: Collection>(_ r: C) -> Int where C.Element == UInt8 { r.reduce(0) { $0 + Int(Int8(bitPattern: $1).magnitude) } }
            let costs = [cost(row), cost(sub), cost(up)]
            let best = costs.firstIndex(of: costs.min()!)!
            out.append(UInt8(best))
            switch best {
            case 0: out += row
            case 1: out += sub
            default: out += up
            }
        }
        return out
    }
}
