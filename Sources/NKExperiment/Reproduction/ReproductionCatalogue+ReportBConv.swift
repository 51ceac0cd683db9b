// Report B, §4.7–4.9: Conv1D on the air-passengers series (B8), on the 8×8 digits (B9) and on USPS (B10).

import Foundation
import NKCore
import NKData
import NKLosses
import NKPlot
import NKTrain

extension ReproductionCatalogue {
    static let b8 = Reproduction(
        id: "B8", title: "Conv1D on a time series (air passengers)", seedFile: "\(reportB) §4.7",
        reportSetting: [
            ("data", "monthly international airline passengers, 1949–1960"), ("training", "lr 0.1, 1000 epochs, MSE"),
            ("architecture, window, normalisation, split, batch", "not stated"),
        ],
        reportResult: "train and validation loss curves.",
        datasets: ["air-passengers"],
        runs: [.init("B8", spec("Reshape(12, 1) - Conv1D(3, 1, 8) - ReLU() - Flatten() - Linear(80, 1)", .dataset("air-passengers"), loss: .mse, lr: 0.1, batch: 144, epochs: 1000))],
        readings: [
            fullBatchReading,
            "Architecture and window not stated: NeuralKit's air-passengers windows (12 months, standardised, predicting the next month; the last 24 months are the test part) and a small Conv1D net.",
        ],
        estimatedSeconds: 1
    ) { ctx in
        var result = Reproduction.Result()
        let outcome = try ctx.run("B8")
        result.rows.append(("train MSE", String(format: "%.4f", Double(outcome.train.loss)), "curve"))
        result.rows.append(("test MSE (the last 24 months)", String(format: "%.4f", Double(outcome.test?.loss ?? .nan)), "curve"))
        result.figures.append(("loss.svg", RunFigures.lossCurves([("B8", outcome.history)]), "Training (solid) and test (dotted) loss per epoch."))
        if let forecast = try RunFigures.forecast(network: outcome.network, data: outcome.data) { result.figures.append(("forecast.svg", forecast, "The series and the one-month-ahead predictions.")) }
        let best = outcome.history.epochs.min { ($0.testLoss ?? .infinity) < ($1.testLoss ?? .infinity) }
        result.notes.append(
            String(
                format: "MSEs are in standardised units (1.0 is the training variance). The test loss was lowest at epoch %ld (%.4f) and ends at %.4f%@.",
                best?.epoch ?? 0, Double(best?.testLoss ?? .nan), Double(outcome.test?.loss ?? .nan),
                (best?.epoch ?? 0) < outcome.history.epochs.count * 9 / 10 ? ": the gap after it is over-fitting" : ""))
        return result
    }

    static let b9Variants: [(name: String, file: String, model: String)] = [
        ("max pooling", "max", "Reshape(64, 1) - Conv1D(k_size=3, chan_in=1, chan_out=32, stride=1) - MaxPool1D(k_size=2, stride=2) - Flatten() - Linear(992, 100) - ReLU() - Linear(100, 10)"),
        ("average pooling", "avg", "Reshape(64, 1) - Conv1D(k_size=3, chan_in=1, chan_out=32, stride=1) - AvgPool1D(k_size=2, stride=2) - Flatten() - Linear(992, 100) - TanH() - Linear(100, 10)"),
        (
            "transposed convolution", "transposed",
            "Reshape(64, 1) - ConvTranspose1D(k_size=3, chan_in=1, chan_out=32, stride=1) - MaxPool1D(k_size=2, stride=2) - Flatten() - Linear(1056, 100) - ReLU() - Linear(100, 10)"
        ),
    ]
    static let b9 = Reproduction(
        id: "B9", title: "Conv1D on the 8×8 digits: max pooling, average pooling, transposed convolution", seedFile: "\(reportB) §4.8",
        reportSetting: [
            ("max pooling", "Conv1D(3, 1, 32) - MaxPool1D(2, 2) - Flatten() - Linear(992, 100) - ReLU() - Linear(100, 10)"),
            ("average pooling", "Conv1D(3, 1, 32) - AvgPool1D(2, 2) - Flatten() - Linear(992, 100) - TanH() - Linear(100, 10)"),
            ("transposed convolution", "ConvTranspose1D(3, 1, 32) - MaxPool1D(2, 2) - Flatten() - Linear(992, 100) - ReLU() - Linear(100, 10)"),
            ("training", "lr 0.1, 1000 epochs, cross-entropy, for each"), ("batch, split, normalisation", "not stated"),
        ],
        reportResult: "train and validation loss and validation accuracy for each; confusion matrices on train and test for max pooling.",
        reference: "about 97–98 % on these digits", datasets: ["digits"],
        runs: b9Variants.map { .init($0.name, spec($0.model, .dataset("digits"), lr: 0.1, batch: 1797, epochs: 1000, validation: 0.2)) },
        readings: [fullBatchReading, splitReading, "Each image is a signal of 64 values, one channel, read row by row; NeuralKit's default standardisation."],
        deviations: [
            .init(
                "transposed convolution's Linear", report: "Linear(992, 100)", ours: "Linear(1056, 100)",
                why: "a transposed convolution of kernel 3 lengthens 64 values to 66 (33 after pooling, × 32 channels = 1056); the report's 992 is the length of an ordinary convolution")
        ],
        estimatedSeconds: 150
    ) { ctx in
        var result = Reproduction.Result()
        for v in b9Variants {
            let outcome = try ctx.run(v.name)
            result.rows.append(("\(v.name): train / validation accuracy", "\(percent(outcome.train.accuracy)) / \(percent(outcome.validation?.accuracy))", "curves"))
            result.figures += curves(v.name, outcome, file: v.file)
            if v.file == "max" { result.figures += try confusionFigures(outcome, classes: 10, prefix: "max_") }
        }
        return result
    }

    static let b10 = Reproduction(
        id: "B10", title: "USPS: the Conv1D net", seedFile: "\(reportB) §4.9",
        reportSetting: [
            ("model", "Conv1D(3, 1, 32) - MaxPool1D(2, 2) - Flatten() - Linear(4096, 100) - ReLU() - Linear(100, 10)"), ("training", "lr 0.1, 10000 epochs, cross-entropy"),
            ("batch, split, normalisation", "not stated"),
        ],
        reportResult: "train accuracy 99.99 % and test accuracy 93.72 % (confusion matrices on both); train and validation loss, validation accuracy.",
        reference: "PyTorch 2.15 with the README's mini-batch recipe: 94.62 % (seed 0)", datasets: ["usps"],
        runs: [.init("B10", spec(a6Conv, .dataset("usps"), lr: 0.1, batch: 7291, epochs: 2000, validation: 0.2))],
        readings: [fullBatchReading, splitReading, "Linear(4096, 100) cannot follow 32 channels of 127 values: read as Linear(4064, 100).", "USPS as it comes, in [−1, 1]."],
        deviations: [
            .init("epochs", report: "10,000 (full-batch steps)", ours: "2,000", why: "time: a full-batch step of this net on 5,833 images takes about 0.15 s here; 10,000 would take 25 minutes")
        ],
        estimatedSeconds: 1530
    ) { ctx in
        var result = Reproduction.Result()
        let outcome = try ctx.run("B10")
        ReproductionCatalogue.accuracy(&result, "train accuracy", ours: outcome.train.accuracy, report: 99.99)
        ReproductionCatalogue.accuracy(&result, "test accuracy", ours: outcome.test?.accuracy, report: 93.72)
        result.figures += curves("B10", outcome, file: "b10")
        result.figures += try confusionFigures(outcome, classes: 10)
        return result
    }
}
