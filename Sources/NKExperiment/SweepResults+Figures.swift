// The figures of a sweep folder: the summary (metric against the first variable) and a search's scatter plots.

import Foundation
import NKPlot

extension SweepResults {
    /// A metric as figures and tables show it: accuracies in per cent, losses as they are.
    static func shown(_ name: String, _ value: Float) -> Double { Double(value) * (name.hasSuffix("accuracy") ? 100 : 1) }

    /// The axis label of a metric: `validation accuracy (%)`, `test loss`.
    static func axisLabel(_ name: String) -> String { name.hasSuffix("accuracy") ? "\(name) (%)" : name }

    /// The metric against the first variable: one line per combination of the other variables (one
    /// colour and one legend entry each), the mean over the seeds with markers, and with several
    /// seeds a shaded band from the lowest to the highest seed; nil without variables or rows.
    public func summaryFigure() -> LinePlot? {
        guard let first = plan.variables.first, !rows.isEmpty else { return nil }
        let (name, value) = metric
        let numeric = first.values.compactMap(Double.init)
        let isNumeric = numeric.count == first.values.count
        let positions = isNumeric ? numeric : first.values.indices.map { Double($0 + 1) }
        let logScale = isNumeric && numeric.allSatisfy { $0 > 0 } && (numeric.max()! / numeric.min()! >= 20)
        // Lines: the combinations of the other variables.
        var groups: [[String]: [Row]] = [:]
        for r in rows { groups[Array(r.trial.values.dropFirst()), default: []].append(r) }
        var series: [LineSeries] = []
        for (index, key) in groups.keys.sorted(by: { $0.joined(separator: "\u{1}") < $1.joined(separator: "\u{1}") }).enumerated() {
            let label = zip(plan.variables.dropFirst(), key).map { "\($0.name)=\($1)" }.joined(separator: " ")
            var mean: [Double] = [], low: [Double] = [], high: [Double] = []
            for v in first.values {
                let ys = groups[key]!.filter { $0.trial.values.first == v }.compactMap(value).map { Self.shown(name, $0) }
                mean.append(ys.isEmpty ? .nan : ys.reduce(0, +) / Double(ys.count))
                low.append(ys.min() ?? .nan)
                high.append(ys.max() ?? .nan)
            }
            let band = plan.seeds.count > 1 ? LineSeries.Band(lower: low, upper: high) : nil
            series.append(LineSeries(name: label.isEmpty ? name : label, x: positions, y: mean, color: .palette(index), markers: true, band: band))
        }
        let xLabel = isNumeric ? first.name : "\(first.name): " + first.values.enumerated().map { "\($0 + 1) = \($1)" }.joined(separator: ", ")
        return LinePlot(
            title: sentenceCase("\(name) against \(first.name)") + (plan.seeds.count > 1 ? " (mean of \(plan.seeds.count) seeds; band: range over seeds)" : ""),
            x: Axis(label: xLabel, scale: logScale ? .log : .linear), y: Axis(label: Self.axisLabel(name)), series: series)
    }

    /// A random search: the metric against each sampled value (log axis for loguniform ones).
    public func searchFigures() -> [(String, ScatterPlot)] {
        guard let search = plan.search else { return [] }
        let (name, value) = metric
        return plan.variables.enumerated().compactMap { k, variable in
            let points = rows.compactMap { r -> (Double, Double)? in
                guard let x = Double(r.trial.values[k]), let y = value(r) else { return nil }
                return (x, Self.shown(name, y))
            }
            guard !points.isEmpty else { return nil }
            let log = search.samples[k].contains("=loguniform:")
            return (
                "search_\(variable.name).svg",
                ScatterPlot(
                    title: sentenceCase("\(name) against \(variable.name)"), x: Axis(label: variable.name, scale: log ? .log : .linear),
                    y: Axis(label: Self.axisLabel(name)), xs: points.map(\.0), ys: points.map(\.1))
            )
        }
    }
}
