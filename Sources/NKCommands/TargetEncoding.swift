// How raw target columns are encoded for a loss, and how accuracy is judged.

import NeuralKit

/// Adapts the targets a user gives (class indices, ±1 or 0/1 labels, real values) to what a loss
/// expects, and picks the accuracy rule; the library itself never guesses.
///
/// - `ce`, `nll`, `multi-hinge`: one column of class indices (±1 labels become 0/1); accuracy by argmax.
/// - `bce`, `bce-logits`: 0/1 targets (±1 labels become 0/1); accuracy by threshold 0.5 or 0.
/// - `hinge`: ±1 targets (0/1 labels become ±1); accuracy by the sign.
/// - `mse`: values as given; accuracy by argmax when a class column meets a wider output, by the
///   sign or 0.5 for ±1 or 0/1 labels, and none for real-valued targets (regression).
struct TargetEncoding {
    var targets: Tensor
    var decision: Decision?

    init(lossName: String, targets raw: Tensor, outputWidth: Int) throws {
        let values = Set(raw.scalars)
        let isSigned = !values.isEmpty && values.isSubset(of: [-1, 1])
        let isBinary = !values.isEmpty && values.isSubset(of: [0, 1])
        let isClassIndex = raw.rowSize == 1 && raw.scalars.allSatisfy { $0 >= 0 && $0.rounded() == $0 }
        func remap(_ f: (Float) -> Float) -> Tensor { Tensor(shape: raw.shape, scalars: raw.scalars.map(f)) }
        switch lossName {
        case "ce", "nll", "multi-hinge":
            let t = isSigned ? remap { $0 > 0 ? 1 : 0 } : raw
            guard t.rowSize == 1, t.scalars.allSatisfy({ $0 >= 0 && $0.rounded() == $0 && Int($0) < outputWidth }) else {
                throw NeuralKitError.data("--loss \(lossName) needs one target column of class indices in 0..<\(outputWidth) (the model's output width)")
            }
            targets = t; decision = .argmax
        case "bce", "bce-logits":
            targets = isSigned ? remap { $0 > 0 ? 1 : 0 } : raw
            decision = isSigned || isBinary ? .threshold(lossName == "bce" ? 0.5 : 0) : nil
        case "hinge":
            targets = isBinary ? remap { $0 > 0 ? 1 : -1 } : raw
            decision = isSigned || isBinary ? .threshold(0) : nil
        default:
            if outputWidth > 1, isClassIndex, raw.rowSize == 1 {
                targets = oneHot(raw, classes: outputWidth); decision = .argmax
            } else {
                targets = raw
                decision = isSigned ? .threshold(0) : isBinary ? .threshold(0.5) : nil
            }
        }
    }
}

/// Class indices `(n, 1)` as one-hot rows `(n, classes)`.
func oneHot(_ indices: Tensor, classes: Int) -> Tensor {
    var out = Tensor(zeros: [indices.rowCount, classes])
    for (i, c) in indices.scalars.enumerated() where Int(c) < classes { out[i, Int(c)] = 1 }
    return out
}

extension NeuralKitError {
    static func data(_ message: String) -> NeuralKitError { .init(.data, message) }
}
