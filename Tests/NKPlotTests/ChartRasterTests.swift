// Tests of the PNG rasteriser of line and scatter plots: the same geometry as their SVG.
import Foundation
import Testing
import NKCore
@testable import NKPlot

@Suite struct ChartRasterTests {
    func frame(_ svg: ParsedSVG) throws -> (x: Double, y: Double, w: Double, h: Double) {
        let f = try #require(svg.first("rect", class: "frame"))
        return (f.number("x")!, f.number("y")!, f.number("width")!, f.number("height")!)
    }

    @Test func linePixelsFollowTheData() throws {
        // A diagonal from (0, 0) to (4, 8): its midpoint is the centre of the plot rectangle.
        let plot = LinePlot(series: [LineSeries(name: "", x: [0, 4], y: [0, 8])])
        let f = try frame(ParsedSVG(try plot.svg()))
        let (png, _) = try decodePNG(try plot.png(scale: 1))
        #expect(png.width == 640 && png.height == 400)
        let blue: [UInt8] = [0x00, 0x72, 0xB2]
        #expect(png.pixel(Int(f.x + f.w / 2), Int(f.y + f.h / 2)) == blue)
        // The 2-pixel line fully covers a pixel next to any point of it (edges are antialiased).
        #expect((-1...1).contains { dx in (-1...1).contains { png.pixel(Int(f.x + f.w * 0.75) + dx, Int(f.y + f.h * 0.25) + $0) == blue } })
        #expect(png.pixel(Int(f.x + f.w * 0.75), Int(f.y + f.h * 0.75)) != blue)  // off the line
        #expect(png.pixel(2, 2) == [255, 255, 255])
        #expect(png.pixel(Int(f.x), Int(f.y + f.h / 3)) == [0x55, 0x55, 0x55])  // the frame's left edge
    }

    @Test func scatterPixelsAreClassColoured() throws {
        let plot = ScatterPlot(xs: [0, 10], ys: [0, 10], classes: [0, 1])
        let f = try frame(ParsedSVG(try plot.svg()))
        let (png, _) = try decodePNG(try plot.png(scale: 1))
        // Markers are drawn at 80 % opacity over white, as the SVG's fill-opacity.
        func seen(_ c: Color) -> [UInt8] { let m = Color.white.mixed(with: c, 0.8); return [m.red, m.green, m.blue] }
        // Class 1 at the top right, class 0 at the bottom left, 5 % of the frame inside its corners
        // (a pixel beside each centre, off the grid lines through it).
        #expect(png.pixel(Int(f.x + 0.95 * f.w) + 1, Int(f.y + 0.05 * f.h) + 1) == seen(.palette(1)))
        #expect(png.pixel(Int(f.x + 0.05 * f.w) + 1, Int(f.y + 0.95 * f.h) + 1) == seen(.palette(0)))
    }
}

@Suite struct BarChartRasterTests {
    @Test func barsFillTheirRectangles() throws {
        let chart = BarChart(categories: ["a", "b"], values: [1, 0.5], highlighted: 0, y: Axis(limits: 0...1))
        let svg = try ParsedSVG(try chart.svg())
        let bars = svg.all("rect", class: "bar")
        let (png, _) = try decodePNG(try chart.png(scale: 1))
        func centre(_ r: SVGElement) -> (Int, Int) { (Int(r.number("x")! + r.number("width")! / 2), Int(r.number("y")! + r.number("height")! / 2)) }
        #expect(png.pixel(centre(bars[0]).0, centre(bars[0]).1) == [0xD5, 0x5E, 0x00])  // highlighted
        #expect(png.pixel(centre(bars[1]).0, centre(bars[1]).1) == [0x00, 0x72, 0xB2])
        // Above the half-height bar: background, not bar.
        #expect(png.pixel(centre(bars[1]).0, Int(bars[1].number("y")!) - 10) != [0x00, 0x72, 0xB2])
    }
}
