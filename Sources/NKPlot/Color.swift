// Colours and the Okabe–Ito palette that every NeuralKit figure draws with.

/// An opaque 8-bit sRGB colour.
public struct Color: Equatable, Hashable, Sendable {
    /// Red, green and blue, 0...255.
    public var red: UInt8, green: UInt8, blue: UInt8

    /// A colour from its three 8-bit channels.
    public init(red: UInt8, green: UInt8, blue: UInt8) {
        self.red = red
        self.green = green
        self.blue = blue
    }

    /// A colour from `0xRRGGBB`.
    public init(hex: UInt32) {
        self.init(red: UInt8((hex >> 16) & 0xFF), green: UInt8((hex >> 8) & 0xFF), blue: UInt8(hex & 0xFF))
    }

    /// `#rrggbb`, as SVG and CSS write it.
    public var hexString: String {
        let digits = Array("0123456789abcdef")
        var s = "#"
        for c in [red, green, blue] { s.append(digits[Int(c >> 4)]); s.append(digits[Int(c & 15)]) }
        return s
    }

    /// The straight mix `(1 - t)·self + t·other`, `t` clamped to 0...1.
    public func mixed(with other: Color, _ t: Double) -> Color {
        let t = min(max(t.isNaN ? 0 : t, 0), 1)
        func mix(_ a: UInt8, _ b: UInt8) -> UInt8 { UInt8((Double(a) * (1 - t) + Double(b) * t).rounded()) }
        return Color(red: mix(red, other.red), green: mix(green, other.green), blue: mix(blue, other.blue))
    }

    /// Relative luminance in 0...1 (Rec. 709 weights on the 8-bit values), used to pick dark or
    /// light text on a filled cell.
    public var luminance: Double {
        (0.2126 * Double(red) + 0.7152 * Double(green) + 0.0722 * Double(blue)) / 255
    }

    /// White.
    public static let white = Color(hex: 0xFFFFFF)
    /// Black.
    public static let black = Color(hex: 0x000000)
    /// The grey of axes, ticks and grid lines.
    public static let axisGray = Color(hex: 0x555555)

    /// The Okabe–Ito palette (Okabe & Ito 2008), distinguishable with every common colour-vision
    /// deficiency: blue, vermillion, bluish green, orange, reddish purple, sky blue, yellow, black.
    public static let okabeIto: [Color] = [
        Color(hex: 0x0072B2), Color(hex: 0xD55E00), Color(hex: 0x009E73), Color(hex: 0xE69F00),
        Color(hex: 0xCC79A7), Color(hex: 0x56B4E9), Color(hex: 0xF0E442), Color(hex: 0x000000),
    ]

    /// The categorical palette of series and classes: ten colours, so that the ten digits of MNIST
    /// or USPS each get their own. Okabe–Ito's eight with yellow (faint on white) moved last, plus
    /// Paul Tol's wine and indigo, chosen because they keep the palette's smallest pairwise CIELAB
    /// difference where Okabe–Ito's own is, for normal vision (ΔE 26) and under simulated protanopia,
    /// deuteranopia and tritanopia (ΔE ≥ 10; `Tests/NKPlotTests/PaletteTests.swift` checks it).
    public static let categorical: [Color] = [
        Color(hex: 0x0072B2), Color(hex: 0xD55E00), Color(hex: 0x009E73), Color(hex: 0xE69F00),
        Color(hex: 0xCC79A7), Color(hex: 0x56B4E9), Color(hex: 0x882255), Color(hex: 0x332288),
        Color(hex: 0x000000), Color(hex: 0xF0E442),
    ]

    /// The colour of series or class `index`, cycling through `categorical` (negative indices count
    /// as their absolute value). From class 10 on the marker shape changes too, see
    /// `MarkerShape.forClass`.
    public static func palette(_ index: Int) -> Color {
        categorical[Int(index.magnitude % UInt(categorical.count))]
    }
}
