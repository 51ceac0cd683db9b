// The resolved frame of a chart: the plot rectangle, both axes' ticks, and the data-to-pixel map.

/// Maps data to pixels and draws the axes, grid, ticks and labels of a 2-D chart.
///
/// The plot rectangle spans `left...right` horizontally and `top...bottom` vertically (pixels,
/// y growing downwards). The axis domains fill it less a margin of `margin` of its width (height)
/// on each side, so that data at the ends of an axis does not touch the frame: a value `v` on a
/// linear x axis lands at `x0 + (v - lower) / (upper - lower) · (x1 - x0)`, with
/// `x0 = left + margin·(right - left)` and `x1 = right - margin·(right - left)`; a log axis uses
/// `log10` of `v`, `lower` and `upper`.
struct ChartFrame {
    let left: Double, right: Double, top: Double, bottom: Double
    /// The share of the plot's width and height left empty at each end of the axes (0.05: 5 %).
    let margin: Double
    let x: Axis, y: Axis
    let xTicks: TickSet, yTicks: TickSet
    /// Category names along x (bar charts); `nil` for a numeric x axis.
    let categories: [String]?

    /// Figure size, margins from the labels, and a right margin wide enough for `legendWidth`.
    init(
        width: Double, height: Double, hasTitle: Bool, x: Axis, y: Axis, xTicks: TickSet, yTicks: TickSet,
        legendWidth: Double = 0, categories: [String]? = nil, margin: Double = 0.05
    ) {
        self.margin = margin
        let yLabelWidth = yTicks.labels.map { textWidth($0, size: 11) }.max() ?? 0
        let centred = Self.pixelCentre
        self.left = centred(20 + (y.label.isEmpty ? 0 : 18) + yLabelWidth)
        self.right = centred(width - 16 - (legendWidth > 0 ? legendWidth + 12 : 0))
        self.top = centred(hasTitle ? 36 : 14)
        self.bottom = centred(height - 24 - (x.label.isEmpty ? 0 : 18))
        self.x = x; self.y = y
        self.xTicks = xTicks; self.yTicks = yTicks
        self.categories = categories
    }

    /// The pixel centre nearest to `v`: 1-pixel lines drawn there (frame, grid, ticks) are crisp in
    /// the SVG and in PNGs at any integer scale, instead of a blurred 2-pixel band.
    static func pixelCentre(_ v: Double) -> Double { (v - 0.5).rounded() + 0.5 }

    func px(_ v: Double) -> Double {
        let t0 = x.scale.transform(xTicks.lower), t1 = x.scale.transform(xTicks.upper)
        let pad = margin * (right - left)
        return left + pad + (x.scale.transform(v) - t0) / (t1 - t0) * (right - left - 2 * pad)
    }

    func py(_ v: Double) -> Double {
        let t0 = y.scale.transform(yTicks.lower), t1 = y.scale.transform(yTicks.upper)
        let pad = margin * (bottom - top)
        return bottom - pad - (y.scale.transform(v) - t0) / (t1 - t0) * (bottom - top - 2 * pad)
    }

    /// The centre of category `i` and the width of its slot.
    func category(_ i: Int) -> (center: Double, slot: Double) {
        let n = Double(max(categories?.count ?? 1, 1))
        let slot = (right - left) / n
        return (left + (Double(i) + 0.5) * slot, slot)
    }

    /// Grid lines, the frame, tick marks, tick labels and axis labels.
    func draw(into canvas: inout SVGCanvas) {
        let grid = Color(hex: 0xE5E5E5)
        canvas.open("class=\"axes\"")
        for (v, label) in zip(yTicks.values, yTicks.labels) {
            let yy = py(v), line = Self.pixelCentre(yy)
            canvas.line(left, line, right, line, stroke: grid, attributes: "class=\"grid-y\"")
            canvas.line(left - 5, line, left, line, stroke: .axisGray, attributes: "class=\"tick-y\"")
            canvas.text(
                label, x: left - 8, y: yy + 4, size: 11, anchor: .end, fill: .axisGray,
                attributes: "class=\"tick-label-y\" data-value=\"\(dataNumber(v))\"")
        }
        if let categories {
            for (i, name) in categories.enumerated() {
                let c = category(i).center, line = Self.pixelCentre(c)
                canvas.line(line, bottom, line, bottom + 5, stroke: .axisGray, attributes: "class=\"tick-x\"")
                canvas.text(
                    name, x: c, y: bottom + 18, size: 11, anchor: .middle, fill: .axisGray,
                    attributes: "class=\"tick-label-x\"")
            }
        } else {
            for (v, label) in zip(xTicks.values, xTicks.labels) {
                let xx = px(v), line = Self.pixelCentre(xx)
                canvas.line(line, top, line, bottom, stroke: grid, attributes: "class=\"grid-x\"")
                canvas.line(line, bottom, line, bottom + 5, stroke: .axisGray, attributes: "class=\"tick-x\"")
                canvas.text(
                    label, x: xx, y: bottom + 18, size: 11, anchor: .middle, fill: .axisGray,
                    attributes: "class=\"tick-label-x\" data-value=\"\(dataNumber(v))\"")
            }
        }
        canvas.rect(
            x: left, y: top, width: right - left, height: bottom - top, fill: nil, stroke: .axisGray,
            attributes: "class=\"frame\"")
        if !x.label.isEmpty {
            canvas.text(
                x.label, x: (left + right) / 2, y: bottom + 38, size: 12, anchor: .middle,
                attributes: "class=\"axis-label-x\"")
        }
        if !y.label.isEmpty {
            let cy = (top + bottom) / 2
            canvas.text(y.label, x: 16, y: cy, size: 12, anchor: .middle, rotate: -90, attributes: "class=\"axis-label-y\"")
        }
        canvas.close()
    }
}
