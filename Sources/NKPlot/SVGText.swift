// Number and text formatting shared by every SVG and HTML writer in NKPlot.
import Foundation

/// Pixel coordinates with at most two decimals and no trailing zeros (`12`, `12.5`, `12.25`), so
/// that SVG output is short, stable and diffable.
func svgNumber(_ value: Double) -> String {
    guard value.isFinite else { return "0" }
    let r = (value * 100).rounded() / 100
    if r == r.rounded(), abs(r) < 1e15 { return String(Int(r)) }
    var s = String(format: "%.2f", r)
    while s.hasSuffix("0") { s.removeLast() }
    if s.hasSuffix(".") { s.removeLast() }
    return s
}

/// `x1,y1 x2,y2 …` for `points=` attributes.
func svgPoints(_ points: [(Double, Double)]) -> String {
    points.map { svgNumber($0.0) + "," + svgNumber($0.1) }.joined(separator: " ")
}

/// Escapes `& < > " '` for XML text and attribute values.
func xmlEscape(_ text: String) -> String {
    var out = ""
    out.reserveCapacity(text.count)
    for ch in text {
        switch ch {
        case "&": out += "&amp;"
        case "<": out += "&lt;"
        case ">": out += "&gt;"
        case "\"": out += "&quot;"
        case "'": out += "&#39;"
        default: out.append(ch)
        }
    }
    return out
}

/// The width in pixels of `text` set in DejaVu Sans (Bold) at `size` pixels: the sum of the embedded
/// font's advance widths, the same metrics the PNG is drawn with (SVG viewers with DejaVu match).
func textWidth(_ text: String, size: Double, bold: Bool = false) -> Double {
    GlyphFont.font(bold: bold).width(text, size: size)
}

/// A data value for `data-value=` attributes: 12 significant digits, so `0.6000000000000001` reads `0.6`.
func dataNumber(_ value: Double) -> String {
    value.isFinite ? String(format: "%.12g", value) : (value.isNaN ? "NaN" : value > 0 ? "Infinity" : "-Infinity")
}
