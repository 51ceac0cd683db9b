// GradientCheckResult: what a gradient check found, tensor by tensor.

import NKCore

/// The outcome of `GradientCheck`: for the input and every parameter, the worst disagreement
/// between the analytic gradient (`backward…`) and the numeric one (central differences).
public struct GradientCheckResult: Sendable, CustomStringConvertible {
    /// The findings for one checked tensor.
    public struct Entry: Sendable, CustomStringConvertible {
        /// `input`, or a parameter with its position: `weight`, `0.weight`, `2.bias` (PyTorch's
        /// `state_dict` names: children of a `Sequential` counted from 0).
        public var name: String
        /// The tensor's shape.
        public var shape: [Int]
        /// How many elements were compared (all of them, or a seeded random subset).
        public var checkedCount: Int
        /// The largest `|a − n| / (rtol·|n| + atol·scale + noise)` over the checked elements; ≤ 1 passes.
        public var worstRatio: Double
        /// The flat index where `worstRatio` occurs, with the analytic and numeric values there.
        public var worstIndex: Int
        /// The analytic gradient (from the backward pass) at `worstIndex`.
        public var analytic: Double
        /// The numeric gradient (5-point central difference) at `worstIndex`.
        public var numeric: Double
        /// The largest plain relative error `|a − n| / max(|a|, |n|)` (0 where both are 0), and
        /// where it occurs. Informational: near-zero gradients make it large without a bug.
        public var worstRelativeError: Double
        /// The flat index where `worstRelativeError` occurs.
        public var worstRelativeIndex: Int
        /// Elements left out because they sit on a kink (see `GradientCheck`): the numeric derivative
        /// is not defined there, and the analytic value is one of the one-sided slopes.
        public var skippedAtKinks: Int = 0
        /// The tensor's scale: the largest numeric gradient over its checked elements, `max|n|`.
        public var scale: Double = 0

        /// Whether every checked element is within tolerance.
        public var passed: Bool { worstRatio <= 1 }

        /// One report line: `ok` or `FAIL`, the name, shape and worst values.
        public var description: String {
            "\(passed ? "ok  " : "FAIL") \(name) \(describeShape(shape)), \(checkedCount) checked"
                + (skippedAtKinks > 0 ? " (\(skippedAtKinks) skipped at kinks)" : "") + ": "
                + "worst ratio \(fmt(worstRatio)) at \(worstIndex) (analytic \(fmt(analytic)), numeric \(fmt(numeric)), scale \(fmt(scale))), "
                + "worst relative error \(fmt(worstRelativeError)) at \(worstRelativeIndex)"
        }
    }

    /// What was checked, e.g. `Linear(3, 2)` or `CrossEntropyLoss(reduction=mean)`.
    public var subject: String
    /// The seed of the random output weights and of the element sampling.
    public var seed: UInt64
    /// One entry per checked tensor: the input first, then the parameters in order.
    public var entries: [Entry]

    /// Whether every tensor passed.
    public var passed: Bool { entries.allSatisfy(\.passed) }

    /// Elements skipped at kinks over every tensor.
    public var skippedAtKinks: Int { entries.reduce(0) { $0 + $1.skippedAtKinks } }

    /// The entry with the largest ratio.
    public var worst: Entry? { entries.max { $0.worstRatio < $1.worstRatio } }

    /// A multi-line report: a verdict line, then one line per tensor.
    public var description: String {
        let skipped = skippedAtKinks > 0 ? " (\(skippedAtKinks) elements skipped at kinks, where the derivative is not defined)" : ""
        return
            (["gradient check of \(subject) (seed \(seed)): \(passed ? "passed" : "FAILED")\(skipped)"]
            + entries.map { "  " + $0.description }).joined(separator: "\n")
    }
}

/// Seven significant digits are plenty for a report.
private func fmt(_ x: Double) -> String { "\(Float(x))" }
