// Report B (seed 001, "Projet – Réseau de neurones : DIY"), §4.1–4.4: regression, the binary net,
// Iris, the 8×8 digits and MNIST, as the report sets them.

import Foundation
import NKCore
import NKData
import NKLosses
import NKPlot
import NKTrain

extension ReproductionCatalogue {
    static let reportB = "001_81191dd2ca306ae0.txt"
    /// Report B states no batch size, split or normalisation anywhere.
    static let fullBatchReading =
        "Report B states no batch size anywhere: full batch (--batch-size at least the training part), so its \"epochs\" are gradient steps; that is also the only reading under which its 5,000–10,000 epochs are plausible."
    static let splitReading =
        "Report B states no split: 20 % of the training part held out (seeded) for its validation curves; where the data has a published test part, the test matrices and accuracies use it, else the validation part stands for the test part."

    static let b1 = Reproduction(
        id: "B1", title: "linear regression: random data, Boston and California housing", seedFile: "\(reportB) §4.1",
        reportSetting: [
            ("model", "a Linear module and MSE"), ("random data", "lr 0.1, 200 epochs"), ("Boston", "506 examples, 13 features; lr 1e-6, 100 epochs"),
            ("California", "20,640 examples, 8 features; lr 1e-7, 100 epochs"), ("batch, split, normalisation", "not stated"),
        ],
        reportResult: "the regression line over the random data; train and validation loss curves for each set (\"convergence rapide\").",
        reference: "scikit-learn's LinearRegression on standardised targets: validation MSE about 0.25–0.4", datasets: ["boston", "california"],
        runs: [
            .init("random data", spec("Linear(2, 1)", .linearRegression(samples: 100), loss: .mse, lr: 0.1, batch: 100, epochs: 200, validation: 0.2)),
            .init("boston", spec("Linear(13, 1)", .dataset("boston"), loss: .mse, lr: 1e-6, batch: 506, epochs: 100, preprocessing: [])),
            .init("california", spec("Linear(13, 1)", .dataset("california"), loss: .mse, lr: 0.01, batch: 20640, epochs: 100)),
        ],
        analyses: ["Predictions against targets on the validation part, with the line y = ŷ."],
        readings: [fullBatchReading, splitReading, "Normalisation not stated: Boston's raw features and targets, which its step of 1e-6 implies."],
        deviations: [
            .init(
                "random data", report: "one input (the figure is a line)", ours: "two inputs (A1's generator); the figure shows predictions against targets",
                why: "NeuralKit has no one-input generator"),
            .init(
                "California", report: "sklearn's 8 features (averages per household), raw, lr 1e-7",
                ours: "the 13 columns of the shared CSV (totals per block and the one-hot ocean proximity), standardised, lr 0.01",
                why: "the shared file is Géron's CSV, not sklearn's table; its totals reach 39,000, where a step of 1e-7 diverges"),
        ],
        estimatedSeconds: 1
    ) { ctx in
        var result = Reproduction.Result()
        for name in ["random data", "boston", "california"] {
            let outcome = try ctx.run(name)
            let e = outcome.evaluations.last!
            result.rows.append(("\(name): \(e.split.rawValue) MSE after \(outcome.history.epochs.count) epochs", String(format: "%.4g", Double(e.loss)), "curves only"))
            let file = name.replacingOccurrences(of: " ", with: "_")
            result.figures.append(("loss_\(file).svg", RunFigures.lossCurves([(name, outcome.history)]), "\(name): training (solid) and \(e.split.rawValue) (dashed) loss per epoch."))
            let part = try outcome.encoded.part(e.split)
            result.figures.append(
                (
                    "fit_\(file).svg", RunFigures.predictedVersusActual(try .init(network: outcome.network, part: part)),
                    "\(name): predictions against targets on the \(e.split.rawValue) part; the line is y = ŷ."
                ))
            let first = Double(outcome.history.epochs.first?.trainLoss ?? .nan), last = Double(outcome.history.epochs.last?.trainLoss ?? .nan)
            result.notes.append(
                String(
                    format: "%@: the training loss fell from %.4g to %.4g (%.0f %% of it in the first 10 %% of the epochs).", name, first, last,
                    100 * (first - Double(outcome.history.epochs[max(0, outcome.history.epochs.count / 10 - 1)].trainLoss)) / max(first - last, .leastNonzeroMagnitude)))
        }
        return result
    }

    static let b2 = Reproduction(
        id: "B2", title: "Linear – TanH – Sigmoid on random two-class data", seedFile: "\(reportB) §4.2",
        reportSetting: [
            ("model", "Linear, TanH, (Linear), Sigmoid; sizes not stated"), ("loss", "MSE"), ("learning rate", "0.1"), ("epochs", "200"), ("data", "random data; generator and size not stated"),
        ],
        reportResult: "train and validation loss curves, and the validation accuracy curve.",
        datasets: [],
        runs: [.init("B2", spec("Linear(2, 10) - TanH() - Linear(10, 1) - Sigmoid()", .genArti(type: 0, samples: 1000), loss: .bce, lr: 0.1, batch: 1000, epochs: 200, validation: 0.2))],
        readings: [fullBatchReading, splitReading, "Sizes not stated: 10 hidden units; data: gen_arti type 0 (two Gaussians), 1,000 points."],
        deviations: [
            .init("loss", report: "MSE", ours: "bce", why: "gen_arti's labels are ±1, which a Sigmoid output cannot reach; bce takes them as 0/1 (NeuralKit refuses MSE on ±1 after Sigmoid)")
        ],
        estimatedSeconds: 1
    ) { ctx in
        var result = Reproduction.Result()
        let outcome = try ctx.run("B2")
        result.rows.append(("validation accuracy after 200 epochs", percent(outcome.validation?.accuracy), "curve only"))
        result.figures += curves("B2", outcome, file: "b2")
        return result
    }

    static let b3 = Reproduction(
        id: "B3", title: "Iris: Linear(4, 10) - ReLU() - Linear(10, 3)", seedFile: "\(reportB) §4.3.1",
        reportSetting: [
            ("data", "Iris: 150 examples, 4 features, 3 classes"), ("model", "Linear(4, 10) - ReLU() - Linear(10, 3)"), ("loss", "cross-entropy"),
            ("learning rate", "0.1"), ("epochs", "1000"), ("batch, split, normalisation", "not stated"),
        ],
        reportResult: "train and validation loss, validation accuracy, confusion matrices on train and test (no number).",
        reference: "about 95–97 % for an MLP on Iris", datasets: ["iris"],
        runs: [.init("iris", spec("Linear(4, 10) - ReLU() - Linear(10, 3)", .dataset("iris"), lr: 0.1, batch: 150, epochs: 1000, validation: 0.2))],
        readings: [fullBatchReading, splitReading, "Normalisation not stated: NeuralKit's default for tables (standardised features)."],
        estimatedSeconds: 1
    ) { ctx in try classifierWithMatrices(&ctx, run: "iris", title: "Iris", classes: 3) }

    static let b4 = Reproduction(
        id: "B4", title: "Digits 8×8: Linear(64, 100) - ReLU() - Linear(100, 100) - ReLU() - Linear(100, 10)", seedFile: "\(reportB) §4.3.2",
        reportSetting: [
            ("data", "1,797 images 8×8, 64 features, 10 classes"), ("model", "Linear(64, 100) - ReLU() - Linear(100, 100) - ReLU() - Linear(100, 10)"),
            ("loss", "cross-entropy"), ("learning rate", "0.1"), ("epochs", "1000"), ("batch, split, normalisation", "not stated"),
        ],
        reportResult: "train and validation loss, validation accuracy, confusion matrices on train and test (no number).",
        reference: "about 97–98 % for an MLP on these digits", datasets: ["digits"],
        runs: [.init("digits", spec("Linear(64, 100) - ReLU() - Linear(100, 100) - ReLU() - Linear(100, 10)", .dataset("digits"), lr: 0.1, batch: 1797, epochs: 1000, validation: 0.2))],
        readings: [fullBatchReading, splitReading, "Normalisation not stated: NeuralKit's default for tables (standardised features)."],
        estimatedSeconds: 2
    ) { ctx in try classifierWithMatrices(&ctx, run: "digits", title: "Digits", classes: 10) }

    /// B3 and B4's page: the accuracies, the curves and the train and validation confusion matrices.
    static func classifierWithMatrices(_ ctx: inout ReproductionContext, run: String, title: String, classes: Int) throws -> Reproduction.Result {
        var result = Reproduction.Result()
        let outcome = try ctx.run(run)
        result.rows.append(("train / validation accuracy", "\(percent(outcome.train.accuracy)) / \(percent(outcome.validation?.accuracy))", "matrices only"))
        result.figures += curves(title, outcome, file: run)
        result.figures += try confusionFigures(outcome, classes: classes)
        return result
    }

    static func b5Model(_ h: Int) -> String { "Linear(784, \(h)) - TanH() - Linear(\(h), \(h)) - TanH() - Linear(\(h), 10)" }
    static let b5Sizes = [10, 30, 50, 100, 200]
    static let b5 = Reproduction(
        id: "B5", title: "MNIST: Linear(784, 100) - TanH() - Linear(100, 100) - TanH() - Linear(100, 10)", seedFile: "\(reportB) §4.4",
        reportSetting: [
            ("model", "Linear(784, 100) - TanH() - Linear(100, 100) - TanH() - Linear(100, 10) + cross-entropy"), ("learning rate", "0.01"), ("epochs", "10000"),
            ("hidden-size study", "test accuracy against the hidden size, lr 0.01, 10000 epochs; sizes not stated"), ("batch, split, normalisation", "not stated"),
        ],
        reportResult: "test accuracy 93.92 % (test confusion matrix); train and validation loss, validation accuracy, the train confusion matrix; test accuracy against the hidden size.",
        reference: "97–98 % for such an MLP trained with mini-batches", datasets: ["mnist"],
        runs: [.init("h = 100", spec(b5Model(100), .dataset("mnist"), lr: 0.01, batch: 60000, epochs: 3000, preprocessing: unitPixels, validation: 1.0 / 6))]
            + b5Sizes.map { h in .init("sweep h = \(h)", spec(b5Model(h), .dataset("mnist"), lr: 0.01, batch: 60000, epochs: 300, preprocessing: unitPixels, validation: 1.0 / 6)) },
        readings: [
            fullBatchReading, "Split and scaling not stated: 10,000 of the 60,000 training images held out for validation (the usual 50,000 / 10,000 / 10,000), pixels scaled to [0, 1].",
            "Hidden sizes not stated: 10, 30, 50, 100, 200 (the grid of its USPS study, §4.5.2).",
        ],
        deviations: [
            .init(
                "epochs", report: "10,000 (full-batch steps)", ours: "3,000 for the main run, 300 per size in the hidden-size study",
                why: "time: a full-batch step on 50,000 images takes about 0.2 s here, so the report's 60,000 steps would take over three hours")
        ],
        estimatedSeconds: 1710
    ) { ctx in
        var result = Reproduction.Result()
        let outcome = try ctx.run("h = 100")
        ReproductionCatalogue.accuracy(&result, "test accuracy", ours: outcome.test?.accuracy, report: 93.92)
        result.figures += curves("MNIST", outcome, file: "mnist")
        result.figures += try confusionFigures(outcome, classes: 10)
        let accuracies = try testAccuracies(&ctx, &result, b5Sizes.map { ("sweep h = \($0)", "hidden-size study: test accuracy, h = \($0)") }, report: "curve")
        result.figures.append(
            (
                "hidden_sizes.svg",
                sweepPlot(
                    "MNIST test accuracy against the hidden size", x: b5Sizes.map(Double.init), label: "Hidden units", y: "Test accuracy", log: true,
                    [("300 full-batch epochs", accuracies, false)]), "Test accuracy against the width of both hidden layers."
            ))
        return result
    }
}
