// PretrainingData: which images greedy RBM pre-training learns from.

import Foundation
import NKCore
import NKData

/// The images greedy pre-training (`DeepBeliefNet.pretrain`) learns from: `train` or `all`.
public enum PretrainingData: String, Sendable, Equatable, Codable, CaseIterable {
    /// The run's training rows (after `limit` and the validation split).
    case train
    /// Every image of the source, training and test parts, before any limit, labels unused: report
    /// 004's protocol. Transductive: the test images shape the initial weights.
    case all

    /// The rows to pre-train on. `prepared` is `data` prepared for the run; `all` reads the source
    /// again without limits or validation split and applies the preprocessing fitted on the run's
    /// training rows, then stacks the training and test parts.
    public func images(of data: DataSpecification, prepared: PreparedData, seed: UInt64, dataDirectory: URL) throws -> Tensor {
        guard self == .all else { return prepared.train.inputs.flattenedRows }
        var whole = data
        (whole.limit, whole.testLimit, whole.validationFraction) = (nil, nil, 0)
        let all = try whole.prepare(seed: seed, dataDirectory: dataDirectory, fitted: prepared.preprocessing)
        let train = all.train.inputs.flattenedRows
        guard let test = all.test?.inputs.flattenedRows else { return train }
        return Tensor(shape: [train.shape[0] + test.shape[0], train.shape[1]], scalars: train.scalars + test.scalars)
    }
}
