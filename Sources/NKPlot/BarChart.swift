// Bar charts: one value per named category (class probabilities of a sample, per-class accuracy).
import NKCore

/// Vertical bars, one per category, on a value axis that always includes 0.
///
/// ```swift
/// let bars = BarChart(title: "p(class | x)", categories: (0..<10).map(String.init),
///                     values: probabilities, highlighted: 3, y: Axis(label: "Probability", limits: 0...1))
/// ```
public struct BarChart: Figure {
    /// The title; `nil` for none.
    public var title: String?
    /// The category names, one per bar, written under the bars.
    public var categories: [String]
    /// The bar heights, one per category.
    public var values: [Double]
    /// A bar drawn in the second palette colour (e.g. the true class), or `nil`.
    public var highlighted: Int?
    /// The label under the categories.
    public var xLabel: String
    /// The value axis (linear; `limits` widen it).
    public var y: Axis
    /// Width and height in pixels.
    public var size: (width: Double, height: Double)

    /// A bar chart.
    public init(
        title: String? = nil, categories: [String], values: [Double], highlighted: Int? = nil,
        xLabel: String = "", y: Axis = Axis(), size: (width: Double, height: Double) = (560, 360)
    ) {
        self.title = title
        self.categories = categories
        self.values = values
        self.highlighted = highlighted
        self.xLabel = xLabel
        self.y = y
        self.size = size
    }

    var what: String { "bar chart" + (title.map { " '\($0)'" } ?? "") }

    func frame() throws -> ChartFrame {
        guard categories.count == values.count else {
            throw NeuralKitError.shape("\(what): \(categories.count) categories but \(values.count) values")
        }
        guard y.scale == .linear else { throw NeuralKitError.argument("\(what): bars need a linear value axis") }
        let finite = values.filter(\.isFinite)
        let yt = try y.ticks(dataLower: min(finite.min() ?? 0, 0), dataUpper: max(finite.max() ?? 1, 0), what: what)
        return ChartFrame(
            width: size.width, height: size.height, hasTitle: title != nil, x: Axis(label: xLabel), y: y,
            xTicks: TickSet(lower: 0, upper: 1, values: [], labels: []), yTicks: yt, categories: categories,
            margin: 0)  // bars stand on the frame
    }

    /// The bar of category `i`: left, top, width, height in pixels.
    func bar(_ i: Int, in frame: ChartFrame) -> (x: Double, y: Double, width: Double, height: Double) {
        let (center, slot) = frame.category(i)
        let zero = frame.py(0), top = frame.py(values[i]), w = slot * 0.7
        return (center - w / 2, min(top, zero), w, abs(zero - top))
    }

    /// The chart as SVG: value axis with nice ticks, one bar per category, category names underneath.
    public func canvas() throws -> SVGCanvas {
        let frame = try frame()
        var canvas = SVGCanvas(width: size.width, height: size.height)
        canvas.title(title)
        frame.draw(into: &canvas)
        canvas.open("class=\"bars\"")
        for (i, v) in values.enumerated() where v.isFinite {
            let b = bar(i, in: frame)
            canvas.rect(
                x: b.x, y: b.y, width: b.width, height: b.height,
                fill: i == highlighted ? .palette(1) : .palette(0),
                attributes: "class=\"bar\" data-category=\"\(xmlEscape(categories[i]))\" data-value=\"\(dataNumber(v))\"")
        }
        canvas.close()
        return canvas
    }

}
