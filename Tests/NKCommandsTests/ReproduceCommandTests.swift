// Tests of `neuralkit reproduce`: the catalogue covers REFERENCE.md's experiments once each, and A1 runs.

import Foundation
import Testing
import NeuralKit
import NKTestSupport
@testable import NKCommands

@Suite struct ReproduceCommandTests {
    @Test func theCatalogueListsEveryExperimentOfTheReportsOnce() {
        let ids = ReproductionCatalogue.experiments.map(\.id) + ReproductionCatalogue.pending.map(\.id)
        let expected = (1...6).map { "A\($0)" } + (1...10).map { "B\($0)" } + ["C"] + (1...5).map { "D\($0)" } + (1...5).map { "E\($0)" }
        #expect(ids.sorted() == expected.sorted())
        #expect(Set(ids).count == ids.count)
    }

    @Test func a1WritesItsPageWithOurFigureBesideTheReports() throws {
        let dir = try temporaryDirectory().appendingPathComponent("A1").path
        var command = try NeuralKitCommand.parseAsRoot(["reproduce", "A1", "--out", dir])
        try command.run()
        let page = try String(contentsOfFile: dir + "/report.html", encoding: .utf8)
        #expect(page.contains("a = 1001.99") && page.contains("(1002.01, 13.00, 3.85)"))
        #expect(FileManager.default.fileExists(atPath: dir + "/loss.svg"))
    }

    @Test func unknownAndPendingExperimentsAreNamed() {
        func message(_ args: [String]) -> String? {
            do { var c = try NeuralKitCommand.parseAsRoot(["reproduce"] + args); try c.run(); return nil } catch { return "\(error)" }
        }
        #expect(message(["Z9", "--out", "/tmp/x"])?.contains("Unknown experiment 'Z9'") == true)
        #expect(message(["C", "--out", "/tmp/x"])?.contains("waits for") == true)
        #expect(message(["A1"])?.contains("--out") == true)
    }
}
