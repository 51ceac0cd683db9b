// TargetEncoding: how raw target columns are encoded for a loss, and how accuracy is judged.

import NKCore
import NKLosses

/// Adapts the targets a user gives (class indices, ±1 or 0/1 labels, real values) to what a loss
/// expects, and picks the accuracy rule. Every command (train, evaluate, sweeps) encodes through it.
///
/// The rule comes from the loss's `TargetKind` (its descriptor):
/// - `ce`, `nll`, `nll-log`, `multi-hinge`: one column of class indices (±1 labels become 0/1);
///   accuracy by argmax.
/// - `bce`, `bce-logits`: targets in [0, 1] (±1 labels become 0/1; other values are refused);
///   accuracy by threshold 0.5 or 0 for 0/1 labels.
/// - `hinge`: ±1 targets (0/1 labels become ±1); accuracy by the sign.
/// - `mse`: values as given; accuracy by argmax when a class column meets a wider output (the
///   column becomes one-hot rows), by the sign or 0.5 for ±1 or 0/1 labels, and none for
///   real-valued targets (regression).
public struct TargetEncoding: Sendable {
    /// The targets as the loss takes them.
    public var targets: Tensor
    /// How accuracy is measured; nil for regression.
    public var decision: Decision?

    /// Encodes `raw` `(n, t)` for `loss` and a model with `outputWidth` outputs per sample.
    /// - Throws: `NeuralKitError.data` naming the first sample whose target the loss cannot take.
    public init(loss: LossKind, targets raw: Tensor, outputWidth: Int) throws {
        let values = Set(raw.scalars)
        let isSigned = !values.isEmpty && values.isSubset(of: [-1, 1])
        let isBinary = !values.isEmpty && values.isSubset(of: [0, 1])
        let isClassIndex = raw.rowSize == 1 && raw.scalars.allSatisfy { $0 >= 0 && $0.rounded() == $0 }
        func remap(_ f: (Float) -> Float) -> Tensor { Tensor(shape: raw.shape, scalars: raw.scalars.map(f)) }
        switch loss.descriptor.target {
        case .classIndices:
            let t = isSigned ? remap { $0 > 0 ? 1 : 0 } : raw
            guard t.rowSize == 1 else {
                throw NeuralKitError(.data, "Loss \(loss) needs one target column of class indices; the data has \(t.rowSize) target columns", field: "loss")
            }
            if let bad = t.scalars.firstIndex(where: { !($0 >= 0 && $0.rounded() == $0 && $0 < Float(outputWidth)) }) {
                throw NeuralKitError.data(
                    "--loss \(loss) needs class indices in 0..<\(outputWidth) (the model's output width); sample \(bad) (row \(bad + 1) of the data) has target \(raw.scalars[bad])")
            }
            targets = t; decision = .argmax
        case .binary(let threshold):
            targets = isSigned ? remap { $0 > 0 ? 1 : 0 } : raw
            // A cross-entropy against a target outside [0, 1] is unbounded below: training would
            // chase an ever more negative loss (−2e11 for a target of 1e11) and report it as progress.
            if let bad = targets.scalars.firstIndex(where: { !($0 >= 0 && $0 <= 1) }) {
                throw NeuralKitError.data(
                    "--loss \(loss) needs targets in [0, 1] (probabilities, or 0/1 labels; ±1 labels are mapped to 0/1); sample \(bad / raw.rowSize) (row \(bad / raw.rowSize + 1) of the data) has target \(raw.scalars[bad]). Use --loss mse for other values, or scale the targets into [0, 1]."
                )
            }
            decision = isSigned || isBinary ? .threshold(threshold) : nil
        case .signs:
            targets = isBinary ? remap { $0 > 0 ? 1 : -1 } : raw
            decision = isSigned || isBinary ? .threshold(0) : nil
        case .values:
            if outputWidth > 1, isClassIndex {
                targets = Tensor.oneHot(classIndices: raw, classes: outputWidth)
                decision = .argmax
                if let bad = raw.scalars.firstIndex(where: { $0 >= Float(outputWidth) }) {
                    throw NeuralKitError.data(
                        "--loss \(loss) with \(outputWidth) outputs reads one target column as class indices in 0..<\(outputWidth); sample \(bad) (row \(bad + 1)) has class \(raw.scalars[bad])")
                }
            } else {
                targets = raw
                decision = isSigned ? .threshold(0) : isBinary ? .threshold(0.5) : nil
            }
        }
    }
}
