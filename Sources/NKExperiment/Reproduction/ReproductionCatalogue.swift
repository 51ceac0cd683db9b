// ReproductionCatalogue: the experiments `neuralkit reproduce` knows, in the reports' order.

import Foundation
import NKCore
import NKData
import NKLosses
import NKPlot
import NKTrain

/// The catalogue of `neuralkit reproduce`: every experiment of REFERENCE.md, those written so far
/// runnable, the others listed with what they wait for.
public enum ReproductionCatalogue {
    /// The runnable experiments.
    public static let experiments: [Reproduction] = [a1, a2, a3, a4, a5, a6, b1, b2, b3, b4, b5, b6, b7, b8, b9, b10, d1, d2, d3, d4, d5, e1, e2, e3, e4, e5]

    /// Experiments of REFERENCE.md not written yet, with what they wait for.
    public static let pending: [(id: String, waitsFor: String)] =
        [("C", "the CIFAR-10 dataset and its recipe")]

    /// The experiment `id` (case-insensitive).
    public static func experiment(_ id: String) -> Reproduction? {
        experiments.first { $0.id.lowercased() == id.lowercased() }
    }

    // MARK: - Helpers

    /// Runs a specification and returns its outcome.
    static func run(_ model: String, data: DataSource, loss: LossKind = .ce, lr: Float, batch: Int, epochs: Int,
                    preprocessing: [PreprocessingStep]? = nil, pretraining: RBMTraining? = nil, seed: UInt64 = 0,
                    dataDirectory: URL) throws -> RunOutcome {
        var spec = RunSpecification(model: model, data: DataSpecification(source: data, preprocessing: preprocessing), loss: loss,
                                    training: TrainingConfiguration(batchSize: batch, epochs: epochs, learningRate: lr, seed: seed))
        spec.pretraining = pretraining
        return try TrainingRun(spec, dataDirectory: dataDirectory).run()
    }

    static func percent(_ x: Float?) -> String { x.map { String(format: "%.2f %%", Double($0) * 100) } ?? "–" }

    // MARK: - Report A

    static let a1 = Reproduction(
        id: "A1", title: "linear regression recovers y = 1002·x₁ + 13·x₂ + 4",
        setting: "100 noisy points (NeuralKit's linear-regression data), Linear(2, 1), mse, full batch, learning rate 0.1 (ours: the report's 1e-4 goes with its unnormalised summed loss), 300 and 50 epochs.",
        reportFigure: "(1002.01, 13.00, 3.85) after 300 iterations; (1001.81, 13.89, −4.74) after 50",
        reference: nil, minutes: 0.05, datasets: []
    ) { dir, _ in
        var rows: [(String, String, String)] = []
        var figures: [(name: String, figure: any Figure, caption: String)] = []
        for (epochs, theirs) in [(300, "(1002.01, 13.00, 3.85)"), (50, "(1001.81, 13.89, −4.74)")] {
            let outcome = try run("Linear(2, 1)", data: .linearRegression(samples: 100), loss: .mse, lr: 0.1, batch: 100, epochs: epochs, dataDirectory: dir)
            rows.append(("coefficients after \(epochs) epochs", (outcome.recoveredCoefficients ?? "–").replacingOccurrences(of: "Recovered coefficients: ", with: ""), theirs))
            if epochs == 300 {
                figures.append(("loss.svg", RunFigures.lossCurves([("A1", outcome.history)]), "Training loss per epoch (full batch)."))
            }
        }
        return .init(rows: rows, figures: figures, notes: [])
    }

    static let a3 = Reproduction(
        id: "A3", title: "USPS, hidden-size sweep",
        setting: "Linear(256, h) - Sigmoid() - Linear(h, 10) with cross-entropy on the logits (the report's Softmax + CE), batch 100, learning rate 0.1 (ours), 50 epochs, seed 0; h ∈ {5, 10, 50, 100, 128, 1000}. A sweep over seeds: neuralkit sweep --grid h=… --seeds 3.",
        reportFigure: "h = 5: 0.84, 10: 0.88, 50: 0.89, 100: 0.90, 128: 0.91, 1000: 0.90",
        reference: "an MLP on USPS reaches about 94–95 % (README table: 93.67 % with TanH, 100 units)", minutes: 2, datasets: ["usps"]
    ) { dir, _ in
        let sizes = [5, 10, 50, 100, 128, 1000], theirs: [Double] = [0.84, 0.88, 0.89, 0.90, 0.91, 0.90]
        var ours: [Double] = [], rows: [(String, String, String)] = []
        for (h, t) in zip(sizes, theirs) {
            let outcome = try run("Linear(256, \(h)) - Sigmoid() - Linear(\(h), 10)", data: .dataset("usps"), lr: 0.1, batch: 100, epochs: 50, dataDirectory: dir)
            let accuracy = Double(outcome.test?.accuracy ?? 0)
            ours.append(accuracy)
            rows.append(("test accuracy, h = \(h)", percent(Float(accuracy)), String(format: "%.0f %%", t * 100)))
        }
        let x = sizes.map(Double.init)
        let plot = LinePlot(title: "USPS test accuracy against the hidden size", x: Axis(label: "Hidden units h", scale: .log), y: Axis(label: "Test accuracy"),
                            series: [LineSeries(name: "NeuralKit", x: x, y: ours, markers: true), LineSeries(name: "report", x: x, y: theirs, markers: true, dashed: true)])
        return .init(rows: rows, figures: [("hidden_sizes.svg", plot, "Test accuracy for each hidden size: ours (solid) and the report's (dashed).")], notes: [])
    }

    // MARK: - Report D

    static let d2 = Reproduction(
        id: "D2", title: "MNIST logistic regression (784 → 10, 7,850 parameters)",
        setting: "Linear(784, 10), cross-entropy, batch 300, learning rate 0.1 (ours), NeuralKit's default MNIST normalisation, 10, 15 and 20 epochs, seed 0.",
        reportFigure: "92.26–92.60 % after 10/15/20 epochs", reference: "about 92 % for a linear classifier (LeCun et al. 1998: 88 % without preprocessing, 92 % with deskewing)",
        minutes: 1, datasets: ["mnist"]
    ) { dir, _ in
        var rows: [(String, String, String)] = []
        for epochs in [10, 15, 20] {
            let outcome = try run("Linear(784, 10)", data: .dataset("mnist"), lr: 0.1, batch: 300, epochs: epochs, dataDirectory: dir)
            rows.append(("test accuracy after \(epochs) epochs", percent(outcome.test?.accuracy), "92.26–92.60 %"))
        }
        return .init(rows: rows, figures: [], notes: [])
    }

    static let d3 = Reproduction(
        id: "D3", title: "MNIST, one hidden layer of 100 sigmoid units",
        setting: "Linear(784, 100) - Sigmoid() - Linear(100, 10), cross-entropy, batch 300, 10 epochs, learning rates 0.5, 0.2 and 0.3 as in the report, seed 0.",
        reportFigure: "94.66 % (lr 0.5), 92.89 % (0.2), 93.70 % (0.3)", reference: "97–98 % for a one-hidden-layer MLP trained longer",
        minutes: 1.5, datasets: ["mnist"]
    ) { dir, _ in
        var rows: [(String, String, String)] = []
        for (lr, theirs) in [(Float(0.5), "94.66 %"), (0.2, "92.89 %"), (0.3, "93.70 %")] {
            let outcome = try run("Linear(784, 100) - Sigmoid() - Linear(100, 10)", data: .dataset("mnist"), lr: lr, batch: 300, epochs: 10, dataDirectory: dir)
            rows.append(("test accuracy, lr \(lr)", percent(outcome.test?.accuracy), theirs))
        }
        return .init(rows: rows, figures: [], notes: [])
    }

    // MARK: - Report E

    static let e1 = Reproduction(
        id: "E1", title: "depth: pre-trained vs random initialisation (sigmoid layers of 200 units)",
        setting: "Linear(784, 200) - Sigmoid() - [Linear(200, 200) - Sigmoid()] * (k − 1) - Linear(200, 10) for k ∈ {2, 3, 4, 5, 6, 8, 10} hidden layers, pixels in [0, 1], SGD learning rate 0.1, batch 64, 2 epochs (a shorter budget than the report's 10, so that the experiment takes minutes), either from random initialisation or after 2 epochs of CD-1 per layer (learning rate 0.1).",
        reportFigure: "random initialisation collapses to ~90 % error beyond 4–5 sigmoid layers; pre-trained nets stay flat",
        reference: "Hinton & Salakhutdinov 2006; Erhan et al. 2010: unsupervised pre-training keeps deep sigmoid nets trainable",
        minutes: 3, datasets: ["mnist"]
    ) { dir, _ in
        let depths = [2, 3, 4, 5, 6, 8, 10]
        var random: [Double] = [], pretrained: [Double] = [], rows: [(String, String, String)] = []
        for k in depths {
            let model = "Linear(784, 200) - Sigmoid() - [Linear(200, 200) - Sigmoid()] * \(k - 1) - Linear(200, 10)"
            let a = try run(model, data: .dataset("mnist"), lr: 0.1, batch: 64, epochs: 2, preprocessing: [.scale(low: 0, high: 255)], dataDirectory: dir)
            let b = try run(model, data: .dataset("mnist"), lr: 0.1, batch: 64, epochs: 2, preprocessing: [.scale(low: 0, high: 255)],
                            pretraining: RBMTraining(learningRate: 0.1, batchSize: 64, epochs: 2), dataDirectory: dir)
            random.append(1 - Double(a.test?.accuracy ?? 0))
            pretrained.append(1 - Double(b.test?.accuracy ?? 0))
            rows.append(("test error, \(k) layers: random / pre-trained", String(format: "%.2f %% / %.2f %%", random.last! * 100, pretrained.last! * 100),
                         k >= 5 ? "~90 % / flat" : "low / flat"))
        }
        let x = depths.map(Double.init)
        let plot = LinePlot(title: "MNIST test error against depth", x: Axis(label: "Hidden layers"), y: Axis(label: "Test error"),
                            series: [LineSeries(name: "random initialisation", x: x, y: random, markers: true),
                                     LineSeries(name: "pre-trained (2 epochs of CD-1 per layer)", x: x, y: pretrained, markers: true, dashed: true)])
        return .init(rows: rows, figures: [("depth.svg", plot, "Test error after 2 epochs of SGD, from random initialisation (solid) and after greedy RBM pre-training (dashed).")],
                     notes: ["With this 2-epoch budget the collapse starts earlier (3 layers) than in the report."])
    }
}
