// The drawing primitives a figure's canvas records, and their SVG text.

/// One thing drawn on an `SVGCanvas`, in user pixels (y down). The SVG writer and the rasteriser
/// both read these, so a PNG shows exactly what the SVG shows.
enum CanvasElement: Sendable {
    /// A rectangle, filled and/or outlined with a 1-pixel stroke.
    case rect(x: Double, y: Double, width: Double, height: Double, fill: Color?, stroke: Color?, attributes: String)
    /// A straight segment with butt ends, solid or dashed (`dash`: on, off, … lengths).
    case line(x1: Double, y1: Double, x2: Double, y2: Double, stroke: Color, width: Double, dash: [Double]?, attributes: String)
    /// An open polyline with round joins and butt ends.
    case polyline(points: [(Double, Double)], stroke: Color, width: Double, dash: [Double]?, attributes: String)
    /// A marker of half-size `r`; `opacity` applies to the fill, the optional stroke is 0.75 pixels wide.
    case marker(shape: MarkerShape, x: Double, y: Double, r: Double, fill: Color, stroke: Color?, opacity: Double, attributes: String)
    /// An image scaled into a rectangle, without smoothing (pixelated) or, when `smooth`, with
    /// bilinear interpolation between pixel centres.
    case image(RGBImage, x: Double, y: Double, width: Double, height: Double, smooth: Bool, attributes: String)
    /// Text whose baseline starts, centres or ends (`anchor`) at `(x, y)`, optionally rotated by
    /// `rotate` degrees (clockwise, y being down) about that point.
    case text(String, x: Double, y: Double, size: Double, anchor: SVGCanvas.Anchor, fill: Color, bold: Bool, rotate: Double?, attributes: String)
    /// The start of a group (`<g …>`); `attributes` are SVG-only, except `shape-rendering="crispEdges"`,
    /// which the rasteriser honours by snapping rectangles to whole pixels.
    case open(attributes: String)
    /// The end of the innermost open group.
    case close

    /// The element as one line of SVG.
    var svg: String {
        switch self {
        case let .rect(x, y, width, height, fill, stroke, attributes):
            var s = "<rect x=\"\(svgNumber(x))\" y=\"\(svgNumber(y))\" width=\"\(svgNumber(width))\" height=\"\(svgNumber(height))\""
            s += " fill=\"\(fill?.hexString ?? "none")\""
            if let stroke { s += " stroke=\"\(stroke.hexString)\"" }
            if !attributes.isEmpty { s += " " + attributes }
            return s + "/>"
        case let .line(x1, y1, x2, y2, stroke, width, dash, attributes):
            var s = "<line x1=\"\(svgNumber(x1))\" y1=\"\(svgNumber(y1))\" x2=\"\(svgNumber(x2))\" y2=\"\(svgNumber(y2))\""
            s += " stroke=\"\(stroke.hexString)\" stroke-width=\"\(svgNumber(width))\""
            if let dash { s += " stroke-dasharray=\"\(dash.map(svgNumber).joined(separator: " "))\"" }
            if !attributes.isEmpty { s += " " + attributes }
            return s + "/>"
        case let .polyline(points, stroke, width, dash, attributes):
            var s = "<polyline"
            if !attributes.isEmpty { s += " " + attributes }
            s += " points=\"\(svgPoints(points))\" fill=\"none\" stroke=\"\(stroke.hexString)\" stroke-width=\"\(svgNumber(width))\" stroke-linejoin=\"round\""
            if let dash { s += " stroke-dasharray=\"\(dash.map(svgNumber).joined(separator: " "))\"" }
            return s + "/>"
        case let .marker(shape, x, y, r, fill, stroke, opacity, attributes):
            var extra = attributes
            if opacity < 1 { extra += (extra.isEmpty ? "" : " ") + "fill-opacity=\"\(svgNumber(opacity))\"" }
            return shape.svg(x: x, y: y, r: r, fill: fill, stroke: stroke, attributes: extra)
        case let .image(image, x, y, width, height, smooth, attributes):
            var s = "<image"
            if !attributes.isEmpty { s += " " + attributes }
            s += " x=\"\(svgNumber(x))\" y=\"\(svgNumber(y))\" width=\"\(svgNumber(width))\" height=\"\(svgNumber(height))\""
            s += smooth ? " preserveAspectRatio=\"none\"" : " style=\"image-rendering:pixelated\""
            s += " href=\"\(DataURI.png(PNGEncoder.encode(image)))\""
            return s + "/>"
        case let .text(text, x, y, size, anchor, fill, bold, rotate, attributes):
            var s = "<text x=\"\(svgNumber(x))\" y=\"\(svgNumber(y))\" font-size=\"\(svgNumber(size))\""
            if anchor != .start { s += " text-anchor=\"\(anchor.rawValue)\"" }
            if fill != .black { s += " fill=\"\(fill.hexString)\"" }
            if bold { s += " font-weight=\"bold\"" }
            if let rotate { s += " transform=\"rotate(\(svgNumber(rotate)) \(svgNumber(x)) \(svgNumber(y)))\"" }
            if !attributes.isEmpty { s += " " + attributes }
            return s + ">" + xmlEscape(text) + "</text>"
        case let .open(attributes):
            return "<g \(attributes)>"
        case .close:
            return "</g>"
        }
    }
}
