// Strokes as polygons: a polyline of some width becomes rectangles and discs whose nonzero union is the stroke.
import Foundation

/// Turns stroked paths into polygons for `RGBImage.fill`, all wound the same way so that their
/// overlaps (at joins, or where a curve crosses itself) are painted once.
enum StrokeOutline {
    /// The outline of the polyline `points` stroked `width` wide: butt ends, round joins
    /// (`closed` also joins the last point to the first), cut into dashes when `dash` is given
    /// (lengths alternately drawn and skipped, starting at the first point, as SVG's `stroke-dasharray`).
    static func polygons(
        _ points: [Point], width: Double, closed: Bool = false, roundJoins: Bool = true,
        dash: [Double]? = nil
    ) -> [[Point]] {
        guard width > 0, points.count >= 2 else { return [] }
        let path = closed ? points + [points[0]] : points
        let pieces = dash.map { dashes(path, pattern: $0) } ?? [path]
        let r = width / 2
        var out: [[Point]] = []
        for piece in pieces {
            for (a, b) in zip(piece, piece.dropFirst()) {
                let dx = b.x - a.x, dy = b.y - a.y, length = (dx * dx + dy * dy).squareRoot()
                guard length > 0 else { continue }
                let nx = -dy / length * r, ny = dx / length * r
                out.append(oriented([Point(a.x + nx, a.y + ny), Point(b.x + nx, b.y + ny), Point(b.x - nx, b.y - ny), Point(a.x - nx, a.y - ny)]))
            }
            guard roundJoins, piece.count > 2 else { continue }
            let joins = closed && pieces.count == 1 ? piece.dropLast() : piece.dropFirst().dropLast()
            for p in joins { out.append(circle(p, r: r)) }
        }
        return out
    }

    /// The polyline cut into its drawn dashes.
    static func dashes(_ path: [Point], pattern: [Double]) -> [[Point]] {
        let pattern = pattern.map { max($0, 0) }
        guard pattern.reduce(0, +) > 0 else { return [path] }
        var out: [[Point]] = [], current: [Point] = [path[0]]
        var k = 0, left = pattern[0], on = true
        for (a, b) in zip(path, path.dropFirst()) {
            let dx = b.x - a.x, dy = b.y - a.y, length = (dx * dx + dy * dy).squareRoot()
            var t = 0.0
            while length - t > left {
                t += left
                let p = Point(a.x + dx * t / length, a.y + dy * t / length)
                if on { current.append(p); out.append(current) } else { current = [p] }
                on.toggle()
                k = (k + 1) % pattern.count
                left = pattern[k]
            }
            left -= length - t
            if on { current.append(b) }
        }
        if on, current.count > 1 { out.append(current) }
        return out
    }

    /// A disc as a polygon whose edges stray at most 0.05 pixels from the circle.
    static func circle(_ c: Point, r: Double) -> [Point] {
        let n = r > 0.05 ? max(8, min(256, Int((Double.pi / acos(1 - 0.05 / r)).rounded(.up)))) : 8
        return (0..<n).map { i in
            let a = 2 * Double.pi * Double(i) / Double(n)
            return Point(c.x + r * cos(a), c.y + r * sin(a))
        }
    }

    /// `polygon`, reversed if needed so that its signed area is positive (clockwise on screen).
    static func oriented(_ polygon: [Point]) -> [Point] {
        var area = 0.0
        for (i, a) in polygon.enumerated() {
            let b = polygon[(i + 1) % polygon.count]
            area += a.x * b.y - b.x * a.y
        }
        return area < 0 ? polygon.reversed() : polygon
    }
}
