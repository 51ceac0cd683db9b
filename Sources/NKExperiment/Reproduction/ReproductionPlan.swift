// ReproductionPlan: an experiment's plan as JSON (`neuralkit reproduce ID --plan`), and its record
// after a run (`reproduction.json`).

import Foundation
import NKCore

/// What `reproduce ID --plan` prints: the report's setting, every run as a `neuralkit` command line,
/// the readings, the deviations, and the expected time. Nothing runs.
public struct ReproductionPlan: Codable, Sendable {
    public struct Run: Codable, Sendable {
        public var name: String
        public var command: [String]
        /// The run's settings `neuralkit train` cannot express (pre-training details), when any.
        public var note: String?
    }

    public var id: String
    public var title: String
    public var seedFile: String
    public var budget: ReproductionBudget
    public var reportSetting: [String: String]
    public var reportResult: String
    public var reference: String?
    public var datasets: [String]
    public var runs: [Run]
    public var analyses: [String]
    public var readings: [String]
    public var deviations: [Reproduction.Deviation]
    public var estimatedSeconds: Double

    enum CodingKeys: String, CodingKey {
        case id, title, seedFile = "seed_file", budget, reportSetting = "report_setting", reportResult = "report_result", reference
        case datasets, runs, analyses, readings, deviations, estimatedSeconds = "estimated_seconds"
    }

    /// The plan of `experiment` under `budget`.
    public init(_ e: Reproduction, budget: ReproductionBudget = .report) {
        id = e.id; title = e.pageTitle(budget: budget).dropFirst(e.id.count + 2).description; seedFile = e.seedFile; self.budget = budget
        reportSetting = Dictionary(e.reportSetting, uniquingKeysWith: { a, b in a + "; " + b })
        reportResult = e.reportResult; reference = e.reference; datasets = e.datasets
        runs = e.runs.map { run in
            let spec = budget.apply(run.specification)
            return Run(
                name: run.name, command: spec.commandArguments,
                note: spec.isExpressibleAsCommand ? nil : "pre-training: \(spec.pretraining.map { "\($0)" } ?? "")")
        }
        analyses = e.analyses; readings = e.readings; deviations = e.deviations
        estimatedSeconds = budget == .report ? e.estimatedSeconds : min(e.estimatedSeconds, Double(e.runs.count) * 5 + 10)
    }

    /// Pretty, key-sorted JSON.
    public func json() throws -> String { try JSONText.string(self, pretty: true) }
}

/// `reproduction.json`: the plan, and what the run gave — ours and the report's numbers, the verdict,
/// the wall time.
public struct ReproductionRecord: Codable, Sendable {
    public struct Row: Codable, Sendable { public var quantity: String, ours: String, report: String }

    public var plan: ReproductionPlan
    public var rows: [Row]
    public var comparisons: [Comparison]
    public var verdict: String
    public var notes: [String]
    public var wallSeconds: Double

    enum CodingKeys: String, CodingKey { case plan, rows, comparisons, verdict, notes, wallSeconds = "wall_seconds" }

    public init(_ e: Reproduction, budget: ReproductionBudget, result: Reproduction.Result, wallSeconds: Double) {
        plan = ReproductionPlan(e, budget: budget)
        rows = result.rows.map { Row(quantity: $0.0, ours: $0.1, report: $0.2) }
        comparisons = result.comparisons
        verdict = Comparison.overall(result.comparisons)
        notes = result.notes
        self.wallSeconds = wallSeconds
    }

    /// Writes it as pretty JSON, atomically.
    public func write(to path: String) throws { try AtomicFile.write(text: try JSONText.string(self, pretty: true) + "\n", to: path) }
}
