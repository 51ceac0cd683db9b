// SweepPlan: the trials of a grid sweep (every combination of the varied values, times the seeds).

import Foundation
import NKCore

/// A grid over named values and seeds, as `neuralkit sweep --grid h=5,10 --grid lr=0.1,0.01 --seeds 3`
/// gives it: trials in a fixed order (the first variable outermost, seeds innermost), each with an
/// index that names its folder, so that any process (a shard, a rerun after a kill, `--collect`)
/// agrees on what trial `i` is.
public struct SweepPlan: Sendable, Equatable {
    /// One varied name and its values, in the order given.
    public struct Variable: Sendable, Equatable, Codable {
        public var name: String
        public var values: [String]
    }

    /// One run of the sweep.
    public struct Trial: Sendable, Equatable, Codable {
        public var index: Int
        /// The value of every variable, in the plan's order.
        public var values: [String]
        public var seed: UInt64
        /// `trial-0007`: the trial's folder inside the sweep folder.
        public var folder: String { String(format: "trial-%04d", index) }
    }

    public var variables: [Variable]
    public var seeds: [UInt64]

    /// Parses `--grid NAME=V1,V2,…` options and a seed count (seeds 0, 1, …).
    /// - Throws: `.argument` naming the option for a malformed grid, a repeated name or no values.
    public init(grids: [String], seedCount: Int) throws {
        guard seedCount >= 1 && seedCount <= 1000 else { throw NeuralKitError.argument("--seeds must be between 1 and 1000, got \(seedCount).") }
        var variables: [Variable] = []
        for grid in grids {
            guard let eq = grid.firstIndex(of: "="), eq != grid.startIndex else {
                throw NeuralKitError.argument("--grid '\(NeuralKitError.excerpt(grid))': expected NAME=V1,V2,… such as h=5,10,50 or lr=0.1,0.01.")
            }
            let name = String(grid[..<eq])
            guard name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }) else {
                throw NeuralKitError.argument("--grid '\(NeuralKitError.excerpt(grid))': the name may hold letters, digits, - and _ only.")
            }
            let values = grid[grid.index(after: eq)...].split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
            guard !values.isEmpty, values.allSatisfy({ !$0.isEmpty }) else {
                throw NeuralKitError.argument("--grid \(name): give at least one value and no empty ones, got '\(NeuralKitError.excerpt(grid))'.")
            }
            guard !variables.contains(where: { $0.name == name }) else { throw NeuralKitError.argument("--grid \(name) is given twice.") }
            variables.append(Variable(name: name, values: values))
        }
        let count = variables.reduce(seedCount) { $0.multipliedReportingOverflow(by: $1.values.count).partialValue }
        guard count <= 100_000 else { throw NeuralKitError.argument("The sweep has \(count) trials; at most 100,000.") }
        self.variables = variables
        self.seeds = (0..<seedCount).map(UInt64.init)
    }

    /// Every trial, in order.
    public var trials: [Trial] {
        var combinations: [[String]] = [[]]
        for v in variables { combinations = combinations.flatMap { c in v.values.map { c + [$0] } } }
        var trials: [Trial] = []
        for values in combinations {
            for seed in seeds { trials.append(Trial(index: trials.count, values: values, seed: seed)) }
        }
        return trials
    }

    /// The trials of shard `shard` of `count` (index ≡ shard mod count): the shards of one plan
    /// cover every trial exactly once.
    public func trials(shard: Int, of count: Int) -> [Trial] {
        trials.filter { $0.index % count == shard }
    }

    /// Parses `I/N` (`--shard`), 0 ≤ I < N.
    public static func parseShard(_ text: String) throws -> (shard: Int, count: Int) {
        let parts = text.split(separator: "/").map { Int($0.trimmingCharacters(in: .whitespaces)) }
        guard parts.count == 2, let i = parts[0], let n = parts[1], n >= 1, i >= 0, i < n else {
            throw NeuralKitError.argument("--shard: expected I/N with 0 ≤ I < N (e.g. 0/3, or $SLURM_ARRAY_TASK_ID/$SLURM_ARRAY_TASK_COUNT), got '\(NeuralKitError.excerpt(text))'.")
        }
        return (i, n)
    }
}
