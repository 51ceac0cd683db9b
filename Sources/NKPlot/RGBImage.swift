// An 8-bit RGB pixel buffer: what raster figures draw into and PNGEncoder writes.

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
        bytes = []
        bytes.reserveCapacity(self.width * self.height * 3)
        for _ in 0..<(self.width * self.height) { bytes += [fill.red, fill.green, fill.blue] }
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

    /// Fills the disc of radius `r` centred at `(cx, cy)` (pixel centres inside), clipped.
    public mutating func fillDisc(cx: Double, cy: Double, r: Double, with color: Color) {
        let x0 = max(Int((cx - r).rounded(.down)), 0), x1 = min(Int((cx + r).rounded(.up)), width - 1)
        let y0 = max(Int((cy - r).rounded(.down)), 0), y1 = min(Int((cy + r).rounded(.up)), height - 1)
        guard x0 <= x1, y0 <= y1 else { return }
        for row in y0...y1 {
            for col in x0...x1 {
                let dx = Double(col) + 0.5 - cx, dy = Double(row) + 0.5 - cy
                if dx * dx + dy * dy <= r * r { self[col, row] = color }
            }
        }
    }
}

extension RGBImage {
    /// Draws a segment `width` pixels thick. Horizontal and vertical segments are filled as crisp
    /// rectangles (at least one pixel); others are stamped with discs every half pixel (round ends).
    public mutating func drawLine(from p0: (Double, Double), to p1: (Double, Double), width: Double, color: Color) {
        let thickness = max(Int(width.rounded()), 1)
        if p0.1 == p1.1 || p0.0 == p1.0 {
            // Pixel k spans [k, k + 1): a line at coordinate c covers pixel floor(c) most.
            let x0 = Int(min(p0.0, p1.0).rounded(.down)), x1 = Int(max(p0.0, p1.0).rounded(.down))
            let y0 = Int(min(p0.1, p1.1).rounded(.down)), y1 = Int(max(p0.1, p1.1).rounded(.down))
            let half = Double(thickness - 1) / 2
            if p0.1 == p1.1 {
                fill(x: x0, y: Int((p0.1 - half).rounded(.down)), width: x1 - x0 + 1, height: thickness, with: color)
            } else {
                fill(x: Int((p0.0 - half).rounded(.down)), y: y0, width: thickness, height: y1 - y0 + 1, with: color)
            }
            return
        }
        let length = ((p1.0 - p0.0) * (p1.0 - p0.0) + (p1.1 - p0.1) * (p1.1 - p0.1)).squareRoot()
        let steps = max(Int((length * 2).rounded(.up)), 1)
        // A radius of at least √½ always covers the pixel centre nearest to each stamp.
        let r = max(width / 2, 0.71)
        for s in 0...steps {
            let t = Double(s) / Double(steps)
            fillDisc(cx: p0.0 + t * (p1.0 - p0.0), cy: p0.1 + t * (p1.1 - p0.1), r: r, with: color)
        }
    }
}
