// Renders a canvas's elements to pixels: the PNG back end, drawing what the SVG back end writes.
import Foundation

extension SVGCanvas {
    /// The drawing as an RGB image of `round(width·scale) × round(height·scale)` pixels.
    ///
    /// Every element is turned into polygons (strokes via `StrokeOutline`, text via the embedded
    /// DejaVu outlines of `GlyphFont`) and filled with exact-along-x, 8-fold-along-y coverage
    /// under the nonzero rule. Images are scaled nearest-neighbour, as the SVG draws them
    /// pixelated. Inside a group with `shape-rendering="crispEdges"` rectangles snap to whole pixels.
    func raster(scale: Double = 1) -> RGBImage {
        let k = scale.isFinite && scale > 0 ? scale : 1
        var image = RGBImage(width: Int((width * k).rounded()), height: Int((height * k).rounded()))
        func p(_ x: Double, _ y: Double) -> Point { Point(x * k, y * k) }
        var crisp: [Bool] = [false]
        for element in elements {
            switch element {
            case let .open(attributes):
                crisp.append(crisp.last! || attributes.contains("shape-rendering=\"crispEdges\""))
            case .close:
                if crisp.count > 1 { crisp.removeLast() }
            case let .rect(x, y, w, h, fill, stroke, _):
                var (l, t, r, b) = (x * k, y * k, (x + w) * k, (y + h) * k)
                if crisp.last! { (l, t, r, b) = (l.rounded(), t.rounded(), r.rounded(), b.rounded()) }
                if let fill { image.fill([box(l, t, r, b)], color: fill) }
                if let stroke {
                    // A 1-pixel stroke centred on the edge: the outer box minus the inner one.
                    let h = 0.5 * k
                    var outer = (l - h, t - h, r + h, b + h), inner = (l + h, t + h, r - h, b - h)
                    if crisp.last! {
                        outer = (outer.0.rounded(), outer.1.rounded(), outer.2.rounded(), outer.3.rounded())
                        inner = (inner.0.rounded(), inner.1.rounded(), inner.2.rounded(), inner.3.rounded())
                    }
                    var contours = [box(outer.0, outer.1, outer.2, outer.3)]
                    if inner.2 > inner.0 && inner.3 > inner.1 { contours.append(box(inner.0, inner.1, inner.2, inner.3).reversed()) }
                    image.fill(contours, color: stroke)
                }
            case let .line(x1, y1, x2, y2, stroke, w, dash, _):
                image.fill(
                    StrokeOutline.polygons(
                        [p(x1, y1), p(x2, y2)], width: w * k, roundJoins: false,
                        dash: dash?.map { $0 * k }), color: stroke)
            case let .polyline(points, stroke, w, dash, _):
                image.fill(StrokeOutline.polygons(points.map { p($0.0, $0.1) }, width: w * k, dash: dash?.map { $0 * k }), color: stroke)
            case let .marker(shape, x, y, r, fill, stroke, opacity, _):
                let outline = shape == .circle ? StrokeOutline.circle(p(x, y), r: r * k) : shape.corners(x: x, y: y, r: r).map { p($0.0, $0.1) }
                image.fill([outline], color: fill, opacity: opacity)
                if let stroke { image.fill(StrokeOutline.polygons(outline, width: 0.75 * k, closed: true), color: stroke) }
            case let .image(tile, x, y, w, h, smooth, _):
                image.draw(tile, into: (x * k, y * k, w * k, h * k), smooth: smooth)
            case let .text(text, x, y, size, anchor, fill, bold, rotate, _):
                let font = GlyphFont.font(bold: bold)
                let shift = anchor == .start ? 0 : font.width(text, size: size * k) * (anchor == .middle ? 0.5 : 1)
                let angle = (rotate ?? 0) * Double.pi / 180, c = cos(angle), s = sin(angle)
                let origin = p(x, y)
                let contours = font.outline(text, size: size * k).map { contour in
                    contour.map { q in
                        let u = q.x - shift
                        return Point(origin.x + u * c - q.y * s, origin.y + u * s + q.y * c)
                    }
                }
                image.fill(contours, color: fill)
            }
        }
        return image
    }

    private func box(_ l: Double, _ t: Double, _ r: Double, _ b: Double) -> [Point] {
        [Point(l, t), Point(r, t), Point(r, b), Point(l, b)]
    }
}

extension RGBImage {
    /// Draws `tile` scaled into the rectangle `(x, y, width, height)` (pixels), nearest neighbour:
    /// each pixel whose centre lies inside takes the tile pixel under that centre; when `smooth`,
    /// the bilinear mix of the four tile pixels around it (clamped at the edges), as browsers draw it.
    mutating func draw(_ tile: RGBImage, into rect: (x: Double, y: Double, width: Double, height: Double), smooth: Bool = false) {
        guard tile.width > 0, tile.height > 0, rect.width > 0, rect.height > 0 else { return }
        let cx0 = max(0, Int((rect.x - 0.5).rounded(.up))), cx1 = min(width, Int((rect.x + rect.width - 0.5).rounded(.up)))
        let cy0 = max(0, Int((rect.y - 0.5).rounded(.up))), cy1 = min(height, Int((rect.y + rect.height - 0.5).rounded(.up)))
        guard cx0 < cx1, cy0 < cy1 else { return }
        if smooth {
            for row in cy0..<cy1 {
                let v = min(max((Double(row) + 0.5 - rect.y) / rect.height * Double(tile.height) - 0.5, 0), Double(tile.height - 1))
                let y0 = Int(v), y1 = min(y0 + 1, tile.height - 1), fy = v - Double(y0)
                for col in cx0..<cx1 {
                    let u = min(max((Double(col) + 0.5 - rect.x) / rect.width * Double(tile.width) - 0.5, 0), Double(tile.width - 1))
                    let x0 = Int(u), x1 = min(x0 + 1, tile.width - 1), fx = u - Double(x0)
                    let d = (row * width + col) * 3
                    for c in 0..<3 {
                        func at(_ tx: Int, _ ty: Int) -> Double { Double(tile.bytes[(ty * tile.width + tx) * 3 + c]) }
                        let top = at(x0, y0) * (1 - fx) + at(x1, y0) * fx, bottom = at(x0, y1) * (1 - fx) + at(x1, y1) * fx
                        bytes[d + c] = UInt8((top * (1 - fy) + bottom * fy).rounded())
                    }
                }
            }
            return
        }
        for row in cy0..<cy1 {
            let ty = min(Int((Double(row) + 0.5 - rect.y) / rect.height * Double(tile.height)), tile.height - 1)
            for col in cx0..<cx1 {
                let tx = min(Int((Double(col) + 0.5 - rect.x) / rect.width * Double(tile.width)), tile.width - 1)
                let s = (ty * tile.width + tx) * 3, d = (row * width + col) * 3
                bytes[d] = tile.bytes[s]; bytes[d + 1] = tile.bytes[s + 1]; bytes[d + 2] = tile.bytes[s + 2]
            }
        }
    }
}
