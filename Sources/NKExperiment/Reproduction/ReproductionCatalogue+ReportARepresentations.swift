// Report A, §6–7: the USPS autoencoder (A4), k-means on its codes (A5), and the Conv1D net against
// the MLP (A6), as the report sets them.

import Foundation
import NKAnalysis
import NKCore
import NKData
import NKLayers
import NKLosses
import NKPlot
import NKTrain

extension ReproductionCatalogue {
    /// Report A's autoencoder 256 → 100 → k → 100 → 256 (TanH inside, Sigmoid output), bce on pixels in
    /// [0, 1], batch 50, 100 epochs, the report's 1e-3 on a summed gradient.
    static func a4Autoencoder(latent k: Int) -> RunSpecification {
        spec(
            "Linear(256, 100) - TanH() - Linear(100, \(k)) - TanH() - Linear(\(k), 100) - TanH() - Linear(100, 256) - Sigmoid()", .dataset("usps"),
            loss: .bce, lr: 0.05, batch: 50, epochs: 100, preprocessing: uspsUnit, reconstruct: true)
    }
    static let a4Setting: [(String, String)] = [
        ("model", "an autoencoder with hidden layers of 100 and a code of 10 unless stated (here 10, 3 and 2); activations and loss not stated"),
        ("training", "100 iterations, batch 50, gradient step 1e-3"), ("data", "USPS, a train/test split"),
    ]
    static let a4Readings = [
        iterationsAreEpochs, summedGradient("1e-3", batch: 50, ours: "0.05"),
        "Activations and loss not stated: TanH inside, Sigmoid at the output and bce on pixels scaled to [0, 1] (the course's autoencoder).",
        "The autoencoders learn from USPS's 7,291 training images; the views and clusterings use the 2,007 test images.",
    ]

    static let a4 = Reproduction(
        id: "A4", title: "USPS autoencoders with codes of 10, 3 and 2 units", seedFile: "\(reportA) §6.1–6.2",
        reportSetting: a4Setting + [("t-SNE", "2-D, of the raw test images and of the 10-unit codes; parameters not stated")],
        reportResult:
            "a 0, a 9 and a 6 with their reconstructions and codes for 10 and 3 units; three views of the test set: t-SNE of the raw images, t-SNE of the 10-unit codes, the 2-unit codes themselves.",
        datasets: ["usps"], runs: [10, 3, 2].map { .init("code \($0)", a4Autoencoder(latent: $0)) },
        analyses: ["2-D t-SNE (perplexity 30) of the raw test images and of the 10-unit codes; the 2-unit codes drawn as they are."],
        readings: a4Readings + ["The digits shown: the first 0, 9 and 6 of the test set."], estimatedSeconds: 14
    ) { ctx in
        var result = Reproduction.Result()
        var codes10: AnalysisInput?
        for k in [10, 3, 2] {
            let outcome = try ctx.run("code \(k)")
            let test = try outcome.encoded.part(.test)
            result.rows.append(("test reconstruction loss (bce per image), code \(k)", String(format: "%.2f", Double(outcome.test?.loss ?? .nan)), "images shown"))
            let labels = AnalysisInput.labels(of: outcome.data.test!) ?? []
            let chosen = [0, 9, 6].compactMap { digit in labels.firstIndex(of: digit) }
            if let grid = try RunFigures.reconstructions(outcome.network, part: test.subset(chosen, name: "a 0, a 9 and a 6"), count: chosen.count) {
                result.figures.append(("reconstructions_code\(k).svg", grid, "The first 0, 9 and 6 of the test set (top) and their reconstructions through \(k) code units (bottom)."))
            }
            let layer = try RunFigures.codeLayer(outcome.network, sampleShape: test.sampleShape) ?? 3
            if k == 10 { codes10 = try AnalysisInput(part: outcome.data.test!, network: outcome.network, layer: layer) }
            if k == 2, let plot = try RunFigures.latentSpace(outcome.network, part: outcome.data.test!, seed: 0) {
                result.figures.append(("codes_2d.svg", plot, "The 2-unit codes of the test images, as they are (the report's third view)."))
            }
        }
        let raw = try DataSpecification(
            source: .dataset("usps"), preprocessing: uspsUnit, limit: ctx.budget == .quick ? 600 : nil,
            testLimit: ctx.budget == .quick ? 500 : nil
        ).prepare(seed: 0, dataDirectory: ctx.dataDirectory)
        for (name, file, input) in [("raw test images", "raw", AnalysisInput(part: raw.test!)), ("10-unit codes", "codes10", codes10!)] {
            let embedding = try Embedding(input, method: .tsne, dimensions: 2, seed: 0)
            if let plot = embedding.scatterPlot(title: "t-SNE of the \(name)") {
                result.figures.append(("tsne_\(file).svg", plot, "2-D t-SNE of the \(name), coloured by digit."))
            }
            let (_, ari) = try clustering(embedding.coordinates, labels: input.labels!)
            result.rows.append(("ARI of k-means on the t-SNE map of the \(name)", String(format: "%.2f", ari), "clouds shown"))
        }
        return result
    }

    static let a5 = Reproduction(
        id: "A5", title: "k-means on the autoencoder's codes and on raw USPS", seedFile: "\(reportA) §6.3",
        reportSetting: a4Setting + [
            ("clustering", "k-means with 10 starting points (k = 10) on the compressed data (code 10) and on the raw data"),
            ("metrics", "purity per cluster, the mean purity, and sklearn's adjusted Rand score against the digits"),
            ("part", "not stated"),
        ],
        reportResult: "codes: mean purity 0.62, ARI 0.44; raw: mean purity 0.69, ARI 0.49; per-cluster purity tables.",
        reference: "k-means on raw USPS: ARI about 0.5–0.6 in the literature", datasets: ["usps"],
        runs: [.init("code 10", a4Autoencoder(latent: 10))],
        analyses: [
            "k-means (10 clusters, 10 restarts, seed 0) on the test images' 10-unit codes and on the raw test pixels; purity per cluster, their unweighted mean, Eq. (1)'s size-weighted purity and the adjusted Rand index."
        ],
        readings: a4Readings + [
            "\"10 points de départ\" is k = 10; we keep the best of 10 restarts (sklearn's default then).",
            "The report's mean purity is the unweighted mean of its per-cluster purities (its Eq. (1), size-weighted, is shown beside it).", "Part not stated: the test images.",
        ],
        estimatedSeconds: 4
    ) { ctx in
        var result = Reproduction.Result()
        let outcome = try ctx.run("code 10")
        let layer = try RunFigures.codeLayer(outcome.network, sampleShape: outcome.data.test!.sampleShape) ?? 3
        let codes = try AnalysisInput(part: outcome.data.test!, network: outcome.network, layer: layer)
        let raw = AnalysisInput(part: outcome.data.test!)
        for (name, input, purityTheirs, ariTheirs) in [("codes", codes, 0.62, 0.44), ("raw images", raw, 0.69, 0.49)] {
            let (table, ari) = try clustering(input.rows, labels: input.labels!)
            let purities = ClusteringMetrics.clusterPurities(table)
            let mean = purities.map(\.purity).reduce(0, +) / Double(max(purities.count, 1))
            let weighted = ClusteringMetrics.purity(table)
            result.rows.append(
                ("\(name): mean purity (unweighted), Eq. (1) purity, ARI", String(format: "%.2f, %.2f, %.2f", mean, weighted, ari), String(format: "%.2f, –, %.2f", purityTheirs, ariTheirs)))
            result.comparisons.append(Comparison("\(name): mean purity", ours: mean, report: purityTheirs, tolerance: 0.05, higherIsBetter: true))
            result.comparisons.append(Comparison("\(name): ARI", ours: ari, report: ariTheirs, tolerance: 0.05, higherIsBetter: true))
            result.tables.append(
                (
                    "Purity per cluster, \(name)", ["cluster", "size", "majority digit", "purity"],
                    purities.map { ["\($0.cluster)", "\($0.size)", "\($0.majorityClass)", String(format: "%.2f", $0.purity)] }
                ))
            let shared = Dictionary(grouping: purities, by: \.majorityClass).filter { $0.value.count > 1 }.keys.sorted()
            result.notes.append(
                "\(name): "
                    + (shared.isEmpty ? "every cluster has its own majority digit." : "clusters share the majority digit \(shared.map(String.init).joined(separator: ", ")) (the report saw this too).")
            )
        }
        return result
    }

    static let a6Conv = "Reshape(256, 1) - Conv1D(k_size=3, chan_in=1, chan_out=32, stride=1) - MaxPool1D(k_size=2, stride=2) - Flatten() - Linear(4064, 100) - ReLU() - Linear(100, 10)"
    static let a6 = Reproduction(
        id: "A6", title: "USPS: the Conv1D net against the MLP after 10, 100 and 1000 iterations", seedFile: "\(reportA) §7",
        reportSetting: [
            ("conv net", "the project's net: Conv1D(3, 1, 32) → MaxPool1D(2, 2) → Flatten → Linear(4064, 100) → ReLU → Linear(100, 10); 407,496 parameters"),
            ("MLP", "§5's net with a hidden layer of 128 (34,048 parameters)"), ("training", "batch 25, gradient step 1e-3"), ("iterations", "10, 100, 1000"),
            ("loss", "not stated"),
        ],
        reportResult: "accuracy after 10/100/1000 iterations: conv 0.891/0.916/0.915, MLP 0.850/0.906/0.919; training loss about 1e-5 (conv) and 1e-3 (MLP) after 1000.",
        datasets: ["usps"],
        runs: [
            .init("conv net", spec(a6Conv, .dataset("usps"), lr: 0.025, batch: 25, epochs: 1000)),
            .init("MLP", spec("Linear(256, 128) - Sigmoid() - Linear(128, 10)", .dataset("usps"), lr: 0.1, batch: 100, epochs: 1000)),
        ],
        readings: [
            iterationsAreEpochs, summedGradient("1e-3", batch: 25, ours: "0.025 for the conv net (and 0.1 for the MLP at §5's batch 100)"),
            "The MLP keeps §5's training (batch 100), the section the report points to.", "Loss not stated: cross-entropy on the logits (§5's Softmax and cross-entropy).",
            "One run of 1,000 epochs per net; the accuracies after 10 and 100 epochs are read from its history (the same run stopped earlier).",
        ],
        deviations: [
            .init(
                "biases", report: "none (the parameter counts, 407,496 and 34,048, have no bias)", ours: "biases in every Linear and Conv1D",
                why: "NeuralKit's notation has no bias-free Conv1D; 142 of 407,638 parameters")
        ],
        estimatedSeconds: 480
    ) { ctx in
        var result = Reproduction.Result()
        let theirs: [String: [Double]] = ["conv net": [0.891, 0.916, 0.915], "MLP": [0.850, 0.906, 0.919]]
        for name in ["conv net", "MLP"] {
            let outcome = try ctx.run(name)
            let epochs = outcome.history.epochs
            for (i, n) in [10, 100, 1000].enumerated() where n <= epochs.count {
                ReproductionCatalogue.accuracy(&result, "\(name): test accuracy after \(n) epochs", ours: epochs[n - 1].testAccuracy, report: theirs[name]![i] * 100)
            }
            result.rows.append(("\(name): training loss at the end", String(format: "%.1e", Double(epochs.last?.trainLoss ?? .nan)), name == "MLP" ? "about 1e-3" : "about 1e-5"))
            result.figures += curves(name, outcome, file: name == "MLP" ? "mlp" : "conv")
        }
        return result
    }
}
