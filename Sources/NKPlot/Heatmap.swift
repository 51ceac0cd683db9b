// Heatmaps with values written in the cells; the confusion matrix of a classifier.
import Foundation
import NKCore

/// A matrix drawn as coloured cells, white for the smallest value (or 0) to blue for the largest,
/// with each value written in its cell and row/column labels on the left and bottom.
///
/// ```swift
/// let cm = Heatmap.confusionMatrix(counts, classNames: ["0", "1", "2"])   // rows: true, columns: predicted
/// try cm.write(to: "confusion.svg"); try cm.write(to: "confusion.png")
/// ```
public struct Heatmap: Figure {
    /// The title; `nil` for none.
    public var title: String?
    /// The values, `values[row][column]`; every row the same length.
    public var values: [[Double]]
    /// Labels of the rows (top to bottom); empty for row numbers.
    public var rowLabels: [String]
    /// Labels of the columns (left to right); empty for column numbers.
    public var columnLabels: [String]
    /// The label under the columns.
    public var xLabel: String
    /// The label beside the rows.
    public var yLabel: String
    /// Decimals of the numbers written in cells; `nil` writes no numbers.
    public var decimals: Int?
    /// The title of a colour scale drawn on the right (e.g. `% of the true class`); `nil` for none.
    public var colorBarLabel: String?
    /// The values mapped to white and to full blue; `nil` for `min(0, smallest)...largest`.
    public var valueRange: ClosedRange<Double>?
    /// Width and height in pixels.
    public var size: (width: Double, height: Double)
    /// Cells hold percentages: one decimal, an exact 0 left blank, and values that one decimal would
    /// round to 0 or 100 written "<0.1" and ">99.9" (a cell of one error in 3,000 is not "0").
    public var percentCells = false
    /// Off-diagonal cells get a colour scale of their own, vermillion from white at 0 to full at the
    /// largest off-diagonal value, with a second colour bar titled `offDiagonalLabel`; the diagonal
    /// keeps the blue scale. In a confusion matrix the errors are then visible however large the
    /// diagonal is (19 mistakes beside 980 correct are not near-white). Square matrices only.
    public var offDiagonalLabel: String?
    /// Whether cells are square (a matrix); when `false` they stretch to fill the figure's width and
    /// height (a table of a few scores per row, which square cells would leave narrow).
    public var squareCells = true

    /// A heatmap.
    public init(
        title: String? = nil, values: [[Double]], rowLabels: [String] = [], columnLabels: [String] = [],
        xLabel: String = "", yLabel: String = "", decimals: Int? = 2,
        colorBarLabel: String? = nil, valueRange: ClosedRange<Double>? = nil,
        size: (width: Double, height: Double) = (520, 480)
    ) {
        self.colorBarLabel = colorBarLabel
        self.valueRange = valueRange
        self.title = title
        self.values = values
        self.rowLabels = rowLabels
        self.columnLabels = columnLabels
        self.xLabel = xLabel
        self.yLabel = yLabel
        self.decimals = decimals
        self.size = size
    }

    /// A confusion matrix: `counts[true][predicted]`, rows labelled `true`, columns `predicted`,
    /// integer counts in the cells.
    public static func confusionMatrix(_ counts: [[Int]], classNames: [String] = [], title: String? = "Confusion matrix") -> Heatmap {
        Heatmap(
            title: title, values: counts.map { $0.map(Double.init) }, rowLabels: classNames, columnLabels: classNames,
            xLabel: "Predicted class", yLabel: "True class", decimals: 0)
    }

    var what: String { "heatmap" + (title.map { " '\($0)'" } ?? "") }
    var rows: Int { values.count }
    var columns: Int { values.first?.count ?? 0 }

    func validate() throws {
        guard rows > 0, columns > 0, values.allSatisfy({ $0.count == columns }) else {
            throw NeuralKitError.shape("\(what): needs a non-empty matrix with rows of equal length, got row lengths \(values.map(\.count))")
        }
        guard rowLabels.isEmpty || rowLabels.count == rows, columnLabels.isEmpty || columnLabels.count == columns else {
            throw NeuralKitError.shape("\(what): \(rowLabels.count) row labels and \(columnLabels.count) column labels for a \(rows)×\(columns) matrix")
        }
    }

    /// The colour scale: `lo = min(0, smallest)`, `hi = largest` finite value.
    func range() -> (lo: Double, hi: Double) {
        if let valueRange { return (valueRange.lowerBound, valueRange.upperBound) }
        let finite = values.joined().filter(\.isFinite)
        return (min(finite.min() ?? 0, 0), finite.max() ?? 1)
    }

    /// The fill of a value: white at `lo`, `hue` (Okabe–Ito blue) at `hi`, grey for non-finite values.
    func color(_ v: Double, _ range: (lo: Double, hi: Double), hue: Color = Color.okabeIto[0]) -> Color {
        guard v.isFinite else { return Color(hex: 0xBBBBBB) }
        return Color.white.mixed(with: hue, range.hi > range.lo ? (v - range.lo) / (range.hi - range.lo) : 0)
    }

    /// The hue of the off-diagonal scale: Okabe–Ito vermillion.
    static let offDiagonalHue = Color.okabeIto[1]

    /// Whether the off-diagonal cells have their own scale.
    var separateOffDiagonal: Bool { offDiagonalLabel != nil && rows == columns }

    /// The off-diagonal scale: 0 to the largest finite off-diagonal value (1 when there is none).
    func offDiagonalRange() -> (lo: Double, hi: Double) {
        var largest = 0.0
        for r in 0..<rows { for c in 0..<columns where r != c && values[r][c].isFinite { largest = max(largest, values[r][c]) } }
        return (0, largest > 0 ? largest : 1)
    }

    /// The fill of cell `(r, c)`.
    func cellColor(_ r: Int, _ c: Int, _ scale: (lo: Double, hi: Double), _ offScale: (lo: Double, hi: Double)) -> Color {
        separateOffDiagonal && r != c ? color(values[r][c], offScale, hue: Self.offDiagonalHue) : color(values[r][c], scale)
    }

    /// The heatmap as SVG: one square cell per value, values written in cells at least 14 pixels wide.
    public func canvas() throws -> SVGCanvas {
        try validate()
        let scale = range()
        let rowNames = rowLabels.isEmpty ? (0..<rows).map(String.init) : rowLabels
        let columnNames = columnLabels.isEmpty ? (0..<columns).map(String.init) : columnLabels
        let rowNameWidth: Double = rowNames.map { textWidth($0, size: 11) }.max() ?? 0
        let left: Double = 16 + (yLabel.isEmpty ? 0 : 18) + rowNameWidth
        let top: Double = title == nil ? 14 : 36
        let bottom: Double = xLabel.isEmpty ? 30 : 48
        let offScale = offDiagonalRange()
        let barSpace: Double = (colorBarLabel == nil ? 0 : ColorBar.width) + (separateOffDiagonal ? ColorBar.width : 0)
        let fitWidth = (size.width - left - 16 - barSpace) / Double(columns), fitHeight = (size.height - top - bottom) / Double(rows)
        let square = max(1, min(fitWidth, fitHeight))
        let (cw, ch) = squareCells ? (square, square) : (max(1, fitWidth), max(1, fitHeight))
        var canvas = SVGCanvas(width: size.width, height: size.height)
        canvas.title(title)
        canvas.open("class=\"cells\" shape-rendering=\"crispEdges\"")
        for r in 0..<rows {
            for c in 0..<columns {
                let v = values[r][c]
                canvas.rect(
                    x: left + Double(c) * cw, y: top + Double(r) * ch, width: cw, height: ch,
                    fill: cellColor(r, c, scale, offScale), stroke: .white,
                    attributes: "class=\"cell\" data-row=\"\(r)\" data-column=\"\(c)\" data-value=\"\(dataNumber(v))\"")
            }
        }
        canvas.close()
        if let decimals, min(cw, ch) >= 14 {
            canvas.open("class=\"cell-values\"")
            let fontSize = min(12, min(cw, ch) * 0.38)
            for r in 0..<rows {
                for c in 0..<columns {
                    let v = values[r][c]
                    let text = percentCells ? Self.percentText(v) : v.isFinite ? String(format: "%.\(max(decimals, 0))f", v) : "–"
                    canvas.text(
                        text, x: left + (Double(c) + 0.5) * cw, y: top + (Double(r) + 0.5) * ch + fontSize * 0.35,
                        size: fontSize, anchor: .middle, fill: cellColor(r, c, scale, offScale).luminance < 0.5 ? .white : .black,
                        attributes: "class=\"cell-value\" data-row=\"\(r)\" data-column=\"\(c)\"")
                }
            }
            canvas.close()
        }
        for (r, name) in rowNames.enumerated() {
            canvas.text(
                name, x: left - 6, y: top + (Double(r) + 0.5) * ch + 4, size: 11, anchor: .end, fill: .axisGray,
                attributes: "class=\"row-label\"")
        }
        let gridBottom = top + Double(rows) * ch
        for (c, name) in columnNames.enumerated() {
            canvas.text(
                name, x: left + (Double(c) + 0.5) * cw, y: gridBottom + 16, size: 11, anchor: .middle, fill: .axisGray,
                attributes: "class=\"column-label\"")
        }
        var barX = left + Double(columns) * cw + 20
        if let colorBarLabel {
            ColorBar(label: colorBarLabel, lower: scale.lo, upper: scale.hi, color: { color($0, scale) })
                .draw(into: &canvas, x: barX, top: top, height: Double(rows) * ch)
            barX += ColorBar.width
        }
        if separateOffDiagonal, let offDiagonalLabel {
            ColorBar(label: offDiagonalLabel, lower: offScale.lo, upper: offScale.hi, color: { color($0, offScale, hue: Self.offDiagonalHue) })
                .draw(into: &canvas, x: barX, top: top, height: Double(rows) * ch)
        }
        if !xLabel.isEmpty {
            canvas.text(xLabel, x: left + Double(columns) * cw / 2, y: gridBottom + 36, anchor: .middle, attributes: "class=\"axis-label-x\"")
        }
        if !yLabel.isEmpty {
            canvas.text(yLabel, x: 16, y: top + Double(rows) * ch / 2, anchor: .middle, rotate: -90, attributes: "class=\"axis-label-y\"")
        }
        return canvas
    }

    /// A percentage as `percentCells` writes it.
    static func percentText(_ v: Double) -> String {
        guard v.isFinite else { return "–" }
        if v == 0 { return "" }
        if v == 100 { return "100" }
        return ReadableNumber.percentNearBounds(v) ?? String(format: "%.1f", v)
    }
}
