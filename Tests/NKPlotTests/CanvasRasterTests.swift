// Tests of the canvas rasteriser: coverage, winding, strokes, dashes, images and text in PNGs.
import Foundation
import Testing
import NKCore
@testable import NKPlot

/// Pixels whose darkest channel is below `threshold`, as (x, y).
func inkedPixels(_ image: RGBImage, threshold: UInt8 = 250) -> [(Int, Int)] {
    var out: [(Int, Int)] = []
    for y in 0..<image.height { for x in 0..<image.width where image[x, y].minChannel < threshold { out.append((x, y)) } }
    return out
}

extension Color {
    var minChannel: UInt8 { min(red, green, blue) }
}

@Suite struct CoverageTests {
    @Test func halfPixelEdgesCoverHalfAPixel() {
        var canvas = SVGCanvas(width: 20, height: 20)
        canvas.rect(x: 2.5, y: 4.5, width: 10, height: 10, fill: .black)
        let image = canvas.raster()
        #expect(image[1, 8] == .white && image[3, 8] == .black && image[8, 3] == .white && image[8, 5] == .black)
        // Columns 2 and 12, rows 4 and 14 are half covered: mid grey.
        for g in [image[2, 8], image[12, 8], image[8, 4], image[8, 14]] { #expect((127...128).contains(g.red)) }
        #expect((191...192).contains(image[2, 4].red))  // a corner pixel: a quarter covered
    }

    @Test func pixelAlignedRectanglesAreCrisp() {
        var canvas = SVGCanvas(width: 10, height: 10)
        canvas.rect(x: 2, y: 3, width: 4, height: 5, fill: Color(hex: 0x0072B2))
        let colours = Set(canvas.raster().bytes)
        #expect(colours == [255, 0x00, 0x72, 0xB2])
    }

    @Test func overlappingContoursFollowTheNonzeroRule() {
        // A five-pointed star drawn as one self-crossing polygon: its centre winds twice, so the
        // nonzero rule fills it (even-odd would leave a pentagonal hole).
        var image = RGBImage(width: 40, height: 40)
        let star = (0..<5).map { i -> Point in
            let a = Double(i * 2 % 5) * 2 * Double.pi / 5 - Double.pi / 2
            return Point(20 + 18 * cos(a), 20 + 18 * sin(a))
        }
        image.fill([star], color: .black)
        #expect(image[20, 20] == .black && image[20, 6] == .black && image[1, 1] == .white)
        // Two overlapping squares in one fill, half transparent: the overlap gets one coat, not two.
        var two = RGBImage(width: 30, height: 20)
        two.fill(
            [[Point(0, 0), Point(20, 0), Point(20, 20), Point(0, 20)], [Point(10, 0), Point(30, 0), Point(30, 20), Point(10, 20)]],
            color: .black, opacity: 0.5)
        #expect(two[15, 10] == two[5, 10] && two[5, 10] == two[25, 10] && (127...128).contains(two[15, 10].red))
    }

    @Test func edgesAreAntialiased() {
        var canvas = SVGCanvas(width: 40, height: 40)
        canvas.marker(.circle, x: 20, y: 20, r: 12, fill: .black)
        let greys = Set(canvas.raster().bytes).filter { $0 > 10 && $0 < 245 }
        #expect(greys.count >= 10)
    }

    @Test func dashesLeaveGaps() {
        var canvas = SVGCanvas(width: 40, height: 8)
        canvas.line(0, 4, 40, 4, stroke: .black, width: 2, dash: [5, 3])
        let image = canvas.raster()
        // Dashes cover 0–5, 8–13, 16–21, …; gaps 5–8, 13–16, …
        #expect([1, 2, 3, 9, 10, 11, 17].allSatisfy { image[$0, 3] == .black && image[$0, 4] == .black })
        #expect([6, 14, 22].allSatisfy { image[$0, 3] == .white && image[$0, 4] == .white })
        #expect(image[10, 1] == .white && image[10, 6] == .white)  // 2 pixels thick
    }

    @Test func polylinesHaveRoundJoinsAndOneCoat() {
        // A sharp V: the outer corner is rounded (no miter spike), the joint is painted once.
        var canvas = SVGCanvas(width: 40, height: 40)
        canvas.polyline([(5, 35), (20, 5), (35, 35)], stroke: .black, width: 6)
        let image = canvas.raster()
        #expect(image[20, 5] == .black && image[20, 3] == .black)
        #expect(image[20, 0] == .white)  // a miter would reach y ≈ −1.7
    }

    @Test func imagesScaleWithoutSmoothing() {
        var tile = RGBImage(width: 2, height: 1)
        tile[0, 0] = .black
        var canvas = SVGCanvas(width: 10, height: 10)
        canvas.image(tile, x: 1, y: 1, width: 8, height: 4)
        let image = canvas.raster(scale: 2)
        #expect(image.width == 20 && image[2, 2] == .black && image[9, 9] == .black && image[10, 2] == .white && image[17, 9] == .white)
        #expect(image[1, 5] == .white && image[5, 10] == .white)
    }

    /// A smooth image blends between pixel centres: black to white across a 2-pixel tile is grey
    /// in the middle, and the SVG leaves the browser's interpolation on.
    @Test func smoothImagesInterpolate() {
        var tile = RGBImage(width: 2, height: 1)
        tile[0, 0] = .black
        var canvas = SVGCanvas(width: 20, height: 4)
        canvas.image(tile, x: 0, y: 0, width: 20, height: 4, smooth: true)
        let image = canvas.raster()
        #expect(image[0, 1] == .black && image[19, 1] == .white)
        #expect(image[9, 1].red > 100 && image[9, 1].red < 155 && image[4, 1].red < image[9, 1].red)
        #expect(!canvas.document.contains("pixelated"))
    }
}

@Suite struct RasterTextTests {
    func rendered(_ text: String, size: Double = 20, bold: Bool = false, rotate: Double? = nil) -> RGBImage {
        var canvas = SVGCanvas(width: 240, height: 240)
        canvas.text(text, x: 120, y: 120, size: size, anchor: .middle, bold: bold, rotate: rotate)
        return canvas.raster()
    }

    @Test func textInksItsMeasuredBoxOnly() {
        let text = "Loss (×10³) ≤ 0.5 Σ", size = 20.0
        let image = rendered(text, size: size)
        let w = textWidth(text, size: size)
        let ink = inkedPixels(image)
        #expect(ink.count > 200)
        // Every inked pixel lies within the advance box (plus a pixel) and between ascender and descender.
        #expect(ink.allSatisfy { Double($0.0) >= 120 - w / 2 - 1 && Double($0.0) <= 120 + w / 2 + 1 })
        #expect(ink.allSatisfy { Double($0.1) >= 120 - 0.95 * size && Double($0.1) <= 120 + 0.3 * size })
        // …and fills it: ink in both halves, at both ends.
        #expect(ink.contains { Double($0.0) < 120 - w / 2 + 6 } && ink.contains { Double($0.0) > 120 + w / 2 - 8 })
    }

    @Test func differentStringsDifferentPixels() {
        #expect(rendered("abc") != rendered("abd"))
        #expect(rendered("abc") != rendered("abc", bold: true))
        #expect(rendered("0.25") == rendered("0.25"))
    }

    @Test func textIsAntialiased() {
        let greys = Set(rendered("Accuracy").bytes).filter { $0 > 20 && $0 < 235 }
        #expect(greys.count >= 20)
    }

    @Test func rotatedTextIsTallAndNarrow() throws {
        let ink = inkedPixels(rendered("validation loss", size: 14, rotate: -90))
        let xs = ink.map(\.0), ys = ink.map(\.1)
        let width = try #require(xs.max()) - xs.min()!, height = try #require(ys.max()) - ys.min()!
        #expect(height > 4 * width)
        #expect(Double(height) > textWidth("validation loss", size: 14) - 3)
        // Read bottom to top: the baseline point (120, 120) is at the text's centre and its glyphs lie left of it.
        #expect(xs.max()! <= 121 && ys.min()! < 120 && ys.max()! > 120)
    }

    @Test func unknownCharactersDrawABox() {
        #expect(inkedPixels(rendered("\u{4E2D}")).count > 20)  // not in the subset: the .notdef box
        #expect(inkedPixels(rendered(" ")).isEmpty)
    }

    @Test func theFontCoversTheCharactersFiguresUse() {
        let required =
            (32...126).compactMap(Unicode.Scalar.init).map(Character.init)
            + Array("−×±·…°µ²³≤≥≈→←éèêàâçôùûüïîœÉÀαβγδεηθλμστφωΔΣ₁₂")
        for font in [GlyphFont.regular, GlyphFont.bold] {
            let missing = required.filter { font.glyphs[$0.unicodeScalars.first!.value] == nil }
            #expect(missing.isEmpty, "missing: \(String(missing))")
            #expect(font.unitsPerEm == 2048)
        }
        // Real metrics: figures are tabular (all one width), "i" is narrower than "m", bold is wider.
        let digits = Set((0...9).map { textWidth(String($0), size: 10) })
        #expect(digits.count == 1)
        #expect(textWidth("i", size: 10) < 0.5 * textWidth("m", size: 10))
        #expect(textWidth("Title", size: 15, bold: true) > textWidth("Title", size: 15))
        #expect(textWidth("", size: 12) == 0)
    }
}

extension DecisionBoundaryPlot {
    func resized(_ size: (Double, Double)) -> DecisionBoundaryPlot { var p = self; p.size = size; return p }
}

@Suite struct FigurePNGTests {
    @Test func linePlotPNGHasTheSVGText() throws {
        let plot = LinePlot(
            title: "Training loss", x: Axis(label: "epoch"), y: Axis(label: "loss"),
            series: [LineSeries(name: "train", x: [0, 1, 2, 3], y: [1, 0.6, 0.4, 0.3])])
        let svg = try ParsedSVG(try plot.svg())
        let image = try plot.raster(scale: 2)
        #expect(image.width == 1280 && image.height == 800)
        /// Inked pixels of the PNG inside the box of an SVG text element (start, middle or end anchored).
        func ink(_ e: SVGElement, bold: Bool = false) -> Int {
            let size = e.number("font-size")!, w = textWidth(e.text, size: size, bold: bold)
            let x = e.number("x")! - (e["text-anchor"] == "middle" ? w / 2 : e["text-anchor"] == "end" ? w : 0), y = e.number("y")!
            var n = 0
            for py in Int(2 * (y - 0.8 * size))..<Int(2 * (y + 0.2 * size)) {
                for px in Int(2 * x)..<Int(2 * (x + w)) where image[px, py].minChannel < 160 { n += 1 }
            }
            return n
        }
        let title = try #require(svg.first("text", class: "title"))
        #expect(ink(title, bold: true) > 150)
        for label in svg.all("text", class: "tick-label-x") + svg.all("text", class: "tick-label-y") { #expect(ink(label) > 8) }
        #expect(ink(try #require(svg.first("text", class: "axis-label-x"))) > 30)
        // Above the title and left of the rotated y label there is no text.
        #expect((0..<1280).allSatisfy { image[$0, 4] == .white })
        #expect((0..<800).allSatisfy { image[2, $0] == .white })
    }

    @Test func framesGridsAndTicksAreCrispAtOneX() throws {
        // A diagonal from the bottom left: near the left edge, the upper grid lines are clear of it.
        let plot = LinePlot(series: [LineSeries(name: "", x: [0, 7], y: [0, 1])], size: (300, 200))
        let svg = try ParsedSVG(try plot.svg())
        let image = try plot.raster(scale: 1)
        for g in svg.all("line", class: "grid-y") where g.number("y1")! < 100 {
            let y = g.number("y1")!, x = Int(g.number("x1")!) + 3
            #expect(y - y.rounded(.down) == 0.5)
            #expect(image[x, Int(y)] == Color(hex: 0xE5E5E5) || image[x, Int(y)] == .axisGray)
            #expect(image[x, Int(y) - 1] == .white && image[x, Int(y) + 1] == .white)
        }
        let frame = try #require(svg.first("rect", class: "frame"))
        #expect(image[Int(frame.number("x")!), 100] == .axisGray)
    }

    @Test func everyFigureKindWritesAPNGWithItsTitle() throws {
        let digits = Tensor(shape: [4, 4], scalars: (0..<16).map { Float($0) / 15 })
        let figures: [any Figure] = [
            LinePlot(title: "t", series: [LineSeries(name: "a", x: [0, 1], y: [0, 1])], size: (321, 200)),
            ScatterPlot(title: "s", xs: [0, 1, 2], ys: [2, 1, 0], classes: [0, 1, 2], size: (280, 230)),
            BarChart(title: "b", categories: ["a", "b"], values: [1, 2], size: (280, 180)),
            Heatmap(title: "h", values: [[3, 1], [0, 4]], rowLabels: ["cat", "dog"], columnLabels: ["cat", "dog"], size: (260, 240)),
            try ImageGrid(title: "grid", images: digits, sampleShape: [2, 2], captions: ["a", "b", "c", "d"]),
            TableFigure(title: "table", header: ["lr", "accuracy"], rows: [["0.1", "0.97"], ["0.01", "0.95"]]),
            try DecisionBoundaryPlot(xRange: 0...1, yRange: 0...1, resolution: 8, xs: [0.2, 0.8], ys: [0.5, 0.5], classes: [0, 1]) { x, _ in x < 0.5 ? 0 : 1 }.resized((280, 240)),
        ]
        for figure in figures {
            // Small figures at 1× keep the debug-build test quick; the default 2× is checked in HTMLReportTests.
            let png = try figure.png(scale: 1)
            // IHDR: width and height, big-endian, at bytes 16 and 20.
            let w = png[16..<20].reduce(0) { $0 << 8 | Int($1) }, h = png[20..<24].reduce(0) { $0 << 8 | Int($1) }
            #expect(Array(png[12..<16]) == Array("IHDR".utf8))
            #expect(w == Int(figure.size.width.rounded()) && h == Int(figure.size.height.rounded()), "\(type(of: figure))")
            // It decodes, and the title is drawn: dark pixels in the top band.
            let (decoded, _) = try decodePNG(png)
            #expect((0..<w).contains { x in (4..<25).contains { decoded.pixel(x, $0)[0] < 100 } }, "\(type(of: figure))")
        }
    }

    @Test func writeChoosesTheFormatFromTheExtension() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("nkplot-png-\(getpid())").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let table = TableFigure(header: ["a"], rows: [["1"]])
        try table.write(to: dir + "/t.png")
        try table.write(to: dir + "/t.svg")
        let png = try #require(FileManager.default.contents(atPath: dir + "/t.png"))
        #expect(Array(png.prefix(4)) == [0x89, 0x50, 0x4E, 0x47])
        #expect(String(decoding: try #require(FileManager.default.contents(atPath: dir + "/t.svg")), as: UTF8.self).hasPrefix("<svg"))
        #expect(throws: NeuralKitError.self) { try table.write(to: dir + "/t.jpg") }
    }
}
