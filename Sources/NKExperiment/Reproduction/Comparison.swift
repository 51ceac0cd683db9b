// Comparison: one of our numbers beside the report's, judged with a stated tolerance.

import Foundation

/// Our value of a quantity beside the report's, and the verdict: `matches` within `tolerance`,
/// else `better` or `worse` (by `higherIsBetter`), or `differs` when neither direction is better.
public struct Comparison: Sendable, Codable, Equatable {
    public enum Verdict: String, Sendable, Codable { case matches, better, worse, differs }

    public var quantity: String
    public var ours: Double
    public var report: Double
    /// The largest |ours − report| called a match, in the quantity's units.
    public var tolerance: Double
    /// true: higher is better (accuracy); false: lower is better (error, loss); nil: neither.
    public var higherIsBetter: Bool?

    public init(_ quantity: String, ours: Double, report: Double, tolerance: Double, higherIsBetter: Bool?) {
        (self.quantity, self.ours, self.report, self.tolerance, self.higherIsBetter) = (quantity, ours, report, tolerance, higherIsBetter)
    }

    public var verdict: Verdict {
        if abs(ours - report) <= tolerance { return .matches }
        guard let higherIsBetter, ours.isFinite else { return .differs }
        return (ours > report) == higherIsBetter ? .better : .worse
    }

    /// One verdict for several comparisons: the common one, else `mixed`.
    public static func overall(_ comparisons: [Comparison]) -> String {
        let verdicts = Set(comparisons.map(\.verdict.rawValue))
        if verdicts.isEmpty { return "no number to compare" }
        return verdicts.count == 1 ? verdicts.first! : "mixed (" + comparisons.map { "\($0.verdict.rawValue)" }.joined(separator: ", ") + ")"
    }
}
