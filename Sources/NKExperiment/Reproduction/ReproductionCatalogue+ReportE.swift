// Report E (seed 004, RBM, DBN and DNN on MNIST): E1–E5 as the report sets them.

import Foundation
import NKCore
import NKData
import NKLayers
import NKLosses
import NKPlot
import NKTrain

extension ReproductionCatalogue {
    static let reportE = "004_cd992c2e5d886910.txt"
    /// Report E's setting, for training and pre-training alike.
    static let eSetting: [(String, String)] = [
        ("network", "fully connected, sigmoid hidden layers, an output layer of 10; defaults: 2 hidden layers of 200 units, 60,000 training images"),
        ("training and pre-training", "10 epochs, batch 64, learning rate 0.01 (both)"), ("optimiser", "SGD"),
        ("pre-training", "greedy, one RBM per hidden layer, on the training and test images together, whatever the training size"),
        ("initialisation", "two identical random networks; one is pre-trained; the same random output layer is added to both"),
        ("binarisation, CD-k, loss", "not stated"),
    ]
    static let eReadings = [
        "Pre-training: CD-1, 10 epochs per RBM, learning rate 0.01, batch 64, on all 70,000 images (neuralkit train --pretrain 10 --pretrain-lr 0.01 --pretrain-data all): transductive, as the report says.",
        "Pixels scaled to [0, 1] and used as probabilities (binarisation is not stated); the loss is cross-entropy on the output's logits (the report shows class probabilities).",
        "Errors are 1 − accuracy on the training images used and on the 10,000 test images.",
        "The random draw (not stated): weights N(0, 0.1²) (variance 0.01), biases 0, in every layer of both arms (Linear(…, std=0.1)), the draw of a hand-written RBM/DNN. With PyTorch's default draw, U(±1/√in), the random network at the report's step of 0.01 (gradient averaged over the batch) reaches only 29–31 % error at 2 layers and collapses from 3 layers on; with N(0, 0.1²) it reaches 11.5 % and collapses between 4 and 5 layers, as the report's figures 1–2 show (checked in numpy before choosing).",
        "The step: 0.01 on the gradient averaged over the batch. Summed over the batch (0.64 per example) the networks reach about 2 % error, far from the report's \"accuracy > 91 %\" for its trained DNN.",
    ]
    static let eDeviations: [Reproduction.Deviation] = [
        .init(
            "paired initialisation", report: "the pre-trained net starts its RBMs from the random net's initial weights",
            ours: "the RBMs start from their own N(0, 0.01²) draw, not the random arm's N(0, 0.1²); the output layer is the same in both arms",
            why: "NeuralKit's pre-training initialises each RBM itself; both arms share the seed, so the output layer matches")
    ]

    /// `depth` sigmoid layers of `width` units and an output of 10, trained as report E does, with or without pre-training.
    static func eSpec(depth: Int, width: Int, pretrained: Bool, limit: Int? = nil) -> RunSpecification {
        let hidden = depth > 1 ? " - [Linear(\(width), \(width), std=0.1) - Sigmoid()] * \(depth - 1)" : ""
        return spec(
            "Linear(784, \(width), std=0.1) - Sigmoid()\(hidden) - Linear(\(width), 10, std=0.1)", .dataset("mnist"), lr: 0.01, batch: 64, epochs: 10,
            preprocessing: unitPixels, limit: limit, pretraining: pretrained ? RBMTraining(learningRate: 0.01, batchSize: 64, epochs: 10) : nil,
            pretrainingData: pretrained ? .all : nil)
    }
    static func eArms(_ label: String, depth: Int = 2, width: Int = 200, limit: Int? = nil) -> [Reproduction.PlannedRun] {
        [
            .init("\(label), random", eSpec(depth: depth, width: width, pretrained: false, limit: limit)),
            .init("\(label), pre-trained", eSpec(depth: depth, width: width, pretrained: true, limit: limit)),
        ]
    }

    /// Both arms of each value: train and test errors, the figures and a computed note.
    static func eSweep(
        _ ctx: inout ReproductionContext, values: [Int], label: (Int) -> String, axis: String, log: Bool = false,
        curvesFor: Set<Int> = []
    ) throws -> (result: Reproduction.Result, random: [Double], pretrained: [Double]) {
        var result = Reproduction.Result()
        var errors: [String: [Double]] = [:]
        for v in values {
            var row: [String] = []
            for arm in ["random", "pre-trained"] {
                let outcome = try ctx.run("\(label(v)), \(arm)")
                let train = 1 - Double(outcome.train.accuracy ?? .nan), test = 1 - Double(outcome.test?.accuracy ?? .nan)
                errors["train \(arm)", default: []].append(train)
                errors["test \(arm)", default: []].append(test)
                row.append(String(format: "%.2f %% / %.2f %%", train * 100, test * 100))
                if curvesFor.contains(v) {
                    result.figures.append(
                        (
                            "loss_\(v)_\(arm == "random" ? "random" : "pretrained").svg", RunFigures.lossCurves([("\(label(v)), \(arm)", outcome.history)]),
                            "Training and test loss per epoch, \(label(v)), \(arm)."
                        ))
                }
            }
            result.rows.append(("\(label(v)): train / test error, random", row[0], "figure"))
            result.rows.append(("\(label(v)): train / test error, pre-trained", row[1], "figure"))
        }
        let x = values.map(Double.init)
        for part in ["train", "test"] {
            result.figures.append(
                (
                    "\(part)_error.svg",
                    sweepPlot(
                        "MNIST \(part)ing error against \(axis.lowercased())", x: x, label: axis, y: "\(part.capitalized) error", log: log,
                        [("random initialisation", errors["\(part) random"]!, false), ("pre-trained", errors["\(part) pre-trained"]!, true)]),
                    "\(part.capitalized) error after 10 epochs: random initialisation (solid) and pre-trained (dashed)."
                ))
        }
        return (result, errors["test random"]!, errors["test pre-trained"]!)
    }

    static let eDepths = [2, 3, 4, 5, 6, 8, 10]
    static let e1 = Reproduction(
        id: "E1", title: "depth: pre-trained against random initialisation (sigmoid layers of 200 units)", seedFile: "\(reportE) §3.1, figures 1–3",
        reportSetting: eSetting + [("hidden layers", "2, 3, 4, 5, 6, 8, 10 of 200 units")],
        reportResult:
            "training and test error against depth (figures 1, 2) and loss traces for 2, 4, 5 and 10 layers (figure 3): the random network collapses to about 90 % error between 4 and 6 layers; the pre-trained one stays nearly flat.",
        reference: "Hinton & Salakhutdinov 2006; Erhan et al. 2010", datasets: ["mnist"],
        runs: eDepths.flatMap { eArms("\($0) layers", depth: $0) }, readings: eReadings, deviations: eDeviations, estimatedSeconds: 660
    ) { ctx in
        let (swept, random, pretrained) = try eSweep(&ctx, values: eDepths, label: { "\($0) layers" }, axis: "Hidden layers", curvesFor: [2, 4, 5, 10])
        var result = swept
        let (note, collapse) = depthNote(depths: eDepths, random: random, pretrained: pretrained)
        result.notes.append(note)
        if let collapse { result.comparisons.append(Comparison("depth at which random initialisation collapses", ours: Double(collapse), report: 5, tolerance: 1, higherIsBetter: nil)) }
        return result
    }

    /// E1's note: from which depth the random network's test error exceeds 80 %, if it does.
    static func depthNote(depths: [Int], random: [Double], pretrained: [Double]) -> (note: String, collapse: Int?) {
        guard let i = depths.indices.first(where: { random[$0] > 0.8 }) else {
            return (String(format: "No collapse here: the random network's test error stays at or below %.1f %% up to %ld layers.", (random.max() ?? .nan) * 100, depths.last ?? 0), nil)
        }
        return (
            String(
                format: "Random initialisation collapses (test error above 80 %%) from %ld layers on; pre-trained nets stay between %.1f %% and %.1f %%.",
                depths[i], (pretrained.min() ?? .nan) * 100, (pretrained.max() ?? .nan) * 100), depths[i]
        )
    }

    /// E3's note: the sizes at which pre-training gives the lower test error, and who wins at the largest.
    static func sizeNote(sizes: [Int], random: [Double], pretrained: [Double]) -> String {
        let helps = sizes.indices.filter { pretrained[$0] < random[$0] }.map { sizes[$0] }
        return "Pre-training gives the lower test error at " + (helps.isEmpty ? "no size" : helps.map(String.init).joined(separator: ", ") + " images")
            + (pretrained.last! < random.last!
                ? "; at \(sizes.last!) it still helps (the report: random initialisation wins there)." : "; at \(sizes.last!) random initialisation wins, as in the report.")
    }

    static let eWidths = [100, 200, 300, 500, 700]
    static let e2 = Reproduction(
        id: "E2", title: "width: two sigmoid layers of u units, pre-trained against random initialisation", seedFile: "\(reportE) §3.1, figures 4–5",
        reportSetting: eSetting + [("units per layer", "100, 200, 300, 500, 700 (2 layers)")],
        reportResult: "training and test error against width (figures 4, 5): the error falls with width; random initialisation about 1 point better at every width.",
        datasets: ["mnist"], runs: eWidths.flatMap { eArms("\($0) units", width: $0) }, readings: eReadings, deviations: eDeviations, estimatedSeconds: 930
    ) { ctx in
        let (swept, random, pretrained) = try eSweep(&ctx, values: eWidths, label: { "\($0) units" }, axis: "Units per layer")
        var result = swept
        let gap = zip(pretrained, random).map { ($0 - $1) * 100 }.reduce(0, +) / Double(eWidths.count)
        result.comparisons.append(Comparison("mean test-error gap, pre-trained − random (points)", ours: gap, report: 1, tolerance: 0.5, higherIsBetter: nil))
        result.notes.append(
            String(
                format: "On average over the widths, pre-training changes the test error by %+.2f points (the report: about +1, random initialisation better); the error %@ with width.",
                gap, random.last! < random.first! ? "falls" : "does not fall"))
        return result
    }

    static let eSizes = [1000, 2000, 3000, 5000, 7000, 10000, 20000, 30000, 60000]
    static let e3 = Reproduction(
        id: "E3", title: "training-set size: pre-trained against random initialisation", seedFile: "\(reportE) §3.1, figures 6–7",
        reportSetting: eSetting + [("training images", "1000, 2000, 3000, 5000, 7000, 10000, 20000, 30000, 60000 (2 layers of 200)")],
        reportResult:
            "training and test error against the training-set size (figures 6, 7): the error falls steeply up to 3,000; pre-training helps, until 60,000 where random initialisation is better.",
        datasets: ["mnist"], runs: eSizes.flatMap { eArms("\($0) images", limit: $0) },
        readings: eReadings + ["The n training images are the first n of the training file; pre-training always sees all 70,000 images."], deviations: eDeviations, estimatedSeconds: 480
    ) { ctx in
        let (swept, random, pretrained) = try eSweep(&ctx, values: eSizes, label: { "\($0) images" }, axis: "Training images", log: true)
        var result = swept
        result.notes.append(sizeNote(sizes: eSizes, random: random, pretrained: pretrained))
        return result
    }

    static let e4 = Reproduction(
        id: "E4", title: "the report's best model: two pre-trained sigmoid layers of 700 units", seedFile: "\(reportE) §3.4, figure 12",
        reportSetting: eSetting + [("model", "2 hidden layers of 700 units, 60,000 training images, pre-trained as above, then 10 epochs")],
        reportResult: "training and validation error per epoch (figure 12), decreasing, the curves crossing late (the onset of over-fitting).",
        reference: "about 98 % for such a net trained longer", datasets: ["mnist"],
        runs: [.init("2 × 700, pre-trained", eSpec(depth: 2, width: 700, pretrained: true))],
        readings: eReadings + ["The report's \"validation\" curve is the test images (it defines no validation split)."], deviations: eDeviations, estimatedSeconds: 330
    ) { ctx in
        var result = Reproduction.Result()
        let outcome = try ctx.run("2 × 700, pre-trained")
        let epochs = outcome.history.epochs
        result.rows.append(("test error after 10 epochs", String(format: "%.2f %%", (1 - Double(outcome.test?.accuracy ?? .nan)) * 100), "curve, decreasing"))
        let x = epochs.map { Double($0.epoch) }
        result.figures.append(
            (
                "error_per_epoch.svg",
                LinePlot(
                    title: "MNIST error per epoch, 2 × 700 pre-trained", x: Axis(label: "Epoch", integer: true), y: Axis(label: "Error"),
                    series: [
                        LineSeries(name: "training", x: x, y: epochs.map { 1 - Double($0.trainAccuracy ?? .nan) }, markers: true),
                        LineSeries(name: "test", x: x, y: epochs.map { 1 - Double($0.testAccuracy ?? .nan) }, markers: true, dashed: true),
                    ]),
                "Training (solid) and test (dashed) error after each epoch."
            ))
        let crossing = epochs.first { ($0.trainAccuracy ?? 0) > ($0.testAccuracy ?? 1) }?.epoch
        result.notes.append(crossing.map { "The training error drops below the test error from epoch \($0) on." } ?? "The training error stays above the test error for all 10 epochs.")
        return result
    }

    static let e5 = Reproduction(
        id: "E5", title: "a trained DNN's class probabilities for sample digits", seedFile: "\(reportE) §3.3, figures 8–11",
        reportSetting: eSetting + [("network", "a DNN, not described further"), ("samples", "four input images")],
        reportResult: "bar charts of the output probabilities of four samples (figures 8–11): two categorical and right, two wrong with real weight on the true class; accuracy above 91 %.",
        datasets: ["mnist"], runs: [.init("2 × 700, pre-trained", eSpec(depth: 2, width: 700, pretrained: true))],
        analyses: ["The class probabilities (softmax of the outputs) of the first two test digits it gets right and the first two it gets wrong, as bar charts."],
        readings: eReadings + ["The DNN: E4's best model, the one the report builds next.", "Samples: the first two correct and the first two wrong of the test set, the two kinds the report shows."],
        deviations: eDeviations + [
            .init("generated images", report: "none (REFERENCE.md's \"images generated by Gibbs sampling\" is not in the report)", ours: "none", why: "the report is the specification")
        ],
        estimatedSeconds: 360
    ) { ctx in
        var result = Reproduction.Result()
        let outcome = try ctx.run("2 × 700, pre-trained")
        let test = try outcome.encoded.part(.test)
        outcome.network.setTraining(false)
        let probabilities = try Softmax().forward(try predict(network: outcome.network, inputs: test.inputs))
        let predicted = probabilities.rowArgmax(), truth = test.targets.scalars.map { Int($0) }
        let right = predicted.indices.filter { predicted[$0] == truth[$0] }.prefix(2), wrong = predicted.indices.filter { predicted[$0] != truth[$0] }.prefix(2)
        for (n, i) in (Array(right) + Array(wrong)).enumerated() {
            let p = (0..<10).map { Double(probabilities.scalars[i * 10 + $0]) }
            result.figures.append(
                (
                    "sample_\(n + 1).svg",
                    BarChart(
                        title: "Sample \(n + 1): a \(truth[i]), predicted \(predicted[i])", categories: (0..<10).map(String.init), values: p,
                        highlighted: truth[i], xLabel: "Class", y: Axis(label: "Probability")),
                    "Sample \(n + 1) (test image \(i)): the probability of each class; the true class is highlighted."
                ))
            result.rows.append(
                (
                    "sample \(n + 1): true \(truth[i]), predicted \(predicted[i])", String(format: "p(predicted) %.2f, p(true) %.2f", p[predicted[i]], p[truth[i]]),
                    n < 2 ? "categorical, right" : "wrong, weight on the true class"
                ))
        }
        if let images = try? ImageGrid(title: "The four samples", images: test.inputs.gatherRows(Array(right) + Array(wrong)), sampleShape: [28, 28], columns: 4) {
            result.figures.insert(("samples.svg", images, "The four test images, in the order of the charts."), at: 0)
        }
        ReproductionCatalogue.accuracy(&result, "test accuracy of the DNN", ours: outcome.test?.accuracy, report: 91, tolerancePoints: 0)
        let trueWeight = wrong.map { Double(probabilities.scalars[$0 * 10 + truth[$0]]) }
        result.notes.append(
            "On its two mistakes the network gives the true class " + trueWeight.map { String(format: "%.2f", $0) }.joined(separator: " and ")
                + (trueWeight.allSatisfy { $0 > 0.1 } ? ": real weight, as in the report." : ": little weight, unlike the report's examples."))
        return result
    }
}
