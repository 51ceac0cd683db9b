// Generates Sources/NKPlot/Font/DejaVuSans+Glyphs.swift: the outlines and advance widths of a
// character subset of DejaVu Sans and DejaVu Sans Bold, read from their TrueType files.
//
// Usage (from the repository root; needs only the Swift toolchain):
//   swift tools/font/GenerateGlyphs.swift /usr/share/fonts/truetype/dejavu > Sources/NKPlot/Font/DejaVuSans+Glyphs.swift
//
// Reads the `head`, `hhea`, `maxp`, `hmtx`, `cmap` (format 4), `loca` and `glyf` tables, resolves
// composite glyphs (accented letters) into plain contours, and writes each font as one base64
// string of little-endian Int16 words (layout in `GlyphFont.swift`): the font-unit coordinates
// are integers already, so nothing is lost.
import Foundation

/// The characters embedded: printable ASCII, typographic and math signs, French letters, Greek,
/// sub- and superscript digits. Glyph 0 (.notdef, an empty box) is stored under code point 0.
let extra =
    "−×±·…°µ²³≤≥≈→←éèêàâçôùûüïîœÉÀ" + "αβγδεηθλμστφωΔΣ"
    + "ÈÊÇëäöüÄÖÜßñáíóúøåæÆŒ«»–—‘’“”•∞≠√∑∏πρνκχψξζιουΓΘΛΞΠΦΨΩ"
    + "₀₁₂₃₄₅₆₇₈₉⁰¹⁴⁵⁶⁷⁸⁹⁺⁻\u{00A0}\u{202F}"
let characters: [UInt32] = [0] + Array(32...126) + extra.unicodeScalars.map(\.value)

struct FontError: Error, CustomStringConvertible { let description: String }

struct TrueType {
    let bytes: [UInt8]
    var tables: [String: Int] = [:]

    init(path: String) throws {
        guard let data = FileManager.default.contents(atPath: path) else { throw FontError(description: "cannot read \(path)") }
        bytes = Array(data)
        let count = Int(u16(4))
        for i in 0..<count {
            let r = 12 + 16 * i
            let tag = String(decoding: bytes[r..<(r + 4)], as: UTF8.self)
            tables[tag] = Int(u32(r + 8))
        }
        for t in ["head", "hhea", "maxp", "hmtx", "cmap", "loca", "glyf"] where tables[t] == nil {
            throw FontError(description: "\(path) has no \(t) table")
        }
    }

    func u16(_ o: Int) -> UInt16 { UInt16(bytes[o]) << 8 | UInt16(bytes[o + 1]) }
    func i16(_ o: Int) -> Int { Int(Int16(bitPattern: u16(o))) }
    func u32(_ o: Int) -> UInt32 { UInt32(u16(o)) << 16 | UInt32(u16(o + 2)) }
    func table(_ t: String) -> Int { tables[t]! }

    var unitsPerEm: Int { Int(u16(table("head") + 18)) }
    var ascender: Int { i16(table("hhea") + 4) }
    var descender: Int { i16(table("hhea") + 6) }
    var glyphCount: Int { Int(u16(table("maxp") + 4)) }

    func advance(_ glyph: Int) -> Int {
        let metrics = Int(u16(table("hhea") + 34))
        return Int(u16(table("hmtx") + 4 * min(glyph, metrics - 1)))
    }

    /// The glyph of `code` from the (3, 1) format-4 cmap subtable, 0 when absent.
    func glyph(for code: UInt32) throws -> Int {
        guard code <= 0xFFFF else { return 0 }
        let cmap = table("cmap")
        var sub: Int?
        for i in 0..<Int(u16(cmap + 2)) where u16(cmap + 4 + 8 * i) == 3 && u16(cmap + 6 + 8 * i) == 1 {
            sub = cmap + Int(u32(cmap + 8 + 8 * i))
        }
        guard let s = sub, u16(s) == 4 else { throw FontError(description: "no Unicode BMP format-4 cmap") }
        let segments = Int(u16(s + 6)) / 2
        let ends = s + 14, starts = ends + 2 * segments + 2, deltas = starts + 2 * segments, ranges = deltas + 2 * segments
        for k in 0..<segments where code <= UInt32(u16(ends + 2 * k)) {
            let start = UInt32(u16(starts + 2 * k))
            guard code >= start else { return 0 }
            let rangeOffset = Int(u16(ranges + 2 * k))
            if rangeOffset == 0 { return Int((UInt32(u16(deltas + 2 * k)) + code) & 0xFFFF) }
            let g = Int(u16(ranges + 2 * k + rangeOffset + 2 * Int(code - start)))
            return g == 0 ? 0 : (g + Int(u16(deltas + 2 * k))) & 0xFFFF
        }
        return 0
    }

    func glyphRange(_ g: Int) -> (Int, Int) {
        let loca = table("loca"), long = i16(table("head") + 50) == 1
        let a = long ? Int(u32(loca + 4 * g)) : 2 * Int(u16(loca + 2 * g))
        let b = long ? Int(u32(loca + 4 * g + 4)) : 2 * Int(u16(loca + 2 * g + 2))
        return (table("glyf") + a, b - a)
    }

    typealias Point = (x: Double, y: Double, on: Bool)

    /// The contours of glyph `g`, composites resolved.
    func contours(_ g: Int, depth: Int = 0) throws -> [[Point]] {
        guard depth < 8 else { throw FontError(description: "composite glyphs nested too deep") }
        let (o, length) = glyphRange(g)
        guard length > 0 else { return [] }
        let n = i16(o)
        if n >= 0 {
            let ends = (0..<n).map { Int(u16(o + 10 + 2 * $0)) }
            let points = (ends.last ?? -1) + 1
            var p = o + 10 + 2 * n
            p += 2 + Int(u16(p))  // skip the instructions
            var flags: [UInt8] = []
            while flags.count < points {
                let f = bytes[p]; p += 1
                flags.append(f)
                if f & 8 != 0 { let r = Int(bytes[p]); p += 1; flags += Array(repeating: f, count: r) }
            }
            func coordinates(short: UInt8, same: UInt8) -> [Int] {
                var v = 0, out: [Int] = []
                for f in flags {
                    if f & short != 0 { let d = Int(bytes[p]); p += 1; v += f & same != 0 ? d : -d } else if f & same == 0 { v += i16(p); p += 2 }
                    out.append(v)
                }
                return out
            }
            let xs = coordinates(short: 2, same: 16), ys = coordinates(short: 4, same: 32)
            var result: [[Point]] = [], start = 0
            for e in ends {
                result.append((start...e).map { (Double(xs[$0]), Double(ys[$0]), flags[$0] & 1 != 0) })
                start = e + 1
            }
            return result
        }
        var result: [[Point]] = [], p = o + 10, more = true
        while more {
            let flags = u16(p), component = Int(u16(p + 2)); p += 4
            guard flags & 2 != 0 else { throw FontError(description: "glyph \(g): point-matched components are not supported") }
            let dx: Double, dy: Double
            if flags & 1 != 0 { dx = Double(i16(p)); dy = Double(i16(p + 2)); p += 4 } else { dx = Double(Int8(bitPattern: bytes[p])); dy = Double(Int8(bitPattern: bytes[p + 1])); p += 2 }
            func f2dot14(_ o: Int) -> Double { Double(i16(o)) / 16384 }
            var (a, b, c, d) = (1.0, 0.0, 0.0, 1.0)
            if flags & 8 != 0 {
                a = f2dot14(p); d = a; p += 2
            } else if flags & 0x40 != 0 {
                a = f2dot14(p); d = f2dot14(p + 2); p += 4
            } else if flags & 0x80 != 0 {
                a = f2dot14(p); b = f2dot14(p + 2); c = f2dot14(p + 4); d = f2dot14(p + 6); p += 8
            }
            for contour in try contours(component, depth: depth + 1) {
                result.append(contour.map { (a * $0.x + c * $0.y + dx, b * $0.x + d * $0.y + dy, $0.on) })
            }
            more = flags & 0x20 != 0
        }
        return result
    }
}

/// The Int16 words of one font: header, then per character its code point, advance and contours.
func encode(_ font: TrueType) throws -> (words: [Int16], missing: [UInt32]) {
    var glyphs: [[Int16]] = [], missing: [UInt32] = []
    for code in characters {
        let g = try font.glyph(for: code)
        if g == 0 && code != 0 { missing.append(code); continue }
        let contours = try font.contours(g)
        var w: [Int16] = [Int16(bitPattern: UInt16(code)), Int16(font.advance(g)), Int16(contours.count)]
        for contour in contours {
            w.append(Int16(contour.count))
            for pt in contour {
                let x = Int(pt.x.rounded()), y = Int(pt.y.rounded())
                guard abs(x) < 16000, abs(y) < 32000 else { throw FontError(description: "U+\(String(code, radix: 16)): coordinate out of range") }
                w += [Int16(x * 2 + (pt.on ? 1 : 0)), Int16(y)]
            }
        }
        glyphs.append(w)
    }
    return ([Int16(font.unitsPerEm), Int16(font.ascender), Int16(font.descender), Int16(glyphs.count)] + glyphs.joined(), missing)
}

func base64Lines(_ words: [Int16]) -> String {
    var bytes: [UInt8] = []
    for w in words { let u = UInt16(bitPattern: w); bytes += [UInt8(u & 0xFF), UInt8(u >> 8)] }
    let text = Data(bytes).base64EncodedString()
    var lines: [Substring] = [], i = text.startIndex
    while i < text.endIndex {
        let j = text.index(i, offsetBy: 116, limitedBy: text.endIndex) ?? text.endIndex
        lines.append(text[i..<j]); i = j
    }
    return lines.map { "        " + $0 }.joined(separator: "\n")
}

let folder = CommandLine.arguments.count > 1 ? CommandLine.arguments[1] : "/usr/share/fonts/truetype/dejavu"
do {
    let regular = try encode(TrueType(path: folder + "/DejaVuSans.ttf"))
    let bold = try encode(TrueType(path: folder + "/DejaVuSans-Bold.ttf"))
    for m in Set(regular.missing + bold.missing) { FileHandle.standardError.write("missing U+\(String(m, radix: 16))\n".data(using: .utf8)!) }
    let list = String(String.UnicodeScalarView(characters.dropFirst().compactMap(Unicode.Scalar.init)))
        .replacingOccurrences(of: "\u{00A0}", with: "").replacingOccurrences(of: "\u{202F}", with: "")
    print(
        """
        // Generated by tools/font/GenerateGlyphs.swift from DejaVuSans.ttf and DejaVuSans-Bold.ttf (DejaVu fonts 2.37); do not edit.
        // The glyph outlines are Copyright (c) 2003 by Bitstream, Inc. (Bitstream Vera license; DejaVu changes are in the
        // public domain): see licenses/LICENSE-DejaVu.txt, which must travel with this file.
        //
        // Characters (\(characters.count - 1), plus the .notdef box and no-break spaces U+00A0, U+202F):
        // \(list)

        extension GlyphFont {
            /// DejaVu Sans: base64 of little-endian Int16 words, laid out as `GlyphFont.init(words:)` reads them.
            static let dejaVuSansData = \"\"\"
        \(base64Lines(regular.words))
                \"\"\"

            /// DejaVu Sans Bold, as `dejaVuSansData`.
            static let dejaVuSansBoldData = \"\"\"
        \(base64Lines(bold.words))
                \"\"\"
        }
        """)
} catch {
    FileHandle.standardError.write("GenerateGlyphs: \(error)\n".data(using: .utf8)!)
    exit(1)
}
