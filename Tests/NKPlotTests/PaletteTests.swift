// The categorical palette: ten colours, each pair far apart for normal vision and for the three
// dichromacies (simulated with Viénot, Brettel & Mollon's 1999 projections in linear RGB).
import Foundation
import Testing
@testable import NKPlot

@Suite struct PaletteTests {
    /// sRGB 8-bit → linear RGB.
    static func linear(_ c: Color) -> [Double] {
        [c.red, c.green, c.blue].map { v in
            let x = Double(v) / 255
            return x <= 0.04045 ? x / 12.92 : pow((x + 0.055) / 1.055, 2.4)
        }
    }

    /// Linear RGB → CIELAB (D65).
    static func lab(_ rgb: [Double]) -> [Double] {
        let m = [[0.4124, 0.3576, 0.1805], [0.2126, 0.7152, 0.0722], [0.0193, 0.1192, 0.9505]]
        let white = [0.95047, 1.0, 1.08883]
        let xyz = (0..<3).map { i in (0..<3).reduce(0.0) { $0 + m[i][$1] * rgb[$1] } / white[i] }
        let f = xyz.map { t in t > 216.0 / 24389 ? cbrt(t) : (24389.0 / 27 * t + 16) / 116 }
        return [116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])]
    }

    /// The smallest CIE76 ΔE between two palette colours after `simulate` (a 3×3 map of linear RGB).
    static func smallestDifference(_ palette: [Color], simulate m: [[Double]]) -> Double {
        let labs = palette.map { c -> [Double] in
            let l = linear(c)
            return lab((0..<3).map { i in min(max((0..<3).reduce(0.0) { $0 + m[i][$1] * l[$1] }, 0), 1) })
        }
        var smallest = Double.infinity
        for i in labs.indices {
            for j in labs.indices where j > i {
                smallest = min(smallest, zip(labs[i], labs[j]).reduce(0.0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) }.squareRoot())
            }
        }
        return smallest
    }

    static let normal = [[1.0, 0, 0], [0, 1, 0], [0, 0, 1]]
    static let protanopia = [[0.11238, 0.88762, 0], [0.11238, 0.88762, 0], [0.00401, -0.00401, 1]]
    static let deuteranopia = [[0.29275, 0.70725, 0], [0.29275, 0.70725, 0], [-0.02234, 0.02234, 1]]
    static let tritanopia = [[1, 0.1273989, -0.1273989], [0, 0.8739093, 0.1260907], [0, 0.8739093, 0.1260907]]

    @Test func tenColoursFarApartForEveryColourVision() {
        let palette = Color.categorical
        #expect(palette.count >= 10)
        #expect(Set(palette).count == palette.count)
        #expect(Self.smallestDifference(palette, simulate: Self.normal) > 25)
        #expect(Self.smallestDifference(palette, simulate: Self.protanopia) > 15)
        #expect(Self.smallestDifference(palette, simulate: Self.deuteranopia) > 15)
        #expect(Self.smallestDifference(palette, simulate: Self.tritanopia) > 10)
    }

    @Test func theCheckWouldCatchAConfusablePair() {
        // Red and green, the classic pair, nearly merge under deuteranopia: the measure must see it.
        let bad = [Color(hex: 0xD62728), Color(hex: 0x2CA02C)]
        #expect(Self.smallestDifference(bad, simulate: Self.normal) > 50)
        #expect(Self.smallestDifference(bad, simulate: Self.deuteranopia) < 15)
    }

    @Test func digitsGetTenColoursThenShapesChange() {
        let colours = (0..<10).map(Color.palette)
        #expect(Set(colours).count == 10)
        #expect((0..<10).allSatisfy { MarkerShape.forClass($0) == .circle })
        #expect(MarkerShape.forClass(10) == .square && Color.palette(10) == Color.palette(0))
        #expect(Set((0..<40).map { "\(Color.palette($0))\(MarkerShape.forClass($0))" }).count == 40)
    }
}
