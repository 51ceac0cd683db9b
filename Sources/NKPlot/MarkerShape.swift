// The marker shapes of scatter plots and line markers.

/// The shape drawn at a data point. With more classes than `Color.categorical` has colours, colour
/// alone repeats, so class `k` gets colour `k % 10` and shape `(k / 10) % 4`.
public enum MarkerShape: String, Sendable, CaseIterable {
    case circle, square, triangle, diamond

    /// The shape of class `index`: circle for classes 0–9, square for 10–19, and so on.
    public static func forClass(_ index: Int) -> MarkerShape {
        allCases[Int((index.magnitude / UInt(Color.categorical.count)) % UInt(allCases.count))]
    }

    /// The SVG element that draws this shape centred at `(x, y)` with half-size `r`.
    func svg(x: Double, y: Double, r: Double, fill: Color, stroke: Color?, attributes: String = "") -> String {
        let paint = "fill=\"\(fill.hexString)\"" + (stroke.map { " stroke=\"\($0.hexString)\" stroke-width=\"0.75\"" } ?? "")
        let extra = attributes.isEmpty ? "" : " " + attributes
        switch self {
        case .circle:
            return "<circle cx=\"\(svgNumber(x))\" cy=\"\(svgNumber(y))\" r=\"\(svgNumber(r))\" \(paint)\(extra)/>"
        case .square:
            return "<rect x=\"\(svgNumber(x - r))\" y=\"\(svgNumber(y - r))\" width=\"\(svgNumber(2 * r))\" height=\"\(svgNumber(2 * r))\" \(paint)\(extra)/>"
        case .triangle, .diamond:
            return "<polygon points=\"\(svgPoints(corners(x: x, y: y, r: r)))\" \(paint)\(extra)/>"
        }
    }

    /// The corners of the shape centred at `(x, y)` with half-size `r` (a circle has none).
    func corners(x: Double, y: Double, r: Double) -> [(Double, Double)] {
        switch self {
        case .circle: return []
        case .square: return [(x - r, y - r), (x + r, y - r), (x + r, y + r), (x - r, y + r)]
        case .triangle: return [(x, y - r * 1.2), (x + r * 1.1, y + r * 0.8), (x - r * 1.1, y + r * 0.8)]
        case .diamond: return [(x, y - r * 1.3), (x + r * 1.1, y), (x, y + r * 1.3), (x - r * 1.1, y)]
        }
    }
}
