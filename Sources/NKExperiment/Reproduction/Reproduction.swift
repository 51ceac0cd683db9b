// Reproduction: one experiment of the reports, declared as data: the report's setting, our runs as
// run specifications, the readings and deviations, and the analysis that turns the runs into a page.

import Foundation
import NKCore
import NKData
import NKPlot
import NKTrain

/// An experiment of the five reports this project grew from (`../shared/seeds/`).
///
/// Everything but the analysis is data: `reportSetting` says what the report states, `runs` are the
/// training runs we execute (each one a `RunSpecification`, so each is also a `neuralkit train`
/// command line), `readings` say how we read what the report leaves ambiguous, `deviations` say
/// where and why we depart from it. `plan(budget:)` shows all of it without running anything;
/// `reproduce` runs it and writes `report.html` and `reproduction.json`.
public struct Reproduction: Sendable {
    /// `A3`, `D2`, `E1`, …
    public let id: String
    public let title: String
    /// The report, as its file in `../shared/seeds`, and the section: `004_cd992c2e5d886910.txt §3.1`.
    public let seedFile: String
    /// The setting as the report states it, one (name, value) pair per item ("not stated" included).
    public let reportSetting: [(String, String)]
    /// What the report shows for it (its figures and tables), and its numbers.
    public let reportResult: String
    /// The published bar, when there is one.
    public let reference: String?
    /// Datasets it needs (`DatasetRegistry` names).
    public let datasets: [String]
    /// The training runs, by name, at the report's setting.
    public let runs: [PlannedRun]
    /// The other steps, in words (k-means, t-SNE, figures), done on the runs' models.
    public let analyses: [String]
    /// How we read what the report leaves open, one sentence each.
    public let readings: [String]
    /// Where we depart from the report, and why.
    public let deviations: [Deviation]
    /// Measured wall time at the report's setting on the 2-core development machine.
    public let estimatedSeconds: Double
    /// Turns the runs into rows, figures, comparisons and notes.
    let analyse: @Sendable (inout ReproductionContext) throws -> Result

    /// A named training run of the experiment.
    public struct PlannedRun: Sendable {
        public var name: String
        public var specification: RunSpecification
        public init(_ name: String, _ specification: RunSpecification) { (self.name, self.specification) = (name, specification) }
    }

    /// A departure from the report's setting.
    public struct Deviation: Sendable, Codable, Equatable {
        public var what: String, report: String, ours: String, why: String
        public init(_ what: String, report: String, ours: String, why: String) { (self.what, self.report, self.ours, self.why) = (what, report, ours, why) }
    }

    /// What an experiment produced.
    public struct Result: Sendable {
        /// (quantity, ours, the report's) rows.
        public var rows: [(String, String, String)] = []
        /// The rows with numbers on both sides, judged.
        public var comparisons: [Comparison] = []
        /// Figures with file names and captions.
        public var figures: [(name: String, figure: any Figure, caption: String)] = []
        /// Remarks computed from the results.
        public var notes: [String] = []
        /// Extra tables: a title, a header and rows.
        public var tables: [(title: String, header: [String], rows: [[String]])] = []
    }

    public init(
        id: String, title: String, seedFile: String, reportSetting: [(String, String)], reportResult: String, reference: String? = nil,
        datasets: [String], runs: [PlannedRun], analyses: [String] = [], readings: [String] = [], deviations: [Deviation] = [],
        estimatedSeconds: Double, analyse: @escaping @Sendable (inout ReproductionContext) throws -> Result
    ) {
        self.id = id; self.title = title; self.seedFile = seedFile; self.reportSetting = reportSetting; self.reportResult = reportResult
        self.reference = reference; self.datasets = datasets; self.runs = runs; self.analyses = analyses; self.readings = readings
        self.deviations = deviations; self.estimatedSeconds = estimatedSeconds; self.analyse = analyse
    }

    /// Why it cannot run here (a missing dataset), or nil.
    public func missing(dataDirectory: URL) -> String? {
        for name in datasets {
            guard let entry = try? DatasetRegistry.entry(named: name) else { return "dataset \(name) is unknown" }
            switch DatasetRegistry.status(of: entry, in: dataDirectory) {
            case .present, .verified: continue
            default: return "needs the \(name) dataset (neuralkit datasets --download \(name))"
            }
        }
        return nil
    }

    /// The page's title: the experiment's, marked when the budget is not the report's.
    public func pageTitle(budget: ReproductionBudget) -> String {
        "\(id): \(title)" + (budget == .report ? "" : " — quick budget, not the report's setting")
    }

    /// Runs it into `out` (created) and writes `report.html`, `reproduction.json` and the figures
    /// there (`png`: each figure also as PNG).
    public func reproduce(
        dataDirectory: URL, out: String, budget: ReproductionBudget = .report, png: Bool = false,
        progress: ((String) -> Void)? = nil
    ) throws -> ReproductionRecord {
        if let missing = missing(dataDirectory: dataDirectory) { throw NeuralKitError.data("\(id): \(missing).") }
        try AtomicFile.createFolder(out, what: "The output folder")
        let start = ContinuousClock.now
        var context = ReproductionContext(experiment: self, dataDirectory: dataDirectory, budget: budget, progress: progress)
        let result = try analyse(&context)
        if let unused = runs.map(\.name).first(where: { !context.executed.contains($0) }) {
            throw NeuralKitError.argument("\(id): the run '\(unused)' is in the plan but the analysis did not use it.")
        }
        let elapsed = ContinuousClock.now - start
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
        let record = ReproductionRecord(self, budget: budget, result: result, wallSeconds: seconds)
        try ReproductionPage.write(self, budget: budget, result: result, record: record, png: png, to: out)
        return record
    }
}

/// How much of the report's setting to run.
public enum ReproductionBudget: String, Sendable, Codable, CaseIterable {
    /// The report's setting (or the stated deviations from it).
    case report
    /// A smoke test: at most 2 epochs, 600 training and 500 test samples, one pre-training epoch on the
    /// training rows. The pages say so in their title.
    case quick

    /// `spec` under this budget.
    public func apply(_ spec: RunSpecification) -> RunSpecification {
        guard self == .quick else { return spec }
        var s = spec
        s.training.epochs = min(s.training.epochs, 2)
        s.data.limit = min(s.data.limit ?? 600, 600)
        s.data.testLimit = min(s.data.testLimit ?? 500, 500)
        s.training.batchSize = min(s.training.batchSize, 600)
        if s.pretraining != nil { s.pretraining!.epochs = 1; s.pretrainingData = nil }
        return s
    }
}

/// What an analysis sees: the experiment's runs, executed on request (one at a time, so that at most
/// one run's data and model are held), and where the data lives.
public struct ReproductionContext {
    public let experiment: Reproduction
    public let dataDirectory: URL
    public let budget: ReproductionBudget
    let progress: ((String) -> Void)?
    /// The names of the runs executed so far.
    public private(set) var executed: Set<String> = []

    /// Executes the planned run `name` under the budget and returns its outcome.
    public mutating func run(_ name: String) throws -> RunOutcome {
        guard let planned = experiment.runs.first(where: { $0.name == name }) else {
            throw NeuralKitError.argument("\(experiment.id): no run named '\(name)' in the plan.")
        }
        executed.insert(name)
        progress?(name)
        return try TrainingRun(budget.apply(planned.specification), dataDirectory: dataDirectory).run()
    }
}
