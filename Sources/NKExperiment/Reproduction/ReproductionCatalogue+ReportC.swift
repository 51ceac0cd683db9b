// Report C (seed 002, CS231n assignment 1 Q4): a two-layer net on CIFAR-10, as the report sets it.

import Foundation
import NKCore
import NKData
import NKLayers
import NKLosses
import NKPlot
import NKTrain

extension ReproductionCatalogue {
    static let reportC = "002_180eeb3fdf95db1e.txt"
    static func cSpec(hidden: Int, lr: Float, weightDecay: Float, epochs: Int) -> RunSpecification {
        var s = spec(
            "Linear(3072, \(hidden)) - ReLU() - Linear(\(hidden), 10)", .dataset("cifar10"), lr: lr, batch: 200, epochs: epochs,
            preprocessing: [.subtractMeanImage], validation: 0.02, testLimit: 1000, schedule: .exponential(gamma: 0.95))
        s.training.weightDecay = weightDecay
        return s
    }
    /// The random search's draws: learning rate and L2 log-uniform, hidden size from a list (seed 2).
    static let cTrials: [(lr: Float, weightDecay: Float, hidden: Int)] = {
        var rng = RandomGenerator(seed: 2)
        func logUniform(_ low: Double, _ high: Double) -> Float { Float(exp(log(low) + Double(rng.nextUnitFloat()) * (log(high) - log(low)))) }
        return (0..<8).map { _ in
            let lr = logUniform(1e-4, 3e-3), decay = logUniform(1e-3, 1)
            return (lr, decay, [50, 100, 200][Int(rng.next() % 3)])
        }
    }()
    static func cTrialName(_ i: Int) -> String { "trial \(i + 1)" }

    static let c = Reproduction(
        id: "C", title: "CIFAR-10: a two-layer net, its gradient check, and a random search", seedFile: "\(reportC) (the whole report)",
        reportSetting: [
            ("data", "CIFAR-10, 32×32×3 images as rows of 3,072; 49,000 training, 1,000 validation and 1,000 test images"),
            ("preprocessing", "the mean image subtracted"), ("model", "f = W₂·max(0, W₁x + b₁) + b₂: Linear(3072, H) - ReLU() - Linear(H, 10)"),
            ("loss", "softmax cross-entropy plus α·ΣW² (L2 on the weights, not the biases; gradient 2αW)"), ("gradient check", "analytic against numeric gradients"),
            ("optimiser", "mini-batch SGD, one step per iteration"), ("batch size, learning rate, iterations, H, decay", "not stated"),
            ("search", "random values of the learning rate, α and H, on log scales, coarse to fine; chosen on validation accuracy; ranges and trials not stated"),
        ],
        reportResult:
            "about 10 % train and validation accuracy at first; 11 % test accuracy after the search (the assignment's target was 50 %); first-layer weights shown as images before and after.",
        reference: "CS231n: > 48 % validation accuracy expected, the best networks above 52 %", datasets: ["cifar10"],
        runs: [.init("first run", cSpec(hidden: 50, lr: 1e-4, weightDecay: 0.5, epochs: 4))]
            + cTrials.enumerated().map { i, t in .init(cTrialName(i), cSpec(hidden: t.hidden, lr: t.lr, weightDecay: t.weightDecay, epochs: 5)) },
        analyses: [
            "The gradient check of Linear(3072, 50) - ReLU() - Linear(50, 10) with cross-entropy (neuralkit gradcheck, tolerance relative to each tensor's scale).",
            "The trial with the best validation accuracy is judged on the test images; the first-layer weights of the first run and of that trial are drawn as 32×32 colour images.",
        ],
        readings: [
            "Training settings not stated: the assignment's first run (H = 50, batch 200, 1,000 iterations ≈ 4 epochs of 49,000, learning rate 1e-4, decay 0.95 per epoch, α = 0.25, so weight decay 2α = 0.5).",
            "The mean image is that of the training images (the report says \"all the images\"; the training mean keeps the test images unseen).",
            "The search: 8 trials of 5 epochs, learning rate log-uniform in [1e-4, 3e-3], weight decay log-uniform in [1e-3, 1], H ∈ {50, 100, 200}, drawn with seed 2.",
        ],
        deviations: [
            .init(
                "initialisation", report: "not stated (the assignment: N(0, 10⁻⁴))", ours: "NeuralKit's default for Linear (uniform ±1/√fan-in)",
                why: "NeuralKit's notation has no initialisation option"),
            .init("L2 on the biases", report: "none", ours: "weight decay on weights and biases", why: "NeuralKit's weight decay applies to every parameter"),
        ],
        estimatedSeconds: 420
    ) { ctx in
        var result = Reproduction.Result()
        var rng = RandomGenerator(seed: 0)
        let checked = try ModelNotation.parse("Linear(3072, 50) - ReLU() - Linear(50, 10)", using: &rng)
        let x = Tensor.normal([3, 3072], using: &rng), y = GradientCheck.randomTarget(for: .ce, batch: 3, width: 10, using: &rng)
        let check = try GradientCheck.check(checked, loss: CrossEntropyLoss(), input: x, target: y)
        result.rows.append(
            ("gradient check of W1, b1, W2, b2", "\(check.passed ? "passed" : "FAILED"); worst relative error \(String(format: "%.1e", check.entries.map(\.worstRelativeError).max() ?? 0))", "checked")
        )
        let first = try ctx.run("first run")
        result.rows.append(("first run: train / validation accuracy", "\(percent(first.train.accuracy)) / \(percent(first.validation?.accuracy))", "about 10 % / 10 %"))
        result.figures += curves("first run", first, file: "first")
        if let weights = try RunFigures.firstLayerWeights(first.network, sampleShape: [32, 32, 3]) {
            result.figures.append(("weights_first.svg", weights, "First-layer weights after the first run."))
        }
        var best: (name: String, validation: Float, outcome: RunOutcome)?
        var rows: [[String]] = []
        for (i, t) in cTrials.enumerated() {
            let outcome = try ctx.run(cTrialName(i))
            let v = outcome.validation?.accuracy ?? 0
            rows.append([cTrialName(i), String(format: "%.2e", Double(t.lr)), String(format: "%.2e", Double(t.weightDecay)), "\(t.hidden)", percent(v)])
            if best == nil || v > best!.validation { best = (cTrialName(i), v, outcome) }
        }
        result.tables.append(("The random search", ["trial", "learning rate", "weight decay", "H", "validation accuracy"], rows))
        if let best {
            ReproductionCatalogue.accuracy(&result, "test accuracy of the best trial (\(best.name))", ours: best.outcome.test?.accuracy, report: 11, tolerancePoints: 2)
            if let weights = try RunFigures.firstLayerWeights(best.outcome.network, sampleShape: [32, 32, 3]) {
                result.figures.append(("weights_best.svg", weights, "First-layer weights of the best trial."))
            }
            result.notes.append(
                "The best trial, \(best.name), reached \(percent(best.validation)) on the validation images\(best.validation > 0.3 ? ", far above the report's chance-level 11 %" : "").")
        }
        return result
    }
}
