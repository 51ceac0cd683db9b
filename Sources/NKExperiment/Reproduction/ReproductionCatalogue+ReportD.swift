// Report D (seed 003, back-propagation and Keras on MNIST): D1–D5 as the report sets them.

import Foundation
import NKAnalysis
import NKCore
import NKData
import NKLayers
import NKLosses
import NKPlot
import NKTrain

extension ReproductionCatalogue {
    static let reportD = "003_f6247f95853fccff.txt"
    static let dScaling = "Normalisation not stated: pixels divided by 255 (the course's loading code); the test part is MNIST's 10,000 test images."
    static let d3Model = "Linear(784, 100) - Sigmoid() - Linear(100, 10)"
    static let d4Model = "Reshape(28, 28, 1) - Conv2D(1, 32, 5) - Sigmoid() - MaxPool2D(2) - Flatten() - Linear(4608, 10)"

    static let d1 = Reproduction(
        id: "D1", title: "the first 200 MNIST training images", seedFile: "\(reportD) §1",
        reportSetting: [("images", "the first 200 of the training set"), ("layout", "not stated")],
        reportResult: "a grid of the first 200 training images.", datasets: ["mnist"], runs: [],
        analyses: ["The first 200 training images in file order, 10 rows of 20, with their labels."], readings: ["Layout not stated: 10 rows of 20."],
        estimatedSeconds: 1
    ) { ctx in
        let prepared = try DataSpecification(source: .dataset("mnist"), preprocessing: unitPixels, limit: 200, testLimit: 1).prepare(seed: 0, dataDirectory: ctx.dataDirectory)
        var result = Reproduction.Result()
        result.rows.append(("images shown", "\(min(200, prepared.train.count))", "200"))
        if let grid = try RunFigures.samples(prepared.train, count: 200) { result.figures.append(("first_200.svg", grid, "The first 200 training images and their labels.")) }
        return result
    }

    static let d2Runs: [(batch: Int, epochs: Int)] = [(300, 20), (400, 10), (500, 10)]
    static let d2 = Reproduction(
        id: "D2", title: "MNIST logistic regression (784 → 10, 7,850 parameters)", seedFile: "\(reportD) §2 exercise 1",
        reportSetting: [
            ("model", "Dense(10) with its activation: 784·10 + 10 = 7,850 parameters (logistic regression)"), ("loss", "cross-entropy"), ("optimiser", "stochastic gradient descent"),
            ("runs", "batch 300 for 10, 15 and 20 epochs; batch 400 and 500 for 10 epochs"), ("learning rate", "not stated"), ("normalisation", "not stated"),
        ],
        reportResult: "accuracy 92.26 % (batch 300, 10 epochs), 92.38 % (15), 92.42 % (20), 92.60 % (batch 400, 10), 92.54 % (batch 500, 10); loss 0.27.",
        reference: "about 92 % for a linear classifier (LeCun et al. 1998)", datasets: ["mnist"],
        runs: d2Runs.map { r in .init("batch \(r.batch)", spec("Linear(784, 10)", .dataset("mnist"), lr: 0.5, batch: r.batch, epochs: r.epochs, preprocessing: unitPixels)) },
        readings: [
            "Learning rate not stated: 0.5, the rate exercise 2 says it kept from exercise 1 (\"0.2 au lieu de 0.5\").", dScaling,
            "Batch 300's 10 and 15 epochs are read from the 20-epoch run's history (the same run stopped earlier).",
        ],
        estimatedSeconds: 6
    ) { ctx in
        var result = Reproduction.Result()
        let theirs: [String: [(Int, Double)]] = ["batch 300": [(10, 92.26), (15, 92.38), (20, 92.42)], "batch 400": [(10, 92.60)], "batch 500": [(10, 92.54)]]
        for r in d2Runs {
            let outcome = try ctx.run("batch \(r.batch)")
            for (epochs, report) in theirs["batch \(r.batch)"]! where epochs <= outcome.history.epochs.count {
                ReproductionCatalogue.accuracy(
                    &result, "test accuracy, batch \(r.batch), \(epochs) epochs", ours: outcome.history.epochs[epochs - 1].testAccuracy, report: report, tolerancePoints: 0.5)
            }
        }
        return result
    }

    static let d3 = Reproduction(
        id: "D3", title: "MNIST, one hidden layer", seedFile: "\(reportD) §2 exercise 2",
        reportSetting: [
            ("model", "a network with one hidden layer; width and activation not stated"), ("training", "as exercise 1: cross-entropy, SGD, batch 300, 10 epochs"),
            ("learning rates", "0.5, then 0.2 and 0.3"),
        ],
        reportResult: "94.66 % (lr 0.5), 92.89 % (0.2), 93.70 % (0.3).", reference: "97–98 % for a one-hidden-layer MLP trained longer", datasets: ["mnist"],
        runs: [Float(0.5), 0.2, 0.3].map { lr in .init("lr \(lr)", spec(d3Model, .dataset("mnist"), lr: lr, batch: 300, epochs: 10, preprocessing: unitPixels)) },
        readings: ["Width and activation not stated: 100 sigmoid units (the course's perceptron).", dScaling], estimatedSeconds: 8
    ) { ctx in
        var result = Reproduction.Result()
        var accuracies: [Double] = []
        for (lr, theirs) in [(Float(0.5), 94.66), (0.2, 92.89), (0.3, 93.70)] {
            let a = try ctx.run("lr \(lr)").test?.accuracy
            accuracies.append(Double(a ?? .nan))
            ReproductionCatalogue.accuracy(&result, "test accuracy, lr \(lr)", ours: a, report: theirs)
        }
        result.notes.append(
            accuracies[0] > accuracies[1] && accuracies[0] > accuracies[2]
                ? "As in the report, the largest rate (0.5) gives the best accuracy after 10 epochs."
                : "Unlike the report, 0.5 is not the best of the three rates here.")
        return result
    }

    static let d4 = Reproduction(
        id: "D4", title: "MNIST ConvNet: 32 filters 5×5 with sigmoid, 2×2 pooling", seedFile: "\(reportD) §3",
        reportSetting: [
            ("layers", "convolution layers of 32 filters 5×5 with sigmoid; pooling layers of 2×2; the number of blocks and the dense part not stated"),
            ("training", "not stated"), ("evaluation", "the test set"),
        ],
        reportResult: "test accuracy 98.26 % (test loss 0.10).", reference: "99 %+ for a ConvNet with ReLU (README: 98.86 %)", datasets: ["mnist"],
        runs: [.init("ConvNet", spec(d4Model, .dataset("mnist"), lr: 0.5, batch: 300, epochs: 10, preprocessing: unitPixels))],
        readings: [
            "The blocks: one convolution of 32 filters 5×5 with sigmoid, 2×2 max pooling and a softmax output, the least the report describes.",
            "Training not stated: exercise 1's (SGD, cross-entropy, batch 300, 10 epochs, lr 0.5).", dScaling,
        ],
        estimatedSeconds: 56
    ) { ctx in
        var result = Reproduction.Result()
        let outcome = try ctx.run("ConvNet")
        ReproductionCatalogue.accuracy(&result, "test accuracy", ours: outcome.test?.accuracy, report: 98.26)
        result.figures += try confusionFigures(outcome, classes: 10)
        return result
    }

    static let d5 = Reproduction(
        id: "D5", title: "t-SNE and PCA of MNIST, and of the trained nets' hidden representations", seedFile: "\(reportD) §4",
        reportSetting: [
            ("data", "the MNIST test set"), ("tools", "t-SNE and PCA to 2-D"), ("representations", "the internal representations of the networks (\"manifold untangling\"); which layers not stated"),
            ("t-SNE parameters", "not stated"),
        ],
        reportResult: "scatter plots of the test set by t-SNE and PCA, and of the networks' representations.", datasets: ["mnist"],
        runs: [
            .init("MLP", spec(d3Model, .dataset("mnist"), lr: 0.5, batch: 300, epochs: 10, preprocessing: unitPixels)),
            .init("ConvNet", spec(d4Model, .dataset("mnist"), lr: 0.5, batch: 300, epochs: 10, preprocessing: unitPixels)),
        ],
        analyses: [
            "PCA and t-SNE (perplexity 30, 1,000 iterations, after PCA to 50) of the 10,000 test images' pixels, of the MLP's 100 hidden units and of the ConvNet's pooled features (4,608 values); k-means ARI on each t-SNE map."
        ],
        readings: [
            "Networks not named: exercise 2's MLP (lr 0.5) and exercise 3's ConvNet, both as D3 and D4 train them.",
            "t-SNE parameters not stated: perplexity 30, 1,000 iterations, after PCA to 50 components.", dScaling,
        ],
        estimatedSeconds: 90
    ) { ctx in
        var result = Reproduction.Result()
        var aris: [(String, Double)] = []
        func views(_ name: String, _ file: String, _ input: AnalysisInput) throws {
            let pca = try Embedding(input, method: .pca, dimensions: 2, seed: 0)
            let tsne = try Embedding(input, method: .tsne, dimensions: 2, pcaFirst: min(50, input.rows.rowSize), seed: 0)
            let (_, ari) = try clustering(tsne.coordinates, labels: input.labels!)
            aris.append((name, ari))
            result.rows.append(("\(name): PCA \(pca.summary); ARI of k-means on the t-SNE map", String(format: "%.2f", ari), "figures"))
            for e in [pca, tsne] {
                if let plot = e.scatterPlot(title: "\(e.method.displayName) of the \(name)") {
                    result.figures.append(("\(e.method.rawValue)_\(file).svg", plot, "\(e.method.displayName) of the \(name) of \(input.rows.rowCount) test digits."))
                }
            }
        }
        let mlp = try ctx.run("MLP")
        try views("pixels", "pixels", AnalysisInput(part: mlp.data.test!))
        try views("MLP's hidden units", "mlp", try AnalysisInput(part: mlp.data.test!, network: mlp.network, layer: 1))
        let conv = try ctx.run("ConvNet")
        try views("ConvNet's pooled features", "convnet", try AnalysisInput(part: conv.data.test!, network: conv.network, layer: 3))
        let ordered = aris.sorted { $0.1 > $1.1 }
        result.notes.append(
            "Separation of the digits by the ARI of k-means on the t-SNE map: " + ordered.map { String(format: "%@ %.2f", $0.0, $0.1) }.joined(separator: " > ")
                + (aris[0].1 < aris[1].1 ? "; the hidden layer untangles the classes better than the pixels." : "; here the pixels separate as well as the hidden layer."))
        return result
    }
}
