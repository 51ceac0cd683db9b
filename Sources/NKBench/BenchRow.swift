// BenchRow: one row of the benchmark table, and the line a child process hands it over in.

import Foundation
import NKCore

/// One line of the benchmark table.
public struct BenchRow: Sendable, Equatable {
    public var id: String
    public var what: String
    public var seconds: Double
    public var unit: Unit
    public var target: Double
    /// The peak resident memory of the process that ran the row (VmHWM), when known.
    public var peakBytes: Int? = nil
    /// The row's arithmetic floor, when it has one: its multiply-adds at the machine's measured
    /// FMA peak (`ArithmeticFloor`), in seconds. The table shows `seconds / floor`.
    public var floor: Double? = nil

    public enum Unit: String, Sendable { case seconds, microseconds, milliseconds }

    /// The row as one tab-separated line, the way a child process hands it to its parent.
    public var record: String {
        ["BENCHROW", id, what, "\(seconds)", unit.rawValue, "\(target)", peakBytes.map(String.init) ?? "-", floor.map { "\($0)" } ?? "-"]
            .joined(separator: "\t")
    }

    /// The row a `record` line describes; nil for any other line.
    public init?(record line: String) {
        let f = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
        guard f.count == 8, f[0] == "BENCHROW", let seconds = Double(f[3]), let unit = Unit(rawValue: f[4]),
            let target = Double(f[5])
        else { return nil }
        self.init(id: f[1], what: f[2], seconds: seconds, unit: unit, target: target, peakBytes: Int(f[6]), floor: Double(f[7]))
    }

    public init(id: String, what: String, seconds: Double, unit: Unit, target: Double, peakBytes: Int? = nil, floor: Double? = nil) {
        (self.id, self.what, self.seconds, self.unit, self.target, self.peakBytes, self.floor) = (id, what, seconds, unit, target, peakBytes, floor)
    }

    public func format(_ s: Double) -> String {
        switch unit {
        case .seconds: String(format: "%.3f s", s)
        case .milliseconds: String(format: "%.3f ms", s * 1e3)
        case .microseconds: String(format: "%.2f µs", s * 1e6)
        }
    }

    public static func table(_ rows: [BenchRow]) -> String {
        let header = ["id", "workload", "median", "÷ floor", "target", "status", "peak RSS"]
        let body = rows.map { r in
            let peak = r.peakBytes.map(MemoryBudget.describe) ?? "–"
            let floor = r.floor.map { String(format: "%.2f×", r.seconds / $0) } ?? "–"
            return r.target.isFinite
                ? [r.id, r.what, r.format(r.seconds), floor, "≤ " + r.format(r.target), r.seconds <= r.target ? "met" : "MISSED", peak]
                : [r.id, r.what, r.format(r.seconds), floor, "–", "", peak]
        }
        var widths = header.map(\.count)
        for line in body { for (i, cell) in line.enumerated() { widths[i] = max(widths[i], cell.count) } }
        func row(_ cells: [String]) -> String {
            cells.enumerated().map { i, c in c + String(repeating: " ", count: widths[i] - c.count) }.joined(separator: "  ")
        }
        return ([row(header), String(repeating: "-", count: widths.reduce(0, +) + 2 * (widths.count - 1))] + body.map(row)).joined(separator: "\n")
    }
}
