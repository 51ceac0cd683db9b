// TabularDatasets: readers for the small tables (iris, digits, breast cancer, wine, diabetes,
// Boston, California housing, air passengers), each with its own header and format quirks.

import Foundation
import NKCore

/// Parsers for the table-shaped datasets in their published formats (see each data folder's README).
/// Each takes the file bytes (already gunzipped) and a file name for messages.
public enum TabularDatasets {
    /// scikit-learn's classification CSVs (iris, wine, breast cancer): a first line
    /// `n_samples,n_features,class names…`, then rows of features and a class index.
    ///
    /// - Throws: `NeuralKitError(.data, …)` naming the file when the first line is not such a header,
    ///   the row or column count disagrees with it, or a class index is out of range.
    public static func sklearnClassification(_ bytes: [UInt8], file: String, name: String) throws -> Dataset {
        var text = bytes
        let firstEnd = text.firstIndex(of: 0x0A) ?? text.count
        let header = String(decoding: text[..<firstEnd], as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            .split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        guard header.count >= 3, let n = Int(header[0]), let features = Int(header[1]) else {
            throw NeuralKitError(.data, "'\(file)', line 1: expected scikit-learn's header 'n_samples,n_features,class names…', got '\(header.joined(separator: ","))'.")
        }
        let classNames = Array(header[2...])
        for i in 0..<firstEnd { text[i] = 0x20 }  // blank the header out; line numbers stay right
        let table = try CSVTable.parse(text, targets: 1, file: file)
        try check(table, rows: n, features: features, file: file)
        try checkClasses(table.targets, classes: classNames.count, file: file, firstDataLine: 2)
        return Dataset(name: name, inputs: table.inputs, targets: table.targets, classNames: classNames)
    }

    /// scikit-learn's `digits.csv` (UCI optdigits test set): no header, 64 values 0…16 then the digit;
    /// inputs `(1797, 8, 8, 1)`.
    public static func digits(_ bytes: [UInt8], file: String) throws -> Dataset {
        let table = try CSVTable.parse(bytes, targets: 1, file: file)
        guard table.columnNames == nil, table.inputs.shape[1] == 64 else {
            throw NeuralKitError(.data, "'\(file)': expected rows of 64 pixel values and a label, got \(table.inputs.shape[1] + 1) columns\(table.columnNames == nil ? "" : " and a header").")
        }
        try checkClasses(table.targets, classes: 10, file: file, firstDataLine: 1)
        return Dataset(
            name: "digits", inputs: table.inputs.reshaped([table.inputs.shape[0], 8, 8, 1]), targets: table.targets,
            classNames: (0..<10).map(String.init))
    }

    /// The diabetes data of the LARS paper: 442 rows of 10 raw space-separated features, and a
    /// separate target file with one value per line.
    public static func diabetes(data: [UInt8], dataFile: String, target: [UInt8], targetFile: String) throws -> Dataset {
        let x = try CSVTable.parse(data, targets: 0, file: dataFile)
        let y = try CSVTable.parse(target, targets: 0, file: targetFile)
        guard x.inputs.shape[1] == 10, y.inputs.shape[1] == 1, x.inputs.shape[0] == y.inputs.shape[0] else {
            throw NeuralKitError(
                .data, "Diabetes files '\(dataFile)' and '\(targetFile)': expected n rows of 10 features and n targets, got \(describeShape(x.inputs.shape)) and \(describeShape(y.inputs.shape)).")
        }
        return Dataset(
            name: "diabetes", inputs: x.inputs, targets: y.inputs,
            featureNames: ["age", "sex", "bmi", "bp", "s1", "s2", "s3", "s4", "s5", "s6"])
    }

    /// scikit-learn ≤ 1.1's `boston_house_prices.csv`: line 1 `506,13,,…`, line 2 the column names,
    /// then 13 features and MEDV (the regression target).
    public static func boston(_ bytes: [UInt8], file: String) throws -> Dataset {
        var text = bytes
        let firstEnd = text.firstIndex(of: 0x0A) ?? text.count
        let first = String(decoding: text[..<firstEnd], as: UTF8.self).split(separator: ",")
        guard first.count >= 2, let n = Int(first[0]), let features = Int(first[1]) else {
            throw NeuralKitError(.data, "'\(file)', line 1: expected 'n_samples,n_features,…' (scikit-learn's Boston header).")
        }
        for i in 0..<firstEnd { text[i] = 0x20 }
        let table = try CSVTable.parse(text, targets: 1, file: file)
        try check(table, rows: n, features: features, file: file)
        return Dataset(name: "boston", inputs: table.inputs, targets: table.targets, featureNames: table.columnNames.map { Array($0.dropLast()) })
    }

    /// Géron's California `housing.csv`: 9 numeric columns (target `median_house_value`, column 9)
    /// and the text column `ocean_proximity`, one-hot encoded in sorted category order.
    ///
    /// Inputs `(n, 13)`: the 8 numeric features, then 5 one-hot columns; targets `(n, 1)` in dollars.
    /// Missing numeric cells (207 in `total_bedrooms`) follow `missing`.
    public static func california(_ bytes: [UInt8], file: String, missing: MissingValuePolicy) throws -> Dataset {
        func fail(_ line: Int, _ what: String) -> NeuralKitError { NeuralKitError(.data, "CSV file '\(file)', line \(line): \(what)") }
        let lines = String(decoding: bytes, as: UTF8.self).split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" })
        guard let headerLine = lines.first else { throw fail(1, "the file is empty.") }
        let header = headerLine.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
        guard header.count == 10, header[8] == "median_house_value", header[9] == "ocean_proximity" else {
            throw fail(1, "expected the header of Géron's housing.csv (10 columns ending median_house_value,ocean_proximity).")
        }
        var numeric = [[Double?]](), categories = [String]()
        for (i, line) in lines.enumerated().dropFirst() where !line.allSatisfy(\.isWhitespace) {
            let cells = line.split(separator: ",", omittingEmptySubsequences: false)
            guard cells.count == 10 else { throw fail(i + 1, "\(cells.count) columns, expected 10.") }
            var row = [Double?]()
            for (j, cell) in cells.prefix(9).enumerated() {
                let trimmed = cell.trimmingCharacters(in: .whitespaces)
                if trimmed.isEmpty {
                    if missing == .error || j == 8 { throw fail(i + 1, "column \(j + 1) (\"\(header[j])\") is empty (missing value).") }
                    row.append(nil)
                } else if let v = Double(trimmed), v.isFinite {
                    row.append(v)
                } else {
                    throw fail(i + 1, "column \(j + 1) (\"\(header[j])\"): '\(trimmed)' is not a finite number.")
                }
            }
            numeric.append(row)
            categories.append(cells[9].trimmingCharacters(in: .whitespaces))
        }
        guard !numeric.isEmpty else { throw fail(2, "the file has a header but no data rows.") }
        var keep = Array(numeric.indices)
        if missing == .drop { keep = keep.filter { !numeric[$0].contains(where: { $0 == nil }) } }
        var means = [Double](repeating: 0, count: 9)
        for j in 0..<9 {
            let present = numeric.compactMap { $0[j] }
            means[j] = present.isEmpty ? 0 : present.reduce(0, +) / Double(present.count)
        }
        let kinds = Array(Set(categories)).sorted()
        var inputs = [Float](), targets = [Float]()
        for r in keep {
            for j in 0..<8 { inputs.append(Float(numeric[r][j] ?? means[j])) }
            for k in kinds { inputs.append(categories[r] == k ? 1 : 0) }
            targets.append(Float(numeric[r][8] ?? 0))
        }
        let width = 8 + kinds.count
        return Dataset(
            name: "california", inputs: Tensor(shape: [keep.count, width], scalars: inputs),
            targets: Tensor(shape: [keep.count, 1], scalars: targets),
            featureNames: Array(header[0..<8]) + kinds.map { "ocean_proximity=\($0)" })
    }

    /// The monthly airline-passenger series (`"Month","Passengers"` header, `"1949-01",112` rows,
    /// CRLF line ends): the months and values in file order.
    public static func airPassengerSeries(_ bytes: [UInt8], file: String) throws -> (months: [String], values: [Float]) {
        var months = [String](), values = [Float]()
        let lines = String(decoding: bytes, as: UTF8.self).split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" || $0 == "\r" })
        for (i, rawLine) in lines.enumerated() {
            let line = rawLine.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || (i == 0 && line.lowercased().contains("month")) { continue }
            let cells = line.split(separator: ",", omittingEmptySubsequences: false)
            guard cells.count == 2, let v = Float(cells[1].trimmingCharacters(in: CharacterSet(charactersIn: "\" "))), v.isFinite else {
                throw NeuralKitError(.data, "CSV file '\(file)', line \(i + 1): expected \"YYYY-MM\",passengers, got '\(line)'.")
            }
            months.append(cells[0].trimmingCharacters(in: CharacterSet(charactersIn: "\" ")))
            values.append(v)
        }
        guard !values.isEmpty else { throw NeuralKitError(.data, "CSV file '\(file)': no monthly values.") }
        return (months, values)
    }

    /// Air passengers as forecasting samples: `window` past months → the next month. The windows whose
    /// target is among the last `testMonths` months form the test part (a chronological split).
    public static func airPassengers(_ bytes: [UInt8], file: String, window: Int = 12, testMonths: Int = 24) throws -> DatasetSplits {
        let (_, series) = try airPassengerSeries(bytes, file: file)
        let (x, y) = try TimeSeries.windows(series, window: window)
        guard testMonths >= 0, testMonths < x.rowCount else {
            throw NeuralKitError.argument("Air passengers: \(testMonths) test months leave no training window (\(x.rowCount) windows of \(window) months).")
        }
        let cut = x.rowCount - testMonths
        let all = Dataset(name: "air-passengers", inputs: x, targets: y)
        return DatasetSplits(
            train: all.subset(0..<cut, name: "air-passengers/train"),
            test: testMonths == 0 ? nil : all.subset(cut..<x.rowCount, name: "air-passengers/test"))
    }

    // MARK: - Checks

    private static func check(_ table: CSVTable, rows: Int, features: Int, file: String) throws {
        guard table.inputs.shape == [rows, features] else {
            throw NeuralKitError(.data, "'\(file)': the header announces \(rows) samples of \(features) features, but the file holds \(table.inputs.shape[0]) rows of \(table.inputs.shape[1]).")
        }
    }

    private static func checkClasses(_ targets: Tensor, classes: Int, file: String, firstDataLine: Int) throws {
        if let bad = targets.scalars.firstIndex(where: { $0 < 0 || $0 >= Float(classes) || $0.rounded() != $0 }) {
            throw NeuralKitError(.data, "'\(file)': data row \(bad + 1): class \(targets.scalars[bad]) is not an index below \(classes).")
        }
    }
}
