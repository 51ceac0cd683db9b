// Antialiased polygon filling with the nonzero winding rule: the one place pixels get coverage.

extension RGBImage {
    /// Sub-scanlines per pixel row. Coverage is exact along x (span ends are cut at their true
    /// position) and sampled at this many rows along y, so a horizontal edge at a half pixel
    /// covers exactly half the pixel, and overlapping contours follow the nonzero rule exactly.
    static let subsamples = 8

    /// Fills the polygons `contours` (closed implicitly, pixel coordinates, y down) with `color`,
    /// blended by coverage × `opacity`. A point is inside when the contours wind around it a
    /// nonzero number of times, so overlapping pieces of one stroke or one string add up to a
    /// single coat of paint.
    mutating func fill(_ contours: [[Point]], color: Color, opacity: Double = 1) {
        struct Edge { var x0, y0, y1, slope: Double; var winding: Int }
        var edges: [Edge] = []
        var minX = Double.infinity, maxX = -Double.infinity, minY = Double.infinity, maxY = -Double.infinity
        for c in contours where c.count >= 3 {
            for (i, a) in c.enumerated() {
                let b = c[(i + 1) % c.count]
                guard a.y != b.y, a.x.isFinite, a.y.isFinite, b.x.isFinite, b.y.isFinite else { continue }
                let (p, q, w) = a.y < b.y ? (a, b, 1) : (b, a, -1)
                edges.append(Edge(x0: p.x, y0: p.y, y1: q.y, slope: (q.x - p.x) / (q.y - p.y), winding: w))
                minX = min(minX, a.x, b.x); maxX = max(maxX, a.x, b.x)
                minY = min(minY, p.y); maxY = max(maxY, q.y)
            }
        }
        guard !edges.isEmpty, opacity > 0 else { return }
        let x0 = max(0, Int(max(minX, -1).rounded(.down))), x1 = min(width, Int(min(maxX, Double(width) + 1).rounded(.up)))
        let y0 = max(0, Int(max(minY, -1).rounded(.down))), y1 = min(height, Int(min(maxY, Double(height) + 1).rounded(.up)))
        guard x0 < x1, y0 < y1 else { return }
        edges.sort { $0.y0 < $1.y0 }

        let n = Self.subsamples, weight = 1 / Double(n)
        let left = Double(x0), right = Double(x1)
        var coverage = [Double](repeating: 0, count: x1 - x0)
        var active: [Int] = [], next = 0
        var crossings: [(x: Double, winding: Int)] = []
        for row in y0..<y1 {
            var touched = (lo: Int.max, hi: -1)
            for s in 0..<n {
                let sy = Double(row) + (Double(s) + 0.5) * weight
                while next < edges.count, edges[next].y0 <= sy { active.append(next); next += 1 }
                active.removeAll { edges[$0].y1 <= sy }
                crossings.removeAll(keepingCapacity: true)
                for e in active where edges[e].y0 <= sy {
                    crossings.append((edges[e].x0 + (sy - edges[e].y0) * edges[e].slope, edges[e].winding))
                }
                guard crossings.count >= 2 else { continue }
                crossings.sort { $0.x < $1.x }
                var winding = 0, start = 0.0
                for c in crossings {
                    let before = winding
                    winding += c.winding
                    if before == 0 && winding != 0 { start = c.x }
                    guard before != 0 && winding == 0 else { continue }
                    // The span start...c.x is inside: add its length within each pixel.
                    let a = max(start, left), b = min(c.x, right)
                    guard b > a else { continue }
                    let ia = Int(a.rounded(.down)), ib = min(Int(b.rounded(.down)), x1 - 1)
                    touched = (min(touched.lo, ia - x0), max(touched.hi, ib - x0))
                    if ia == ib { coverage[ia - x0] += (b - a) * weight; continue }
                    coverage[ia - x0] += (Double(ia + 1) - a) * weight
                    if ia + 1 < ib { for i in (ia + 1 - x0)..<(ib - x0) { coverage[i] += weight } }
                    coverage[ib - x0] += (b - Double(ib)) * weight
                }
            }
            guard touched.hi >= touched.lo else { continue }
            for i in touched.lo...touched.hi {
                let alpha = min(coverage[i], 1) * opacity
                coverage[i] = 0
                if alpha > 0 { blend(x: x0 + i, y: row, color, alpha: alpha) }
            }
        }
    }

    /// `pixel ← (1 - alpha)·pixel + alpha·color`, in 8-bit sRGB as browsers blend SVG.
    mutating func blend(x: Int, y: Int, _ color: Color, alpha: Double) {
        let i = (y * width + x) * 3
        if alpha >= 1 { bytes[i] = color.red; bytes[i + 1] = color.green; bytes[i + 2] = color.blue; return }
        func mix(_ old: UInt8, _ new: UInt8) -> UInt8 { UInt8((Double(old) + (Double(new) - Double(old)) * alpha).rounded()) }
        bytes[i] = mix(bytes[i], color.red); bytes[i + 1] = mix(bytes[i + 1], color.green); bytes[i + 2] = mix(bytes[i + 2], color.blue)
    }
}
