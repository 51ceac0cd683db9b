// How a sweep chooses its best setting: on the validation part, averaged over the seeds.

import Foundation
import NKCore

extension SweepResults {
    /// A setting of the sweep's variables and its finished trials (one per seed).
    public struct Setting: Sendable {
        /// The value of each variable, in the plan's order.
        public var values: [String]
        /// Its finished trials.
        public var rows: [Row]
        /// `selection`'s metric averaged over the trials that measured it.
        public var mean: Double
    }

    /// The metric the best setting is chosen by: `metricName` when it names the validation or the
    /// training part and was measured, else validation accuracy, validation loss, and only without a
    /// validation part training accuracy or loss (`heldOut` false). Never the test part: a setting
    /// chosen on the test part has an optimistic test score.
    public var selection: (name: String, value: (Row) -> Float?, heldOut: Bool) {
        if let metricName, !metricName.hasPrefix("test"), let chosen = measured(metricName) {
            return (chosen.name, chosen.value, metricName.hasPrefix("validation"))
        }
        for name in ["validation_accuracy", "validation_loss", "train_accuracy", "train_loss"] {
            if let chosen = measured(name) { return (chosen.name, chosen.value, name.hasPrefix("validation")) }
        }
        return ("train loss", { $0.loss["train"] }, false)
    }

    /// Every setting with a finished trial that measured `selection`'s metric, in the plan's order.
    public var settings: [Setting] {
        let value = selection.value
        var order: [[String]] = [], groups: [[String]: [Row]] = [:]
        for r in rows {
            if groups[r.trial.values] == nil { order.append(r.trial.values) }
            groups[r.trial.values, default: []].append(r)
        }
        return order.compactMap { values in
            let rows = groups[values]!, scores = rows.compactMap(value).map(Double.init)
            return scores.isEmpty ? nil : Setting(values: values, rows: rows, mean: scores.reduce(0, +) / Double(scores.count))
        }
    }

    /// The setting with the best mean of `selection` (highest accuracy, lowest loss); the first of equals.
    public var bestSetting: Setting? {
        let higher = selection.name.hasSuffix("accuracy")
        return settings.reduce(nil) { best, s in best.map { higher ? (s.mean > $0.mean ? s : $0) : (s.mean < $0.mean ? s : $0) } ?? s }
    }

    /// The best trial: of the best setting's seeds, the one with the best `selection` score.
    public var best: Row? {
        guard let setting = bestSetting else { return nil }
        let value = selection.value, higher = selection.name.hasSuffix("accuracy")
        let scored = setting.rows.compactMap { r in value(r).map { (r, $0) } }
        return higher ? scored.max { $0.1 < $1.1 }?.0 : scored.min { $0.1 < $1.1 }?.0
    }

    /// A value of the metric `name` for people: `97.25 %` for an accuracy, `0.1234` for a loss.
    public static func format(_ name: String, _ value: Double) -> String {
        name.hasSuffix("accuracy") ? ReadableNumber.percent(value) : ReadableNumber.text(value)
    }

    /// `validation accuracy 97.25 %` or `validation loss 0.1234`.
    static func describe(_ name: String, _ value: Double) -> String { "\(name) \(format(name, value))" }

    /// What the index says of the best setting: its values, the score it was chosen by, how it was
    /// chosen (and, without a validation part, that it was chosen on the training part), its trials.
    var bestSettingText: String? {
        guard let setting = bestSetting else { return nil }
        let (name, _, heldOut) = selection
        let values = zip(plan.variables, setting.values).map { "\($0.name) = \($1)" }.joined(separator: ", ")
        let over = setting.rows.count > 1 ? "the mean over its \(setting.rows.count) seeds" : "one seed"
        var text = "\(values): \(Self.describe(name, setting.mean)) (\(over))."
        let shown = metric
        let scores = setting.rows.compactMap(shown.value).map(Double.init)
        if shown.name != name, !scores.isEmpty { text += " Its \(Self.describe(shown.name, scores.reduce(0, +) / Double(scores.count))) (mean)." }
        text += " Chosen by \(name) averaged over the seeds."
        if !heldOut {
            text += " No trial held out a validation part, so the setting is chosen on the training part, which rewards overfitting: pass --validation-fraction to hold one out."
        }
        return text + " Trials: " + setting.rows.map(\.trial.folder).joined(separator: ", ") + "."
    }
}
