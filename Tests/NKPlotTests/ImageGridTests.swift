// Tests of image grids: tile pixels from tensor rows, gray and RGB, normalisations, captions, PNG.
import Foundation
import Testing
import NKCore
@testable import NKPlot

@Suite struct ImageGridTests {
    /// Three 2×3 grayscale images with values 0, 0.5, 1 patterns.
    let gray = Tensor(
        shape: [3, 6],
        scalars: [
            0, 0.5, 1, 1, 0.5, 0,
            1, 1, 1, 1, 1, 1,
            0, 0, 0, 0, 0, 0.2,
        ])

    @Test func pngHasEveryTileAtItsPlace() throws {
        let grid = try ImageGrid(images: gray, sampleShape: [2, 3], columns: 2, scale: 2)
        let (png, _) = try decodePNG(try grid.png(scale: 1))
        // 2 columns × 2 rows of 6×4-pixel tiles, 4-pixel gaps: 2·6 + 3·4 = 24 wide, 2·4 + 3·4 = 20 high.
        #expect(png.width == 24 && png.height == 20)
        #expect(png.pixel(0, 0) == [255, 255, 255])  // gap
        #expect(png.pixel(4, 4) == [0, 0, 0])  // image 0, row 0, column 0 = 0
        #expect(png.pixel(7, 5) == [128, 128, 128])  // image 0, row 0, column 1 = 0.5 (scaled ×2)
        #expect(png.pixel(8, 4) == [255, 255, 255])  // image 0, row 0, column 2 = 1
        #expect(png.pixel(4, 6) == [255, 255, 255])  // image 0, row 1, column 0 = 1
        #expect(png.pixel(9, 7) == [0, 0, 0])  // image 0, row 1, column 2 = 0
        #expect(png.pixel(14, 4) == [255, 255, 255])  // image 1 is all white
        #expect(png.pixel(4 + 5, 12 + 3) == [51, 51, 51])  // image 2, last pixel 0.2 → 51
    }

    @Test func rgbSamplesKeepTheirChannels() throws {
        let rgb = Tensor(shape: [1, 2, 1, 3], scalars: [1, 0, 0, 0, 0.5, 1])  // a red and a blue-green pixel
        let grid = try ImageGrid(images: rgb, sampleShape: [2, 1, 3], scale: 1)
        #expect(grid.tile(0).bytes == [255, 0, 0, 0, 128, 255])
    }

    @Test func normalisations() throws {
        let w = Tensor(shape: [1, 4], scalars: [-2, 0, 1, 2])
        let sym = try ImageGrid(images: w, sampleShape: [1, 4], normalization: .symmetric).tile(0)
        #expect(sym.bytes.enumerated().filter { $0.offset % 3 == 0 }.map(\.element) == [0, 128, 191, 255])
        let per = try ImageGrid(images: w, sampleShape: [1, 4], normalization: .perImage).tile(0)
        #expect(per.bytes.enumerated().filter { $0.offset % 3 == 0 }.map(\.element) == [0, 128, 191, 255])
        let clamp = try ImageGrid(images: w, sampleShape: [1, 4], normalization: .range(0, 1)).tile(0)
        #expect(clamp.bytes.enumerated().filter { $0.offset % 3 == 0 }.map(\.element) == [0, 0, 255, 255])
    }

    @Test func svgEmbedsDecodableTilesWithCaptions() throws {
        let grid = try ImageGrid(title: "digits", images: gray, sampleShape: [2, 3], captions: ["zero", "one", "two"])
        let svg = try ParsedSVG(try grid.svg())
        let tiles = svg.all("image", class: "tile")
        #expect(tiles.count == 3)
        #expect(svg.all("text", class: "caption").map(\.text) == ["zero", "one", "two"])
        let href = try #require(tiles[2]["href"])
        #expect(href.hasPrefix("data:image/png;base64,"))
        let bytes = try #require(Data(base64Encoded: String(href.dropFirst("data:image/png;base64,".count))))
        let (png, _) = try decodePNG(Array(bytes))
        #expect(png.width == 3 && png.height == 2 && png.pixel(2, 1) == [51, 51, 51])
        #expect(svg.first("text", class: "title")?.text == "digits")
    }

    @Test func wrongShapesThrow() {
        #expect(throws: NeuralKitError.self) { try ImageGrid(images: gray, sampleShape: [2, 2]) }
        #expect(throws: NeuralKitError.self) { try ImageGrid(images: gray, sampleShape: [1, 3, 2]) }
        #expect(throws: NeuralKitError.self) { try ImageGrid(images: gray, sampleShape: [2, 3], captions: ["a"]) }
        #expect(throws: NeuralKitError.self) { try ImageGrid(images: Tensor(zeros: [0, 6]), sampleShape: [2, 3]) }
    }
}

@Suite struct ImageGridComparisonTests {
    @Test func originalsSitAboveReconstructions() throws {
        let originals = Tensor(shape: [3, 1, 2], scalars: [1, 1, 1, 1, 1, 1])
        let reconstructions = Tensor(shape: [3, 2], scalars: [0, 0, 0, 0, 0, 0])
        let grid = try ImageGrid.comparison(top: originals, bottom: reconstructions, sampleShape: [1, 2], count: 2, scale: 1)
        #expect(grid.columns == 2 && grid.images.rowCount == 4)
        let tiles = try ParsedSVG(try grid.svg()).all("image", class: "tile")
        let (png, _) = try decodePNG(try grid.png(scale: 1))
        #expect(png.width == Int(grid.size.width) && png.height == Int(grid.size.height))
        func inside(_ i: Int) -> [UInt8] { png.pixel(Int(tiles[i].number("x")!) + 1, Int(tiles[i].number("y")!)) }
        #expect(inside(2) == [0, 0, 0] && inside(3) == [0, 0, 0])  // the bottom row is black
        // Under the white top tiles, their caption "original" is written in dark pixels.
        let captionRow = Int(tiles[0].number("y")!) + 2...Int(tiles[0].number("y")!) + 14
        #expect(captionRow.contains { y in (0..<png.width / 2).contains { png.pixel($0, y)[0] < 100 } })
        #expect(grid.captions == ["original", "original", "reconstruction", "reconstruction"])
        #expect(throws: NeuralKitError.self) {
            try ImageGrid.comparison(top: originals, bottom: Tensor(zeros: [3, 3]), sampleShape: [1, 2])
        }
    }
}
