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

    /// With probabilities the plane is a smooth image (no staircase of rectangles) and the
    /// boundary is drawn where p = 0.5: here p(class 1) = x on 0...1, so at x = 0.5.
    @Test func probabilitiesShadeThePlaneAndDrawTheBoundary() throws {
        let n = 20
        let p = (0..<(n * n)).map { cell in (Double(cell % n) + 0.5) / Double(n) }
        var plot = try DecisionBoundaryPlot(
            xRange: 0...1, yRange: 0...1, grid: p.map { $0 > 0.5 ? 1 : 0 }, gridWidth: n, gridHeight: n)
        try plot.shade(probabilities: p.flatMap { [1 - $0, $0] }, classCount: 2)
        let svg = try ParsedSVG(try plot.svg())
        #expect(svg.all("rect", class: "region").isEmpty)
        let image = try #require(svg.first("image", class: "probabilities"))
        #expect(image["style"] == nil)  // interpolated, not pixelated
        let f = try #require(svg.first("rect", class: "frame"))
        let middle = f.number("x")! + f.number("width")! / 2
        let segments = svg.all("line", class: "boundary-segment")
        #expect(segments.count == n - 1)  // one per square of four neighbouring cells along the line
        #expect(segments.allSatisfy { abs($0.number("x1")! - middle) <= 0.02 && abs($0.number("x2")! - middle) <= 0.02 })
        // The PNG is white on the boundary and deepens towards class 1's colour at the right.
        let (png, _) = try decodePNG(try plot.png(scale: 1))
        let y = Int(f.number("y")! + f.number("height")! / 3)
        let near = png.pixel(Int(middle) + 3, y), far = png.pixel(Int(f.number("x")! + f.number("width")!) - 3, y)
        #expect(near[0] > far[0] && far[0] < 255 && near.allSatisfy { $0 > 200 })
        #expect(throws: NeuralKitError.self) { try plot.shade(probabilities: [0.5], classCount: 2) }
    }

    @Test func contoursInterpolateAlongEdges() {
        // f = column − 1.2 on a 3 × 2 grid: the level-0 line crosses each row at column 1.2.
        let segments = ContourLines.segments([-1.2, -0.2, 0.8, -1.2, -0.2, 0.8], width: 3, height: 2, level: 0)
        #expect(segments.count == 1)
        let (a, b) = segments[0]
        #expect(abs(a.0 - 1.2) < 1e-12 && abs(b.0 - 1.2) < 1e-12 && Set([a.1, b.1]) == [0, 1])
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
