// "Nice" tick computation: steps of 1, 2 or 5 times a power of ten, and decades for log axes.
import Foundation

/// Tick algorithms for linear and logarithmic axes.
///
/// Linear: the step is the smallest of `1, 2, 5 × 10ᵏ` that is at least `(upper - lower) / target`,
/// or the next smaller one when that covers the data more tightly with at most `target + 2`
/// intervals; the domain is widened outwards to the nearest multiples of the step, so the axis starts and ends
/// on a tick (`0.13...0.87` with 5 ticks → `0, 0.2, 0.4, 0.6, 0.8, 1`).
/// Log: ticks sit at powers of ten when at least three fall inside the data range, else at 1-2-5
/// multiples, else at every multiple 1…9, else (a range narrower than a factor of about 2) at nice
/// linear steps; the domain runs from the tick at or below the data to the tick at or above it.
/// Tick labels write negative numbers with a real minus sign (U+2212).
public enum Ticks {
    /// Nice ticks covering `lower...upper` with about `targetCount` intervals (at least 1).
    /// A zero-width range is widened by 10 % of its value each side (by 1 around 0).
    /// Non-finite bounds give the ticks of `0...1`.
    ///
    /// `minimumStep` (e.g. 1 for epochs) keeps ticks from falling between whole units.
    public static func linear(lower: Double, upper: Double, targetCount: Int = 5, minimumStep: Double? = nil) -> TickSet {
        var lo = min(lower, upper), hi = max(lower, upper)
        if !lo.isFinite || !hi.isFinite { lo = 0; hi = 1 }
        if lo == hi {
            let pad = minimumStep ?? (lo == 0 ? 1 : abs(lo) * 0.1)
            lo -= pad; hi += pad
        }
        let target = max(targetCount, 1)
        var step = niceStep((hi - lo) / Double(target))
        if let minimumStep, minimumStep > 0, minimumStep.isFinite {
            let floor = niceStep(minimumStep)
            if step < floor { step = floor }
        }
        // The next smaller nice step wastes less of the axis (−5.4...5.3: step 2 spans −6...6, step 5
        // −10...10); take it when it still gives at most `target + 2` intervals.
        let smaller = previousNiceStep(step)
        func span(_ s: Double) -> (Double, Double) { ((lo / s + 1e-9).rounded(.down), (hi / s - 1e-9).rounded(.up)) }
        let (a, b) = span(smaller)
        if smaller >= (minimumStep ?? 0), Int(b - a) <= target + 2, (b - a) * smaller < (span(step).1 - span(step).0) * step - 1e-12 * step { step = smaller }
        let (first, last) = span(step)
        let count = Int(last - first)
        let values = (0...max(count, 1)).map { cleaned((first + Double($0)) * step, step: step) }
        let largest = values.map(abs).max() ?? 0
        let labels = values.map { label($0, step: step, reference: largest) }
        return TickSet(lower: values.first!, upper: values.last!, values: values, labels: labels)
    }

    /// The nice step below `step` (itself `1, 2` or `5 × 10ᵏ`): 5 → 2, 2 → 1, 1 → 0.5.
    static func previousNiceStep(_ step: Double) -> Double {
        let magnitude = pow(10, Double(exponent(step)))
        let factor = (step / magnitude).rounded()
        return factor >= 5 ? 2 * magnitude : factor >= 2 ? magnitude : 0.5 * magnitude
    }

    /// The smallest of `1, 2, 5 × 10ᵏ` that is `>= raw` (`raw > 0`).
    public static func niceStep(_ raw: Double) -> Double {
        guard raw > 0, raw.isFinite else { return 1 }
        let magnitude = pow(10, (log10(raw)).rounded(.down))
        let residual = raw / magnitude
        let factor: Double = residual <= 1 + 1e-9 ? 1 : residual <= 2 + 1e-9 ? 2 : residual <= 5 + 1e-9 ? 5 : 10
        return factor * magnitude
    }

    /// Ticks for a log axis covering `lower...upper` (both must be positive; others are clamped to a
    /// tiny positive value). The ticks are the first of these with at least three inside the range:
    /// powers of ten (every k-th when there are more than ten; the axis ends at the nearest 1-2-5
    /// multiple beyond the data, labelled), 1-2-5 multiples, multiples 1…9, nice linear steps. The
    /// domain is the range widened to the next of those ticks below and above, so that the lowest
    /// label is at or below the smallest value (`0.1` for data down to `0.11`, not `0.15`) and the
    /// highest at or above the largest.
    public static func logarithmic(lower: Double, upper: Double) -> TickSet {
        let tiny = 1e-300
        var lo = max(min(lower, upper), tiny), hi = max(max(lower, upper), tiny)
        if !lo.isFinite || !hi.isFinite { lo = 1; hi = 10 }
        if hi / lo < 1.05 { let mid = (lo * hi).squareRoot(); lo = mid / 1.1; hi = mid * 1.1 }
        func inside(_ v: Double) -> Bool { v >= lo * (1 - 1e-12) && v <= hi * (1 + 1e-12) }
        let d0 = Int(log10(lo).rounded(.down)) - 1, d1 = Int(log10(hi).rounded(.up)) + 1
        func multiples(_ ms: [Double]) -> [Double] { (d0...d1).flatMap { d in ms.map { $0 * pow(10, Double(d)) } } }
        /// The candidates from the last one at or below `lo` to the first one at or above `hi`.
        func widened(_ v: [Double]) -> [Double] {
            let first = v.lastIndex { $0 <= lo * (1 + 1e-12) } ?? 0, last = v.firstIndex { $0 >= hi * (1 - 1e-12) } ?? v.count - 1
            return Array(v[first...last])
        }
        var decades = multiples([1])
        let thinned = decades.filter(inside).count > 10
        if thinned {
            let stride = Int((Double(decades.filter(inside).count) / 8).rounded(.up))
            decades = decades.filter { Int(log10($0).rounded()) % stride == 0 }
        }
        let values: [Double], labels: [String]
        if thinned {
            // Every k-th decade: the axis ends on them too, keeping the steps equal.
            values = widened(decades); labels = values.map(logLabel)
        } else if decades.filter(inside).count >= 3 {
            // Whole decades inside; at each end the nearest 1-2-5 tick beyond the data, so that the
            // axis does not run most of an empty decade past it (0.0005 below 0.00067, not 0.0001).
            let steps = multiples([1, 2, 5])
            let inner = decades.filter(inside)
            let below = steps.last { $0 <= lo * (1 + 1e-12) } ?? inner[0], above = steps.first { $0 >= hi * (1 - 1e-12) } ?? inner[inner.count - 1]
            values = (below < inner[0] ? [below] : []) + inner + (above > inner[inner.count - 1] ? [above] : [])
            labels = values.map(logLabel)
        } else if case let v = multiples([1, 2, 5]), v.filter(inside).count >= 3 {
            values = widened(v); labels = values.map(logLabel)
        } else if case let v = multiples([1, 1.5, 2, 3, 4, 5, 6, 7, 8, 9]), v.filter(inside).count >= 3, v.filter(inside).count <= 10 {
            // One format for the whole axis, with the decimals the closest pair of ticks needs.
            values = widened(v)
            let gap = zip(values.dropFirst(), values).map { $0 - $1 }.min() ?? values[0]
            let largest = values.map(abs).max() ?? 0
            labels = values.map { label($0, step: gap, reference: largest) }
        } else {
            // The linear ticks of the range, finer until at least four fall inside it (with three, a
            // whole end of the axis can go unlabelled); they already start and end beyond the data.
            var t = linear(lower: lo, upper: hi, targetCount: 4)
            for target in [6, 8, 10] where t.values.filter({ inside($0) && $0 > 0 }).count < 4 {
                t = linear(lower: lo, upper: hi, targetCount: target)
            }
            let step = t.values.count > 1 ? t.values[1] - t.values[0] : 1
            let kept = t.values.filter { $0 > 0 }
            let largest = kept.map(abs).max() ?? 0
            return TickSet(
                lower: min(kept.first ?? lo, lo), upper: max(kept.last ?? hi, hi), values: kept,
                labels: kept.map { label($0, step: step, reference: largest) })
        }
        return TickSet(lower: min(values.first ?? lo, lo), upper: max(values.last ?? hi, hi), values: values, labels: labels)
    }

    /// The label of a linear tick: as many decimals as the step needs (`0.2` → one), scientific
    /// notation for very large values or very small steps. `reference` (default `value`) is the
    /// largest magnitude on the axis; passing it gives every tick of an axis the same format.
    public static func label(_ value: Double, step: Double, reference: Double? = nil) -> String {
        if value == 0 { return "0" }
        return withMinusSign(plainLabel(value, step: step, reference: reference))
    }

    /// `-` replaced by the typographic minus sign U+2212, as figures should print negative numbers.
    public static func withMinusSign(_ text: String) -> String {
        text.replacingOccurrences(of: "-", with: "\u{2212}")
    }

    static func plainLabel(_ value: Double, step: Double, reference: Double?) -> String {
        let magnitude = max(abs(reference ?? value), abs(value), step)
        if magnitude >= 1e6 || step < 1e-4 {
            let digits = max(0, exponent(magnitude) - exponent(step))
            return String(format: "%.\(min(digits, 12))e", value)
        }
        let decimals = max(0, -exponent(step))
        return String(format: "%.\(decimals)f", value)
    }

    /// `floor(log10 |x|)`, robust to `log10(1e-5) = -5.0000000001`.
    static func exponent(_ x: Double) -> Int { Int((log10(abs(x)) + 1e-9).rounded(.down)) }

    /// The label of a log tick: plain for `1e-3 ..< 1e6`, `1e-5` style otherwise.
    static func logLabel(_ value: Double) -> String {
        if value >= 1e-3 && value < 1e6 {
            return label(value, step: pow(10, Double(exponent(value))))
        }
        // floor, not round: 5e-7 is 5 × 10⁻⁷ (rounding log10 = −6.3 would give 0.5 × 10⁻⁶ → "1e−6").
        let exponent = Self.exponent(value)
        let m = Int((value / pow(10, Double(exponent))).rounded())
        return withMinusSign(m == 1 ? "1e\(exponent)" : "\(m)e\(exponent)")
    }

    /// Snaps a multiple of `step` to the nearest representable value and turns `-0` into `0`.
    static func cleaned(_ value: Double, step: Double) -> Double {
        let snapped = (value / step).rounded() * step
        return abs(snapped) < step * 1e-9 ? 0 : snapped
    }
}
