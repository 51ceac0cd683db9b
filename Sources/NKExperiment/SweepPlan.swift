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
        public var folder: String { String(format: "trial-%04ld", index) }
    }

    public var variables: [Variable]
    public var seeds: [UInt64]
    /// A random search's trials (nil for a grid): drawn once from its seed, so every process agrees.
    public var drawn: [Trial]?
    /// The random search that drew them: `--sample` texts, trial count, seed.
    public var search: Search?

    /// A random search (`neuralkit search`): each variable's distribution.
    public struct Search: Sendable, Equatable, Codable {
        public var samples: [String]
        public var trials: Int
        public var seed: UInt64
    }

    /// Parses `--grid NAME=V1,V2,…` options and a seed count (seeds 0, 1, …).
    /// - Throws: `.argument` naming the option for a malformed grid, a repeated name or no values.
    public init(grids: [String], seedCount: Int) throws {
        guard seedCount >= 1 && seedCount <= 1000 else { throw NeuralKitError.argument("The number of seeds must be between 1 and 1000, got \(seedCount).", field: "seedCount") }
        var variables: [Variable] = []
        for grid in grids {
            guard let eq = grid.firstIndex(of: "="), eq != grid.startIndex else {
                throw NeuralKitError.argument("'\(NeuralKitError.excerpt(grid))': a grid is NAME=V1,V2,… such as h=5,10,50 or lr=0.1,0.01.", field: "grids")
            }
            let name = String(grid[..<eq])
            guard name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }) else {
                throw NeuralKitError.argument("'\(NeuralKitError.excerpt(grid))': a grid variable's name may hold letters, digits, - and _ only.", field: "grids")
            }
            let values = grid[grid.index(after: eq)...].split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
            guard !values.isEmpty, values.allSatisfy({ !$0.isEmpty }) else {
                throw NeuralKitError.argument("\(name): give at least one value and no empty ones, got '\(NeuralKitError.excerpt(grid))'.", field: "grids")
            }
            guard !variables.contains(where: { $0.name == name }) else { throw NeuralKitError.argument("the grid variable \(name) is given twice.", field: "grids") }
            variables.append(Variable(name: name, values: values))
        }
        let count = variables.reduce(seedCount) { $0.multipliedReportingOverflow(by: $1.values.count).partialValue }
        guard count <= 100_000 else { throw NeuralKitError.argument("The sweep has \(count) trials; at most 100,000.") }
        self.variables = variables
        self.seeds = (0..<seedCount).map(UInt64.init)
        self.drawn = nil
        self.search = nil
    }

    /// A random search: `count` trials whose values are drawn from `--sample NAME=DIST` texts, where
    /// DIST is `loguniform:LOW:HIGH`, `uniform:LOW:HIGH`, `intuniform:LOW:HIGH` (integers, both ends
    /// included) or `choice:A,B,…`; trial `i` has seed `i` (its initialisation and shuffling).
    /// - Throws: `.argument` naming the malformed `--sample`.
    public init(samples: [String], count: Int, seed: UInt64) throws {
        guard count >= 1 && count <= 100_000 else { throw NeuralKitError.argument("The number of trials must be between 1 and 100000, got \(count).", field: "trials") }
        var names: [String] = [], draws: [(inout RandomGenerator) -> String] = []
        for text in samples {
            func fail(_ why: String) -> NeuralKitError {
                .argument(
                    "'\(NeuralKitError.excerpt(text))': \(why); a sampled variable is NAME=loguniform:LOW:HIGH, uniform:LOW:HIGH, intuniform:LOW:HIGH or choice:A,B,….",
                    field: "search.samples")
            }
            guard let eq = text.firstIndex(of: "="), eq != text.startIndex else { throw fail("no NAME=") }
            let name = String(text[..<eq])
            guard name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }), !names.contains(name) else { throw fail("a bad or repeated name") }
            let parts = text[text.index(after: eq)...].split(separator: ":", maxSplits: 1).map(String.init)
            guard parts.count == 2 else { throw fail("no distribution") }
            switch parts[0] {
            case "loguniform", "uniform", "intuniform":
                let bounds = parts[1].split(separator: ":").compactMap { Double($0) }
                guard bounds.count == 2, bounds[0] < bounds[1], bounds.allSatisfy(\.isFinite) else { throw fail("LOW:HIGH must be two numbers, LOW < HIGH") }
                let (lo, hi) = (bounds[0], bounds[1])
                if parts[0] == "loguniform" {
                    guard lo > 0 else { throw fail("loguniform needs LOW > 0") }
                    draws.append { rng in String(format: "%.4g", Foundation.exp(Foundation.log(lo) + rng.nextUnitDouble() * (Foundation.log(hi) - Foundation.log(lo)))) }
                } else if parts[0] == "uniform" {
                    draws.append { rng in String(format: "%.4g", lo + rng.nextUnitDouble() * (hi - lo)) }
                } else {
                    guard lo.rounded() == lo, hi.rounded() == hi, abs(lo) < 1e9, abs(hi) < 1e9 else { throw fail("intuniform needs integers") }
                    draws.append { rng in "\(Int(lo) + Int(rng.next() % UInt64(Int(hi) - Int(lo) + 1)))" }
                }
            case "choice":
                let options = parts[1].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
                guard !options.isEmpty, options.allSatisfy({ !$0.isEmpty }) else { throw fail("choice needs values") }
                draws.append { rng in options[Int(rng.next() % UInt64(options.count))] }
            default: throw fail("unknown distribution '\(parts[0])'")
            }
            names.append(name)
        }
        guard !names.isEmpty else { throw NeuralKitError.argument("A search needs at least one sampled variable, NAME=DIST (what the search varies).", field: "search.samples") }
        var rng = RandomGenerator(seed: seed)
        var trials: [Trial] = []
        for i in 0..<count {
            var values: [String] = []
            for d in draws { values.append(d(&rng)) }
            trials.append(Trial(index: i, values: values, seed: UInt64(i)))
        }
        variables = zip(names, 0...).map { name, k in Variable(name: name, values: Array(Set(trials.map { $0.values[k] })).sorted()) }
        seeds = [0]
        drawn = trials
        search = Search(samples: samples, trials: count, seed: seed)
    }

    /// Every trial, in order.
    public var trials: [Trial] {
        if let drawn { return drawn }
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
            throw NeuralKitError.argument(
                "expected a shard I/N with 0 ≤ I < N (e.g. 0/3, or $SLURM_ARRAY_TASK_ID/$SLURM_ARRAY_TASK_COUNT), got '\(NeuralKitError.excerpt(text))'.", field: "shard")
        }
        return (i, n)
    }
}
