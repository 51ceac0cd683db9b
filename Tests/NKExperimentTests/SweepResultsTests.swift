// Tests of a sweep's results: the best setting chosen on the validation part averaged over seeds,
// the summary's band over seeds, and the PNGs a sweep of PNG-writing trials gets.

import Foundation
import Testing
import NKTestSupport
import NeuralKit
@testable import NKExperiment

@Suite struct SweepResultsTests {
    /// Results of `h=2,4,8 × lr=0.1,0.5` over 2 seeds, with the given scores per (h, lr, seed).
    static func results(
        _ score: (_ h: String, _ lr: String, _ seed: UInt64) -> (validation: Float?, test: Float, train: Float), in directory: String
    ) throws -> SweepResults {
        let plan = try SweepPlan(grids: ["h=2,4,8", "lr=0.1,0.5"], seedCount: 2)
        var results = SweepResults(plan: plan, directory: directory)
        results.rows = plan.trials.map { t in
            let s = score(t.values[0], t.values[1], t.seed)
            var accuracy = ["test": s.test, "train": s.train]
            accuracy["validation"] = s.validation
            return SweepResults.Row(trial: t, loss: ["train": 1 - s.train], accuracy: accuracy, seconds: 1)
        }
        results.pending = []
        return results
    }

    /// h=8 lr=0.1 has the best test accuracy of one seed (0.99), but h=4 lr=0.5 the best validation
    /// accuracy averaged over its seeds: the index names h=4 lr=0.5.
    @Test func theBestSettingHasTheBestValidationMeanNotTheBestTestSeed() throws {
        let dir = try TemporaryFolder.make("sweep-best").path
        let results = try Self.results(
            { h, lr, seed in
                switch (h, lr, seed) {
                case ("8", "0.1", 0): (0.80, 0.99, 0.9)  // one lucky seed on the test part
                case ("8", "0.1", _): (0.80, 0.70, 0.9)
                case ("4", "0.5", 0): (0.95, 0.90, 0.9)
                case ("4", "0.5", _): (0.91, 0.90, 0.9)
                case ("2", "0.1", 0): (0.97, 0.85, 0.9)  // the best single validation seed, a worse mean
                case ("2", "0.1", _): (0.85, 0.85, 0.9)
                default: (0.5, 0.5, 0.5)
                }
            }, in: dir)
        #expect(results.selection.name == "validation accuracy" && results.selection.heldOut)
        let best = try #require(results.bestSetting)
        #expect(best.values == ["4", "0.5"] && abs(best.mean - 0.93) < 1e-6 && best.rows.count == 2)
        #expect(results.best?.trial.values == ["4", "0.5"] && results.best?.trial.seed == 0)
        #expect(results.metric.name == "test accuracy")  // the summary still shows the test part
        let text = try #require(results.bestSettingText)
        #expect(text.hasPrefix("h = 4, lr = 0.5: validation accuracy 93.00 % (the mean over its 2 seeds)."))
        #expect(text.contains("Its test accuracy 90.00 % (mean).") && !text.contains("training part"))
        try results.write(to: dir, command: nil)
        let index = try String(contentsOfFile: dir + "/index.html", encoding: .utf8)
        #expect(index.contains("Best setting: h = 4, lr = 0.5"))
        // --metric test_accuracy changes what the summary shows, never what chooses.
        var byTest = results
        byTest.metricName = "test_accuracy"
        #expect(byTest.bestSetting?.values == ["4", "0.5"])
    }

    /// Without a validation part the choice falls back to the training part, and the index says so.
    @Test func withoutAValidationPartTheChoiceUsesTrainingAndSaysSo() throws {
        let dir = try TemporaryFolder.make("sweep-train").path
        let results = try Self.results({ h, _, _ in (nil, 0.5, h == "8" ? 0.99 : 0.9) }, in: dir)
        #expect(results.selection.name == "train accuracy" && !results.selection.heldOut)
        #expect(results.bestSetting?.values.first == "8")
        #expect(results.bestSettingText?.contains("chosen on the training part") == true)
        #expect(results.bestSettingText?.contains("--validation-fraction") == true)
    }

    /// With several seeds, each setting of the other variables is one line (the mean, with markers)
    /// in a shaded band from the lowest to the highest seed: one legend entry per setting, no dashed
    /// or dotted line (those mean validation and test elsewhere); accuracy in per cent.
    @Test func theSummaryShadesTheRangeOverSeedsAroundTheMean() throws {
        let dir = try TemporaryFolder.make("sweep-band").path
        let results = try Self.results({ h, lr, seed in (0.8, (h == "2" ? 0.6 : 0.8) + (seed == 0 ? 0.1 : 0) + (lr == "0.5" ? 0.05 : 0), 0.9) }, in: dir)
        let figure = try #require(results.summaryFigure())
        #expect(figure.series.count == 2 && figure.legend.map(\.name) == ["lr=0.1", "lr=0.5"])
        #expect(figure.series.allSatisfy { $0.style == .solid && $0.markers && $0.band != nil })
        let first = try #require(figure.series.first)
        #expect(first.y.map { ($0 * 1000).rounded() / 1000 } == [65, 85, 85])  // the mean of 0.7 and 0.6, in per cent
        #expect(first.band?.lower.map { $0.rounded() } == [60, 80, 80] && first.band?.upper.map { $0.rounded() } == [70, 90, 90])
        #expect(figure.y.label == "test accuracy (%)" && figure.title?.contains("range over seeds") == true)
        let svg = try figure.svg()
        #expect(svg.components(separatedBy: "<polygon class=\"band\"").count - 1 == 2)
        #expect(!svg.contains("stroke-dasharray"))
    }

    /// A sweep whose trials write PNGs (`--png` among their options) writes summary.png too, with
    /// its density, and lists it in the index.
    @Test func aSweepOfPNGTrialsWritesSummaryPNG() throws {
        let dir = try TemporaryFolder.make("sweep-png").path
        let results = try Self.results({ _, _, _ in (0.8, 0.8, 0.9) }, in: dir)
        try SweepResults.begin(results.plan, command: nil, trainArguments: ["--data", "gen-arti:1", "--png"], in: dir)
        try results.write(to: dir, command: nil)
        let png = try #require(FileManager.default.contents(atPath: dir + "/summary.png"))
        #expect(Array(png.prefix(4)) == [0x89, 0x50, 0x4E, 0x47] && png.count > 1000)
        #expect(String(decoding: png.prefix(80), as: UTF8.self).contains("pHYs"))
        #expect(try String(contentsOfFile: dir + "/index.html", encoding: .utf8).contains("<a href=\"summary.png\">"))
        let plain = try TemporaryFolder.make("sweep-svg").path
        try SweepResults.begin(results.plan, command: nil, trainArguments: ["--data", "gen-arti:1"], in: plain)
        try results.write(to: plain, command: nil)
        #expect(!FileManager.default.fileExists(atPath: plain + "/summary.png") && FileManager.default.fileExists(atPath: plain + "/summary.svg"))
    }

    /// The index is laid out in the report sections: results (the best setting, the figure), trials,
    /// configuration, with a contents list.
    @Test func theIndexHasTheReportSections() throws {
        let dir = try TemporaryFolder.make("sweep-sections").path
        let results = try Self.results({ _, _, _ in (0.8, 0.8, 0.9) }, in: dir)
        try results.write(to: dir, command: "neuralkit sweep …")
        let index = try String(contentsOfFile: dir + "/index.html", encoding: .utf8)
        let sections = index.components(separatedBy: "<section id=\"").dropFirst().map { String($0.prefix { $0 != "\"" }) }
        #expect(sections == ["results", "trials", "configuration"])
        #expect(index.contains("<a href=\"#trials\">Trials</a>"))
        #expect(index.contains("<td class=\"num\">80.00 %</td>"))
    }
}
