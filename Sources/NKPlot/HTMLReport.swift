// A self-contained HTML report: sections, configuration and results tables, inlined figures.
import Foundation
import NKCore

/// An HTML page that needs nothing but itself: CSS inline, SVG figures inline, PNGs as `data:`
/// URIs, no scripts, no fonts, nothing fetched. Opens offline in any browser; the only links are the
/// relative ones `addFileList` and `addLinkedTable` write to files beside it.
///
/// Blocks appear in the order they are added.
/// ```swift
/// var report = HTMLReport(title: "mnist-mlp")
/// report.addKeyValueTable(title: "Configuration", [("model", "784-100-10"), ("lr", "0.1")])
/// report.addTable(title: "Results", header: ["split", "loss", "accuracy"], rows: [["test", "0.08", "0.975"]])
/// try report.addFigure(lossPlot, caption: "Training and validation loss per epoch")
/// try report.addPNG(grid.png(), caption: "Test samples", alt: "grid of 16 digits")
/// try report.write(to: "runs/mnist/report.html")
/// ```
public struct HTMLReport: Sendable {
    /// The page title, also the top heading.
    public var title: String
    /// The HTML fragments of the body, in order.
    public private(set) var blocks: [String] = []
    /// How many figures (SVG or PNG) have been added.
    public private(set) var figureCount = 0
    /// When set, the page asks the browser to reload it every so many seconds (a report of a run in progress).
    public var refreshSeconds: Int?

    /// An empty report.
    public init(title: String) { self.title = title }

    /// A section heading, with an optional paragraph of plain text under it.
    public mutating func addSection(_ heading: String, text: String? = nil) {
        blocks.append("<h2>\(xmlEscape(heading))</h2>")
        if let text { addParagraph(text) }
    }

    /// A paragraph of plain text (escaped; line breaks kept).
    public mutating func addParagraph(_ text: String) {
        blocks.append("<p>" + xmlEscape(text).replacingOccurrences(of: "\n", with: "<br>") + "</p>")
    }

    /// A two-column table of settings (`model`, `learning rate`, …), in the given order.
    public mutating func addKeyValueTable(title: String? = nil, _ pairs: [(String, String)]) {
        var s = "<table class=\"kv\">"
        if let title { s += "<caption>\(xmlEscape(title))</caption>" }
        for (k, v) in pairs { s += "<tr><th>\(xmlEscape(k))</th><td>\(xmlEscape(v))</td></tr>" }
        blocks.append(s + "</table>")
    }

    /// A table with a header row; numeric cells are right-aligned.
    public mutating func addTable(title: String? = nil, header: [String], rows: [[String]]) {
        var s = "<table class=\"results\">"
        if let title { s += "<caption>\(xmlEscape(title))</caption>" }
        s += "<thead><tr>" + header.map { "<th>\(xmlEscape($0))</th>" }.joined() + "</tr></thead><tbody>"
        for row in rows {
            s +=
                "<tr>"
                + row.map { cell in
                    Double(cell.trimmingCharacters(in: .whitespaces)) != nil ? "<td class=\"num\">\(xmlEscape(cell))</td>" : "<td>\(xmlEscape(cell))</td>"
                }.joined() + "</tr>"
        }
        blocks.append(s + "</tbody></table>")
    }

    /// A table like `addTable` whose first column links each row to `links[i]` (a relative path).
    public mutating func addLinkedTable(title: String? = nil, header: [String], rows: [[String]], links: [String]) {
        var s = "<table class=\"results\">"
        if let title { s += "<caption>\(xmlEscape(title))</caption>" }
        s += "<thead><tr>" + header.map { "<th>\(xmlEscape($0))</th>" }.joined() + "</tr></thead><tbody>"
        for (row, link) in zip(rows, links) {
            s +=
                "<tr>"
                + row.enumerated().map { i, cell in
                    let text = i == 0 ? "<a href=\"\(xmlEscape(link))\">\(xmlEscape(cell))</a>" : xmlEscape(cell)
                    return Double(cell.trimmingCharacters(in: .whitespaces)) != nil && i > 0 ? "<td class=\"num\">\(text)</td>" : "<td>\(text)</td>"
                }.joined() + "</tr>"
        }
        blocks.append(s + "</tbody></table>")
    }

    /// A figure, inlined as SVG, with an optional caption.
    /// - Throws: what the figure's `svg()` throws.
    public mutating func addFigure(_ figure: some Figure, caption: String? = nil) throws {
        // Inline SVG in HTML needs no namespace; dropping it keeps the page free of any URL.
        let svg = try figure.svg().replacingOccurrences(of: " xmlns=\"http://www.w3.org/2000/svg\"", with: "")
        addFigureBlock(svg, caption: caption)
    }

    /// A list of files beside the report, each linked by its relative name, with what it holds.
    public mutating func addFileList(_ files: [(name: String, description: String)]) {
        var s = "<ul class=\"files\">"
        for (name, description) in files {
            s += "<li><a href=\"\(xmlEscape(name))\">\(xmlEscape(name))</a>" + (description.isEmpty ? "" : ": " + xmlEscape(description)) + "</li>"
        }
        blocks.append(s + "</ul>")
    }

    /// A PNG image (bytes of a PNG file), inlined as a `data:` URI.
    public mutating func addPNG(_ png: [UInt8], caption: String? = nil, alt: String = "") {
        addFigureBlock("<img alt=\"\(xmlEscape(alt))\" style=\"image-rendering:pixelated\" src=\"\(DataURI.png(png))\">", caption: caption)
    }

    mutating func addFigureBlock(_ content: String, caption: String?) {
        figureCount += 1
        var s = "<figure id=\"figure-\(figureCount)\">\n" + content
        if let caption { s += "<figcaption>Figure \(figureCount). \(xmlEscape(caption))</figcaption>" }
        blocks.append(s + "</figure>")
    }

    static let style = """
        body{font-family:"DejaVu Sans",Helvetica,Arial,sans-serif;max-width:1000px;margin:2em auto;padding:0 1em;color:#222}
        h1{font-size:1.6em;border-bottom:2px solid #0072b2;padding-bottom:.2em}h2{font-size:1.25em;margin-top:1.6em}
        table{border-collapse:collapse;margin:1em 0;font-size:.92em}caption{text-align:left;font-weight:bold;padding:.3em 0}
        th,td{border:1px solid #ccc;padding:.3em .7em;text-align:left}thead th,table.kv th{background:#e8eef4}
        td.num{text-align:right;font-variant-numeric:tabular-nums}tbody tr:nth-child(even){background:#f7f7f7}
        figure{margin:1.2em 0}figure svg,figure img{max-width:100%;height:auto;border:1px solid #eee}
        figcaption{color:#555;font-size:.9em;margin-top:.3em}
        """

    /// The complete HTML document.
    public func html() -> String {
        var s = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        s += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        if let refreshSeconds { s += "<meta http-equiv=\"refresh\" content=\"\(max(1, refreshSeconds))\">\n" }
        s += "<title>\(xmlEscape(title))</title>\n<style>\n\(Self.style)\n</style>\n</head>\n<body>\n"
        s += "<h1>\(xmlEscape(title))</h1>\n"
        for b in blocks { s += b + "\n" }
        return s + "</body>\n</html>\n"
    }

    /// Writes `html()` to `path` atomically.
    /// - Throws: `NeuralKitError.file` naming the path when it cannot be written.
    public func write(to path: String) throws { try AtomicFile.write(text: html(), to: path) }
}
