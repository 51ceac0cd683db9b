// Line plots: several series over a shared x axis (loss and accuracy curves, sweeps overlaid).
import NKCore

/// A line plot of one or more series, with nice ticks, axis labels, a title and a legend on the
/// right (shown when there is more than one series or any series is named).
///
/// Each series gets `Color.palette(i)` unless it sets a colour. Points whose x or y is not finite
/// are skipped and split the line.
public struct LinePlot: Figure {
    /// The title, drawn centred at the top; `nil` for none.
    public var title: String?
    /// The horizontal axis.
    public var x: Axis
    /// The vertical axis.
    public var y: Axis
    /// The series, drawn in order.
    public var series: [LineSeries]
    /// Width and height in pixels.
    public var size: (width: Double, height: Double)

    /// A line plot.
    public init(
        title: String? = nil, x: Axis = Axis(), y: Axis = Axis(), series: [LineSeries],
        size: (width: Double, height: Double) = (640, 400)
    ) {
        self.title = title
        self.x = x
        self.y = y
        self.series = series
        self.size = size
    }

    var what: String { "line plot" + (title.map { " '\($0)'" } ?? "") }

    func frame() throws -> ChartFrame {
        var xs: [Double] = [], ys: [Double] = []
        for s in series {
            guard s.x.count == s.y.count else {
                throw NeuralKitError.shape("\(what): series '\(s.name)' has \(s.x.count) x values but \(s.y.count) y values")
            }
            for (a, b) in zip(s.x, s.y) where a.isFinite && b.isFinite { xs.append(a); ys.append(b) }
            if let band = s.band {
                guard band.lower.count == s.x.count, band.upper.count == s.x.count else {
                    throw NeuralKitError.shape("\(what): the band of series '\(s.name)' has \(band.lower.count) lower and \(band.upper.count) upper values for \(s.x.count) x values")
                }
                ys += band.lower.filter(\.isFinite) + band.upper.filter(\.isFinite)
            }
        }
        let xt = try x.ticks(dataLower: xs.min() ?? .nan, dataUpper: xs.max() ?? .nan, what: what)
        let yt = try y.ticks(dataLower: ys.min() ?? .nan, dataUpper: ys.max() ?? .nan, what: what)
        return ChartFrame(
            width: size.width, height: size.height, hasTitle: title != nil, x: x, y: y,
            xTicks: xt, yTicks: yt, legendWidth: LegendEntry.width(of: legend))
    }

    /// The legend entries: one per named series.
    public var legend: [LegendEntry] {
        series.enumerated().compactMap { i, s in
            s.name.isEmpty ? nil : LegendEntry(name: s.name, color: s.color ?? .palette(i), marker: s.markers ? .circle : nil, style: s.style, band: s.band != nil)
        }
    }

    /// The plot as SVG: axes, one polyline per unbroken run of each series, markers, legend.
    public func canvas() throws -> SVGCanvas {
        let frame = try frame()
        var canvas = SVGCanvas(width: size.width, height: size.height)
        canvas.title(title)
        frame.draw(into: &canvas)
        for (i, s) in series.enumerated() { if let band = s.band { drawBand(band, x: s.x, color: s.color ?? .palette(i), frame: frame, into: &canvas) } }
        for (i, s) in series.enumerated() {
            let color = s.color ?? .palette(i)
            canvas.open("class=\"series\" data-name=\"\(xmlEscape(s.name))\"")
            var run: [(Double, Double)] = []
            var runs: [[(Double, Double)]] = []
            for (a, b) in zip(s.x, s.y) {
                if a.isFinite && b.isFinite { run.append((frame.px(a), frame.py(b))) } else if !run.isEmpty { runs.append(run); run = [] }
            }
            if !run.isEmpty { runs.append(run) }
            for r in runs where r.count > 1 {
                canvas.polyline(r, stroke: color, width: 2, dash: s.style.dashPattern(), attributes: "class=\"line\"")
            }
            for r in runs where s.markers || r.count == 1 {
                for p in r { canvas.marker(.circle, x: p.0, y: p.1, r: 3, fill: color, attributes: "class=\"marker\"") }
            }
            canvas.close()
        }
        LegendEntry.draw(legend, x: frame.right + 12, y: frame.top, into: &canvas)
        return canvas
    }

    /// A band as one polygon per unbroken run of finite values: along the upper edge, back along the lower.
    func drawBand(_ band: LineSeries.Band, x: [Double], color: Color, frame: ChartFrame, into canvas: inout SVGCanvas) {
        var runs: [[Int]] = [[]]
        for i in x.indices {
            if x[i].isFinite && band.lower[i].isFinite && band.upper[i].isFinite { runs[runs.count - 1].append(i) } else if !runs[runs.count - 1].isEmpty { runs.append([]) }
        }
        for run in runs where run.count > 1 {
            let points = run.map { (frame.px(x[$0]), frame.py(band.upper[$0])) } + run.reversed().map { (frame.px(x[$0]), frame.py(band.lower[$0])) }
            canvas.polygon(points, fill: color, opacity: LegendEntry.bandOpacity, attributes: "class=\"band\"")
        }
    }

}
