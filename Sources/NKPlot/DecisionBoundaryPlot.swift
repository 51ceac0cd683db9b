// Decision boundaries of a 2-D classifier: a grid of class regions with the training points on top.
import NKCore

/// The class regions of a classifier over a rectangle of the plane, drawn as light tints of the
/// class colours, with the labelled points on top in full colour.
///
/// The grid has `gridWidth × gridHeight` cells; `grid[row · gridWidth + column]` is the class at the
/// cell centre `(xRange.lower + (column + ½)·dx, yRange.lower + (row + ½)·dy)`: row 0 is the
/// **bottom** row, as in the plane. `gridPoints` gives those centres as a `(gridWidth·gridHeight, 2)`
/// tensor in the same order, to classify in one batch.
///
/// ```swift
/// let (xr, yr) = DecisionBoundaryPlot.ranges(xs: xs, ys: ys)
/// let centres = DecisionBoundaryPlot.gridPoints(xRange: xr, yRange: yr, gridWidth: 150, gridHeight: 150)
/// let grid = argmax(model.forward(centres))            // [Int], one class per row
/// let plot = try DecisionBoundaryPlot(xRange: xr, yRange: yr, grid: grid, gridWidth: 150, gridHeight: 150,
///                                     xs: xs, ys: ys, classes: labels)
/// ```
public struct DecisionBoundaryPlot: Figure {
    /// The title; `nil` for none.
    public var title: String?
    /// The horizontal axis (label only: the range is `xRange`, the scale linear).
    public var x: Axis
    /// The vertical axis (label only: the range is `yRange`, the scale linear).
    public var y: Axis
    /// The x range the grid covers.
    public let xRange: ClosedRange<Double>
    /// The y range the grid covers.
    public let yRange: ClosedRange<Double>
    /// Class per cell, row-major from the bottom row; `gridWidth · gridHeight` entries.
    public let grid: [Int]
    /// Cells per row.
    public let gridWidth: Int
    /// Rows of cells.
    public let gridHeight: Int
    /// The points drawn on top, as in `ScatterPlot`.
    public var xs: [Double], ys: [Double], classes: [Int]
    /// Legend names per class index.
    public var classNames: [String]
    /// Width and height in pixels.
    public var size: (width: Double, height: Double)
    /// Per grid cell, the probability of each class (`probabilities[cell · classCount + k]`, cells in
    /// grid order), or `nil`. With them the plane is shaded smoothly by the probability of the
    /// predicted class (white where the top two classes tie, the class tint where it is certain) and
    /// the boundaries, where the two likeliest classes are equally likely (p = 0.5 for two
    /// classes), are drawn as lines; without them, each cell is tinted flat by its class.
    public private(set) var probabilities: [Double]?
    /// The number of classes `probabilities` holds per cell.
    public private(set) var classCount = 0

    /// A plot from a precomputed grid of classes.
    /// - Throws: `NeuralKitError.shape` when the grid or point arrays have the wrong lengths,
    ///   `.argument` for an empty range.
    public init(
        title: String? = nil, x: Axis = Axis(label: "x₁"), y: Axis = Axis(label: "x₂"),
        xRange: ClosedRange<Double>, yRange: ClosedRange<Double>, grid: [Int], gridWidth: Int, gridHeight: Int,
        xs: [Double] = [], ys: [Double] = [], classes: [Int] = [], classNames: [String] = [],
        size: (width: Double, height: Double) = (560, 480)
    ) throws {
        let what = "decision boundary plot" + (title.map { " '\($0)'" } ?? "")
        guard gridWidth > 0, gridHeight > 0, grid.count == gridWidth * gridHeight else {
            throw NeuralKitError.shape("\(what): a \(gridWidth)×\(gridHeight) grid needs \(max(gridWidth, 0) * max(gridHeight, 0)) classes, got \(grid.count)")
        }
        guard xRange.upperBound > xRange.lowerBound, yRange.upperBound > yRange.lowerBound,
            [xRange.lowerBound, xRange.upperBound, yRange.lowerBound, yRange.upperBound].allSatisfy(\.isFinite)
        else {
            throw NeuralKitError.argument("\(what): the ranges \(xRange) and \(yRange) must be finite and non-empty")
        }
        guard xs.count == ys.count, classes.count == xs.count else {
            throw NeuralKitError.shape("\(what): \(xs.count) x values, \(ys.count) y values and \(classes.count) classes; they must be equal")
        }
        self.title = title; self.x = x; self.y = y
        self.xRange = xRange; self.yRange = yRange
        self.grid = grid; self.gridWidth = gridWidth; self.gridHeight = gridHeight
        self.xs = xs; self.ys = ys; self.classes = classes; self.classNames = classNames
        self.size = size
    }

    /// A plot whose grid is filled by calling `classify(x, y)` at every cell centre.
    public init(
        title: String? = nil, x: Axis = Axis(label: "x₁"), y: Axis = Axis(label: "x₂"),
        xRange: ClosedRange<Double>, yRange: ClosedRange<Double>, resolution: Int = 150,
        xs: [Double] = [], ys: [Double] = [], classes: [Int] = [], classNames: [String] = [],
        classify: (Double, Double) throws -> Int
    ) throws {
        let n = max(resolution, 1)
        let dx = (xRange.upperBound - xRange.lowerBound) / Double(n), dy = (yRange.upperBound - yRange.lowerBound) / Double(n)
        var grid: [Int] = []
        grid.reserveCapacity(n * n)
        for row in 0..<n {
            for column in 0..<n {
                grid.append(try classify(xRange.lowerBound + (Double(column) + 0.5) * dx, yRange.lowerBound + (Double(row) + 0.5) * dy))
            }
        }
        try self.init(
            title: title, x: x, y: y, xRange: xRange, yRange: yRange, grid: grid, gridWidth: n, gridHeight: n,
            xs: xs, ys: ys, classes: classes, classNames: classNames)
    }

    /// The cell centres, `(gridWidth · gridHeight, 2)`, in grid order (bottom row first).
    public static func gridPoints(xRange: ClosedRange<Double>, yRange: ClosedRange<Double>, gridWidth: Int, gridHeight: Int) -> Tensor {
        let w = max(gridWidth, 1), h = max(gridHeight, 1)
        let dx = (xRange.upperBound - xRange.lowerBound) / Double(w), dy = (yRange.upperBound - yRange.lowerBound) / Double(h)
        var scalars: [Float] = []
        scalars.reserveCapacity(2 * w * h)
        for row in 0..<h {
            for column in 0..<w {
                scalars.append(Float(xRange.lowerBound + (Double(column) + 0.5) * dx))
                scalars.append(Float(yRange.lowerBound + (Double(row) + 0.5) * dy))
            }
        }
        return Tensor(shape: [w * h, 2], scalars: scalars)
    }

    /// Ranges covering the points with a `margin` fraction of their extent on each side
    /// (`-1...1` for no finite points).
    public static func ranges(xs: [Double], ys: [Double], margin: Double = 0.1) -> (x: ClosedRange<Double>, y: ClosedRange<Double>) {
        func range(_ v: [Double]) -> ClosedRange<Double> {
            let f = v.filter(\.isFinite)
            guard let lo = f.min(), let hi = f.max() else { return -1...1 }
            let pad = hi > lo ? (hi - lo) * margin : max(abs(lo) * 0.1, 1)
            return (lo - pad)...(hi + pad)
        }
        return (range(xs), range(ys))
    }

    /// The tint of a class region.
    static func regionColor(_ k: Int) -> Color { Color.palette(k).mixed(with: .white, 0.7) }

    /// Shades the plane by `probabilities` (see the property; `classCount` values per grid cell).
    /// - Throws: `NeuralKitError.shape` when there are not `classCount` values for every cell.
    public mutating func shade(probabilities: [Double], classCount: Int) throws {
        guard classCount >= 2, probabilities.count == classCount * gridWidth * gridHeight else {
            throw NeuralKitError.shape(
                "decision boundary plot: \(probabilities.count) probabilities for a \(gridWidth)×\(gridHeight) grid of \(classCount) classes")
        }
        self.probabilities = probabilities
        self.classCount = classCount
    }

    /// The shading of the probabilities, one pixel per cell (top row first): the predicted class's
    /// colour, mixed with white in proportion to how far its probability is above a tie (1/K).
    func probabilityImage(_ p: [Double]) -> RGBImage {
        var image = RGBImage(width: gridWidth, height: gridHeight)
        let k = classCount, floor = 1 / Double(classCount)
        for row in 0..<gridHeight {
            for column in 0..<gridWidth {
                let cell = row * gridWidth + column
                let probs = p[(cell * k)..<(cell * k + k)]
                let best = probs.indices.max { probs[$0] < probs[$1] }! - cell * k
                let strength = min(max((probs[cell * k + best] - floor) / (1 - floor), 0), 1)
                image[column, gridHeight - 1 - row] = Color.white.mixed(with: .palette(best), 0.55 * strength)
            }
        }
        return image
    }

    /// For class `k`: its probability minus the largest other one, per cell; 0 on its boundary.
    func margin(_ p: [Double], class k: Int) -> [Double] {
        (0..<(gridWidth * gridHeight)).map { cell in
            let probs = p[(cell * classCount)..<(cell * classCount + classCount)]
            let other = probs.indices.filter { $0 != cell * classCount + k }.map { probs[$0] }.max() ?? 0
            return probs[cell * classCount + k] - other
        }
    }

    var legend: [LegendEntry] {
        Set(classes + grid).sorted().map { k in
            LegendEntry(
                name: k >= 0 && k < classNames.count ? classNames[k] : "class \(k)", color: .palette(k),
                showsLine: false, marker: .forClass(k))
        }
    }

    /// The plot as SVG: the probability shading and the boundary lines (or tinted class regions, one
    /// rectangle per run of equal cells), axes, points, legend.
    public func canvas() throws -> SVGCanvas {
        func inside(_ r: ClosedRange<Double>, _ n: Int) -> TickSet {
            let t = Ticks.linear(lower: r.lowerBound, upper: r.upperBound, targetCount: n)
            let keep = t.values.indices.filter { r.contains(t.values[$0]) }
            return TickSet(lower: r.lowerBound, upper: r.upperBound, values: keep.map { t.values[$0] }, labels: keep.map { t.labels[$0] })
        }
        let frame = ChartFrame(
            width: size.width, height: size.height, hasTitle: title != nil, x: x, y: y,
            xTicks: inside(xRange, x.tickCount), yTicks: inside(yRange, y.tickCount),
            legendWidth: LegendEntry.width(of: legend), margin: 0)
        var canvas = SVGCanvas(width: size.width, height: size.height)
        canvas.title(title)
        let dx = (xRange.upperBound - xRange.lowerBound) / Double(gridWidth), dy = (yRange.upperBound - yRange.lowerBound) / Double(gridHeight)
        if let probabilities {
            let x0 = frame.px(xRange.lowerBound), x1 = frame.px(xRange.upperBound)
            let yTop = frame.py(yRange.upperBound), yBottom = frame.py(yRange.lowerBound)
            canvas.image(
                probabilityImage(probabilities), x: x0, y: yTop, width: x1 - x0, height: yBottom - yTop, smooth: true,
                attributes: "class=\"probabilities\"")
        } else {
            canvas.open("class=\"regions\" shape-rendering=\"crispEdges\"")
            for row in 0..<gridHeight {
                // One rectangle per run of equal classes keeps the SVG small (boundaries are few).
                var column = 0
                while column < gridWidth {
                    let k = grid[row * gridWidth + column]
                    var end = column + 1
                    while end < gridWidth, grid[row * gridWidth + end] == k { end += 1 }
                    let x0 = frame.px(xRange.lowerBound + Double(column) * dx), x1 = frame.px(xRange.lowerBound + Double(end) * dx)
                    let yTop = frame.py(yRange.lowerBound + Double(row + 1) * dy), yBottom = frame.py(yRange.lowerBound + Double(row) * dy)
                    canvas.rect(
                        x: x0, y: yTop, width: x1 - x0, height: yBottom - yTop, fill: Self.regionColor(k),
                        attributes: "class=\"region\" data-class=\"\(k)\"")
                    column = end
                }
            }
            canvas.close()
        }
        frame.draw(into: &canvas)
        if let probabilities {
            // Cell centres sit half a cell inside the ranges: grid point (c, r) is at x0 + (c + ½)·dx.
            canvas.open("class=\"boundary\"")
            for k in (classCount == 2 ? 1..<2 : 0..<classCount) {
                for (a, b) in ContourLines.segments(margin(probabilities, class: k), width: gridWidth, height: gridHeight, level: 0) {
                    func point(_ g: (Double, Double)) -> (Double, Double) {
                        (frame.px(xRange.lowerBound + (g.0 + 0.5) * dx), frame.py(yRange.lowerBound + (g.1 + 0.5) * dy))
                    }
                    let (p, q) = (point(a), point(b))
                    canvas.line(p.0, p.1, q.0, q.1, stroke: Color(hex: 0x333333), width: 1.5, attributes: "class=\"boundary-segment\"")
                }
            }
            canvas.close()
        }
        canvas.open("class=\"points\"")
        for i in xs.indices where xs[i].isFinite && ys[i].isFinite {
            let k = classes[i]
            canvas.marker(
                .forClass(k), x: frame.px(xs[i]), y: frame.py(ys[i]), r: 3.5, fill: .palette(k),
                stroke: Color(hex: 0x333333), attributes: "class=\"point\" data-class=\"\(k)\"")
        }
        canvas.close()
        LegendEntry.draw(legend, x: frame.right + 12, y: frame.top, into: &canvas)
        return canvas
    }

}
