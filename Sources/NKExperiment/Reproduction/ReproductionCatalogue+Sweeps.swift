// Experiments of the catalogue made of several runs: A2 (decision boundaries), B1, B2 (curves), B9
// (pooling variants), D4 (a sigmoid ConvNet), E2 and E3 (pre-training against width and data size).

import Foundation
import NKCore
import NKData
import NKLosses
import NKPlot
import NKTrain

extension ReproductionCatalogue {
    static let a2 = Reproduction(
        id: "A2", title: "gen_arti type 1 (XOR): 2 → h → 1, full batch vs batch 100",
        setting: "Linear(2, h) - TanH() - Linear(h, 1) - Sigmoid(), bce, learning rate 0.5, 100 epochs, h ∈ {2, 3, 5}, batch 1,000 (full) or 100; 1,000 points, seed 0.",
        reportFigure: "decision boundaries; batch 100 converges in about half the iterations", reference: nil, minutes: 0.3, datasets: []
    ) { dir, _ in
        var rows: [(String, String, String)] = [], figures: [(name: String, figure: any Figure, caption: String)] = []
        for h in [2, 3, 5] {
            for batch in [1000, 100] {
                let outcome = try run("Linear(2, \(h)) - TanH() - Linear(\(h), 1) - Sigmoid()", data: .genArti(type: 1, samples: 1000), loss: .bce,
                                      lr: 0.5, batch: batch, epochs: 100, dataDirectory: dir)
                let reached = outcome.history.epochs.first { ($0.trainAccuracy ?? 0) >= 0.95 }?.epoch
                rows.append(("h = \(h), batch \(batch): accuracy; first epoch at 95 %", "\(percent(outcome.evaluations.last?.accuracy)); \(reached.map(String.init) ?? "–")", batch == 100 ? "about half the iterations" : "–"))
                if let decision = outcome.decision, batch == 100 {
                    figures.append(("boundary_h\(h).svg", try RunFigures.decisionBoundary(network: outcome.network, part: outcome.encoded.train, decision: decision),
                                    "Decision boundary with h = \(h) (batch 100) and the training points."))
                }
            }
        }
        return .init(rows: rows, figures: figures, notes: ["An epoch is 1 step with the full batch and 10 steps with batch 100."])
    }

    static let b1 = Reproduction(
        id: "B1", title: "linear regression: synthetic data, Boston and California housing",
        setting: "Linear(d, 1), mse, standardised features and targets, learning rate 0.01, batch 32 (64 for California), 100 epochs (20 for California), a seeded 20 % validation part.",
        reportFigure: "train and validation loss curves", reference: "scikit-learn's LinearRegression on standardised targets: validation MSE about 0.25–0.4", minutes: 0.5,
        datasets: ["boston", "california"]
    ) { dir, _ in
        var rows: [(String, String, String)] = [], figures: [(name: String, figure: any Figure, caption: String)] = []
        for (name, source, model, batch, epochs) in [("synthetic", DataSource.linearRegression(samples: 100), "Linear(2, 1)", 100, 300),
                                                     ("boston", .dataset("boston"), "Linear(13, 1)", 32, 100),
                                                     ("california", .dataset("california"), "Linear(13, 1)", 64, 20)] {
            let outcome = try run(model, data: source, loss: .mse, lr: name == "synthetic" ? 0.1 : 0.01, batch: batch, epochs: epochs, dataDirectory: dir)
            let e = outcome.evaluations.last!
            rows.append(("\(name): \(e.split.rawValue) MSE", String(format: "%.4f", Double(e.loss)), "curves only"))
            figures.append(("loss_\(name).svg", RunFigures.lossCurves([(name, outcome.history)]), "\(name): training loss (solid) and held-out loss (dashed) per epoch."))
        }
        return .init(rows: rows, figures: figures, notes: ["Housing MSEs are in standardised target units (1.0 is the MSE of predicting the mean)."])
    }

    static let b2 = Reproduction(
        id: "B2", title: "Linear - TanH - Linear - Sigmoid on random two-class data",
        setting: "Linear(2, 5) - TanH() - Linear(5, 1) - Sigmoid() on gen_arti type 0 (two Gaussians), learning rate 0.1, 200 epochs, batch 100; bce instead of the report's mse, because the data's labels are ±1 and a Sigmoid output cannot reach −1 (NeuralKit refuses that pairing; bce maps the labels to 0/1).",
        reportFigure: "curves only", reference: nil, minutes: 0.2, datasets: []
    ) { dir, _ in
        let outcome = try run("Linear(2, 5) - TanH() - Linear(5, 1) - Sigmoid()", data: .genArti(type: 0, samples: 1000), loss: .bce, lr: 0.1, batch: 100, epochs: 200, dataDirectory: dir)
        return .init(rows: [(outcome.evaluations.last!.split.rawValue + " accuracy", percent(outcome.evaluations.last?.accuracy), "curves only")],
                     figures: [("loss.svg", RunFigures.lossCurves([("B2", outcome.history)]), "Training loss per epoch.")], notes: [])
    }

    static let b9 = Reproduction(
        id: "B9", title: "Conv1D on the 8×8 digits: max pooling, average pooling, transposed convolution",
        setting: "Reshape(64, 1) - Conv1D(3, 1, 32) - {MaxPool1D(2, 2) | AvgPool1D(2, 2) | ConvTranspose1D(3, 32, 32, 1) - MaxPool1D(2, 2)} - Flatten() - Linear(…, 100) - ReLU() - Linear(100, 10), cross-entropy, learning rate 0.1, batch 32, 30 epochs, a seeded 20 % validation part.",
        reportFigure: "curves and confusion matrices", reference: "about 97–98 % on these digits", minutes: 1, datasets: ["digits"]
    ) { dir, _ in
        var rows: [(String, String, String)] = [], figures: [(name: String, figure: any Figure, caption: String)] = []
        let conv = "Reshape(64, 1) - Conv1D(k_size=3, chan_in=1, chan_out=32, stride=1)"
        for (name, middle, width) in [("max pooling", "MaxPool1D(k_size=2, stride=2)", 992), ("average pooling", "AvgPool1D(k_size=2, stride=2)", 992),
                                      ("transposed convolution", "ConvTranspose1D(k_size=3, chan_in=32, chan_out=32, stride=1) - MaxPool1D(k_size=2, stride=2)", 1024)] {
            let outcome = try run("\(conv) - \(middle) - Flatten() - Linear(\(width), 100) - ReLU() - Linear(100, 10)", data: .dataset("digits"),
                                  lr: 0.1, batch: 32, epochs: 30, dataDirectory: dir)
            rows.append(("\(name): validation accuracy", percent(outcome.validation?.accuracy), "curves"))
            figures.append(("loss_\(name.replacingOccurrences(of: " ", with: "_")).svg", RunFigures.lossCurves([(name, outcome.history)]), "\(name): training (solid) and validation (dashed) loss."))
        }
        return .init(rows: rows, figures: figures, notes: [])
    }

    static let d4 = Reproduction(
        id: "D4", title: "MNIST ConvNet: 32 filters 5×5 with sigmoid, 2×2 pooling, dense softmax",
        setting: "Reshape(28, 28, 1) - Conv2D(1, 32, 5) - Sigmoid() - MaxPool2D(2) - Flatten() - Linear(4608, 10), cross-entropy, learning rate 0.1, batch 64, 5 epochs (ours), NeuralKit's default MNIST normalisation.",
        reportFigure: "98.26 %", reference: "99 %+ for a one-layer ConvNet with ReLU and more epochs (README: 98.86 %)", minutes: 4, datasets: ["mnist"]
    ) { dir, _ in
        let outcome = try run("Reshape(28, 28, 1) - Conv2D(1, 32, 5) - Sigmoid() - MaxPool2D(2) - Flatten() - Linear(4608, 10)", data: .dataset("mnist"),
                              lr: 0.1, batch: 64, epochs: 5, dataDirectory: dir)
        return .init(rows: [("test accuracy", percent(outcome.test?.accuracy), "98.26 %")],
                     figures: [try confusionFigure(outcome, classes: 10)].compactMap { $0 }, notes: [])
    }

    /// Random initialisation against 2 epochs of CD-1 per layer, for each value of a varied setting.
    static func pretrainingComparison(_ values: [Int], model: (Int) -> String, limit: (Int) -> Int?, dir: URL) throws -> (random: [Double], pretrained: [Double]) {
        var random: [Double] = [], pretrained: [Double] = []
        for v in values {
            for pre in [false, true] {
                var spec = RunSpecification(model: model(v), data: DataSpecification(source: .dataset("mnist"), preprocessing: [.scale(low: 0, high: 255)], limit: limit(v)),
                                            loss: .ce, training: TrainingConfiguration(batchSize: 64, epochs: 2, learningRate: 0.1))
                if pre { spec.pretraining = RBMTraining(learningRate: 0.1, batchSize: 64, epochs: 2) }
                let error = 1 - Double(try TrainingRun(spec, dataDirectory: dir).run().test?.accuracy ?? 0)
                if pre { pretrained.append(error) } else { random.append(error) }
            }
        }
        return (random, pretrained)
    }

    static func comparisonFigure(_ title: String, x: [Int], label: String, _ r: (random: [Double], pretrained: [Double]), log: Bool = false) -> LinePlot {
        LinePlot(title: title, x: Axis(label: label, scale: log ? .log : .linear), y: Axis(label: "Test error"),
                 series: [LineSeries(name: "random initialisation", x: x.map(Double.init), y: r.random, markers: true),
                          LineSeries(name: "pre-trained", x: x.map(Double.init), y: r.pretrained, markers: true, dashed: true)])
    }

    static let e2 = Reproduction(
        id: "E2", title: "width: two sigmoid layers of u units, pre-trained vs random initialisation",
        setting: "Linear(784, u) - Sigmoid() - Linear(u, u) - Sigmoid() - Linear(u, 10), u ∈ {100, 200, 300, 500, 700}, pixels in [0, 1], SGD learning rate 0.1, batch 64, 2 epochs (ours, shorter than the report's), with or without 2 epochs of CD-1 per layer.",
        reportFigure: "the error falls with width; random initialisation about 1 % better", reference: nil, minutes: 8, datasets: ["mnist"]
    ) { dir, _ in
        let widths = [100, 200, 300, 500, 700]
        let r = try pretrainingComparison(widths, model: { "Linear(784, \($0)) - Sigmoid() - Linear(\($0), \($0)) - Sigmoid() - Linear(\($0), 10)" }, limit: { _ in nil }, dir: dir)
        let rows = widths.indices.map { i in ("test error, u = \(widths[i]): random / pre-trained", String(format: "%.2f %% / %.2f %%", r.random[i] * 100, r.pretrained[i] * 100), "falls with u; random ~1 % better") }
        return .init(rows: rows, figures: [("width.svg", comparisonFigure("MNIST test error against width", x: widths, label: "Units per layer", r), "Test error after 2 epochs of SGD.")], notes: [])
    }

    static let e3 = Reproduction(
        id: "E3", title: "training-set size: pre-trained vs random initialisation",
        setting: "Linear(784, 500) - Sigmoid() - Linear(500, 500) - Sigmoid() - Linear(500, 10) on the first n ∈ {1000, 3000, 10000, 30000, 60000} training images (the whole test set), pixels in [0, 1], SGD learning rate 0.1, batch 64, 2 epochs, with or without 2 epochs of CD-1 per layer on those n images.",
        reportFigure: "pre-training helps on small training sets, not at 60,000", reference: nil, minutes: 6, datasets: ["mnist"]
    ) { dir, _ in
        let sizes = [1000, 3000, 10000, 30000, 60000]
        let r = try pretrainingComparison(sizes, model: { _ in "Linear(784, 500) - Sigmoid() - Linear(500, 500) - Sigmoid() - Linear(500, 10)" }, limit: { $0 }, dir: dir)
        let rows = sizes.indices.map { i in ("test error, n = \(sizes[i]): random / pre-trained", String(format: "%.2f %% / %.2f %%", r.random[i] * 100, r.pretrained[i] * 100), i < 3 ? "pre-training helps" : "no help at 60,000") }
        return .init(rows: rows, figures: [("size.svg", comparisonFigure("MNIST test error against the training-set size", x: sizes, label: "Training images", r, log: true), "Test error after 2 epochs of SGD.")], notes: [])
    }
}
