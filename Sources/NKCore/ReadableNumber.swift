// ReadableNumber: numbers written for people (reports, tables, captions), with a fixed number of significant digits.

import Foundation

/// How reports write a number for a person to read: `digits` significant digits, trailing zeros
/// dropped, no exponent between 10⁻⁴ and 10¹⁵, and a short exponent outside (`1e-5`, not `1e-05`).
/// Whole numbers of `digits` digits or more are written whole (`12346`, not `1.235e+04`).
///
/// ```swift
/// ReadableNumber.text(0.43879998)        // "0.4388"
/// ReadableNumber.text(0.1)               // "0.1"
/// ReadableNumber.text(12345.678)         // "12346"
/// ReadableNumber.text(0.00001234)        // "1.234e-5"
/// ReadableNumber.percent(0.97531)        // "97.53 %"
/// ReadableNumber.count(1, "column")      // "1 column"
/// ```
public enum ReadableNumber {
    /// `x` (a `Double` or a `Float`) with `digits` significant digits (at least 1); `NaN`, `∞` and
    /// `−∞` for non-finite values.
    public static func text<F: BinaryFloatingPoint>(_ value: F, digits: Int = 4) -> String {
        let x = Double(value)
        guard x.isFinite else { return x.isNaN ? "NaN" : x > 0 ? "∞" : "−∞" }
        if x == 0 { return "0" }
        let digits = max(1, digits), magnitude = abs(x)
        if magnitude >= pow(10, Double(digits - 1)) && magnitude < 1e15 { return String(format: "%.0f", x) }
        var s = String(format: "%.\(digits)g", x)
        var exponent = ""
        if let e = s.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            let power = Int(s[s.index(after: e)...]) ?? 0
            exponent = "e\(power)"
            s = String(s[..<e])
        }
        if s.contains(".") {
            while s.hasSuffix("0") { s.removeLast() }
            if s.hasSuffix(".") { s.removeLast() }
        }
        return s + exponent
    }

    /// A fraction written as a percentage with `decimals` decimals: `0.97531` → `97.53 %`.
    public static func percent(_ fraction: Double, decimals: Int = 2) -> String {
        fraction.isFinite ? String(format: "%.\(max(0, decimals))f %%", fraction * 100) : text(fraction)
    }

    /// `<0.1` or `>99.9` for a percentage strictly between 0 and 100 that one decimal would round to
    /// 0 or 100 (one error in 3,000 is not 0 %, a probability of 0.9996 is not certainty); nil otherwise.
    public static func percentNearBounds(_ percent: Double) -> String? {
        guard percent > 0, percent < 100 else { return nil }
        if percent < 0.05 { return "<0.1" }
        if percent >= 99.95 { return ">99.9" }
        return nil
    }

    /// `n` and the noun, singular for 1 and plural otherwise: `1 column`, `2 columns`, `0 columns`.
    /// - Parameters:
    ///   - n: the count.
    ///   - noun: the singular.
    ///   - plural: the plural when it is not the noun followed by `s`.
    public static func count(_ n: Int, _ noun: String, plural: String? = nil) -> String {
        "\(n) " + (n == 1 ? noun : plural ?? noun + "s")
    }
}
