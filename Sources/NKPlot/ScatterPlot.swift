// 2-D scatter plots coloured by class (embeddings, PCA/t-SNE projections, datasets).
import NKCore

/// Points in the plane, class `k` drawn in `Color.palette(k)` with `MarkerShape.forClass(k)`, and a
/// legend of class names on the right.
///
/// ```swift
/// let plot = try ScatterPlot(title: "t-SNE", points: embedding /* (n, 2) */, classes: labels,
///                            classNames: (0..<10).map(String.init))
/// ```
public struct ScatterPlot: Figure {
    /// The title; `nil` for none.
    public var title: String?
    /// The horizontal axis.
    public var x: Axis
    /// The vertical axis.
    public var y: Axis
    /// Point x coordinates.
    public var xs: [Double]
    /// Point y coordinates, one per x.
    public var ys: [Double]
    /// The class of each point (0-based), one per x; all 0 draws one colour.
    public var classes: [Int]
    /// Legend names per class index; classes without a name are labelled `class k`.
    public var classNames: [String]
    /// Marker half-size in pixels.
    public var markerSize: Double
    /// Straight lines `y = slope·x + intercept` drawn under the points (`y = x` for predicted against
    /// actual values, `y = 0` for residuals), each with a legend name.
    public var referenceLines: [ReferenceLine] = []
    /// Width and height in pixels.
    public var size: (width: Double, height: Double)
    /// The markers' fill opacity: below 1 dense clouds show where points pile up.
    public var opacity = 0.8
    /// Whether one unit spans as many pixels along x as along y (a projection such as PCA, whose
    /// distances mean the same in both directions): the shorter range is widened about its centre.
    public var equalAxes = false

    /// A scatter plot from coordinate arrays.
    public init(
        title: String? = nil, x: Axis = Axis(), y: Axis = Axis(), xs: [Double], ys: [Double],
        classes: [Int]? = nil, classNames: [String] = [], markerSize: Double = 3,
        size: (width: Double, height: Double) = (560, 460)
    ) {
        self.title = title
        self.x = x
        self.y = y
        self.xs = xs
        self.ys = ys
        self.classes = classes ?? Array(repeating: 0, count: xs.count)
        self.classNames = classNames
        self.markerSize = markerSize
        self.size = size
    }

    /// A scatter plot of the rows of a `(n, 2)` tensor.
    /// - Throws: `NeuralKitError.shape` when `points` is not `(n, 2)`.
    public init(
        title: String? = nil, x: Axis = Axis(), y: Axis = Axis(), points: Tensor, classes: [Int]? = nil,
        classNames: [String] = [], markerSize: Double = 3, size: (width: Double, height: Double) = (560, 460)
    ) throws {
        guard points.rank == 2, points.shape[1] == 2 else {
            throw NeuralKitError.shape("scatter plot\(title.map { " '\($0)'" } ?? ""): expected points of shape (n, 2), got \(describeShape(points.shape))")
        }
        let n = points.shape[0]
        self.init(
            title: title, x: x, y: y, xs: (0..<n).map { Double(points[$0, 0]) }, ys: (0..<n).map { Double(points[$0, 1]) },
            classes: classes, classNames: classNames, markerSize: markerSize, size: size)
    }

    var what: String { "scatter plot" + (title.map { " '\($0)'" } ?? "") }

    /// The legend: one entry per class that occurs, in class order.
    public var legend: [LegendEntry] {
        let present = Set(classes).sorted()
        guard present.count > 1 || !classNames.isEmpty else { return referenceLegend }
        return referenceLegend
            + present.map { k in
                LegendEntry(
                    name: k >= 0 && k < classNames.count ? classNames[k] : "class \(k)", color: .palette(k),
                    showsLine: false, marker: .forClass(k))
            }
    }

    func validate() throws {
        guard xs.count == ys.count, classes.count == xs.count else {
            throw NeuralKitError.shape("\(what): \(xs.count) x values, \(ys.count) y values and \(classes.count) classes; they must be equal")
        }
    }

    func frame() throws -> ChartFrame {
        try validate()
        let finite = zip(xs, ys).filter { $0.0.isFinite && $0.1.isFinite }
        var xt = try x.ticks(dataLower: finite.map(\.0).min() ?? .nan, dataUpper: finite.map(\.0).max() ?? .nan, what: what)
        var yt = try y.ticks(dataLower: finite.map(\.1).min() ?? .nan, dataUpper: finite.map(\.1).max() ?? .nan, what: what)
        func frame() -> ChartFrame {
            ChartFrame(
                width: size.width, height: size.height, hasTitle: title != nil, x: x, y: y,
                xTicks: xt, yTicks: yt, legendWidth: LegendEntry.width(of: legend))
        }
        guard equalAxes, x.scale == .linear, y.scale == .linear else { return frame() }
        let (x0, y0) = (xt, yt)
        // Twice: widening changes the tick labels, whose width moves the frame's left edge.
        for _ in 0..<2 {
            let f = frame()
            let perPixel = max((x0.upper - x0.lower) / (f.right - f.left), (y0.upper - y0.lower) / (f.bottom - f.top))
            xt = Self.widened(x0, to: perPixel * (f.right - f.left))
            yt = Self.widened(y0, to: perPixel * (f.bottom - f.top))
        }
        return frame()
    }

    /// `ticks`' domain widened about its centre to `span`, with nice ticks inside it.
    static func widened(_ ticks: TickSet, to span: Double) -> TickSet {
        guard span > ticks.upper - ticks.lower else { return ticks }
        let centre = (ticks.lower + ticks.upper) / 2, lower = centre - span / 2, upper = centre + span / 2
        let t = Ticks.linear(lower: lower, upper: upper)
        let kept = t.values.indices.filter { t.values[$0] >= lower - 1e-12 && t.values[$0] <= upper + 1e-12 }
        return TickSet(lower: lower, upper: upper, values: kept.map { t.values[$0] }, labels: kept.map { t.labels[$0] })
    }

    /// The plot as SVG: axes, one marker per finite point, legend of classes.
    public func canvas() throws -> SVGCanvas {
        let frame = try frame()
        var canvas = SVGCanvas(width: size.width, height: size.height)
        canvas.title(title)
        frame.draw(into: &canvas)
        drawReferenceLines(frame, into: &canvas)
        canvas.open("class=\"points\"")
        for i in xs.indices where xs[i].isFinite && ys[i].isFinite {
            let k = classes[i]
            canvas.marker(
                .forClass(k), x: frame.px(xs[i]), y: frame.py(ys[i]), r: markerSize, fill: .palette(k), opacity: opacity,
                attributes: "class=\"point\" data-class=\"\(k)\"")
        }
        canvas.close()
        LegendEntry.draw(legend, x: frame.right + 12, y: frame.top, into: &canvas)
        return canvas
    }

}
