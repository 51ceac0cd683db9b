// More experiments of the catalogue: reports B, D and E (classification with confusion matrices,
// image grids, the RBM's samples).

import Foundation
import NKCore
import NKData
import NKLayers
import NKLosses
import NKPlot
import NKTrain

extension ReproductionCatalogue {
    /// The confusion matrix of a run's model on the part it reported.
    static func confusionFigure(_ outcome: RunOutcome, classes: Int) throws -> (name: String, figure: any Figure, caption: String)? {
        guard let decision = outcome.decision else { return nil }
        let split = outcome.encoded.heldOutSplit
        let figure = try RunFigures.confusion(network: outcome.network, part: try outcome.encoded.part(split), decision: decision, classCount: classes)
        return ("confusion.svg", figure, "Confusion matrix on the \(split.rawValue) part: rows are true classes, columns predicted ones.")
    }

    /// The held-out part's accuracy, named.
    static func heldOut(_ outcome: RunOutcome) -> (String, String) {
        let e = outcome.evaluations.last!
        return ("\(e.split.rawValue) accuracy", percent(e.accuracy))
    }

    static let b3 = Reproduction(
        id: "B3", title: "Iris: Linear(4, 10) - ReLU() - Linear(10, 3)",
        setting: "cross-entropy, learning rate 0.1, 1,000 epochs, batch 16 (ours), standardised features, a seeded 20 % validation part.",
        reportFigure: "confusion matrices (no accuracy given)", reference: "about 95–97 % for an MLP on Iris", minutes: 0.5, datasets: ["iris"]
    ) { dir, _ in
        let outcome = try run("Linear(4, 10) - ReLU() - Linear(10, 3)", data: .dataset("iris"), lr: 0.1, batch: 16, epochs: 1000, dataDirectory: dir)
        let (what, ours) = heldOut(outcome)
        return .init(rows: [(what, ours, "–")], figures: [try confusionFigure(outcome, classes: 3)].compactMap { $0 }, notes: [])
    }

    static let b4 = Reproduction(
        id: "B4", title: "Digits 8×8: Linear(64, 100) - ReLU() - Linear(100, 100) - ReLU() - Linear(100, 10)",
        setting: "cross-entropy, learning rate 0.1, 50 epochs, batch 32 (ours), standardised features, a seeded 20 % validation part.",
        reportFigure: "confusion matrices (no accuracy given)", reference: "about 97–98 % for an MLP on these digits", minutes: 0.5, datasets: ["digits"]
    ) { dir, _ in
        let outcome = try run("Linear(64, 100) - ReLU() - Linear(100, 100) - ReLU() - Linear(100, 10)", data: .dataset("digits"), lr: 0.1, batch: 32, epochs: 50, dataDirectory: dir)
        let (what, ours) = heldOut(outcome)
        return .init(rows: [(what, ours, "–")], figures: [try confusionFigure(outcome, classes: 10)].compactMap { $0 }, notes: [])
    }

    static let b5 = Reproduction(
        id: "B5", title: "MNIST: Linear(784, 100) - TanH() - Linear(100, 100) - TanH() - Linear(100, 10)",
        setting: "cross-entropy, learning rate 0.01 as in the report, batch 64 and 10 epochs (ours), NeuralKit's default MNIST normalisation.",
        reportFigure: "test accuracy 93.92 %", reference: "97–98 % for such an MLP trained longer or faster", minutes: 1.5, datasets: ["mnist"]
    ) { dir, _ in
        let outcome = try run("Linear(784, 100) - TanH() - Linear(100, 100) - TanH() - Linear(100, 10)", data: .dataset("mnist"), lr: 0.01, batch: 64, epochs: 10, dataDirectory: dir)
        return .init(rows: [("test accuracy", percent(outcome.test?.accuracy), "93.92 %")],
                     figures: [try confusionFigure(outcome, classes: 10)].compactMap { $0 }, notes: [])
    }

    static let b10 = Reproduction(
        id: "B10", title: "USPS: the Conv1D net of the reports",
        setting: "Reshape(256, 1) - Conv1D(3, 1, 32) - MaxPool1D(2, 2) - Flatten() - Linear(4064, 100) - ReLU() - Linear(100, 10), cross-entropy, learning rate 0.1, batch 64, 30 epochs, weight decay 0.003 (ours: the README's recipe).",
        reportFigure: "train 99.99 %, test 93.72 %", reference: "PyTorch 2.15 with the same recipe: 94.62 % (seed 0)", minutes: 2, datasets: ["usps"]
    ) { dir, _ in
        var spec = RunSpecification(model: "Reshape(256, 1) - Conv1D(k_size=3, chan_in=1, chan_out=32, stride=1) - MaxPool1D(k_size=2, stride=2) - Flatten() - Linear(4064, 100) - ReLU() - Linear(100, 10)",
                                    data: DataSpecification(source: .dataset("usps")), loss: .ce,
                                    training: TrainingConfiguration(batchSize: 64, epochs: 30, learningRate: 0.1, weightDecay: 0.003))
        spec.seed = 0
        let outcome = try TrainingRun(spec, dataDirectory: dir).run()
        return .init(rows: [("train accuracy", percent(outcome.train.accuracy), "99.99 %"), ("test accuracy", percent(outcome.test?.accuracy), "93.72 %")],
                     figures: [try confusionFigure(outcome, classes: 10)].compactMap { $0 }, notes: [])
    }

    static let d1 = Reproduction(
        id: "D1", title: "the first 200 MNIST training images",
        setting: "the first 200 images of MNIST's training file, with their labels.", reportFigure: "a grid of the first 200 training images",
        reference: nil, minutes: 0.1, datasets: ["mnist"]
    ) { dir, _ in
        let prepared = try DataSpecification(source: .dataset("mnist"), preprocessing: [.scale(low: 0, high: 255)], limit: 200, testLimit: 1)
            .prepare(seed: 0, dataDirectory: dir)
        guard let grid = try RunFigures.samples(prepared.train, count: 200) else { return .init(rows: [], figures: [], notes: []) }
        return .init(rows: [("images shown", "\(min(200, prepared.train.count))", "200")], figures: [("first_200.svg", grid, "The first 200 training images and their labels.")], notes: [])
    }

    static let e4 = Reproduction(
        id: "E4", title: "MNIST, the report's best model: two sigmoid layers of 700 units",
        setting: "Linear(784, 700) - Sigmoid() - Linear(700, 700) - Sigmoid() - Linear(700, 10), random initialisation (the report's best), pixels in [0, 1], SGD learning rate 0.1, batch 64, 10 epochs; the test error after each epoch.",
        reportFigure: "> 91 % test accuracy", reference: "about 98 % for such an MLP", minutes: 4, datasets: ["mnist"]
    ) { dir, _ in
        let outcome = try run("Linear(784, 700) - Sigmoid() - Linear(700, 700) - Sigmoid() - Linear(700, 10)", data: .dataset("mnist"), lr: 0.1, batch: 64, epochs: 10,
                              preprocessing: [.scale(low: 0, high: 255)], dataDirectory: dir)
        let errors = outcome.history.epochs.map { 1 - Double($0.testAccuracy ?? 0) }
        let plot = LinePlot(title: "MNIST test error per epoch", x: Axis(label: "Epoch", integer: true), y: Axis(label: "Test error"),
                            series: [LineSeries(name: "2 × 700 sigmoid", x: outcome.history.epochs.map { Double($0.epoch) }, y: errors, markers: true)])
        return .init(rows: [("test accuracy after 10 epochs", percent(outcome.test?.accuracy), "> 91 %")],
                     figures: [("error_per_epoch.svg", plot, "Test error after each epoch.")], notes: [])
    }

    static let e5 = Reproduction(
        id: "E5", title: "digits generated by Gibbs sampling, and their class probabilities",
        setting: "an RBM of 784 × 500 trained by persistent CD-1 for 10 epochs (learning rate 0.1, batch 64) on binarised MNIST; 20 chains from random images, 1,000 Gibbs steps, recorded every 200; the final samples classified by Linear(784, 200) - Sigmoid() - Linear(200, 10) trained 5 epochs on the same binarised digits.",
        reportFigure: "figures of generated digits and their class probabilities", reference: nil, minutes: 2, datasets: ["mnist"]
    ) { dir, _ in
        let binary: [PreprocessingStep] = [.scale(low: 0, high: 255), .binarize(threshold: 0.5)]
        let prepared = try DataSpecification(source: .dataset("mnist"), preprocessing: binary).prepare(seed: 0, dataDirectory: dir)
        var rng = RandomGenerator(seed: 0)
        let rbm = RBM(visible: 784, hidden: 500, using: &rng)
        let history = try ContrastiveDivergence(rbm, settings: RBMTraining(learningRate: 0.1, batchSize: 64, epochs: 10, persistent: true))
            .fit(prepared.train.inputs, monitor: prepared.test?.inputs)
        var state = RBM.sample(Tensor(repeating: 0.5, shape: [20, 784]), using: &rng)
        var rows: [Float] = [], final = state
        for _ in 0..<5 {
            let (p, s) = try rbm.gibbs(from: state, steps: 200, using: &rng)
            rows += p.scalars
            state = s
            final = p
        }
        let classifier = try run("Linear(784, 200) - Sigmoid() - Linear(200, 10)", data: .dataset("mnist"), lr: 0.1, batch: 64, epochs: 5,
                                 preprocessing: binary, dataDirectory: dir)
        let probabilities = try Softmax().forward(try predict(network: classifier.network, inputs: final))
        let classes = probabilities.rowArgmax()
        let captions = classes.enumerated().map { i, c in String(format: "%d (%.2f)", c, Double(probabilities.scalars[i * 10 + c])) }
        let chains = try ImageGrid(title: "Gibbs chains from noise: rows after 200, 400, …, 1000 steps", images: Tensor(shape: [100, 784], scalars: rows),
                                   sampleShape: [28, 28], columns: 20)
        let labelled = try ImageGrid(title: "Final samples and their most probable class", images: final, sampleShape: [28, 28], columns: 10, captions: captions)
        let confident = probabilities.rowArgmax().enumerated().filter { probabilities.scalars[$0.offset * 10 + $0.element] > 0.9 }.count
        return .init(rows: [("test pseudo-log-likelihood of the RBM", String(format: "%.2f", Double(history.last?.monitorPseudoLogLikelihood ?? .nan)), "–"),
                            ("samples classified with probability > 0.9", "\(confident) of 20", "–"),
                            ("classifier test accuracy", percent(classifier.test?.accuracy), "–")],
                     figures: [("chains.svg", chains, "Twenty chains of block Gibbs sampling; each row shows their visible probabilities 200 steps later."),
                               ("classified.svg", labelled, "The final samples, captioned with the classifier's most probable class and its probability.")],
                     notes: ["Persistent CD-1 mixes slowly: chains settle near a few modes (often 9, 4, 7)."])
    }
}
