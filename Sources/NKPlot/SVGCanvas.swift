// A minimal SVG writer: the figures append elements, `document` wraps them.

/// Collects SVG elements in drawing order. Every figure uses the same font, white background and
/// one-decimal-or-two coordinates, so that the output is deterministic text.
struct SVGCanvas {
    let width: Double
    let height: Double
    private(set) var elements: [String] = []

    init(width: Double, height: Double) {
        self.width = width
        self.height = height
    }

    mutating func rect(x: Double, y: Double, width: Double, height: Double, fill: Color?,
                       stroke: Color? = nil, attributes: String = "") {
        var s = "<rect x=\"\(svgNumber(x))\" y=\"\(svgNumber(y))\" width=\"\(svgNumber(width))\" height=\"\(svgNumber(height))\""
        s += " fill=\"\(fill?.hexString ?? "none")\""
        if let stroke { s += " stroke=\"\(stroke.hexString)\"" }
        if !attributes.isEmpty { s += " " + attributes }
        elements.append(s + "/>")
    }

    mutating func line(_ x1: Double, _ y1: Double, _ x2: Double, _ y2: Double, stroke: Color,
                       width: Double = 1, dash: [Double]? = nil, attributes: String = "") {
        var s = "<line x1=\"\(svgNumber(x1))\" y1=\"\(svgNumber(y1))\" x2=\"\(svgNumber(x2))\" y2=\"\(svgNumber(y2))\""
        s += " stroke=\"\(stroke.hexString)\" stroke-width=\"\(svgNumber(width))\""
        if let dash { s += " stroke-dasharray=\"\(dash.map(svgNumber).joined(separator: " "))\"" }
        if !attributes.isEmpty { s += " " + attributes }
        elements.append(s + "/>")
    }

    /// An open polyline through `points` (round joins), solid or dashed.
    mutating func polyline(_ points: [(Double, Double)], stroke: Color, width: Double = 2, dash: [Double]? = nil,
                           attributes: String = "") {
        var s = "<polyline"
        if !attributes.isEmpty { s += " " + attributes }
        s += " points=\"\(svgPoints(points))\" fill=\"none\" stroke=\"\(stroke.hexString)\" stroke-width=\"\(svgNumber(width))\" stroke-linejoin=\"round\""
        if let dash { s += " stroke-dasharray=\"\(dash.map(svgNumber).joined(separator: " "))\"" }
        elements.append(s + "/>")
    }

    /// A marker of `shape` centred at `(x, y)` with half-size `r`; `opacity` < 1 lets dense points show through.
    mutating func marker(_ shape: MarkerShape, x: Double, y: Double, r: Double, fill: Color, stroke: Color? = nil,
                         opacity: Double = 1, attributes: String = "") {
        var extra = attributes
        if opacity < 1 { extra += (extra.isEmpty ? "" : " ") + "fill-opacity=\"\(svgNumber(opacity))\"" }
        elements.append(shape.svg(x: x, y: y, r: r, fill: fill, stroke: stroke, attributes: extra))
    }

    /// An RGB image drawn into `x, y, width, height`, scaled without smoothing (pixelated).
    mutating func image(_ image: RGBImage, x: Double, y: Double, width: Double, height: Double, attributes: String = "") {
        var s = "<image"
        if !attributes.isEmpty { s += " " + attributes }
        s += " x=\"\(svgNumber(x))\" y=\"\(svgNumber(y))\" width=\"\(svgNumber(width))\" height=\"\(svgNumber(height))\""
        s += " style=\"image-rendering:pixelated\" href=\"\(DataURI.png(PNGEncoder.encode(image)))\""
        elements.append(s + "/>")
    }

    enum Anchor: String { case start, middle, end }

    mutating func text(_ text: String, x: Double, y: Double, size: Double = 12, anchor: Anchor = .start,
                       fill: Color = .black, bold: Bool = false, rotate: Double? = nil, attributes: String = "") {
        var s = "<text x=\"\(svgNumber(x))\" y=\"\(svgNumber(y))\" font-size=\"\(svgNumber(size))\""
        if anchor != .start { s += " text-anchor=\"\(anchor.rawValue)\"" }
        if fill != .black { s += " fill=\"\(fill.hexString)\"" }
        if bold { s += " font-weight=\"bold\"" }
        if let rotate { s += " transform=\"rotate(\(svgNumber(rotate)) \(svgNumber(x)) \(svgNumber(y)))\"" }
        if !attributes.isEmpty { s += " " + attributes }
        elements.append(s + ">" + xmlEscape(text) + "</text>")
    }

    mutating func open(_ attributes: String) { elements.append("<g \(attributes)>") }
    mutating func close() { elements.append("</g>") }

    /// The figure title, centred at the top.
    mutating func title(_ title: String?) {
        guard let title, !title.isEmpty else { return }
        text(title, x: width / 2, y: 22, size: 15, anchor: .middle, bold: true, attributes: "class=\"title\"")
    }

    /// The complete `<svg>` document (no XML prolog, so it can be inlined into HTML as is).
    var document: String {
        var s = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(svgNumber(width))\" height=\"\(svgNumber(height))\""
        s += " viewBox=\"0 0 \(svgNumber(width)) \(svgNumber(height))\" font-family=\"DejaVu Sans, Helvetica, Arial, sans-serif\">\n"
        s += "<rect x=\"0\" y=\"0\" width=\"\(svgNumber(width))\" height=\"\(svgNumber(height))\" fill=\"#ffffff\"/>\n"
        for e in elements { s += e + "\n" }
        return s + "</svg>\n"
    }
}
