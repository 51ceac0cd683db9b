// Tests of the HTML report (every figure inlined, nothing external, escaping), tables and atomic writes.
import Foundation
import Testing
import NKTestSupport
import NKCore
@testable import NKPlot

@Suite struct HTMLReportTests {
    func temporaryDirectory() throws -> String {
        try TemporaryFolder.make("nkplot").path
    }

    func occurrences(_ needle: String, in text: String) -> Int { text.components(separatedBy: needle).count - 1 }

    @Test func reportInlinesEveryFigureAndLinksNothing() throws {
        var report = HTMLReport(title: "run <1>")
        report.addSection("Configuration")
        report.addKeyValueTable([("model", "2-8-2"), ("learning rate", "0.1")])
        report.addTable(title: "Results", header: ["split", "accuracy"], rows: [["train", "0.98"], ["test", "0.95"]])
        try report.addFigure(LinePlot(title: "loss", series: [LineSeries(name: "train", y: [1, 0.5, 0.25])]), caption: "loss per epoch")
        try report.addFigure(Heatmap.confusionMatrix([[5, 1], [0, 6]]))
        let grid = try ImageGrid(images: Tensor(shape: [2, 4], scalars: [0, 1, 1, 0, 1, 0, 0, 1]), sampleShape: [2, 2])
        try report.addFigure(grid)
        report.addPNG(try grid.png(), caption: "as PNG", alt: "two tiles")
        let html = report.html()
        #expect(report.figureCount == 4)
        #expect(occurrences("<figure", in: html) == 4)
        #expect(occurrences("<svg", in: html) == 3)
        #expect(occurrences("<img", in: html) == 1)
        #expect(html.contains("Figure 1. loss per epoch") && html.contains("Figure 4. as PNG"))
        #expect(html.contains("<title>run &lt;1&gt;</title>"))
        #expect(html.contains("<td class=\"num\">0.98</td>") && html.contains("<th>learning rate</th>"))
        // Self-contained: no URL of any kind, no scripts, no external stylesheets or fonts.
        for forbidden in ["http:", "https:", "<script", "<link", "@import", "url(", "src=\"/", "href=\"/"] {
            #expect(!html.contains(forbidden), "report contains \(forbidden)")
        }
        let sources = html.components(separatedBy: "src=\"").dropFirst().map { $0.prefix(22) }
        #expect(sources.allSatisfy { $0 == "data:image/png;base64," })
    }

    /// Each section is a `<section>` with an anchor, and a page of two sections or more opens with a
    /// contents list linking to them in order; an anchor already taken gets a suffix.
    @Test func sectionsHaveAnchorsAndAContentsListLinksThemInOrder() throws {
        var report = HTMLReport(title: "run")
        report.addParagraph("before any section")
        report.addSection("Results")
        report.addTable(header: ["part", "accuracy"], rows: [["test", "97.5 %"]])
        report.addSection("Per-class scores (test)")
        report.addSection("Results", text: "again")
        let html = report.html()
        #expect(report.sections.map(\.id) == ["results", "per-class-scores-test", "results-2"])
        let nav = try #require(html.range(of: "<nav class=\"contents\">"))
        let links = html.components(separatedBy: "<li><a href=\"#").dropFirst().map { String($0.prefix { $0 != "\"" }) }
        #expect(links == ["results", "per-class-scores-test", "results-2"])
        let sections = html.components(separatedBy: "<section id=\"").dropFirst().map { String($0.prefix { $0 != "\"" }) }
        #expect(sections == links)
        #expect(nav.lowerBound < html.range(of: "<section")!.lowerBound && html.range(of: "<h1>")!.lowerBound < nav.lowerBound)
        #expect(occurrences("<section", in: html) == occurrences("</section>", in: html))
        #expect(html.contains("<td class=\"num\">97.5 %</td>"))  // a percentage is a number: right-aligned
        var single = HTMLReport(title: "one")
        single.addSection("Only")
        #expect(!single.html().contains("<nav"))
    }

    /// Figures added one after another share a grid of two columns on a wide page (one on a narrow
    /// one); a figure wider than half the page takes a row; anything else between figures ends the grid.
    @Test func figuresShareAGridTwoToARow() throws {
        var report = HTMLReport(title: "grid")
        report.addSection("Curves")
        let small = LinePlot(series: [LineSeries(name: "a", y: [1, 2])])
        try report.addFigure(small, caption: "one")
        try report.addFigure(small, caption: "two")
        try report.addFigure(LinePlot(series: [LineSeries(name: "a", y: [1, 2])], size: (1000, 300)), caption: "wide")
        report.addParagraph("between")
        try report.addFigure(small, caption: "three")
        let html = report.html()
        let grids = html.components(separatedBy: "<div class=\"figures\">").dropFirst().map { $0.components(separatedBy: "</div>")[0] }
        #expect(grids.count == 2)
        #expect(occurrences("<figure", in: grids[0]) == 3 && occurrences("<figure", in: grids[1]) == 1)
        #expect(grids[0].contains("<figure id=\"figure-3\" class=\"wide\">") && !grids[0].contains("<figure id=\"figure-1\" class"))
        #expect(html.contains("grid-template-columns:repeat(auto-fill,minmax(min(100%,600px),1fr))"))
        #expect(html.contains("figure.wide{grid-column:1/-1}"))
        // The page uses a wide screen: two 640-pixel figures fit side by side.
        let width = try #require(html.range(of: "max-width:").map { Double(html[$0.upperBound...].prefix { $0.isNumber }) ?? 0 })
        #expect(width >= 2 * 640 + 32)
    }

    @Test func writesAtomicallyWithNoTemporaryFilesLeft() throws {
        let dir = try temporaryDirectory()
        let path = dir + "/report.html"
        var report = HTMLReport(title: "first")
        try report.write(to: path)
        report.title = "second"
        try report.write(to: path)
        #expect(try String(contentsOfFile: path, encoding: .utf8).contains("<h1>second</h1>"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir) == ["report.html"])
    }

    @Test func figuresWriteSVGAndPNGByExtension() throws {
        let dir = try temporaryDirectory()
        let map = Heatmap(values: [[1, 2], [3, 4]], size: (130, 120))
        try map.write(to: dir + "/m.svg")
        try map.write(to: dir + "/m.png")
        #expect(try String(contentsOfFile: dir + "/m.svg", encoding: .utf8).hasPrefix("<svg"))
        let png = try decodePNG(Array(try Data(contentsOf: URL(fileURLWithPath: dir + "/m.png")))).png
        #expect(png.width == 2 * 130 && png.height == 2 * 120)  // the whole figure, at 2×
        #expect(throws: NeuralKitError.self) { try map.write(to: dir + "/m.jpg") }
        try TableFigure(header: ["a"], rows: []).write(to: dir + "/table.png")  // every figure writes PNG now
        #expect(throws: NeuralKitError.self) { try map.write(to: dir + "/no/such/dir/m.svg") }
        #expect(Set(try FileManager.default.contentsOfDirectory(atPath: dir)) == ["m.svg", "m.png", "table.png"])
    }

    @Test func tableFigureAlignsNumbersRight() throws {
        let table = TableFigure(title: "sweep", header: ["lr", "optimizer", "acc"], rows: [["0.1", "sgd", "0.91"], ["0.01", "adam", "0.97"]])
        let svg = try ParsedSVG(try table.svg())
        let cells = svg.all("text", class: "cell")
        #expect(cells.map(\.text) == ["lr", "optimizer", "acc", "0.1", "sgd", "0.91", "0.01", "adam", "0.97"])
        #expect(cells[3]["text-anchor"] == "end" && cells[4]["text-anchor"] == nil && cells[0]["font-weight"] == "bold")
        #expect(cells[0]["text-anchor"] == "end" && cells[1]["text-anchor"] == nil)  // headers follow their columns
        #expect(throws: NeuralKitError.self) { try TableFigure(header: ["a", "b"], rows: [["1"]]).svg() }
    }
}
