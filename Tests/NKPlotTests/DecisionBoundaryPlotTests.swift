// Tests of decision-boundary plots: regions from the classifier, grid order, points on top, PNG.
import Foundation
import Testing
import NKCore
@testable import NKPlot

@Suite struct DecisionBoundaryPlotTests {
    @Test func regionsFollowTheClassifier() throws {
        // Class 1 right of x = 0.5, class 0 left of it, on 0...2 × 0...1.
        let plot = try DecisionBoundaryPlot(
            xRange: 0...2, yRange: 0...1, resolution: 20,
            xs: [0.25, 1.5], ys: [0.5, 0.5], classes: [0, 1], classNames: ["no", "yes"]
        ) { x, _ in
            x > 0.5 ? 1 : 0
        }
        let svg = try ParsedSVG(try plot.svg())
        let f = try #require(svg.first("rect", class: "frame"))
        let (fx, fw) = (f.number("x")!, f.number("width")!)
        let regions = svg.all("rect", class: "region")
        #expect(regions.count == 40)  // two runs per row, 20 rows
        let boundary = fx + fw / 4
        for r in regions {
            if r["data-class"] == "0" { #expect(abs(r.number("x")! + r.number("width")! - boundary) <= 0.02) } else { #expect(abs(r.number("x")! - boundary) <= 0.02) }
        }
        // Points drawn after (on top of) the regions, coloured by class.
        let names = svg.elements.map { $0.has(class: "region") ? "r" : $0.has(class: "point") ? "p" : "" }.filter { !$0.isEmpty }
        #expect(names.lastIndex(of: "r")! < names.firstIndex(of: "p")!)
        #expect(svg.all(class: "point").map { $0["fill"] } == ["#0072b2", "#d55e00"])
        #expect(svg.all("g", class: "legend-entry").map { $0["data-name"] } == ["no", "yes"])
    }

    @Test func gridPointsAreCellCentresBottomRowFirst() {
        let t = DecisionBoundaryPlot.gridPoints(xRange: 0...4, yRange: 10...12, gridWidth: 4, gridHeight: 2)
        #expect(t.shape == [8, 2])
        #expect(t.scalars == [0.5, 10.5, 1.5, 10.5, 2.5, 10.5, 3.5, 10.5, 0.5, 11.5, 1.5, 11.5, 2.5, 11.5, 3.5, 11.5])
    }

    @Test func precomputedGridPngPutsTheBottomRowAtTheBottom() throws {
        // Bottom row class 0, top row class 2.
        let plot = try DecisionBoundaryPlot(xRange: 0...1, yRange: 0...1, grid: [0, 0, 2, 2], gridWidth: 2, gridHeight: 2)
        let frame = try #require(ParsedSVG(try plot.svg()).first("rect", class: "frame"))
        let (x, y, w, h) = (frame.number("x")!, frame.number("y")!, frame.number("width")!, frame.number("height")!)
        let (png, _) = try decodePNG(try plot.png(scale: 1))
        #expect(png.width == 560 && png.height == 480)
        let tint0 = Color.okabeIto[0].mixed(with: .white, 0.7), tint2 = Color.okabeIto[2].mixed(with: .white, 0.7)
        #expect(png.pixel(Int(x + 0.3 * w), Int(y + 0.7 * h)) == [tint0.red, tint0.green, tint0.blue])
        #expect(png.pixel(Int(x + 0.7 * w), Int(y + 0.3 * h)) == [tint2.red, tint2.green, tint2.blue])
    }

    @Test func badGridsAndRangesThrow() {
        #expect(throws: NeuralKitError.self) {
            try DecisionBoundaryPlot(xRange: 0...1, yRange: 0...1, grid: [0, 1, 2], gridWidth: 2, gridHeight: 2)
        }
        #expect(throws: NeuralKitError.self) {
            try DecisionBoundaryPlot(xRange: 1...1, yRange: 0...1, grid: [0], gridWidth: 1, gridHeight: 1)
        }
        #expect(throws: NeuralKitError.self) {
            try DecisionBoundaryPlot(xRange: 0...1, yRange: 0...1, grid: [0], gridWidth: 1, gridHeight: 1, xs: [1], ys: [], classes: [0])
        }
    }

    @Test func rangesPadThePoints() {
        let (x, y) = DecisionBoundaryPlot.ranges(xs: [0, 10], ys: [5, 5], margin: 0.1)
        #expect(x == -1...11)
        #expect(y.lowerBound < 5 && y.upperBound > 5)
    }
}
