// The description of one axis of a chart: label, scale and the range it must cover.
import NKCore

/// One axis of a chart. The range is computed from the data and widened to nice ticks; `limits`,
/// when given, must also be covered (e.g. `0...1` for an accuracy axis), but never clips data.
///
/// ```swift
/// var y = Axis(label: "loss", scale: .log)
/// var acc = Axis(label: "accuracy", limits: 0...1)
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

    /// An axis with a label, a scale and optional limits.
    public init(label: String = "", scale: AxisScale = .linear, limits: ClosedRange<Double>? = nil, tickCount: Int = 5) {
        self.label = label
        self.scale = scale
        self.limits = limits
        self.tickCount = tickCount
    }

    /// The ticks for data spanning `lower...upper` (plus `limits`).
    /// - Throws: `NeuralKitError.argument` when a log axis meets a value `<= 0`; `what` names the figure.
    func ticks(dataLower: Double, dataUpper: Double, what: String) throws -> TickSet {
        var lo = dataLower, hi = dataUpper
        if let limits { lo = min(lo, limits.lowerBound); hi = max(hi, limits.upperBound) }
        if !lo.isFinite || !hi.isFinite { lo = limits?.lowerBound ?? (scale == .log ? 1 : 0); hi = limits?.upperBound ?? (scale == .log ? 10 : 1) }
        switch scale {
        case .linear:
            return Ticks.linear(lower: lo, upper: hi, targetCount: tickCount)
        case .log:
            guard lo > 0 else {
                throw NeuralKitError.argument("\(what): the log-scale axis '\(label)' needs positive values, got \(lo)")
            }
            return Ticks.logarithmic(lower: lo, upper: hi)
        }
    }
}
