// Image grids: dataset samples, reconstructions beside originals, weights as images, generated samples.
import NKCore

/// The rows of a tensor shown as small images in a grid, with optional captions under each.
///
/// Each row of `images` holds one sample of shape `[h, w]` (grayscale) or `[h, w, c]` with `c = 1`
/// (grayscale) or `c = 3` (RGB, channels last), row-major. The SVG embeds every tile as a PNG
/// (`data:` URI, drawn pixelated) with its caption as text; the PNG draws the same.
///
/// ```swift
/// let grid = try ImageGrid(title: "samples", images: batch /* (16, 784) */, sampleShape: [28, 28],
///                          columns: 8, captions: labels.map(String.init))
/// try grid.write(to: "samples.png")
/// ```
public struct ImageGrid: Figure {
    /// The title; `nil` for none.
    public var title: String?
    /// One image per row, `(n, h·w·c)` or any shape whose rows have `h·w·c` elements.
    public let images: Tensor
    /// `[h, w]` or `[h, w, c]` with `c` 1 or 3.
    public let sampleShape: [Int]
    /// Tiles per grid row.
    public let columns: Int
    /// Captions, one per image (or empty for none).
    public let captions: [String]
    /// Screen pixels per image pixel.
    public var scale: Int
    /// The value-to-intensity mapping.
    public var normalization: PixelNormalization

    /// An image grid.
    /// - Parameters:
    ///   - title: drawn above the grid.
    ///   - images: one image per row, `h·w·c` values each.
    ///   - sampleShape: `[h, w]` or `[h, w, c]` with `c` 1 or 3.
    ///   - columns: tiles per row; default `ceil(sqrt(n))`.
    ///   - captions: one per image, or none.
    ///   - scale: pixels per image pixel; default makes tiles about 56 pixels wide.
    ///   - normalization: the value-to-intensity mapping.
    /// - Throws: `NeuralKitError.shape` when the rows do not have `h·w·c` elements, `c` is not 1 or 3,
    ///   or the captions do not match the images.
    public init(
        title: String? = nil, images: Tensor, sampleShape: [Int], columns: Int? = nil, captions: [String] = [],
        scale: Int? = nil, normalization: PixelNormalization = .range(0, 1)
    ) throws {
        let what = "image grid" + (title.map { " '\($0)'" } ?? "")
        guard (sampleShape.count == 2 || (sampleShape.count == 3 && [1, 3].contains(sampleShape[2]))),
            sampleShape.allSatisfy({ $0 > 0 })
        else {
            throw NeuralKitError.shape("\(what): the sample shape must be [h, w] or [h, w, c] with c = 1 or 3, got \(describeShape(sampleShape))")
        }
        let perSample = sampleShape.reduce(1, *)
        guard images.rank >= 1, images.rowCount > 0, images.rowSize == perSample else {
            throw NeuralKitError.shape("\(what): images of shape \(describeShape(images.shape)) do not hold samples of shape \(describeShape(sampleShape)) (\(perSample) values per row)")
        }
        guard captions.isEmpty || captions.count == images.rowCount else {
            throw NeuralKitError.shape("\(what): \(captions.count) captions for \(images.rowCount) images")
        }
        self.title = title
        self.images = images
        self.sampleShape = sampleShape
        let n = images.rowCount
        self.columns = max(1, min(columns ?? Int(Double(n).squareRoot().rounded(.up)), n))
        self.captions = captions
        self.scale = max(1, scale ?? max(1, 56 / max(sampleShape[0], sampleShape[1])))
        self.normalization = normalization
    }

    var tileHeight: Int { sampleShape[0] }
    var tileWidth: Int { sampleShape[1] }
    var channels: Int { sampleShape.count == 3 ? sampleShape[2] : 1 }
    var count: Int { images.rowCount }
    var gridRows: Int { (count + columns - 1) / columns }

    /// Image `i` at its native size.
    public func tile(_ i: Int) -> RGBImage {
        let n = tileHeight * tileWidth * channels
        let v = normalization.intensities(images.scalars[(i * n)..<((i + 1) * n)])
        var image = RGBImage(width: tileWidth, height: tileHeight)
        for p in 0..<(tileHeight * tileWidth) {
            let (r, g, b) = channels == 3 ? (v[3 * p], v[3 * p + 1], v[3 * p + 2]) : (v[p], v[p], v[p])
            image.bytes[3 * p] = r; image.bytes[3 * p + 1] = g; image.bytes[3 * p + 2] = b
        }
        return image
    }

    static let gap = 4

    /// Width and height in pixels.
    public var size: (width: Double, height: Double) {
        let cell = cellSize
        let w = Double(columns * cell.width + (columns + 1) * Self.gap)
        let h = Double(gridRows * cell.height + (gridRows + 1) * Self.gap) + (title == nil ? 0 : 30)
        return (max(w, title.map { textWidth($0, size: 15, bold: true) + 20 } ?? 0), h)
    }

    var cellSize: (width: Int, height: Int) {
        let captionHeight = captions.isEmpty ? 0 : 16
        let captionWidth = Int(captions.map { textWidth($0, size: 11) }.max() ?? 0) + 4
        return (max(tileWidth * scale, captionWidth), tileHeight * scale + captionHeight)
    }

    /// The grid as SVG: each tile an embedded PNG drawn pixelated, captions as text.
    public func canvas() throws -> SVGCanvas {
        let (w, h) = size
        var canvas = SVGCanvas(width: w, height: h)
        canvas.title(title)
        let top = title == nil ? 0 : 30
        let cell = cellSize
        canvas.open("class=\"tiles\"")
        for i in 0..<count {
            let x0 = Self.gap + (i % columns) * (cell.width + Self.gap), y0 = top + Self.gap + (i / columns) * (cell.height + Self.gap)
            let tw = tileWidth * scale
            let xi = Double(x0) + Double(cell.width - tw) / 2
            canvas.image(
                tile(i), x: xi, y: Double(y0), width: Double(tw), height: Double(tileHeight * scale),
                attributes: "class=\"tile\" data-index=\"\(i)\"")
            if !captions.isEmpty {
                canvas.text(
                    captions[i], x: Double(x0) + Double(cell.width) / 2, y: Double(y0 + tileHeight * scale + 12), size: 11,
                    anchor: .middle, attributes: "class=\"caption\"")
            }
        }
        canvas.close()
        return canvas
    }

}
