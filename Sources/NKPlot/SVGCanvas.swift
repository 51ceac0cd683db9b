// The canvas every figure draws on: records elements, writes them as SVG or rasterises them.

/// The drawing of a figure: elements in drawing order on a white background, in user pixels.
///
/// Figures draw through the methods below; `document` writes the SVG (one font, deterministic
/// one-or-two-decimal coordinates) and `raster(scale:)` renders the very same elements to pixels.
/// Outside NKPlot the type is opaque: it is what `Figure.canvas()` returns.
public struct SVGCanvas: Sendable {
    /// Width of the drawing in pixels.
    public let width: Double
    /// Height of the drawing in pixels.
    public let height: Double
    private(set) var elements: [CanvasElement] = []

    init(width: Double, height: Double) {
        self.width = width
        self.height = height
    }

    mutating func rect(
        x: Double, y: Double, width: Double, height: Double, fill: Color?,
        stroke: Color? = nil, attributes: String = ""
    ) {
        elements.append(.rect(x: x, y: y, width: width, height: height, fill: fill, stroke: stroke, attributes: attributes))
    }

    mutating func line(
        _ x1: Double, _ y1: Double, _ x2: Double, _ y2: Double, stroke: Color,
        width: Double = 1, dash: [Double]? = nil, attributes: String = ""
    ) {
        elements.append(.line(x1: x1, y1: y1, x2: x2, y2: y2, stroke: stroke, width: width, dash: dash, attributes: attributes))
    }

    /// An open polyline through `points` (round joins), solid or dashed.
    mutating func polyline(
        _ points: [(Double, Double)], stroke: Color, width: Double = 2, dash: [Double]? = nil,
        attributes: String = ""
    ) {
        elements.append(.polyline(points: points, stroke: stroke, width: width, dash: dash, attributes: attributes))
    }

    /// A marker of `shape` centred at `(x, y)` with half-size `r`; `opacity` < 1 lets dense points show through.
    mutating func marker(
        _ shape: MarkerShape, x: Double, y: Double, r: Double, fill: Color, stroke: Color? = nil,
        opacity: Double = 1, attributes: String = ""
    ) {
        elements.append(.marker(shape: shape, x: x, y: y, r: r, fill: fill, stroke: stroke, opacity: opacity, attributes: attributes))
    }

    /// An RGB image drawn into `x, y, width, height`, scaled without smoothing (pixelated), or
    /// interpolated bilinearly when `smooth` (a field sampled on a grid, such as probabilities).
    mutating func image(_ image: RGBImage, x: Double, y: Double, width: Double, height: Double, smooth: Bool = false, attributes: String = "") {
        elements.append(.image(image, x: x, y: y, width: width, height: height, smooth: smooth, attributes: attributes))
    }

    /// Where a text's `x` lies: at its start, middle or end.
    enum Anchor: String, Sendable { case start, middle, end }

    /// Text with its baseline at `y`; `rotate` turns it by that many degrees about `(x, y)`.
    mutating func text(
        _ text: String, x: Double, y: Double, size: Double = 12, anchor: Anchor = .start,
        fill: Color = .black, bold: Bool = false, rotate: Double? = nil, attributes: String = ""
    ) {
        elements.append(.text(text, x: x, y: y, size: size, anchor: anchor, fill: fill, bold: bold, rotate: rotate, attributes: attributes))
    }

    mutating func open(_ attributes: String) { elements.append(.open(attributes: attributes)) }
    mutating func close() { elements.append(.close) }

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
        for e in elements { s += e.svg + "\n" }
        return s + "</svg>\n"
    }
}
