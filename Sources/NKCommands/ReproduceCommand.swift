// `neuralkit reproduce`: the experiments of the reports, each with our figure beside the report's.

import ArgumentParser
import Foundation
import NeuralKit

struct ReproduceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reproduce",
        abstract: "Run an experiment of the original reports and write a page putting our figure beside the report's.",
        discussion: """
            neuralkit reproduce --list                    every experiment, its expected duration, or what it waits for
            neuralkit reproduce A3 --out repro/A3         one experiment: report.html and its figures
            neuralkit reproduce all --out repro           every runnable one in turn, and repro/index.html
            """
    )

    @Argument(help: "An experiment id (A1, A3, D2, …) or all.")
    var id: String?

    @Flag(name: .long, help: "List the experiments.")
    var list = false

    @Option(name: .long, help: ArgumentHelp("The output folder.", valueName: "dir"))
    var out: String?

    @Option(name: .long, help: ArgumentHelp("Where datasets live (default: $NEURALKIT_DATA, else ~/.cache/neuralkit).", valueName: "dir"))
    var dataDir: String?

    func validate() throws {
        if list { return }
        guard let id else { throw ValidationError("Give an experiment id (see neuralkit reproduce --list), or all.") }
        guard id.lowercased() == "all" || ReproductionCatalogue.experiment(id) != nil else {
            if let pending = ReproductionCatalogue.pending.first(where: { $0.id.lowercased() == id.lowercased() }) {
                throw ValidationError("\(pending.id) cannot run yet: it waits for \(pending.waitsFor).")
            }
            throw ValidationError("Unknown experiment '\(id)'; see neuralkit reproduce --list.")
        }
        guard out != nil else { throw ValidationError("Missing --out DIR.") }
    }

    mutating func run() throws {
        let directory = DatasetRegistry.dataDirectory(explicit: dataDir)
        if list {
            for e in ReproductionCatalogue.experiments {
                let status = e.missing(dataDirectory: directory).map { "waits: \($0)" } ?? String(format: "about %.0f min", max(1, e.minutes.rounded()))
                print("\(e.id.padding(toLength: 4, withPad: " ", startingAt: 0)) \(e.title) — \(status)")
            }
            for p in ReproductionCatalogue.pending { print("\(p.id.padding(toLength: 4, withPad: " ", startingAt: 0)) waits for \(p.waitsFor)") }
            return
        }
        let out = self.out!
        let chosen = id!.lowercased() == "all" ? ReproductionCatalogue.experiments : [ReproductionCatalogue.experiment(id!)!]
        var index = HTMLReport(title: "NeuralKit: experiments of the reports")
        var rows: [[String]] = [], links: [String] = []
        for e in chosen {
            let folder = chosen.count == 1 ? out : (out as NSString).appendingPathComponent(e.id)
            if let missing = e.missing(dataDirectory: directory), chosen.count > 1 {
                print("\(e.id): skipped, \(missing)")
                continue
            }
            print("\(e.id): \(e.title) …")
            fflush(nil)
            let result = try e.reproduce(dataDirectory: directory, out: folder)
            for (what, ours, theirs) in result.rows { print("  \(what): \(ours) (report: \(theirs))") }
            fflush(nil)
            rows.append([e.id, e.title, result.rows.first.map { "\($0.1) (report: \($0.2))" } ?? ""])
            links.append("\(e.id)/report.html")
        }
        if chosen.count > 1 {
            index.addLinkedTable(header: ["experiment", "title", "first result"], rows: rows, links: links)
            try index.write(to: (out as NSString).appendingPathComponent("index.html"))
            print("Wrote \(out)/index.html")
        } else {
            print("Wrote \(out)/report.html")
        }
    }
}
