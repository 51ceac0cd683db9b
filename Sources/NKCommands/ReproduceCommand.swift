// `neuralkit reproduce`: the experiments of the reports, each with our figure beside the report's.

import ArgumentParser
import Foundation
import NeuralKit

struct ReproduceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reproduce",
        abstract: "Run an experiment of the original reports and write a page putting our figure beside the report's.",
        discussion: """
            neuralkit reproduce --list                    every experiment and its measured duration, or what it waits for
            neuralkit reproduce E1 --plan                 the plan as JSON: the report's setting, every run as a command, the deviations
            neuralkit reproduce A3 --out repro/A3         one experiment: report.html, reproduction.json and the figures
            neuralkit reproduce all --out repro           every runnable one in turn, and repro/index.html
            neuralkit reproduce all --budget quick --out q    a smoke test of every experiment (pages marked as such)
            neuralkit reproduce --index repro             rebuild repro/index.html after rerunning one experiment into repro/ID
            """
    )

    @Argument(help: "An experiment id (A1, A3, D2, …) or all.")
    var id: String?

    @Flag(name: .long, help: "List the experiments.")
    var list = false

    @Flag(name: .long, help: "Print the experiment's plan as JSON and run nothing.")
    var plan = false

    @Option(name: .long, help: "report (the report's setting, the default) or quick (a smoke test: at most 2 epochs on 600 samples).")
    var budget: ReproductionBudget = .report

    @Option(name: .long, help: ArgumentHelp("The output folder.", valueName: "dir"))
    var out: String?

    @Flag(name: .long, help: "Also write every figure as PNG beside its SVG.")
    var png = false

    @Option(name: .long, help: ArgumentHelp("Rebuild this folder's index.html from the reproduction.json files of its experiment folders.", valueName: "dir"))
    var index: String?

    @Option(name: .long, help: ArgumentHelp("Where datasets live (default: $NEURALKIT_DATA, else ~/.cache/neuralkit).", valueName: "dir"))
    var dataDir: String?

    func validate() throws {
        if png, list || plan || index != nil {
            throw ValidationError("--png writes the figures of the experiments run: it goes with --out, not with --list, --plan or --index.")
        }
        if list || index != nil { return }
        guard let id else { throw ValidationError("Give an experiment id (see neuralkit reproduce --list), or all.") }
        guard id.lowercased() == "all" || ReproductionCatalogue.experiment(id) != nil else {
            let ids = ReproductionCatalogue.experiments.map(\.id).joined(separator: ", ")
            throw ValidationError("Unknown experiment '\(id)'; the experiments are \(ids) (see neuralkit reproduce --list).")
        }
        if plan { return }
        guard out != nil else { throw ValidationError("Missing --out DIR.") }
    }

    /// The experiments the id names.
    var chosen: [Reproduction] {
        id?.lowercased() == "all" ? ReproductionCatalogue.experiments : ReproductionCatalogue.experiment(id ?? "").map { [$0] } ?? []
    }

    mutating func run() throws {
        let directory = DatasetRegistry.dataDirectory(explicit: dataDir)
        if let index {
            let count = try ReproductionSuite.rebuildIndex(out: index)
            print("Wrote \(index)/index.html (\(count) experiments)")
            return
        }
        if list {
            for e in ReproductionCatalogue.experiments {
                let status = e.missing(dataDirectory: directory).map { "waits: \($0)" } ?? Self.duration(e.estimatedSeconds)
                print("\(e.id.padding(toLength: 4, withPad: " ", startingAt: 0)) \(e.title) — \(status)")
            }
            print("All of them at the reports' settings: \(Self.duration(ReproductionCatalogue.totalEstimatedSeconds)) on two cores.")
            return
        }
        if plan {
            let plans = chosen.map { ReproductionPlan($0, budget: budget) }
            print(plans.count == 1 ? try plans[0].json() : try JSONText.string(plans, pretty: true))
            return
        }
        let out = self.out!
        if chosen.count == 1, let e = chosen.first {
            print("\(e.id): \(e.title) …")
            fflush(nil)
            let record = try e.reproduce(dataDirectory: directory, out: out, budget: budget, png: png, progress: Self.printRun)
            Self.printRecord(record)
            print("Wrote \(out)/report.html")
            return
        }
        _ = try ReproductionSuite.run(
            chosen, out: out, budget: budget, dataDirectory: directory, png: png,
            onStart: {
                print("\($0.id): \($0.title) …"); fflush(nil)
            }, onRun: Self.printRun,
            onEnd: { entry in
                switch entry {
                case .done(let record): Self.printRecord(record)
                case .skipped(let id, let why): print("\(id): skipped, \(why)")
                }
                fflush(nil)
            })
        print("Wrote \(out)/index.html")
    }

    static func printRun(_ name: String) {
        print("  run: \(name)")
        fflush(nil)
    }

    static func printRecord(_ record: ReproductionRecord) {
        for row in record.rows { print("  \(row.quantity): \(row.ours) (report: \(row.report))") }
        print(String(format: "  verdict: %@; %.1f s", record.verdict, record.wallSeconds))
    }

    /// Seconds below a minute, else minutes.
    static func duration(_ seconds: Double) -> String {
        seconds < 60 ? String(format: "about %.0f s", max(1, seconds)) : String(format: "about %.0f min", seconds / 60)
    }
}

extension ReproductionBudget: ExpressibleByArgument {}
