// ExchangeWorkload: R1, the time of one gradient exchange of data-parallel training against the model size.

import Foundation
import NKCore

extension Workloads {
    /// The parameter counts R1 exchanges: 10⁴ to 10⁷ floats, with W1's network (79,510) and W4's
    /// (46,922) among them.
    static let exchangeSizes = [10_000, 46_922, 79_510, 1_000_000, 10_000_000]

    /// R1: the median time of one rank-order sum (`ProcessGroup.sum`, what `DataParallel` does with
    /// the gradients every step) of each size, on the ranks of `Workloads.processGroup` (one process:
    /// only the copy).
    static func r1(runs: Int) throws -> [BenchRow] {
        let group = processGroup ?? SingleProcess()
        return try exchangeSizes.map { count in
            var values = [Float](repeating: 1, count: count)
            let seconds = try median(runs) { try group.sum(&values) }
            return BenchRow(
                id: "R1", what: "rank-order sum of \(count) floats over \(group.size) process(es)", seconds: seconds, unit: .milliseconds, target: .infinity)
        }
    }
}
