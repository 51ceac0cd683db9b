// Linear and logarithmic axis scales.
import Foundation

/// How data values map to positions along an axis.
public enum AxisScale: String, Sendable, CaseIterable {
    /// Position proportional to the value.
    case linear
    /// Position proportional to `log10(value)`; every value must be positive.
    case log

    /// The value in the space where the mapping is linear: `v` or `log10(v)`.
    public func transform(_ value: Double) -> Double {
        switch self {
        case .linear: return value
        case .log: return log10(value)
        }
    }
}
