// Reference lines in scatter plots: y = x for predictions against truth, y = 0 for residuals.

/// A straight line `y = slope·x + intercept` drawn across a scatter plot's frame.
public struct ReferenceLine: Sendable, Equatable {
    /// The slope.
    public var slope: Double
    /// The value at x = 0.
    public var intercept: Double
    /// The legend entry's text; empty for none.
    public var name: String
    /// How the (grey) line is drawn: dashed, or dotted to tell a second line apart.
    public var style: LineStyle

    /// A reference line.
    public init(slope: Double, intercept: Double, name: String = "", style: LineStyle = .dashed) {
        self.slope = slope
        self.intercept = intercept
        self.name = name
        self.style = style
    }

    /// `y = x` (a perfect prediction).
    public static let identity = ReferenceLine(slope: 1, intercept: 0, name: "y = x")
    /// `y = 0`.
    public static let zero = ReferenceLine(slope: 0, intercept: 0, name: "y = 0")
}

extension ScatterPlot {
    /// The legend entries of the named reference lines (grey, in their style).
    var referenceLegend: [LegendEntry] {
        referenceLines.filter { !$0.name.isEmpty }.map { LegendEntry(name: $0.name, color: .axisGray, style: $0.style) }
    }

    /// Each reference line, clipped to the frame's x range (and to its y range, so it never leaves it).
    func drawReferenceLines(_ frame: ChartFrame, into canvas: inout SVGCanvas) {
        guard !referenceLines.isEmpty else { return }
        canvas.open("class=\"reference-lines\"")
        for line in referenceLines {
            let (x0, x1) = (frame.xTicks.lower, frame.xTicks.upper), (y0, y1) = (frame.yTicks.lower, frame.yTicks.upper)
            // Clip y = a·x + b to the rectangle [x0, x1] × [y0, y1].
            var lo = x0, hi = x1
            if line.slope != 0 {
                let ya = (y0 - line.intercept) / line.slope, yb = (y1 - line.intercept) / line.slope
                lo = max(lo, min(ya, yb)); hi = min(hi, max(ya, yb))
            } else if line.intercept < y0 || line.intercept > y1 {
                continue
            }
            guard lo < hi else { continue }
            canvas.line(
                frame.px(lo), frame.py(line.slope * lo + line.intercept), frame.px(hi), frame.py(line.slope * hi + line.intercept),
                stroke: .axisGray, width: 1.5, dash: line.style.dashPattern(width: 1.5),
                attributes: "class=\"reference-line\"")
        }
        canvas.close()
    }
}
