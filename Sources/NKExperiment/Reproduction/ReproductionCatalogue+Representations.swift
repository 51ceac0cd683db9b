// Experiments of the catalogue about representations: autoencoders (A4, A5, B7), t-SNE and PCA views
// (D5), the conv-vs-MLP budget comparison (A6), MSE against cross-entropy (B6) and the time series (B8).

import Foundation
import NKAnalysis
import NKCore
import NKData
import NKLosses
import NKPlot
import NKTrain

extension ReproductionCatalogue {
    /// A USPS autoencoder (pixels scaled to [0, 1], bce) with `hidden` and `latent` units; returns the run.
    static func uspsAutoencoder(hidden: [Int], latent: Int, loss: LossKind = .bce, dir: URL) throws -> RunOutcome {
        let widths = [256] + hidden + [latent]
        var layers: [String] = []
        for i in 0..<(widths.count - 1) { layers += ["Linear(\(widths[i]), \(widths[i + 1]))", "TanH()"] }
        let back = Array(widths.reversed())
        for i in 0..<(back.count - 1) { layers += ["Linear(\(back[i]), \(back[i + 1]))", i == back.count - 2 ? "Sigmoid()" : "TanH()"] }
        var spec = RunSpecification(model: layers.joined(separator: " - "),
                                    data: DataSpecification(source: .dataset("usps"), preprocessing: [.scale(low: -1, high: 1)]), loss: loss,
                                    training: TrainingConfiguration(batchSize: 50, epochs: 20, learningRate: 1e-3, optimizer: OptimizerSettings(kind: .adam)),
                                    reconstruct: true)
        spec.seed = 0
        return try TrainingRun(spec, dataDirectory: dir).run()
    }

    /// The position of the latent layer's activation in an autoencoder built by `uspsAutoencoder`.
    static func latentLayer(hidden: [Int]) -> Int { 2 * (hidden.count + 1) - 1 }

    /// k-means (10 clusters, 10 restarts) on `rows` against `labels`: mean purity and ARI.
    static func clustering(_ rows: Tensor, labels: [Int]) throws -> (purity: Double, ari: Double) {
        let result = try KMeans(clusters: 10, restarts: 10, seed: 0).fit(rows)
        let table = try ContingencyTable(truth: labels, predicted: result.assignments)
        return (ClusteringMetrics.purity(table), ClusteringMetrics.adjustedRandIndex(table))
    }

    static let a4 = Reproduction(
        id: "A4", title: "USPS autoencoders with latent sizes 10, 3 and 2",
        setting: "Linear(256, 100) - TanH() - Linear(100, k) - TanH() - Linear(k, 100) - TanH() - Linear(100, 256) - Sigmoid(), pixels scaled to [0, 1], bce on the reconstructions, batch 50, Adam at 1e-3 for 20 epochs (ours: plain SGD trains the deeper ones poorly), k ∈ {10, 3, 2}; 2-D t-SNE (perplexity 30) of the raw test images and of the 10-unit codes.",
        reportFigure: "reconstructions of a 0, a 9 and a 6; t-SNE of raw test data and of the latent codes", reference: nil, minutes: 2, datasets: ["usps"]
    ) { dir, _ in
        var rows: [(String, String, String)] = [], figures: [(name: String, figure: any Figure, caption: String)] = []
        var codes10: AnalysisInput?
        for k in [10, 3, 2] {
            let outcome = try uspsAutoencoder(hidden: [100], latent: k, dir: dir)
            let test = try outcome.encoded.part(.test)
            rows.append(("test reconstruction loss (bce per image), k = \(k)", String(format: "%.2f", Double(outcome.test?.loss ?? .nan)), "reconstructions shown"))
            if let grid = try RunFigures.reconstructions(outcome.network, part: test) {
                figures.append(("reconstructions_k\(k).svg", grid, "Test digits (top) and their reconstructions through \(k) latent units (bottom)."))
            }
            if k == 10 { codes10 = try AnalysisInput(part: outcome.data.test!, network: outcome.network, layer: latentLayer(hidden: [100])) }
        }
        let prepared = try DataSpecification(source: .dataset("usps"), preprocessing: [.scale(low: -1, high: 1)]).prepare(seed: 0, dataDirectory: dir)
        for (name, input) in [("raw test images", AnalysisInput(part: prepared.test!)), ("10-unit codes", codes10!)] {
            let embedding = try Embedding(input, method: .tsne, dimensions: 2, seed: 0)
            if let plot = embedding.scatterPlot(title: "t-SNE of the \(name)") {
                figures.append(("tsne_\(name.split(separator: " ").first!).svg", plot, "2-D t-SNE of the \(name), coloured by digit."))
            }
        }
        return .init(rows: rows, figures: figures, notes: [])
    }

    static let a5 = Reproduction(
        id: "A5", title: "k-means on the latent codes vs on raw USPS",
        setting: "k-means with 10 clusters and 10 restarts on the USPS test images (pixels in [0, 1]) and on the 10-unit codes of A4's autoencoder; mean purity and adjusted Rand index against the digits.",
        reportFigure: "latent: purity 0.62, ARI 0.44; raw: purity 0.69, ARI 0.49", reference: "k-means on raw USPS: ARI about 0.5–0.6 in the literature", minutes: 1, datasets: ["usps"]
    ) { dir, _ in
        let outcome = try uspsAutoencoder(hidden: [100], latent: 10, dir: dir)
        let codes = try AnalysisInput(part: outcome.data.test!, network: outcome.network, layer: latentLayer(hidden: [100]))
        let raw = AnalysisInput(part: outcome.data.test!)
        let c = try clustering(codes.rows, labels: codes.labels!), r = try clustering(raw.rows, labels: raw.labels!)
        return .init(rows: [("latent codes: purity, ARI", String(format: "%.2f, %.2f", c.purity, c.ari), "0.62, 0.44"),
                            ("raw images: purity, ARI", String(format: "%.2f, %.2f", r.purity, r.ari), "0.69, 0.49")], figures: [], notes: [])
    }

    static let b7 = Reproduction(
        id: "B7", title: "USPS autoencoders: k-means on the codes of three architectures",
        setting: "256-100-10 with bce, 256-100-10 with mse, and 256-200-100-10 with bce (TanH inside, Sigmoid output, pixels in [0, 1], batch 50, Adam at 1e-3, 20 epochs); k-means (10 clusters, 10 restarts) on the codes of the training and test images; ARI against the digits.",
        reportFigure: "ARI train/test 0.56/0.51, 0.47/0.42, 0.50/0.46", reference: nil, minutes: 3, datasets: ["usps"]
    ) { dir, _ in
        var rows: [(String, String, String)] = []
        for (name, hidden, loss, theirs) in [("256-100-10, bce", [100], LossKind.bce, "0.56 / 0.51"), ("256-100-10, mse", [100], .mse, "0.47 / 0.42"),
                                             ("256-200-100-10, bce", [200, 100], .bce, "0.50 / 0.46")] {
            let outcome = try uspsAutoencoder(hidden: hidden, latent: 10, loss: loss, dir: dir)
            let layer = latentLayer(hidden: hidden)
            let train = try AnalysisInput(part: outcome.data.train, network: outcome.network, layer: layer)
            let test = try AnalysisInput(part: outcome.data.test!, network: outcome.network, layer: layer)
            let a = try clustering(train.rows, labels: train.labels!), b = try clustering(test.rows, labels: test.labels!)
            rows.append(("\(name): ARI train / test", String(format: "%.2f / %.2f", a.ari, b.ari), theirs))
        }
        return .init(rows: rows, figures: [], notes: [])
    }

    static let a6 = Reproduction(
        id: "A6", title: "USPS: the Conv1D net against an MLP for the same number of steps",
        setting: "Conv1D net (Reshape(256, 1) - Conv1D(3, 1, 32) - MaxPool1D(2, 2) - Flatten() - Linear(4064, 100) - ReLU() - Linear(100, 10)) and MLP (Linear(256, 128) - ReLU() - Linear(128, 10)), batch 25, learning rate 0.1 (ours), cross-entropy. 10 and 100 steps are one epoch on the first 250 and 2,500 training images; 1,000 steps are approximated by 4 epochs on all 7,291 (1,168 steps).",
        reportFigure: "10/100/1000 iterations: conv 0.891/0.916/0.915, MLP 0.850/0.906/0.919", reference: nil, minutes: 2, datasets: ["usps"]
    ) { dir, _ in
        var rows: [(String, String, String)] = []
        let conv = "Reshape(256, 1) - Conv1D(k_size=3, chan_in=1, chan_out=32, stride=1) - MaxPool1D(k_size=2, stride=2) - Flatten() - Linear(4064, 100) - ReLU() - Linear(100, 10)"
        let mlp = "Linear(256, 128) - ReLU() - Linear(128, 10)"
        for (steps, limit, epochs, theirs) in [(10, 250, 1, "0.891 / 0.850"), (100, 2500, 1, "0.916 / 0.906"), (1000, 7291, 4, "0.915 / 0.919")] {
            var accuracy: [Float] = []
            for model in [conv, mlp] {
                var spec = RunSpecification(model: model, data: DataSpecification(source: .dataset("usps"), limit: limit), loss: .ce,
                                            training: TrainingConfiguration(batchSize: 25, epochs: epochs, learningRate: 0.1))
                spec.seed = 0
                accuracy.append(try TrainingRun(spec, dataDirectory: dir).run().test?.accuracy ?? 0)
            }
            rows.append(("test accuracy after \(steps) steps: conv / MLP", String(format: "%.3f / %.3f", Double(accuracy[0]), Double(accuracy[1])), theirs))
        }
        return .init(rows: rows, figures: [], notes: [])
    }

    static let b6 = Reproduction(
        id: "B6", title: "USPS: MSE against cross-entropy",
        setting: "Linear(256, 100) - TanH() - Linear(100, 10) trained with mse on one-hot targets (learning rate 0.02: NeuralKit's mse sums over the 10 outputs, and 0.1 diverges) and with cross-entropy (learning rate 0.1), batch 32, 40 epochs. The report's full grid (steps 1e-4 … 1, hidden 10 … 200, activations) is a sweep: neuralkit sweep --model \"Linear(256, {h}) - {act}() - Linear({h}, 10)\" --grid h=10,30,50,100,200 --grid act=ReLU,Sigmoid,TanH --grid lr=0.01,0.1,1 --data usps --loss ce --epochs 40 --out sweeps/B6.",
        reportFigure: "MSE 91.03 %, CE 92.32 %", reference: nil, minutes: 1, datasets: ["usps"]
    ) { dir, _ in
        var rows: [(String, String, String)] = []
        for (loss, lr, theirs) in [(LossKind.mse, Float(0.02), "91.03 %"), (.ce, 0.1, "92.32 %")] {
            let outcome = try run("Linear(256, 100) - TanH() - Linear(100, 10)", data: .dataset("usps"), loss: loss, lr: lr, batch: 32, epochs: 40, dataDirectory: dir)
            rows.append(("test accuracy with \(loss.rawValue)", percent(outcome.test?.accuracy), theirs))
        }
        return .init(rows: rows, figures: [], notes: [])
    }

    static let b8 = Reproduction(
        id: "B8", title: "Conv1D on a time series (air passengers)",
        setting: "12-month windows of the monthly airline passengers (standardised), predicting the next month; Reshape(12, 1) - Conv1D(3, 1, 8) - ReLU() - Flatten() - Linear(80, 1), mse, learning rate 0.05, batch 16, 200 epochs; the last 24 months are the test part.",
        reportFigure: "curves only", reference: nil, minutes: 0.2, datasets: ["air-passengers"]
    ) { dir, _ in
        let outcome = try run("Reshape(12, 1) - Conv1D(3, 1, 8) - ReLU() - Flatten() - Linear(80, 1)", data: .dataset("air-passengers"), loss: .mse,
                              lr: 0.05, batch: 16, epochs: 200, dataDirectory: dir)
        return .init(rows: [("train MSE", String(format: "%.4f", Double(outcome.train.loss)), "curves only"),
                            ("test MSE (the last 24 months)", String(format: "%.4f", Double(outcome.test?.loss ?? .nan)), "curves only")],
                     figures: [("loss.svg", RunFigures.lossCurves([("B8", outcome.history)]), "Training loss (solid) and test loss (dashed) per epoch: the gap shows the over-fitting.")],
                     notes: ["MSEs are in standardised units (1.0 is the training variance)."])
    }

    static let d5 = Reproduction(
        id: "D5", title: "t-SNE and PCA of MNIST and of a trained net's hidden layer",
        setting: "the first 2,000 MNIST test images: PCA and t-SNE (perplexity 30, after PCA to 50) of the pixels, and of the 100 hidden units of Linear(784, 100) - Sigmoid() - Linear(100, 10) trained 5 epochs (learning rate 0.5, batch 300).",
        reportFigure: "figures (\"manifold untangling\")", reference: nil, minutes: 1, datasets: ["mnist"]
    ) { dir, _ in
        var spec = RunSpecification(model: "Linear(784, 100) - Sigmoid() - Linear(100, 10)", data: DataSpecification(source: .dataset("mnist"), testLimit: 2000),
                                    loss: .ce, training: TrainingConfiguration(batchSize: 300, epochs: 5, learningRate: 0.5))
        spec.seed = 0
        let outcome = try TrainingRun(spec, dataDirectory: dir).run()
        var rows: [(String, String, String)] = [], figures: [(name: String, figure: any Figure, caption: String)] = []
        let inputs = [("pixels", AnalysisInput(part: outcome.data.test!)), ("hidden units", try AnalysisInput(part: outcome.data.test!, network: outcome.network, layer: 1))]
        for (name, input) in inputs {
            let pca = try Embedding(input, method: .pca, dimensions: 2, seed: 0)
            let tsne = try Embedding(input, method: .tsne, dimensions: 2, pcaFirst: min(50, input.rows.rowSize), seed: 0)
            let (_, ari) = try clustering(tsne.coordinates, labels: input.labels!)
            rows.append(("\(name): PCA \(pca.summary); ARI of k-means on the t-SNE map", String(format: "%.2f", ari), "figures"))
            for e in [pca, tsne] {
                if let plot = e.scatterPlot(title: "\(e.method.displayName) of the \(name)") {
                    figures.append(("\(e.method.rawValue)_\(name.split(separator: " ").first!).svg", plot, "\(e.method.displayName) of the \(name) of 2,000 test digits."))
                }
            }
        }
        rows.append(("test accuracy of the net", percent(outcome.test?.accuracy), "94.66 % (D3)"))
        return .init(rows: rows, figures: figures, notes: ["Clusters that k-means finds in the map measure how well separated the digits are there."])
    }
}
