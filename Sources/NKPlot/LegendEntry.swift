// One entry of a figure legend, and the legend drawing shared by the charts.

/// A legend entry: a swatch (line and/or marker in a colour) and a name.
public struct LegendEntry: Sendable, Equatable {
    /// The text of the entry.
    public var name: String
    /// The swatch colour.
    public var color: Color
    /// Whether the swatch shows a line segment.
    public var showsLine: Bool
    /// The marker drawn on the swatch, or `nil`.
    public var marker: MarkerShape?
    /// The swatch line's style.
    public var style: LineStyle
    /// Whether the swatch shows a shaded band behind its line (a series drawn with a band).
    public var band: Bool
    /// Whether the swatch line is not solid.
    public var dashed: Bool { style != .solid }
    /// How opaque a band is, in a plot and in its swatch.
    static let bandOpacity = 0.2

    /// A legend entry.
    public init(
        name: String, color: Color, showsLine: Bool = true, marker: MarkerShape? = nil, dashed: Bool = false,
        style: LineStyle? = nil, band: Bool = false
    ) {
        self.band = band
        self.name = name
        self.color = color
        self.showsLine = showsLine
        self.marker = marker
        self.style = style ?? (dashed ? .dashed : .solid)
    }

    /// The width a legend of these entries takes, 0 when there are none.
    static func width(of entries: [LegendEntry]) -> Double {
        guard let longest = entries.map({ textWidth($0.name, size: 11) }).max() else { return 0 }
        return longest + 34
    }

    /// Draws the legend with its top-left corner at `(x, y)`.
    static func draw(_ entries: [LegendEntry], x: Double, y: Double, into canvas: inout SVGCanvas) {
        guard !entries.isEmpty else { return }
        canvas.open("class=\"legend\"")
        for (i, e) in entries.enumerated() {
            let cy = y + 8 + Double(i) * 18
            canvas.open("class=\"legend-entry\" data-name=\"\(xmlEscape(e.name))\"")
            if e.band { canvas.rect(x: x, y: cy - 6, width: 22, height: 12, fill: Color.white.mixed(with: e.color, bandOpacity), attributes: "class=\"band\"") }
            if e.showsLine {
                canvas.line(x, cy, x + 22, cy, stroke: e.color, width: 2, dash: e.style.dashPattern())
            }
            if let marker = e.marker {
                canvas.marker(marker, x: x + 11, y: cy, r: 3.5, fill: e.color)
            }
            canvas.text(e.name, x: x + 28, y: cy + 4, size: 11)
            canvas.close()
        }
        canvas.close()
    }
}
