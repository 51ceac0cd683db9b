// ReproductionCatalogue: the experiments `neuralkit reproduce` knows, in the reports' order, and the
// helpers their declarations share.

import Foundation
import NKAnalysis
import NKCore
import NKData
import NKLosses
import NKPlot
import NKTrain

/// The catalogue of `neuralkit reproduce`: every experiment of the five reports.
public enum ReproductionCatalogue {
    /// Every experiment, in the reports' order.
    public static let experiments: [Reproduction] = [
        a1, a2, a3, a4, a5, a6, b1, b2, b3, b4, b5, b6, b7, b8, b9, b10, c,
        d1, d2, d3, d4, d5, e1, e2, e3, e4, e5,
    ]

    /// The experiment `id` (case-insensitive).
    public static func experiment(_ id: String) -> Reproduction? {
        experiments.first { $0.id.lowercased() == id.lowercased() }
    }

    /// The sum of the measured durations at the report's setting.
    public static var totalEstimatedSeconds: Double { experiments.reduce(0) { $0 + $1.estimatedSeconds } }

    // MARK: - Declaring runs

    /// A run specification with the given settings (everything else at NeuralKit's defaults, seed 0).
    static func spec(
        _ model: String, _ source: DataSource, loss: LossKind = .ce, lr: Float, batch: Int, epochs: Int,
        preprocessing: [PreprocessingStep]? = nil, validation: Double? = nil, limit: Int? = nil, testLimit: Int? = nil,
        optimizer: OptimizerSettings = OptimizerSettings(), schedule: LearningRateSchedule? = nil, reconstruct: Bool = false,
        pretraining: RBMTraining? = nil, pretrainingData: PretrainingData? = nil, seed: UInt64 = 0
    ) -> RunSpecification {
        var s = RunSpecification(
            model: model,
            data: DataSpecification(
                source: source, preprocessing: preprocessing, validationFraction: validation,
                limit: limit, testLimit: testLimit),
            loss: loss,
            training: TrainingConfiguration(
                batchSize: batch, epochs: epochs, learningRate: lr, seed: seed,
                optimizer: optimizer, schedule: schedule),
            reconstruct: reconstruct)
        s.pretraining = pretraining
        s.pretrainingData = pretrainingData
        return s
    }

    /// Pixels 0…255 to [0, 1].
    static let unitPixels: [PreprocessingStep] = [.scale(low: 0, high: 255)]
    /// USPS's −1…1 to [0, 1].
    static let uspsUnit: [PreprocessingStep] = [.scale(low: -1, high: 1)]

    // MARK: - Reporting

    static func percent(_ x: Float?) -> String { x.map { String(format: "%.2f %%", Double($0) * 100) } ?? "–" }

    /// An accuracy row and its comparison (tolerance in points of percent).
    static func accuracy(_ result: inout Reproduction.Result, _ quantity: String, ours: Float?, report: Double, tolerancePoints: Double = 1) {
        result.rows.append((quantity, percent(ours), String(format: "%.2f %%", report)))
        result.comparisons.append(Comparison(quantity + " (%)", ours: Double(ours ?? .nan) * 100, report: report, tolerance: tolerancePoints, higherIsBetter: true))
    }

    /// Runs each named run and adds a row with its test accuracy; returns the accuracies (NaN where
    /// none was measured), in order, for the study's figure.
    static func testAccuracies(
        _ ctx: inout ReproductionContext, _ result: inout Reproduction.Result, _ runs: [(run: String, quantity: String)],
        report: String
    ) throws -> [Double] {
        var accuracies: [Double] = []
        for (run, quantity) in runs {
            let a = try ctx.run(run).test?.accuracy
            accuracies.append(Double(a ?? .nan))
            result.rows.append((quantity, percent(a), report))
        }
        return accuracies
    }

    /// The confusion matrix of `network` on a part, captioned.
    static func confusionFigure(_ outcome: RunOutcome, split: DataSplit, classes: Int, name: String) throws -> (name: String, figure: any Figure, caption: String)? {
        guard let decision = outcome.decision, let part = try? outcome.encoded.part(split) else { return nil }
        let figure = try RunFigures.confusion(network: outcome.network, part: part, decision: decision, classCount: classes)
        return (name, figure, "Confusion matrix on the \(split.rawValue) part (\(part.count) samples): rows are true classes, columns predicted ones.")
    }

    /// Train and held-out confusion matrices (the reports show both).
    static func confusionFigures(_ outcome: RunOutcome, classes: Int, prefix: String = "") throws -> [(name: String, figure: any Figure, caption: String)] {
        [
            try confusionFigure(outcome, split: .train, classes: classes, name: "\(prefix)confusion_train.svg"),
            try confusionFigure(outcome, split: outcome.encoded.heldOutSplit, classes: classes, name: "\(prefix)confusion_\(outcome.encoded.heldOutSplit.rawValue).svg"),
        ].compactMap { $0 }
    }

    /// Loss and accuracy curves of one run.
    static func curves(_ name: String, _ outcome: RunOutcome, file: String) -> [(name: String, figure: any Figure, caption: String)] {
        var figures: [(name: String, figure: any Figure, caption: String)] = [
            ("loss_\(file).svg", RunFigures.lossCurves([(name, outcome.history)]), "\(name): loss per epoch (training solid, validation dashed, test dotted).")
        ]
        if let accuracy = RunFigures.accuracyCurves([(name, outcome.history)]) {
            figures.append(("accuracy_\(file).svg", accuracy, "\(name): accuracy per epoch (training solid, validation dashed, test dotted)."))
        }
        return figures
    }

    /// k-means (10 clusters, 10 restarts, seed 0) on `rows` against `labels`.
    static func clustering(_ rows: Tensor, labels: [Int]) throws -> (table: ContingencyTable, ari: Double) {
        let result = try KMeans(clusters: 10, restarts: 10, seed: 0).fit(rows)
        let table = try ContingencyTable(truth: labels, predicted: result.assignments)
        return (table, ClusteringMetrics.adjustedRandIndex(table))
    }

    /// A line plot of several series against `x`.
    static func sweepPlot(_ title: String, x: [Double], label: String, y: String, log: Bool = false, _ series: [(String, [Double], Bool)]) -> LinePlot {
        LinePlot(
            title: title, x: Axis(label: label, scale: log ? .log : .linear), y: Axis(label: y),
            series: series.map { LineSeries(name: $0.0, x: x, y: $0.1, markers: true, dashed: $0.2) })
    }
}
