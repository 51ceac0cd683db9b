// Tests of `neuralkit reproduce`: the catalogue covers the reports' experiments once each, every plan is
// valid JSON whose commands `neuralkit train` accepts and reads back to the same run, pages and
// reproduction.json are written, and notes are computed from the results.

import Foundation
import Testing
import NeuralKit
import NKTestSupport
@testable import NKCommands
@testable import NKExperiment

@Suite struct ReproduceCommandTests {
    @Test func theCatalogueListsEveryExperimentOfTheReportsOnce() {
        let ids = ReproductionCatalogue.experiments.map(\.id)
        let expected = (1...6).map { "A\($0)" } + (1...10).map { "B\($0)" } + ["C"] + (1...5).map { "D\($0)" } + (1...5).map { "E\($0)" }
        #expect(ids.sorted() == expected.sorted())
        #expect(Set(ids).count == ids.count)
        for e in ReproductionCatalogue.experiments {
            #expect(["000", "001", "002", "003", "004"].contains(String(e.seedFile.prefix(3))) && e.seedFile.contains(".txt"), "\(e.id): \(e.seedFile)")
            #expect(!e.reportSetting.isEmpty && e.estimatedSeconds > 0, "\(e.id)")
            #expect(Set(e.runs.map(\.name)).count == e.runs.count, "\(e.id): run names must be unique")
        }
    }

    @Test(arguments: ReproductionCatalogue.experiments.map(\.id))
    func thePlanIsJSONWithEveryField(id: String) throws {
        let start = ContinuousClock.now
        var command = try NeuralKitCommand.parseAsRoot(["reproduce", id, "--plan"])
        try command.run()  // what it prints is this:
        let text = try ReproductionPlan(try #require(ReproductionCatalogue.experiment(id))).json()
        #expect(ContinuousClock.now - start < .seconds(2))
        let json = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        for key in ["id", "title", "seed_file", "report_setting", "runs", "deviations", "estimated_seconds", "readings", "analyses"] {
            #expect(json[key] != nil, "\(id): no \(key)")
        }
        #expect(json["id"] as? String == id)
        #expect(((json["report_setting"] as? [String: String]) ?? [:]).count >= 2)
        for run in json["runs"] as? [[String: Any]] ?? [] {
            let command = try #require(run["command"] as? [String])
            #expect(command.prefix(2) == ["neuralkit", "train"] && run["name"] is String)
        }
        for deviation in json["deviations"] as? [[String: String]] ?? [] {
            #expect(Set(deviation.keys) == ["what", "report", "ours", "why"])
        }
        #expect((json["estimated_seconds"] as? Double ?? 0) > 0)
    }

    /// What `neuralkit train` makes of each planned command is the planned specification itself.
    @Test(arguments: ReproductionBudget.allCases)
    func everyPlannedCommandParsesBackToItsRun(budget: ReproductionBudget) throws {
        var checked = 0
        for e in ReproductionCatalogue.experiments {
            for run in e.runs {
                let spec = budget.apply(run.specification)
                let parsed = try NeuralKitCommand.parseAsRoot(Array(spec.commandArguments.dropFirst()))
                let train = try #require(parsed as? TrainCommand, "\(e.id) \(run.name)")
                var back = try train.specification()
                if !spec.isExpressibleAsCommand { back.pretraining = spec.pretraining }
                #expect(back == spec, "\(e.id) \(run.name): \(spec.commandLine)")
                try spec.validate()
                checked += 1
            }
        }
        #expect(checked > 100)
    }

    @Test func a1WritesItsPageAndRecordWithOurNumbersBesideTheReports() throws {
        let dir = try temporaryDirectory().appendingPathComponent("A1").path
        var command = try NeuralKitCommand.parseAsRoot(["reproduce", "A1", "--out", dir, "--png"])
        try command.run()
        let page = try String(contentsOfFile: dir + "/report.html", encoding: .utf8)
        let png = try #require(FileManager.default.contents(atPath: dir + "/loss.png"), "--png writes loss.png beside loss.svg")
        #expect(String(decoding: png.prefix(80), as: UTF8.self).contains("pHYs"))
        #expect(page.contains("(1001.99, 13.00, 4.00)") && page.contains("(1002.01, 13.00, 3.85)"))
        #expect(page.contains("Deviations") && page.contains("learning rate") && page.contains("neuralkit train --model"))
        #expect(FileManager.default.fileExists(atPath: dir + "/loss.svg"))
        let record = try JSONDecoder().decode(ReproductionRecord.self, from: Data(contentsOf: URL(fileURLWithPath: dir + "/reproduction.json")))
        #expect(record.plan.id == "A1" && record.plan.budget == .report && record.wallSeconds >= 0)
        #expect(record.comparisons.first?.verdict == .matches && record.verdict == "matches")
        #expect(record.rows.first?.report == "(1002.01, 13.00, 3.85)")
    }

    @Test func aQuickPageSaysItIsNotTheReportsSetting() throws {
        let dir = try temporaryDirectory().appendingPathComponent("A2").path
        var command = try NeuralKitCommand.parseAsRoot(["reproduce", "A2", "--budget", "quick", "--out", dir])
        try command.run()
        let page = try String(contentsOfFile: dir + "/report.html", encoding: .utf8)
        #expect(page.contains("quick budget, not the report"))
        let record = try JSONDecoder().decode(ReproductionRecord.self, from: Data(contentsOf: URL(fileURLWithPath: dir + "/reproduction.json")))
        #expect(record.plan.budget == .quick && record.plan.runs.allSatisfy { $0.command.contains("2") })
    }

    @Test func unknownExperimentsAndMissingOutAreNamed() {
        func message(_ args: [String]) -> String? {
            do { var c = try NeuralKitCommand.parseAsRoot(["reproduce"] + args); try c.run(); return nil } catch { return NeuralKitCommand.fullMessage(for: error) }
        }
        #expect(message(["Z9", "--out", "/tmp/x"])?.contains("Unknown experiment 'Z9'; the experiments are A1, A2") == true)
        #expect(message(["A1"])?.contains("--out") == true)
        #expect(message(["A1", "--plan", "--png"])?.contains("--png") == true)
        #expect(message(["A1", "--budget", "huge", "--plan"])?.contains("huge") == true)
    }

    @Test func anExperimentWithAMissingDatasetSaysWhatItNeeds() throws {
        let empty = try temporaryDirectory()
        #expect(ReproductionCatalogue.experiment("C")?.missing(dataDirectory: empty)?.contains("cifar10") == true)
        #expect(throws: NeuralKitError.self) { try ReproductionCatalogue.experiment("B3")!.reproduce(dataDirectory: empty, out: empty.appendingPathComponent("B3").path) }
    }

    /// Notes are computed from the results: other numbers, another note.
    @Test func computedNotesFollowTheResults() {
        let depths = [2, 3, 4, 5, 6, 8, 10]
        let collapsing = ReproductionCatalogue.depthNote(depths: depths, random: [0.03, 0.04, 0.05, 0.89, 0.89, 0.9, 0.9], pretrained: [0.03, 0.03, 0.04, 0.04, 0.04, 0.05, 0.05])
        #expect(collapsing.collapse == 5 && collapsing.note.contains("from 5 layers on"))
        let flat = ReproductionCatalogue.depthNote(depths: depths, random: [0.03, 0.04, 0.05, 0.06, 0.07, 0.08, 0.09], pretrained: Array(repeating: 0.03, count: 7))
        #expect(flat.collapse == nil && flat.note.contains("No collapse") && flat.note.contains("9.0 %"))
        let sizes = [1000, 60000]
        #expect(ReproductionCatalogue.sizeNote(sizes: sizes, random: [0.2, 0.02], pretrained: [0.1, 0.03]).contains("at 1000 images; at 60000 random initialisation wins"))
        #expect(ReproductionCatalogue.sizeNote(sizes: sizes, random: [0.2, 0.02], pretrained: [0.3, 0.01]).contains("at 60000 images; at 60000 it still helps"))
    }

    @Test func verdictsFollowTheTolerance() {
        #expect(Comparison("a", ours: 92.0, report: 92.5, tolerance: 1, higherIsBetter: true).verdict == .matches)
        #expect(Comparison("a", ours: 94.0, report: 92.5, tolerance: 1, higherIsBetter: true).verdict == .better)
        #expect(Comparison("a", ours: 0.2, report: 0.1, tolerance: 0.05, higherIsBetter: false).verdict == .worse)
        #expect(Comparison("a", ours: 3, report: 5, tolerance: 1, higherIsBetter: nil).verdict == .differs)
        #expect(Comparison.overall([]) == "no number to compare")
    }

    @Test(.enabled(if: SharedData.has("iris") && SharedData.has("usps"), SharedData.missing("iris", "usps")))
    func quickReproductionsOfRealDataRunEndToEnd() throws {
        let out = try temporaryDirectory().path
        let chosen = ["A5", "B3"].compactMap(ReproductionCatalogue.experiment)
        let entries = try ReproductionSuite.run(chosen, out: out, budget: .quick, dataDirectory: SharedData.directory)
        #expect(entries.count == 2)
        let index = try String(contentsOfFile: out + "/index.html", encoding: .utf8)
        for id in ["A5", "B3"] {
            #expect(index.contains("\(id)/report.html"))
            #expect(FileManager.default.fileExists(atPath: "\(out)/\(id)/reproduction.json"))
        }
        // Rerunning one experiment into its folder, then rebuilding the index from the records.
        try FileManager.default.removeItem(atPath: out + "/index.html")
        var rebuild = try NeuralKitCommand.parseAsRoot(["reproduce", "--index", out])
        try rebuild.run()
        let rebuilt = try String(contentsOfFile: out + "/index.html", encoding: .utf8)
        #expect(rebuilt.contains("A5/report.html") && rebuilt.contains("B3/report.html") && rebuilt.contains("quick budget"))
        let a5 = try String(contentsOfFile: out + "/A5/report.html", encoding: .utf8)
        #expect(a5.contains("Purity per cluster, codes") && a5.contains("mean purity (unweighted)"))
    }

    /// Every experiment whose data is here runs end to end under the quick budget, and the index lists them all.
    @Test(.enabled(if: ExtendedTests.enabled, ExtendedTests.reason))
    func everyExperimentRunsUnderTheQuickBudget() throws {
        let out = try temporaryDirectory().path
        var command = try NeuralKitCommand.parseAsRoot(["reproduce", "all", "--budget", "quick", "--out", out, "--data-dir", SharedData.directory.path])
        try command.run()
        let index = try String(contentsOfFile: out + "/index.html", encoding: .utf8)
        for e in ReproductionCatalogue.experiments {
            if e.missing(dataDirectory: SharedData.directory) == nil {
                #expect(FileManager.default.fileExists(atPath: "\(out)/\(e.id)/reproduction.json"), "\(e.id)")
                #expect(index.contains("\(e.id)/report.html"))
            } else {
                #expect(index.contains(">\(e.id)<") && index.contains("skipped"), "\(e.id)")
            }
        }
    }
}
