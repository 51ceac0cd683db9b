// USPSReader: the ESL "ZIP code" files zip.train / zip.test (label + 256 grey values per line).

import Foundation
import NKCore

/// Reads the USPS digits as published with *The Elements of Statistical Learning* (`zip.train.gz`,
/// `zip.test.gz`): one sample per line, a label 0–9 then 256 values in [−1, 1], row-major 16×16.
///
/// The two files write numbers differently (`6.0000 … ` with a trailing space in `zip.train`,
/// `9 -1 -0.948` in `zip.test`); both are parsed as decimal numbers. Images become
/// `(n, 16, 16, 1)` with the original values in [−1, 1]; labels `(n, 1)`.
public enum USPSReader {
    /// Digit names "0"…"9".
    public static let classNames = (0..<10).map(String.init)

    /// Parses the (decompressed) text of `zip.train` or `zip.test`.
    ///
    /// - Throws: `NeuralKitError(.data, …)` naming `file` and the line for a line without 257 numbers,
    ///   a cell that is not a number, a label that is not an integer 0–9, or a value outside [−1, 1].
    public static func parse(_ bytes: [UInt8], file: String) throws -> Dataset {
        let table: CSVTable
        do { table = try CSVTable.parse(bytes, targets: 0, file: file) } catch let error as NeuralKitError {
            throw NeuralKitError(.data, "USPS " + error.message)
        }
        guard table.columnNames == nil else { throw NeuralKitError(.data, "USPS file '\(file)': line 1 is not numeric (expected a label and 256 values).") }
        let columns = table.inputs.shape[1], rows = table.inputs.shape[0]
        guard columns == 257 else {
            throw NeuralKitError(.data, "USPS file '\(file)': lines have \(columns) numbers, expected 257 (a label and 16×16 values).")
        }
        var labels = [Float](repeating: 0, count: rows)
        let images = try Tensor(uninitializedShape: [rows, 16, 16, 1]) { out in
            try table.inputs.withUnsafeBufferPointer { all in
                for r in 0..<rows {
                    let label = all[r * 257]
                    guard label >= 0, label <= 9, label.rounded() == label else {
                        throw NeuralKitError(.data, "USPS file '\(file)', sample \(r + 1): label \(label) is not a digit 0–9.")
                    }
                    labels[r] = label
                    for j in 0..<256 {
                        let v = all[r * 257 + 1 + j]
                        guard v >= -1, v <= 1 else {
                            throw NeuralKitError(.data, "USPS file '\(file)', sample \(r + 1), value \(j + 1): \(v) is outside [-1, 1].")
                        }
                        out[r * 256 + j] = v
                    }
                }
            }
        }
        return Dataset(name: "usps", inputs: images, targets: Tensor(shape: [rows, 1], scalars: labels), classNames: classNames)
    }

    /// Reads `zip.train(.gz)` or `zip.test(.gz)`.
    public static func load(_ url: URL, name: String = "usps") throws -> Dataset {
        var set = try parse(DataFile.read(url), file: url.path)
        set.name = name
        return set
    }
}
