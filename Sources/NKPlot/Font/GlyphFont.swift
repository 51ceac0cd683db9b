// The embedded outline font (DejaVu Sans and Bold): advance widths for text metrics, outlines for PNG text.
import Foundation

/// A point in pixels, y growing downwards.
struct Point: Equatable {
    var x: Double, y: Double
    init(_ x: Double, _ y: Double) { self.x = x; self.y = y }
}

/// A TrueType-style outline font decoded from the generated data in `DejaVuSans+Glyphs.swift`.
///
/// The data are little-endian Int16 words: `unitsPerEm, ascender, descender, glyphCount`, then per
/// glyph `codePoint (UInt16), advance, contourCount`, and per contour `pointCount` followed by
/// `(2·x + onCurve, y)` pairs in font units (y up). Off-curve points are quadratic control points;
/// two off-curve points in a row imply an on-curve point halfway between them, as in TrueType.
/// Code point 0 holds the font's `.notdef` box, drawn for characters the subset lacks.
struct GlyphFont: Sendable {
    struct Glyph: Sendable {
        let advance: Double
        /// Contours of `(x, y, onCurve)` in font units, y up.
        let contours: [[(x: Double, y: Double, on: Bool)]]
    }

    let unitsPerEm: Double
    let ascender: Double, descender: Double
    let glyphs: [UInt32: Glyph]
    let missing: Glyph

    /// DejaVu Sans, the font every figure's text is set in.
    static let regular = GlyphFont(base64: dejaVuSansData)
    /// DejaVu Sans Bold, for titles and table headers.
    static let bold = GlyphFont(base64: dejaVuSansBoldData)

    /// The regular or bold font.
    static func font(bold: Bool) -> GlyphFont { bold ? Self.bold : Self.regular }

    init(base64: String) {
        let bytes = [UInt8](Data(base64Encoded: base64, options: .ignoreUnknownCharacters) ?? Data())
        var words: [Int] = []
        words.reserveCapacity(bytes.count / 2)
        var i = 0
        while i + 1 < bytes.count { words.append(Int(Int16(bitPattern: UInt16(bytes[i]) | UInt16(bytes[i + 1]) << 8))); i += 2 }
        self.init(words: words)
    }

    /// Decodes the word layout above. The data are generated and compiled in, so a malformed
    /// stream is a programming error; the reader still stops at the end rather than trap.
    init(words w: [Int]) {
        var p = 4
        func next() -> Int { defer { p += 1 }; return p < w.count ? w[p] : 0 }
        unitsPerEm = Double(max(w.first ?? 2048, 1))
        ascender = Double(w.count > 1 ? w[1] : 0)
        descender = Double(w.count > 2 ? w[2] : 0)
        var glyphs: [UInt32: Glyph] = [:]
        for _ in 0..<(w.count > 3 ? w[3] : 0) {
            let code = UInt32(UInt16(truncatingIfNeeded: next())), advance = Double(next())
            var contours: [[(x: Double, y: Double, on: Bool)]] = []
            for _ in 0..<next() {
                contours.append(
                    (0..<next()).map { _ in
                        let xf = next(), y = next()
                        return (Double(xf >> 1), Double(y), xf & 1 == 1)
                    })
            }
            glyphs[code] = Glyph(advance: advance, contours: contours)
        }
        self.glyphs = glyphs
        missing = glyphs[0] ?? Glyph(advance: unitsPerEm / 2, contours: [])
    }

    func glyph(_ scalar: Unicode.Scalar) -> Glyph { glyphs[scalar.value] ?? missing }

    /// The advance width of `text` at font size `size`, in pixels (no kerning).
    func width(_ text: String, size: Double) -> Double {
        text.unicodeScalars.reduce(0) { $0 + glyph($1).advance } * size / unitsPerEm
    }

    /// The outlines of `text` at `size` pixels, flattened to polygons within `tolerance` pixels:
    /// origin at the start of the baseline, x to the right, y down.
    func outline(_ text: String, size: Double, tolerance: Double = 0.1) -> [[Point]] {
        let s = size / unitsPerEm
        var pen = 0.0
        var out: [[Point]] = []
        for scalar in text.unicodeScalars {
            let g = glyph(scalar)
            for contour in g.contours where contour.count >= 2 {
                let pts = contour.map { (Point(pen + $0.x * s, -$0.y * s), $0.on) }
                out.append(Self.flatten(pts, tolerance: tolerance))
            }
            pen += g.advance * s
        }
        return out
    }

    /// A closed TrueType contour (on-curve points and quadratic controls) as a polygon.
    static func flatten(_ pts: [(Point, Bool)], tolerance: Double) -> [Point] {
        // Make the implied on-curve points explicit, then start at an on-curve point.
        var full: [(Point, Bool)] = []
        for (i, (p, on)) in pts.enumerated() {
            let (q, qOn) = pts[(i + pts.count - 1) % pts.count]
            if !on && !qOn { full.append((Point((p.x + q.x) / 2, (p.y + q.y) / 2), true)) }
            full.append((p, on))
        }
        guard let s = full.firstIndex(where: { $0.1 }) else { return [] }
        var poly = [full[s].0]
        var control: Point?
        for k in 1...full.count {
            let (p, on) = full[(s + k) % full.count]
            if !on { control = p; continue }
            if let c = control { quad(poly.last!, c, p, tolerance, &poly); control = nil } else { poly.append(p) }
        }
        poly.removeLast()  // the start again
        return poly
    }

    /// Appends the quadratic curve `a → b` (control `c`) as segments: `k` uniform pieces deviate
    /// at most `|a - 2c + b| / (8k²)` from the curve.
    static func quad(_ a: Point, _ c: Point, _ b: Point, _ tolerance: Double, _ poly: inout [Point]) {
        let dx = a.x - 2 * c.x + b.x, dy = a.y - 2 * c.y + b.y
        let k = max(1, min(32, Int(((dx * dx + dy * dy).squareRoot() / (8 * tolerance)).squareRoot().rounded(.up))))
        for i in 1...k {
            let t = Double(i) / Double(k), u = 1 - t
            poly.append(Point(u * u * a.x + 2 * u * t * c.x + t * t * b.x, u * u * a.y + 2 * u * t * c.y + t * t * b.y))
        }
    }
}
