// Tests of line plots: points land where the axes put them, ticks, log scale, legend, errors.
import Foundation
import Testing
import NKCore
@testable import NKPlot

@Suite struct LinePlotTests {
    /// The plot rectangle, read from the SVG's frame element.
    func frame(_ svg: ParsedSVG) throws -> (x: Double, y: Double, w: Double, h: Double) {
        let f = try #require(svg.first("rect", class: "frame"))
        return (f.number("x")!, f.number("y")!, f.number("width")!, f.number("height")!)
    }

    /// Where the axes' domains lie: the frame less its 5 % margin at each end.
    func dataArea(_ svg: ParsedSVG) throws -> (x: Double, y: Double, w: Double, h: Double) {
        let f = try frame(svg)
        return (f.x + 0.05 * f.w, f.y + 0.05 * f.h, 0.9 * f.w, 0.9 * f.h)
    }

    @Test func pointsLandAtTheMappedPixels() throws {
        // x 0...4 and y 0...8 are already nice (steps 1 and 2), so the axes span exactly these ranges.
        let plot = LinePlot(
            title: "known", x: Axis(label: "epoch"), y: Axis(label: "loss"),
            series: [LineSeries(name: "train", x: [0, 1, 2, 3, 4], y: [8, 2, 4, 0, 6], markers: true)])
        let svg = try ParsedSVG(try plot.svg())
        let f = try dataArea(svg)
        let line = try #require(svg.first("polyline", class: "line"))
        let points = ParsedSVG.points(line["points"]!)
        let expected = zip([0.0, 1, 2, 3, 4], [8.0, 2, 4, 0, 6]).map { (f.x + $0 / 4 * f.w, f.y + f.h - $1 / 8 * f.h) }
        #expect(points.count == 5)
        for (p, e) in zip(points, expected) { #expect(abs(p.0 - e.0) <= 0.01 && abs(p.1 - e.1) <= 0.01, "\(p) vs \(e)") }
        let markers = svg.all("circle", class: "marker")
        #expect(markers.count == 5)
        #expect(abs(markers[2].number("cx")! - (f.x + f.w / 2)) <= 0.01 && abs(markers[2].number("cy")! - (f.y + f.h / 2)) <= 0.01)
        #expect(svg.root.number("width") == 640 && svg.root.number("height") == 400)
    }

    @Test func ticksSitAtNiceValuesAndTheirPixels() throws {
        let plot = LinePlot(series: [LineSeries(name: "a", x: [1, 10], y: [0.13, 0.87])])
        let svg = try ParsedSVG(try plot.svg())
        let f = try dataArea(svg)
        let yLabels = svg.all("text", class: "tick-label-y")
        #expect(yLabels.map(\.text) == ["0", "0.2", "0.4", "0.6", "0.8", "1.0"])
        for (i, label) in yLabels.enumerated() {  // label baseline is 4 px below the tick
            #expect(abs(label.number("y")! - 4 - (f.y + f.h - Double(i) / 5 * f.h)) <= 0.01)
        }
        let xLabels = svg.all("text", class: "tick-label-x")
        #expect(xLabels.map(\.text) == ["0", "2", "4", "6", "8", "10"])
        #expect(abs(xLabels[3].number("x")! - (f.x + 0.6 * f.w)) <= 0.01)
        #expect(svg.all("line", class: "tick-x").count == 6 && svg.all("line", class: "tick-y").count == 6)
    }

    @Test func logScalePutsDecadesAtEqualDistances() throws {
        let plot = LinePlot(
            y: Axis(label: "loss", scale: .log),
            series: [LineSeries(name: "loss", x: [0, 1, 2], y: [100, 10, 1])])
        let svg = try ParsedSVG(try plot.svg())
        let f = try dataArea(svg)
        let points = ParsedSVG.points(try #require(svg.first("polyline", class: "line"))["points"]!)
        // The domain runs from the decade 1 to the decade 100: 100 at the top of the data area, 1 at
        // its bottom, 10 halfway, and equal distances between the decades.
        #expect(abs(points[0].1 - f.y) <= 0.01)
        #expect(abs(points[1].1 - (f.y + f.h / 2)) <= 0.01)
        #expect(abs(points[2].1 - (f.y + f.h)) <= 0.01)
        #expect(abs((points[1].1 - points[0].1) - (points[2].1 - points[1].1)) <= 0.01)
        #expect(svg.all("text", class: "tick-label-y").map(\.text) == ["1", "10", "100"])
        #expect(svg.first("text", class: "axis-label-y")?.text == "loss")
    }

    /// Curves keep 5 % of the frame free at each end instead of running along its edges: the first
    /// and last points of a line sit inside the frame, not on it.
    @Test func curvesKeepAMarginInsideTheFrame() throws {
        let plot = LinePlot(series: [LineSeries(name: "", x: [0, 4], y: [0, 8])])
        let svg = try ParsedSVG(try plot.svg())
        let f = try frame(svg)
        let points = ParsedSVG.points(try #require(svg.first("polyline", class: "line"))["points"]!)
        #expect(abs(points[0].0 - (f.x + 0.05 * f.w)) <= 0.01 && abs(points[0].1 - (f.y + 0.95 * f.h)) <= 0.01)
        #expect(abs(points[1].0 - (f.x + 0.95 * f.w)) <= 0.01 && abs(points[1].1 - (f.y + 0.05 * f.h)) <= 0.01)
        // The grid still spans the whole frame.
        let grid = try #require(svg.first("line", class: "grid-y"))
        #expect(grid.number("x1") == f.x && grid.number("x2") == f.x + f.w)
    }

    /// On a log axis the lowest label is at or below the lowest point (0.1 for a loss down to
    /// 0.11; it was 0.15, above the data).
    @Test func theLowestLogLabelIsAtOrBelowTheData() throws {
        let plot = LinePlot(y: Axis(label: "loss", scale: .log), series: [LineSeries(name: "", y: [0.7, 0.3, 0.18, 0.11])])
        let svg = try ParsedSVG(try plot.svg())
        let values = svg.all("text", class: "tick-label-y").compactMap { $0.number("data-value") }
        #expect(values.min()! <= 0.11 && values.max()! >= 0.7, "\(values)")
        let lowest = try #require(svg.all("text", class: "tick-label-y").first)
        let points = ParsedSVG.points(try #require(svg.first("polyline", class: "line"))["points"]!)
        #expect(lowest.number("y")! - 4 >= points.last!.1 - 0.01)  // the label's tick is at or below the last point
    }

    @Test func logScaleRejectsNonPositiveValues() {
        let plot = LinePlot(title: "bad", y: Axis(label: "loss", scale: .log), series: [LineSeries(name: "t", y: [1, 0.5, 0])])
        #expect(throws: NeuralKitError.self) { try plot.svg() }
        do { _ = try plot.svg() } catch let e as NeuralKitError {
            #expect(e.message.contains("'bad'") && e.message.contains("log"))
        } catch { Issue.record("unexpected \(error)") }
    }

    @Test func legendNamesEverySeriesInPaletteColours() throws {
        let plot = LinePlot(series: [LineSeries(name: "train", y: [3, 2, 1]), LineSeries(name: "validation <x>", y: [3, 2.5, 2], dashed: true)])
        let text = try plot.svg()
        let svg = try ParsedSVG(text)
        let entries = svg.all("g", class: "legend-entry")
        #expect(entries.map { $0["data-name"] } == ["train", "validation <x>"])
        #expect(text.contains("validation &lt;x&gt;"))
        let lines = svg.all("polyline", class: "line")
        #expect(lines.map { $0["stroke"] } == ["#0072b2", "#d55e00"])  // Okabe–Ito blue, vermillion
        #expect(lines[0]["stroke-dasharray"] == nil && lines[1]["stroke-dasharray"] != nil)
        // Legend to the right of the plot area.
        let f = try frame(svg)
        let legendText = svg.all("text").filter { $0.inside("legend") }
        #expect(legendText.count == 2 && legendText.allSatisfy { $0.number("x")! > f.x + f.w })
    }

    @Test func missingValuesBreakTheLine() throws {
        let plot = LinePlot(series: [LineSeries(name: "val", y: [1, 2, .nan, 4, 5, 6])])
        let svg = try ParsedSVG(try plot.svg())
        let lines = svg.all("polyline", class: "line")
        #expect(lines.map { ParsedSVG.points($0["points"]!).count } == [2, 3])
    }

    @Test func mismatchedSeriesLengthsThrow() {
        let plot = LinePlot(series: [LineSeries(name: "a", x: [1, 2, 3], y: [1, 2])])
        #expect(throws: NeuralKitError.self) { try plot.svg() }
    }

    @Test func limitsWidenTheAxisButNeverClip() throws {
        let plot = LinePlot(y: Axis(label: "accuracy", limits: 0...1), series: [LineSeries(name: "acc", y: [0.5, 0.9, 1.2])])
        let labels = try ParsedSVG(try plot.svg()).all("text", class: "tick-label-y").map(\.text)
        // Covers 0...1.2: raw step 0.24 rounds up to 0.5 (axis 0...1.5), but 0.2 gives 6 intervals and a tighter axis.
        #expect(labels == ["0", "0.2", "0.4", "0.6", "0.8", "1.0", "1.2"])
    }
}
