// The colour scale beside a heatmap: a vertical strip from the lowest to the highest value, with ticks.

/// A vertical colour scale: `lower` at the bottom, `upper` at the top, nice ticks on the right and
/// its label written upwards beside them. Drawn as 64 bands, so that both back ends render it alike.
struct ColorBar {
    /// The horizontal room the bar, its tick labels and its label take.
    static let width: Double = 84
    let label: String
    let lower: Double
    let upper: Double
    let color: (Double) -> Color

    func draw(into canvas: inout SVGCanvas, x: Double, top: Double, height: Double) {
        let bands = 64, stripWidth = 14.0
        canvas.open("class=\"color-bar\" data-lower=\"\(dataNumber(lower))\" data-upper=\"\(dataNumber(upper))\"")
        for b in 0..<bands {
            let t = (Double(b) + 0.5) / Double(bands)
            let y0 = top + height * (1 - Double(b + 1) / Double(bands))
            canvas.rect(
                x: x, y: y0, width: stripWidth, height: height / Double(bands) + 0.5,
                fill: color(lower + t * (upper - lower)))
        }
        canvas.rect(x: x, y: top, width: stripWidth, height: height, fill: nil, stroke: .axisGray)
        if upper > lower {
            let ticks = Ticks.linear(lower: lower, upper: upper, targetCount: 4)
            for (v, text) in zip(ticks.values, ticks.labels) where v >= lower - 1e-9 && v <= upper + 1e-9 {
                let y = top + height * (1 - (v - lower) / (upper - lower))
                canvas.line(x + stripWidth, y, x + stripWidth + 4, y, stroke: .axisGray, attributes: "class=\"color-bar-tick\"")
                canvas.text(
                    text, x: x + stripWidth + 7, y: y + 4, size: 10, fill: .axisGray,
                    attributes: "class=\"color-bar-label\" data-value=\"\(dataNumber(v))\"")
            }
        }
        canvas.text(
            label, x: x + Self.width - 12, y: top + height / 2, size: 11, anchor: .middle, rotate: -90,
            attributes: "class=\"color-bar-title\"")
        canvas.close()
    }
}
