// The description of one axis of a chart: label, scale and the range it must cover.
import NKCore

/// One axis of a chart. The range is computed from the data and widened to nice ticks; `limits`,
/// when given, must also be covered (e.g. `0...100` to show a whole accuracy scale), but never clips
/// data; `bounds` keeps the widening from going past values that cannot occur (an accuracy axis
/// fitted to 91–99 % stops at 100, not 102); `integer` keeps ticks on whole numbers (epochs).
///
/// ```swift
/// var y = Axis(label: "Loss", scale: .log)
/// var acc = Axis(label: "Accuracy (%)", bounds: 0...100)      // zoomed to the data
/// var full = Axis(label: "Accuracy (%)", limits: 0...100)     // the whole 0–100 scale
/// var epochs = Axis(label: "Epoch", integer: true)
/// ```
public struct Axis: Sendable {
    /// The label written along the axis; empty for none.
    public var label: String
    /// Linear or logarithmic.
    public var scale: AxisScale
    /// A range the axis covers in addition to the data, or `nil`.
    public var limits: ClosedRange<Double>?
    /// About how many tick intervals a linear axis gets.
    public var tickCount: Int
    /// Values the axis never extends past when it widens the data range to nice ticks, or `nil`.
    public var bounds: ClosedRange<Double>?
    /// Whether ticks must be whole numbers (steps of at least 1).
    public var integer: Bool

    /// An axis with a label, a scale and optional limits.
    public init(
        label: String = "", scale: AxisScale = .linear, limits: ClosedRange<Double>? = nil, tickCount: Int = 5,
        bounds: ClosedRange<Double>? = nil, integer: Bool = false
    ) {
        self.label = label
        self.scale = scale
        self.limits = limits
        self.tickCount = tickCount
        self.bounds = bounds
        self.integer = integer
    }

    /// The ticks for data spanning `lower...upper` (plus `limits`).
    /// - Throws: `NeuralKitError.argument` when a log axis meets a value `<= 0`; `what` names the figure.
    func ticks(dataLower: Double, dataUpper: Double, what: String) throws -> TickSet {
        var lo = dataLower, hi = dataUpper
        if let limits { lo = min(lo, limits.lowerBound); hi = max(hi, limits.upperBound) }
        if !lo.isFinite || !hi.isFinite { lo = limits?.lowerBound ?? (scale == .log ? 1 : 0); hi = limits?.upperBound ?? (scale == .log ? 10 : 1) }
        switch scale {
        case .linear:
            let t = Ticks.linear(lower: lo, upper: hi, targetCount: tickCount, minimumStep: integer ? 1 : nil)
            guard let bounds else { return t }
            // Clip the widened domain to the bounds (keeping the data inside) and drop ticks beyond it.
            let lower = max(t.lower, min(bounds.lowerBound, lo)), upper = min(t.upper, max(bounds.upperBound, hi))
            let kept = t.values.indices.filter { t.values[$0] >= lower - 1e-12 && t.values[$0] <= upper + 1e-12 }
            return TickSet(lower: lower, upper: upper, values: kept.map { t.values[$0] }, labels: kept.map { t.labels[$0] })
        case .log:
            guard lo > 0 else {
                throw NeuralKitError.argument("\(what): the log-scale axis '\(label)' needs positive values, got \(lo)")
            }
            return Ticks.logarithmic(lower: lo, upper: hi)
        }
    }
}
