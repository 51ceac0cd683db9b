// Tests of scatter plots: colour and shape by class, legend of class names, positions, errors.
import Foundation
import Testing
import NKCore
@testable import NKPlot

@Suite struct ScatterPlotTests {
    @Test func pointsAreColouredByClass() throws {
        let plot = ScatterPlot(xs: [0, 1, 2, 3], ys: [0, 1, 0, 1], classes: [0, 1, 2, 1], classNames: ["cat", "dog", "bird"])
        let svg = try ParsedSVG(try plot.svg())
        let points = svg.all(class: "point")
        #expect(points.count == 4)
        // Okabe–Ito: blue, vermillion, bluish green.
        let expected = ["0": "#0072b2", "1": "#d55e00", "2": "#009e73"]
        for p in points { #expect(p["fill"] == expected[p["data-class"]!]) }
        #expect(svg.all("g", class: "legend-entry").map { $0["data-name"] } == ["cat", "dog", "bird"])
    }

    @Test func pointPositionsFollowTheAxes() throws {
        let plot = ScatterPlot(xs: [-1, 1, 0], ys: [-1, 1, 0])
        let svg = try ParsedSVG(try plot.svg())
        let f = try #require(svg.first("rect", class: "frame"))
        let (fx, fy, fw, fh) = (f.number("x")!, f.number("y")!, f.number("width")!, f.number("height")!)
        // The axes span the data less a 5 % margin of the frame at each end.
        let (x, y, w, h) = (fx + 0.05 * fw, fy + 0.05 * fh, 0.9 * fw, 0.9 * fh)
        let points = svg.all("circle", class: "point")
        #expect(abs(points[0].number("cx")! - x) <= 0.01 && abs(points[0].number("cy")! - (y + h)) <= 0.01)
        #expect(abs(points[1].number("cx")! - (x + w)) <= 0.01 && abs(points[1].number("cy")! - y) <= 0.01)
        #expect(abs(points[2].number("cx")! - (x + w / 2)) <= 0.01)
        #expect(svg.all("g", class: "legend").isEmpty)  // one unnamed class: no legend
    }

    @Test func tenClassesGetTenColoursThenShapesChange() throws {
        let plot = ScatterPlot(
            xs: Array(repeating: 0, count: 12).indices.map(Double.init), ys: Array(repeating: 1, count: 12),
            classes: Array(0..<12))
        let svg = try ParsedSVG(try plot.svg())
        let points = svg.all(class: "point")
        #expect(points.filter { $0.name == "circle" }.count == 10)
        #expect(Set(points.prefix(10).map { $0["fill"] }).count == 10)
        #expect(points.filter { $0.name == "rect" }.map { $0["data-class"] } == ["10", "11"])
        #expect(points[10]["fill"] == points[0]["fill"])
        #expect(svg.all("g", class: "legend-entry").map { $0["data-name"] } == (0..<12).map { "class \($0)" })
    }

    /// Equal axes: one unit spans as many pixels across as up (a projection keeps its shape), the
    /// data 10 wide and 1 high notwithstanding; markers take the given opacity.
    @Test func equalAxesShareOneScale() throws {
        var plot = ScatterPlot(xs: [0, 10, 5], ys: [0, 1, 0.5])
        plot.equalAxes = true
        plot.opacity = 0.3
        let svg = try ParsedSVG(try plot.svg())
        let points = svg.all("circle", class: "point")
        let perUnitX = (points[1].number("cx")! - points[0].number("cx")!) / 10
        let perUnitY = (points[0].number("cy")! - points[1].number("cy")!) / 1
        #expect(abs(perUnitX - perUnitY) / perUnitX < 0.01, "\(perUnitX) vs \(perUnitY)")
        #expect(points.allSatisfy { $0["fill-opacity"] == "0.3" })
        plot.equalAxes = false
        let stretched = try ParsedSVG(try plot.svg()).all("circle", class: "point")
        #expect((stretched[0].number("cy")! - stretched[1].number("cy")!) > 5 * perUnitY)
    }

    @Test func tensorInputMustBeNByTwo() throws {
        let good = try ScatterPlot(points: Tensor(shape: [3, 2], scalars: [0, 0, 1, 2, 3, 4]), classes: [0, 1, 1])
        #expect(good.xs == [0, 1, 3] && good.ys == [0, 2, 4])
        #expect(throws: NeuralKitError.self) { try ScatterPlot(points: Tensor(zeros: [3, 3])) }
        #expect(throws: NeuralKitError.self) { try ScatterPlot(xs: [1, 2], ys: [1, 2], classes: [0]).svg() }
    }
}
