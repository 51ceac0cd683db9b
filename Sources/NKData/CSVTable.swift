// CSVTable: a numeric table read from a CSV file, split into input and target columns.

import Foundation
import NKCore
#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A numeric table read from a delimited text file, its last `targets` columns split off as targets.
///
/// Format accepted:
/// - Separator: `,` if the first non-blank line has one, else `;`, else runs of spaces/tabs.
///   (`;` files with a decimal comma are not supported: numbers use a decimal point.)
/// - An optional header: the first non-blank line is a header when any of its cells is not a number.
///   Header names may be quoted (`"petal length"`, with `""` for a quote).
/// - `\n`, `\r\n` or `\r` line ends, a final newline or not, blank lines anywhere, a UTF-8 BOM.
/// - Every data cell a finite number (quoted numbers are accepted); no missing values.
///
/// ```swift
/// let table = try CSVTable.load(url: URL(fileURLWithPath: "iris.csv"), targets: 1)
/// table.inputs   // (150, 4)
/// table.targets  // (150, 1)
/// ```
public struct CSVTable: Sendable {
    /// The leading columns, `(rows, columns − targets)`.
    public var inputs: Tensor
    /// The last `targets` columns, `(rows, targets)`.
    public var targets: Tensor
    /// The header names of all columns, inputs then targets; `nil` when the file has no header.
    public var columnNames: [String]?
    /// With `classLabels: true`: the distinct labels of the target column, sorted (numerically when
    /// all are numbers, else by text); `targets` then holds indices into this list.
    public var classNames: [String]?

    /// A table from already split inputs `(rows, d)` and targets `(rows, t)`.
    public init(inputs: Tensor, targets: Tensor, columnNames: [String]?, classNames: [String]? = nil) {
        self.inputs = inputs
        self.targets = targets
        self.columnNames = columnNames
        self.classNames = classNames
    }

    /// Reads `url` and splits its last `targets` columns off as targets.
    ///
    /// - Throws: `NeuralKitError(.data, …)` naming the file, and the line and column where relevant,
    ///   for a missing or empty file, fewer columns than `targets + 1`, a row with a different number
    ///   of columns than the first, or a cell that is not a finite number.
    ///
    /// With `classLabels: true` (one target column) the target cells are class labels, text or
    /// numbers (`setosa`, `"spam"`, `3`): each distinct label becomes an index into `classNames`.
    /// A first line is then a header only when one of its *input* cells is not a number.
    public static func load(url: URL, targets: Int = 1, classLabels: Bool = false) throws -> CSVTable {
        let bytes: [UInt8]
        do { bytes = try DataFile.readRaw(url) } catch let error as NeuralKitError {
            throw NeuralKitError(error.kind, "CSV file " + error.message)
        }
        // Each cell becomes a 4-byte Float from at least 2 bytes of text ("0,"): at most twice the file.
        try MemoryBudget.check(2 * bytes.count, for: "The values of CSV file '\(url.path)'")
        return try parse(bytes, targets: targets, file: url.path, classLabels: classLabels)
    }

    /// Parses CSV text (see `load(url:targets:classLabels:)`); `file` names the source in error messages.
    public static func parse(_ text: String, targets: Int = 1, file: String = "<text>", classLabels: Bool = false) throws -> CSVTable {
        try parse(Array(text.utf8), targets: targets, file: file, classLabels: classLabels)
    }

    /// Parses the bytes of a CSV file (see `load(url:targets:classLabels:)`).
    public static func parse(_ bytes: [UInt8], targets: Int, file: String, classLabels: Bool = false) throws -> CSVTable {
        func fail(_ message: String) -> NeuralKitError { NeuralKitError(.data, "CSV file '\(file)': \(message)") }
        guard targets >= 0 else { throw NeuralKitError.argument("CSV file '\(file)': the number of target columns must be 0 or more, got \(targets).") }
        guard !classLabels || targets == 1 else {
            throw NeuralKitError.argument("CSV file '\(file)': class labels need exactly one target column, got \(targets).")
        }
        var labels = [String]()  // with classLabels: the label text of each row
        var text = bytes
        if text.starts(with: [0xEF, 0xBB, 0xBF]) { text.removeFirst(3) }
        text.append(0)  // strtod stops at the terminator after the last cell
        let end = text.count - 1

        var separator: UInt8? = nil  // nil: runs of blanks
        var columns = 0
        var header: [String]? = nil
        var values = [Float]()
        var rows = 0
        var fields = [Range<Int>]()
        var lineNumber = 0
        var position = 0

        while position < end {
            // One physical line: [position, lineEnd), line ends \n, \r\n or \r.
            lineNumber += 1
            var lineEnd = position
            while lineEnd < end, text[lineEnd] != 0x0A, text[lineEnd] != 0x0D { lineEnd += 1 }
            let line = position..<lineEnd
            position = lineEnd + (lineEnd < end && text[lineEnd] == 0x0D && lineEnd + 1 < end && text[lineEnd + 1] == 0x0A ? 2 : 1)
            if line.allSatisfy({ isBlank(text[$0]) }) { continue }

            if columns == 0 {
                separator =
                    line.contains { text[$0] == UInt8(ascii: ",") }
                    ? UInt8(ascii: ",")
                    : line.contains { text[$0] == UInt8(ascii: ";") } ? UInt8(ascii: ";") : nil
            }
            split(text, line, separator: separator, into: &fields)

            if columns == 0 {
                columns = fields.count
                guard columns > targets else {
                    throw fail("line \(lineNumber) has \(columns) column\(columns == 1 ? "" : "s"), but \(targets) target column\(targets == 1 ? "" : "s") and at least one input column are needed.")
                }
                if fields[..<(classLabels ? columns - 1 : columns)].contains(where: { number(text, $0) == nil }) {
                    header = fields.map { unquote(text, $0) }
                    continue
                }
            }
            guard fields.count == columns else {
                throw fail("line \(lineNumber) has \(fields.count) columns, expected \(columns) like the first line.")
            }
            for (j, field) in fields.enumerated() {
                if classLabels, j == columns - 1 {
                    let label = unquote(text, field)
                    guard !label.isEmpty else { throw fail("line \(lineNumber), column \(j + 1): the class label is empty.") }
                    labels.append(label)
                    values.append(0)
                    continue
                }
                guard let value = number(text, field) else {
                    let name = header.map { $0[j].isEmpty ? "" : " (\"\(NeuralKitError.excerpt($0[j]))\")" } ?? ""
                    let cell = String(decoding: text[field.prefix(200)], as: UTF8.self)
                    let shown = field.count > 200 ? String(cell.prefix(40)) + "… (\(field.count) bytes)" : NeuralKitError.excerpt(cell)
                    throw fail("line \(lineNumber), column \(j + 1)\(name): '\(shown)' is not a finite number.")
                }
                values.append(value)
            }
            rows += 1
        }
        guard columns > 0 else { throw fail("the file is empty.") }
        guard rows > 0 else { throw fail("the file has a header but no data rows.") }

        var classNames: [String]? = nil
        if classLabels {
            let distinct = Set(labels)
            let numeric = distinct.compactMap { Double($0) }
            let sorted =
                numeric.count == distinct.count
                ? distinct.sorted { (Double($0) ?? 0, $0) < (Double($1) ?? 0, $1) } : distinct.sorted()
            let index = Dictionary(uniqueKeysWithValues: sorted.enumerated().map { ($1, Float($0)) })
            for (r, label) in labels.enumerated() { values[r * columns + columns - 1] = index[label] ?? 0 }
            classNames = sorted
        }
        let inputWidth = columns - targets
        var inputs = [Float](), outputs = [Float]()
        inputs.reserveCapacity(rows * inputWidth)
        outputs.reserveCapacity(rows * targets)
        for r in 0..<rows {
            inputs += values[(r * columns)..<(r * columns + inputWidth)]
            outputs += values[(r * columns + inputWidth)..<((r + 1) * columns)]
        }
        return CSVTable(
            inputs: Tensor(shape: [rows, inputWidth], scalars: inputs),
            targets: Tensor(shape: [rows, targets], scalars: outputs),
            columnNames: header, classNames: classNames)
    }

    // MARK: - Helpers

    private static func isBlank(_ c: UInt8) -> Bool { c == 0x20 || c == 0x09 }

    /// The cells of `line`, blanks around them trimmed; a quoted cell may contain the separator.
    private static func split(_ text: [UInt8], _ line: Range<Int>, separator: UInt8?, into fields: inout [Range<Int>]) {
        fields.removeAll(keepingCapacity: true)
        let blanksSeparate = separator == nil
        let sep = separator ?? 0
        var i = line.lowerBound
        while true {
            while i < line.upperBound, isBlank(text[i]) { i += 1 }
            if separator == nil, i == line.upperBound { break }
            let start = i
            var quoted = false
            while i < line.upperBound {
                let c = text[i]
                if c == UInt8(ascii: "\"") { quoted.toggle() } else if !quoted, blanksSeparate ? isBlank(c) : c == sep { break }
                i += 1
            }
            var stop = i
            while stop > start, isBlank(text[stop - 1]) { stop -= 1 }
            fields.append(start..<stop)
            if i == line.upperBound { break }
            i += 1  // past the separator (or the first blank of a run)
        }
    }

    /// The finite number in `field` (optionally quoted), or nil.
    private static func number(_ text: [UInt8], _ field: Range<Int>) -> Float? {
        var range = field
        if range.count >= 2, text[range.lowerBound] == UInt8(ascii: "\""), text[range.upperBound - 1] == UInt8(ascii: "\"") {
            range = (range.lowerBound + 1)..<(range.upperBound - 1)
        }
        guard !range.isEmpty, !isBlank(text[range.lowerBound]) else { return nil }
        if let value = simpleDecimal(text, range) { return value }
        return text.withUnsafeBufferPointer { buffer -> Float? in
            let start = UnsafeRawPointer(buffer.baseAddress! + range.lowerBound).assumingMemoryBound(to: CChar.self)
            var stop: UnsafeMutablePointer<CChar>? = nil
            let value = strtod(start, &stop)
            guard let stop, UnsafeRawPointer(stop) == UnsafeRawPointer(buffer.baseAddress! + range.upperBound) else { return nil }
            let result = Float(value)
            return result.isFinite ? result : nil
        }
    }

    /// Fast path for the common cells (`-12`, `0.375`): at most 15 significant digits, no exponent.
    /// `mantissa / 10^k` is then exact-then-correctly-rounded, the same Double `strtod` gives.
    private static func simpleDecimal(_ text: [UInt8], _ range: Range<Int>) -> Float? {
        var i = range.lowerBound
        var negative = false
        if text[i] == UInt8(ascii: "-") || text[i] == UInt8(ascii: "+") { negative = text[i] == UInt8(ascii: "-"); i += 1 }
        var mantissa: UInt64 = 0
        var digits = 0, fractionDigits = 0
        var seenPoint = false
        while i < range.upperBound {
            let c = text[i]
            if c >= UInt8(ascii: "0"), c <= UInt8(ascii: "9") {
                mantissa = mantissa * 10 + UInt64(c - UInt8(ascii: "0"))
                digits += 1
                if seenPoint { fractionDigits += 1 }
                guard digits <= 15 else { return nil }
            } else if c == UInt8(ascii: "."), !seenPoint {
                seenPoint = true
            } else {
                return nil
            }
            i += 1
        }
        guard digits > 0 else { return nil }
        var scale = 1.0
        for _ in 0..<fractionDigits { scale *= 10 }  // exact: 10^k < 2^53 for k ≤ 15
        let value = Double(mantissa) / scale
        return Float(negative ? -value : value)
    }

    /// The text of a header cell, without surrounding quotes and with `""` turned into `"`.
    private static func unquote(_ text: [UInt8], _ field: Range<Int>) -> String {
        var s = String(decoding: text[field], as: UTF8.self)
        if s.count >= 2, s.hasPrefix("\""), s.hasSuffix("\"") {
            s = String(s.dropFirst().dropLast()).replacingOccurrences(of: "\"\"", with: "\"")
        }
        return s
    }
}
