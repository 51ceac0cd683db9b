// Tests of the PNG encoder, DEFLATE and checksums, against the independent decoder in TestPNGDecoder.swift.
import Foundation
import Testing
import NKCore
@testable import NKPlot

@Suite struct PNGEncoderTests {
    func randomImage(width: Int, height: Int, seed: UInt64, levels: Int = 256) -> RGBImage {
        var image = RGBImage(width: width, height: height)
        var s = seed
        for i in image.bytes.indices {
            s = s &* 6364136223846793005 &+ 1442695040888963407
            image.bytes[i] = UInt8(Int(s >> 33) % levels * (255 / max(levels - 1, 1)))
        }
        return image
    }

    @Test func checksumsMatchPublishedCheckValues() {
        // Adler-32 of "Wikipedia" is 0x11E60398 (CRC-32's check value is tested with NKCore's CRC32).
        #expect(Checksums.adler32(Array("Wikipedia".utf8)) == 0x11E6_0398)
        let big = (0..<200_000).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ $0 >> 5) }
        #expect(Checksums.adler32(big) == referenceAdler32(big))
        #expect(CRC32.checksum(big) == referenceCRC32(big))  // the CRC-32 PNG chunks use (NKCore's)
    }

    @Test(arguments: [Deflate.Mode.stored, .fixedHuffman])
    func deflateRoundTrips(mode: Deflate.Mode) throws {
        let inputs: [[UInt8]] = [
            [],
            [42],
            Array("abcabcabcabcabcabcabc the end".utf8),
            Array(repeating: 7, count: 70_000),  // long runs, > one stored block
            (0..<100_000).map { UInt8(truncatingIfNeeded: ($0 * 31) ^ ($0 >> 7)) },
        ]
        for input in inputs {
            let (output, types) = try referenceInflate(Deflate.compress(input, mode: mode))
            #expect(output == input, "\(input.count) bytes")
            #expect(Set(types) == [mode == .stored ? 0 : 1])
        }
    }

    @Test func fixedHuffmanCompressesRepetitiveData() throws {
        let input = Array(repeating: Array("0123456789".utf8), count: 1000).flatMap { $0 }
        let compressed = Deflate.compress(input)
        #expect(compressed.count < input.count / 20)
        #expect(try referenceInflate(compressed).output == input)
    }

    @Test(arguments: [(1, 1), (3, 2), (17, 9), (64, 40)])
    func randomImagesDecodeToTheSamePixels(size: (Int, Int)) throws {
        for mode in [Deflate.Mode.stored, .fixedHuffman] {
            let image = randomImage(width: size.0, height: size.1, seed: UInt64(size.0 * 1000 + size.1), levels: 4)
            let (png, _) = try decodePNG(PNGEncoder.encode(image, mode: mode))
            #expect(png.width == size.0 && png.height == size.1)
            #expect(png.rgb == image.bytes)
            #expect(png.chunkTypes == ["IHDR", "IDAT", "IEND"])
        }
    }

    /// A figure's PNG records its density in a pHYs chunk before the pixels: 96 pixels per inch times
    /// the render scale, in pixels per metre (192 ppi: 7559), so it prints at the SVG's size.
    @Test func figurePNGsRecordTheirDensity() throws {
        let plot = LinePlot(series: [LineSeries(name: "a", y: [1, 2])], size: (100, 80))
        for (scale, perMetre) in [(2.0, 7559), (1.0, 3780), (3.0, 11339)] {
            let png = try decodePNG(try plot.png(scale: scale)).png
            let density = try #require(png.density, "no pHYs at scale \(scale)")
            #expect(density.x == perMetre && density.y == perMetre && density.unit == 1, "scale \(scale): \(density)")
            #expect(png.chunkTypes == ["IHDR", "pHYs", "IDAT", "IEND"])
            #expect(png.width == Int(100 * scale))
        }
        // The bytes themselves: length 9, "pHYs", 7559 = 0x1D87 twice, unit 1.
        let bytes = PNGEncoder.encode(RGBImage(width: 1, height: 1), pixelsPerInch: 192)
        #expect(Array(bytes[33..<50]) == [0, 0, 0, 9, 0x70, 0x48, 0x59, 0x73, 0, 0, 0x1D, 0x87, 0, 0, 0x1D, 0x87, 1])
        #expect(try decodePNG(PNGEncoder.encode(RGBImage(width: 1, height: 1))).png.density == nil)
    }

    @Test func gradientsUseSubAndUpFiltersAndStillDecode() throws {
        var image = RGBImage(width: 50, height: 30)
        for y in 0..<30 { for x in 0..<50 { image[x, y] = Color(red: UInt8(x * 5), green: UInt8(y * 8), blue: UInt8((x + y) * 3)) } }
        let filters = Set(PNGEncoder.filteredRows(image).enumerated().filter { $0.offset % (50 * 3 + 1) == 0 }.map(\.element))
        #expect(filters.isSubset(of: [0, 1, 2]) && filters.count >= 2)
        let (png, _) = try decodePNG(PNGEncoder.encode(image))
        #expect(png.rgb == image.bytes)
        #expect(png.pixel(49, 29) == [245, 232, 234])
    }

    @Test func corruptedFilesAreRejectedByTheDecoder() throws {
        // Guards the guard: the test decoder must notice a flipped byte, or the tests above prove nothing.
        var bytes = PNGEncoder.encode(randomImage(width: 8, height: 8, seed: 1))
        bytes[bytes.count / 2] ^= 0x10
        #expect(throws: PNGDecodeError.self) { try decodePNG(bytes) }
    }

    @Test func fillStaysInsideTheImage() {
        var image = RGBImage(width: 10, height: 10)
        image.fill(x: -5, y: 8, width: 100, height: 100, with: .black)
        #expect(image[9, 9] == .black && image[0, 7] == .white && image[9, 8] == .black && image[5, 5] == .white)
    }
}
