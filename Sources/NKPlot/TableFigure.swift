// A table drawn as a figure, for sweeps that read better as numbers than as curves.
import Foundation
import NKCore

/// A table with a bold header row and alternating row shading; columns whose cells all read as
/// numbers are right-aligned.
///
/// ```swift
/// let t = TableFigure(title: "learning-rate sweep", header: ["lr", "val acc"], rows: [["0.1", "0.97"], ["0.01", "0.95"]])
/// ```
public struct TableFigure: Figure {
    /// The title; `nil` for none.
    public var title: String?
    /// The column names.
    public var header: [String]
    /// The cells, one array per row, as many cells as `header`.
    public var rows: [[String]]

    /// A table figure.
    public init(title: String? = nil, header: [String], rows: [[String]]) {
        self.title = title
        self.header = header
        self.rows = rows
    }

    static let rowHeight = 22.0, padding = 10.0

    var columnWidths: [Double] {
        header.indices.map { c in
            max(textWidth(header[c], size: 12, bold: true), rows.map { c < $0.count ? textWidth($0[c], size: 12) : 0 }.max() ?? 0)
                + 2 * Self.padding
        }
    }

    /// Width and height in pixels, from the text it holds.
    public var size: (width: Double, height: Double) {
        let w = columnWidths.reduce(0, +) + 20
        let h = Double(rows.count + 1) * Self.rowHeight + (title == nil ? 20 : 44)
        return (max(w, title.map { textWidth($0, size: 15, bold: true) + 20 } ?? 0), h)
    }

    /// Whether every cell of column `c` reads as a number.
    func isNumeric(_ c: Int) -> Bool {
        !rows.isEmpty && rows.allSatisfy { c < $0.count && Double($0[c].trimmingCharacters(in: .whitespaces)) != nil }
    }

    /// The table as SVG.
    /// - Throws: `NeuralKitError.shape` when there are no columns or a row has the wrong number of cells.
    public func canvas() throws -> SVGCanvas {
        let what = "table figure" + (title.map { " '\($0)'" } ?? "")
        guard !header.isEmpty else { throw NeuralKitError.shape("\(what): needs at least one column") }
        if let bad = rows.firstIndex(where: { $0.count != header.count }) {
            throw NeuralKitError.shape("\(what): row \(bad) has \(rows[bad].count) cells but the header has \(header.count)")
        }
        let (w, h) = size
        var canvas = SVGCanvas(width: w, height: h)
        canvas.title(title)
        let widths = columnWidths
        let left = 10.0, top = title == nil ? 10.0 : 34.0
        var edges = [left]
        for wd in widths { edges.append(edges.last! + wd) }
        let numeric = header.indices.map(isNumeric)
        for r in 0...rows.count {
            let y = top + Double(r) * Self.rowHeight
            if r == 0 {
                canvas.rect(x: left, y: y, width: edges.last! - left, height: Self.rowHeight, fill: Color(hex: 0xE8EEF4))
            } else if r % 2 == 0 {
                canvas.rect(x: left, y: y, width: edges.last! - left, height: Self.rowHeight, fill: Color(hex: 0xF5F5F5))
            }
            let cells = r == 0 ? header : rows[r - 1]
            canvas.open("class=\"\(r == 0 ? "header" : "row")\"")
            for (c, text) in cells.enumerated() {
                let right = numeric[c]  // the header of a numeric column too, so it sits over its numbers
                canvas.text(
                    text, x: right ? edges[c + 1] - Self.padding : edges[c] + Self.padding, y: y + 15, size: 12,
                    anchor: right ? .end : .start, bold: r == 0, attributes: "class=\"cell\"")
            }
            canvas.close()
        }
        canvas.line(left, top + Self.rowHeight, edges.last!, top + Self.rowHeight, stroke: .axisGray)
        return canvas
    }
}
