// An 8-bit RGB pixel buffer: what the canvas rasteriser draws into and PNGEncoder writes.

/// An RGB image, 8 bits per channel, rows top to bottom, pixels left to right, `[r, g, b]` each.
public struct RGBImage: Equatable, Sendable {
    /// Width in pixels.
    public let width: Int
    /// Height in pixels.
    public let height: Int
    /// `height · width · 3` bytes, row-major, RGB interleaved.
    public var bytes: [UInt8]

    /// An image filled with one colour. Negative sizes count as 0.
    public init(width: Int, height: Int, fill: Color = .white) {
        self.width = max(width, 0)
        self.height = max(height, 0)
        let n = self.width * self.height
        bytes = [UInt8](repeating: fill.red, count: 3 * n)
        if fill.green != fill.red || fill.blue != fill.red {
            for p in 0..<n { bytes[3 * p + 1] = fill.green; bytes[3 * p + 2] = fill.blue }
        }
    }

    /// The pixel at column `x`, row `y` (both in range).
    public subscript(x: Int, y: Int) -> Color {
        get {
            let i = (y * width + x) * 3
            return Color(red: bytes[i], green: bytes[i + 1], blue: bytes[i + 2])
        }
        set {
            let i = (y * width + x) * 3
            bytes[i] = newValue.red; bytes[i + 1] = newValue.green; bytes[i + 2] = newValue.blue
        }
    }

    /// Fills the rectangle `x..<x+w, y..<y+h`, clipped to the image.
    public mutating func fill(x: Int, y: Int, width w: Int, height h: Int, with color: Color) {
        let x0 = max(x, 0), y0 = max(y, 0), x1 = min(x + w, width), y1 = min(y + h, height)
        guard x0 < x1, y0 < y1 else { return }
        for row in y0..<y1 { for col in x0..<x1 { self[col, row] = color } }
    }
}
