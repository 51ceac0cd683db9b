// A self-contained HTML report: sections, configuration and results tables, inlined figures.
import Foundation
import NKCore

/// An HTML page that needs nothing but itself: CSS inline, SVG figures inline, PNGs as `data:`
/// URIs, no scripts, no fonts, nothing fetched. Opens offline in any browser; the only links are the
/// contents list's links to the page's own sections and the relative ones `addFileList` and
/// `addLinkedTable` write to files beside it.
///
/// Blocks appear in the order they are added. Each `addSection` opens a `<section>` with an anchor;
/// a page of two sections or more starts with a contents list linking to them. Figures added one after
/// another share a grid: two to a row on a wide screen, one on a narrow one; a figure wider than
/// `wideFigureWidth` takes a row of its own.
/// ```swift
/// var report = HTMLReport(title: "mnist-mlp")
/// report.addSection("Results")
/// report.addTable(header: ["split", "loss", "accuracy"], rows: [["test", "0.08", "97.5 %"]])
/// report.addSection("Curves")
/// try report.addFigure(lossPlot, caption: "Training and validation loss per epoch")
/// try report.addPNG(grid.png(), caption: "Test samples", alt: "grid of 16 digits")
/// report.addSection("Configuration")
/// report.addKeyValueTable([("model", "784-100-10"), ("lr", "0.1")])
/// try report.write(to: "runs/mnist/report.html")
/// ```
public struct HTMLReport: Sendable {
    /// One piece of the body.
    enum Block: Sendable {
        /// A section heading with its anchor and optional paragraph.
        case section(id: String, heading: String)
        /// Figure `number`: its content and caption (the inside of a `<figure>`); `wide` ones take a
        /// whole row of the grid.
        case figure(number: Int, content: String, wide: Bool)
        /// Any other HTML fragment.
        case html(String)
    }

    /// The page title, also the top heading.
    public var title: String
    /// The body, in order.
    private(set) var blocks: [Block] = []
    /// How many figures (SVG or PNG) have been added.
    public private(set) var figureCount = 0
    /// When set, the page asks the browser to reload it every so many seconds (a report of a run in progress).
    public var refreshSeconds: Int?
    /// Figures wider than this many pixels take a row of their own instead of half of one.
    public static let wideFigureWidth = 900.0

    /// An empty report.
    public init(title: String) { self.title = title }

    /// The sections' anchors and headings, in order (what the contents list links to).
    public var sections: [(id: String, heading: String)] {
        blocks.compactMap { if case let .section(id, heading) = $0 { (id, heading) } else { nil } }
    }

    /// Opens a section: a heading with the anchor `id` (by default the heading in lower case, runs of
    /// other characters than letters and digits made one `-`), and an optional paragraph under it.
    /// An anchor already taken gets `-2`, `-3`, … appended.
    public mutating func addSection(_ heading: String, id: String? = nil, text: String? = nil) {
        let base = id ?? Self.anchor(heading)
        var unique = base, n = 1
        while sections.contains(where: { $0.id == unique }) {
            n += 1
            unique = "\(base)-\(n)"
        }
        blocks.append(.section(id: unique, heading: heading))
        if let text { addParagraph(text) }
    }

    /// `Per-class scores` → `per-class-scores`.
    static func anchor(_ heading: String) -> String {
        var s = "", dash = false
        for c in heading.lowercased() {
            if c.isASCII && (c.isLetter || c.isNumber) {
                if dash && !s.isEmpty { s += "-" }
                s.append(c)
                dash = false
            } else {
                dash = true
            }
        }
        return s.isEmpty ? "section" : s
    }

    /// A paragraph of plain text (escaped; line breaks kept).
    public mutating func addParagraph(_ text: String) {
        blocks.append(.html("<p>" + xmlEscape(text).replacingOccurrences(of: "\n", with: "<br>") + "</p>"))
    }

    /// A two-column table of settings (`model`, `learning rate`, …), in the given order.
    public mutating func addKeyValueTable(title: String? = nil, _ pairs: [(String, String)]) {
        var s = "<table class=\"kv\">"
        if let title { s += "<caption>\(xmlEscape(title))</caption>" }
        for (k, v) in pairs { s += "<tr><th>\(xmlEscape(k))</th><td>\(xmlEscape(v))</td></tr>" }
        blocks.append(.html(s + "</table>"))
    }

    /// A table with a header row; numeric cells (a number, or a number followed by ` %`) are right-aligned.
    public mutating func addTable(title: String? = nil, header: [String], rows: [[String]]) {
        addLinkedTable(title: title, header: header, rows: rows, links: nil)
    }

    /// A table like `addTable` whose first column links each row to `links[i]` (a relative path).
    public mutating func addLinkedTable(title: String? = nil, header: [String], rows: [[String]], links: [String]?) {
        var s = "<table class=\"results\">"
        if let title { s += "<caption>\(xmlEscape(title))</caption>" }
        s += "<thead><tr>" + header.map { "<th>\(xmlEscape($0))</th>" }.joined() + "</tr></thead><tbody>"
        for (r, row) in rows.enumerated() {
            s +=
                "<tr>"
                + row.enumerated().map { i, cell in
                    let link = i == 0 ? links.flatMap { r < $0.count ? $0[r] : nil } : nil
                    let text = link.map { "<a href=\"\(xmlEscape($0))\">\(xmlEscape(cell))</a>" } ?? xmlEscape(cell)
                    return Self.isNumeric(cell) && link == nil ? "<td class=\"num\">\(text)</td>" : "<td>\(text)</td>"
                }.joined() + "</tr>"
        }
        blocks.append(.html(s + "</tbody></table>"))
    }

    /// Whether a table cell holds a number (`0.98`, `-3`, `97.5 %`, `<0.1`), to be right-aligned.
    static func isNumeric(_ cell: String) -> Bool {
        var text = cell.trimmingCharacters(in: .whitespaces)
        if text.hasSuffix("%") { text = String(text.dropLast()).trimmingCharacters(in: .whitespaces) }
        if text.hasPrefix("<") || text.hasPrefix(">") { text = String(text.dropFirst()) }
        return Double(text) != nil
    }

    /// A figure, inlined as SVG, with an optional caption.
    /// - Throws: what the figure's `svg()` throws.
    public mutating func addFigure(_ figure: some Figure, caption: String? = nil) throws {
        // Inline SVG in HTML needs no namespace; dropping it keeps the page free of any URL.
        let svg = try figure.svg().replacingOccurrences(of: " xmlns=\"http://www.w3.org/2000/svg\"", with: "")
        addFigureBlock(svg, caption: caption, width: figure.size.width)
    }

    /// A list of files beside the report, each linked by its relative name, with what it holds.
    public mutating func addFileList(_ files: [(name: String, description: String)]) {
        var s = "<ul class=\"files\">"
        for (name, description) in files {
            s += "<li><a href=\"\(xmlEscape(name))\">\(xmlEscape(name))</a>" + (description.isEmpty ? "" : ": " + xmlEscape(description)) + "</li>"
        }
        blocks.append(.html(s + "</ul>"))
    }

    /// A PNG image (bytes of a PNG file), inlined as a `data:` URI; `width` is the width it is
    /// meant to be shown at, in CSS pixels (a 2× PNG of a 640-pixel figure: 640).
    public mutating func addPNG(_ png: [UInt8], caption: String? = nil, alt: String = "", width: Double? = nil) {
        let size = width.map { " width=\"\(svgNumber($0))\"" } ?? ""
        addFigureBlock(
            "<img alt=\"\(xmlEscape(alt))\"\(size) style=\"image-rendering:pixelated\" src=\"\(DataURI.png(png))\">", caption: caption, width: width ?? 0)
    }

    mutating func addFigureBlock(_ content: String, caption: String?, width: Double) {
        figureCount += 1
        var s = content
        if let caption { s += "<figcaption>Figure \(figureCount). \(xmlEscape(caption))</figcaption>" }
        blocks.append(.figure(number: figureCount, content: s, wide: width > Self.wideFigureWidth))
    }

    static let style = """
        body{font-family:"DejaVu Sans",Helvetica,Arial,sans-serif;max-width:1440px;margin:1.5em auto;padding:0 1.5em;color:#222}
        h1{font-size:1.6em;border-bottom:2px solid #0072b2;padding-bottom:.2em}h2{font-size:1.3em;margin-top:1.8em;border-bottom:1px solid #ddd;padding-bottom:.15em}
        nav.contents{background:#f4f7fa;border:1px solid #dde5ee;padding:.4em 1.2em;display:inline-block}nav.contents ol{margin:.3em 0;padding-left:1.4em}
        nav.contents li{margin:.15em 0}a{color:#0062a0}
        table{border-collapse:collapse;margin:1em 0;font-size:.92em}caption{text-align:left;font-weight:bold;padding:.3em 0;white-space:nowrap}
        table.kv{max-width:80em}table.kv td{overflow-wrap:anywhere}ul.files{column-width:32em;column-gap:2em}
        th,td{border:1px solid #ccc;padding:.3em .7em;text-align:left}thead th,table.kv th{background:#e8eef4}
        td.num{text-align:right;font-variant-numeric:tabular-nums}tbody tr:nth-child(even){background:#f7f7f7}
        div.figures{display:grid;grid-template-columns:repeat(auto-fill,minmax(min(100%,600px),1fr));gap:1.2em 2em;align-items:start;margin:1.2em 0}
        div.figures figure.wide{grid-column:1/-1}
        figure{margin:0}figure svg,figure img{max-width:100%;height:auto;border:1px solid #eee}
        figcaption{color:#555;font-size:.9em;margin-top:.3em;max-width:70em}p{max-width:70em}
        """

    /// The complete HTML document.
    public func html() -> String {
        var s = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        s += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        if let refreshSeconds { s += "<meta http-equiv=\"refresh\" content=\"\(max(1, refreshSeconds))\">\n" }
        s += "<title>\(xmlEscape(title))</title>\n<style>\n\(Self.style)\n</style>\n</head>\n<body>\n"
        s += "<h1>\(xmlEscape(title))</h1>\n"
        let sections = sections
        if sections.count >= 2 {
            s += "<nav class=\"contents\"><strong>Contents</strong><ol>"
            s += sections.map { "<li><a href=\"#\(xmlEscape($0.id))\">\(xmlEscape($0.heading))</a></li>" }.joined()
            s += "</ol></nav>\n"
        }
        var inSection = false, inGrid = false
        for block in blocks {
            if case .figure = block {
                if !inGrid { s += "<div class=\"figures\">\n" }
                inGrid = true
            } else if inGrid {
                s += "</div>\n"
                inGrid = false
            }
            switch block {
            case let .section(id, heading):
                if inSection { s += "</section>\n" }
                s += "<section id=\"\(xmlEscape(id))\">\n<h2>\(xmlEscape(heading))</h2>\n"
                inSection = true
            case let .figure(number, content, wide):
                s += "<figure id=\"figure-\(number)\"\(wide ? " class=\"wide\"" : "")>\n\(content)</figure>\n"
            case let .html(html):
                s += html + "\n"
            }
        }
        if inGrid { s += "</div>\n" }
        if inSection { s += "</section>\n" }
        return s + "</body>\n</html>\n"
    }

    /// Writes `html()` to `path` atomically.
    /// - Throws: `NeuralKitError.file` naming the path when it cannot be written.
    public func write(to path: String) throws { try AtomicFile.write(text: html(), to: path) }
}
