// Tests of heatmaps and confusion matrices: cells, counts written in them, colour scale, PNG pixels.
import Foundation
import Testing
import NKCore
@testable import NKPlot

@Suite struct HeatmapTests {
    let counts = [[50, 2, 0], [3, 40, 7], [0, 5, 45]]

    @Test func confusionMatrixWritesEveryCount() throws {
        let svg = try ParsedSVG(try Heatmap.confusionMatrix(counts, classNames: ["a", "b", "c"]).svg())
        let cells = svg.all("rect", class: "cell")
        #expect(cells.count == 9)
        let values = svg.all("text", class: "cell-value")
        #expect(values.map(\.text) == counts.joined().map(String.init))
        #expect(svg.all("text", class: "row-label").map(\.text) == ["a", "b", "c"])
        #expect(svg.all("text", class: "column-label").map(\.text) == ["a", "b", "c"])
        #expect(svg.first("text", class: "axis-label-x")?.text == "Predicted class")
        #expect(svg.first("text", class: "axis-label-y")?.text == "True class")
        // Cell (1, 2) sits one row below and two columns right of cell (0, 0), square.
        let c00 = cells[0], c12 = cells[5]
        let side = c00.number("width")!
        #expect(c00.number("height") == side)
        #expect(abs(c12.number("x")! - c00.number("x")! - 2 * side) <= 0.02 && abs(c12.number("y")! - c00.number("y")! - side) <= 0.02)
        // The count is centred in its cell.
        #expect(abs(values[5].number("x")! - (c12.number("x")! + side / 2)) <= 0.02)
    }

    @Test func colourRunsFromWhiteToBlue() throws {
        let svg = try ParsedSVG(try Heatmap.confusionMatrix(counts).svg())
        let cells = svg.all("rect", class: "cell")
        #expect(cells[0]["fill"] == "#0072b2")  // the largest count
        #expect(cells[2]["fill"] == "#ffffff")  // zero
        // Text is white on the dark cell, black on the light one.
        let values = svg.all("text", class: "cell-value")
        #expect(values[0]["fill"] == "#ffffff" && values[2]["fill"] == nil)
    }

    @Test func pngShowsTheCellColoursAndValues() throws {
        let map = Heatmap(values: [[0, 1], [2, 4]])
        let cells = try ParsedSVG(try map.svg()).all("rect", class: "cell")
        let (png, _) = try decodePNG(try map.png(scale: 1))
        #expect(png.width == 520 && png.height == 480)
        // A pixel near the top-left corner of each cell, clear of the white stroke and the value.
        func corner(_ i: Int) -> [UInt8] { png.pixel(Int(cells[i].number("x")!) + 3, Int(cells[i].number("y")!) + 3) }
        #expect(corner(0) == [255, 255, 255])  // 0 → white
        #expect(corner(3) == [0x00, 0x72, 0xB2])  // 4 → Okabe–Ito blue
        // 2 is halfway: (255 + 0)/2, (255 + 114)/2, (255 + 178)/2, rounded.
        #expect(corner(2) == [128, 185, 217])
        // The value "4.00" is written in white at the centre of the blue cell.
        let c = cells[3], cx = Int(c.number("x")! + c.number("width")! / 2), cy = Int(c.number("y")! + c.number("height")! / 2)
        let around = (cx - 15...cx + 15).flatMap { x in (cy - 6...cy + 4).map { png.pixel(x, $0) } }
        #expect(around.contains([255, 255, 255]) && around.contains([0x00, 0x72, 0xB2]))
    }

    /// With `offDiagonalLabel`, errors get their own vermillion scale: 19 errors beside 980
    /// correct are the full error colour, not the near-white 2 % of the diagonal's blue they were.
    @Test func offDiagonalCellsHaveTheirOwnScale() throws {
        var map = Heatmap.confusionMatrix([[980, 19], [1, 999]])
        #expect(try ParsedSVG(try map.svg()).all("rect", class: "cell")[1]["fill"] == Color.white.mixed(with: Color.okabeIto[0], 19.0 / 999).hexString)
        map.colorBarLabel = "correct"
        map.offDiagonalLabel = "errors"
        let svg = try ParsedSVG(try map.svg())
        let cells = svg.all("rect", class: "cell")
        #expect(cells[0]["fill"] == Color.white.mixed(with: Color.okabeIto[0], 980.0 / 999).hexString)  // blue scale
        #expect(cells[1]["fill"] == Color.okabeIto[1].hexString)  // the largest error: full vermillion
        #expect(cells[2]["fill"] == Color.white.mixed(with: Color.okabeIto[1], 1.0 / 19).hexString)
        let errorFill = Color(hex: UInt32(cells[1]["fill"]!.dropFirst(), radix: 16)!)
        #expect(errorFill.luminance < 0.6)  // far from white
        // Two colour bars, the second titled for the errors and running to the largest error.
        let bars = svg.all("g", class: "color-bar")
        #expect(bars.count == 2 && bars[1]["data-upper"] == "19")
        #expect(svg.all("text", class: "color-bar-title").map(\.text) == ["correct", "errors"])
    }

    /// Non-square cells stretch to the figure: three score columns fill the width.
    @Test func cellsCanStretchToTheFigure() throws {
        var map = Heatmap(values: [[0.9, 0.8, 0.85], [0.7, 0.95, 0.8]], decimals: 2, size: (540, 300))
        let square = try ParsedSVG(try map.svg()).all("rect", class: "cell")
        #expect(square[0].number("width") == square[0].number("height"))
        map.squareCells = false
        let cells = try ParsedSVG(try map.svg()).all("rect", class: "cell")
        let right = cells[2].number("x")! + cells[2].number("width")!
        #expect(right > 0.9 * 540 && cells[0].number("width")! > 1.3 * cells[0].number("height")!)
    }

    @Test func raggedOrMislabelledMatricesThrow() {
        #expect(throws: NeuralKitError.self) { try Heatmap(values: [[1, 2], [3]]).svg() }
        #expect(throws: NeuralKitError.self) { try Heatmap(values: []).png() }
        #expect(throws: NeuralKitError.self) { try Heatmap(values: [[1]], rowLabels: ["a", "b"]).svg() }
    }
}
