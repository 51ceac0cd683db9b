// `neuralkit train`: mini-batch SGD on a CSV file or built-in data.

import ArgumentParser
import Foundation
import NeuralKit

struct TrainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Train a model with mini-batch SGD.",
        discussion: """
            Examples:
              neuralkit train --model "Linear(2, 5) - TanH() - Linear(5, 1) - Sigmoid()" --data gen-arti:1 --loss bce --lr 0.5 --epochs 100
              neuralkit train --model "Linear(2, 1)" --data linear-regression --loss mse --lr 0.1 --epochs 300 --batch-size 100
              neuralkit train --model "Linear(4, 10) - ReLU() - Linear(10, 3)" --data iris.csv --loss ce --save iris.safetensors
            With --epochs 1 --batch-size N --no-shuffle on N samples, train performs exactly one full-batch SGD step.
            """
    )

    @OptionGroup var model: ModelOptions
    @OptionGroup var data: DataOptions
    @OptionGroup var training: TrainingOptions

    @Flag(name: .long, help: "Train an autoencoder: the targets are the inputs themselves, flattened (use mse, or bce on inputs in [0, 1]).")
    var reconstruct = false

    @Option(name: .customLong("init"), help: ArgumentHelp("Start from the weights in this safetensors file.", valueName: "file"))
    var initialWeights: String?

    @Option(name: .long, help: ArgumentHelp("Write the trained weights here (safetensors, PyTorch names; written atomically).", valueName: "file"))
    var save: String?

    @Option(name: .long, help: ArgumentHelp("Write a run folder here: config, history, metrics, checkpoint, figures and report.html.", valueName: "dir"))
    var out: String?

    @Option(name: .long, help: "0: final result only; 1: progress (a bar on a terminal, a line per epoch otherwise); 2: a line per epoch always, plus JSON lines.")
    var verbose: Int = 1

    func validate() throws {
        guard (0...2).contains(verbose) else { throw ValidationError("--verbose must be 0, 1 or 2, got \(verbose).") }
        if reconstruct, !["mse", "bce", "bce-logits"].contains(training.loss) {
            throw ValidationError("--reconstruct compares outputs with inputs: use --loss mse, bce or bce-logits, not \(training.loss).")
        }
        if let save, save.hasSuffix("/") || FileManager.default.isDirectory(save) {
            throw ValidationError("--save \(save): expected a file name, got a directory.")
        }
    }

    mutating func run() throws { _ = try execute() }

    /// What a finished `train` run produced; tests read it instead of parsing the printed text.
    struct Outcome {
        var network: Sequential
        var train: Evaluation
        var validation: Evaluation?
        var test: Evaluation?
        var history: History
    }

    /// Trains as the options say, prints progress and results, and returns them.
    func execute() throws -> Outcome {
        var rng = RandomGenerator(seed: model.seed)
        let network = try model.buildModel(rng: &rng)
        if let initialWeights { try loadWeights(initialWeights, into: network) }
        let folder = try out.map(RunFolder.init)   // before training: a bad --out fails fast

        let loaded = try data.load(seed: model.seed)
        let all = reconstruct ? loaded.reconstructing() : loaded
        let outputShape = try network.checkInput(sampleShape: Array(all.inputs.shape.dropFirst()), batch: all.count, source: all.name)
        let outputWidth = outputShape.dropFirst().reduce(1, *)
        if reconstruct, outputWidth != all.inputs.rowSize {
            throw NeuralKitError.shape("--reconstruct: the model gives \(outputWidth) values per sample, but \(all.name) samples have \(all.inputs.rowSize); an autoencoder must end with as many outputs as it has inputs.")
        }
        let encoded = try TargetEncoding(lossName: training.loss, targets: all.targets, outputWidth: outputWidth)
        var prepared = all
        prepared.targets = encoded.targets
        let test = try all.test.map { part -> LoadedData in
            var part = part
            part.targets = try TargetEncoding(lossName: training.loss, targets: part.targets, outputWidth: outputWidth).targets
            return part
        }
        // A dataset with no published test part holds out 20 % for validation unless told otherwise.
        let holdOut = data.validationFraction == 0 && data.isRegistered && test == nil ? 0.2 : data.validationFraction
        let (train, validation) = prepared.split(validationFraction: holdOut, seed: model.seed)

        let loss = try makeLoss(named: training.loss)
        let configuration = TrainingConfiguration(
            batchSize: training.batchSize, epochs: training.epochs, learningRate: training.learningRate,
            learningRateDecay: training.learningRateDecay, weightDecay: training.weightDecay, shuffle: !training.noShuffle, seed: model.seed)
        let trainer = Trainer(network, loss, configuration: configuration, decision: encoded.decision)
        let progress = ProgressPrinter(verbose: verbose, epochs: training.epochs)
        trainer.onProgress = progress.batchDone
        trainer.onEpochEnd = progress.epochDone

        if verbose > 0 {
            let held = validation.map { " (+\($0.count) for validation)" } ?? ""
            print("Training \(ModelNotation.describe(network)) on \(train.count) samples of \(all.name)\(held), "
                  + "loss \(training.loss), lr \(training.learningRate)\(training.learningRateDecay < 1 ? " ×\(training.learningRateDecay) per epoch" : ""), batch \(training.batchSize), seed \(model.seed)")
        }
        let history = try trainer.fit(inputs: train.inputs, targets: train.targets,
                                      validation: validation.map { ($0.inputs, $0.targets) })
        progress.finish()
        // The final model judged on its training (and validation) data, not the running epoch mean.
        func judge(_ part: LoadedData) throws -> Evaluation {
            var e = try Evaluation(network: network, loss: loss, decision: encoded.decision, data: part)
            if encoded.decision == nil, training.loss == "mse" { e.meanBaseline = meanPredictionMSE(train: train, judged: part) }
            return e
        }
        let outcome = Outcome(network: network, train: try judge(train), validation: try validation.map(judge),
                              test: try test.map(judge), history: history)
        print(outcome.train.line(label: "train"))
        if let v = outcome.validation { print(v.line(label: "validation")) }
        if let t = outcome.test { print(t.line(label: "test")) }
        if let truth = all.trueCoefficients { print(recoveredCoefficients(network, truth: truth)) }
        if let save {
            try saveWeights(of: network, to: save)
            if verbose > 0 { print("Saved \(save)") }
        }
        if let folder {
            try writeRun(to: folder, outcome: outcome, train: train, validation: validation, test: test, decision: encoded.decision,
                         outputWidth: outputWidth)
            if verbose > 0 { print("Wrote \(folder.file("report.html"))") }
        }
        return outcome
    }
}

extension TrainCommand {
    /// The options of this run, as `config.json` and the report show them.
    var configurationPairs: [(String, String)] {
        var pairs: [(String, String)] = [
            ("model", model.model ?? ""), ("data", data.data), ("loss", training.loss),
            ("learning rate", "\(training.learningRate)"), ("learning-rate decay", "\(training.learningRateDecay)"),
            ("weight decay", "\(training.weightDecay)"),
            ("epochs", "\(training.epochs)"),
            ("batch size", "\(training.batchSize)"), ("shuffle", training.noShuffle ? "no" : "yes"),
            ("seed", "\(model.seed)"), ("reconstruct", reconstruct ? "yes" : "no"), ("validation fraction", "\(data.validationFraction)"), ("targets", "\(data.targets)"),
        ]
        if let samples = data.samples { pairs.append(("samples", "\(samples)")) }
        if data.isRegistered {
            pairs.append(("data directory", DatasetRegistry.dataDirectory(explicit: data.dataDir).path))
            pairs.append(("preprocessing", data.preprocess.isEmpty ? "the dataset's default" : data.preprocess.joined(separator: ", ")))
        }
        if let limit = data.limit { pairs.append(("limit", "\(limit)")) }
        if let initialWeights { pairs.append(("initial weights", initialWeights)) }
        let quoted = CommandLine.arguments.dropFirst().map { $0.contains(where: { " \"'$()".contains($0) }) ? "'\($0)'" : $0 }
        pairs.append(("command", (["neuralkit"] + quoted).joined(separator: " ")))
        return pairs
    }

    func writeRun(to folder: RunFolder, outcome: Outcome, train: LoadedData, validation: LoadedData?, test: LoadedData?,
                  decision: Decision?, outputWidth: Int) throws {
        let histories = [(name: "run", history: outcome.history)]
        var figures: [(name: String, figure: any Figure, caption: String)] = [
            ("loss.svg", RunFigures.lossCurves(histories), "Training (solid) and validation (dashed) loss after each epoch."),
        ]
        if let accuracy = RunFigures.accuracyCurves(histories) {
            figures.append(("accuracy.svg", accuracy, "Accuracy after each epoch (training: measured on each batch before its update)."))
        }
        var pngs: [(name: String, bytes: [UInt8])] = []
        if let decision, decision == .argmax || outputWidth == 1 {
            let judged = test ?? validation ?? train
            let confusion = try RunFigures.confusion(network: outcome.network, data: judged, decision: decision,
                                                     classCount: decision == .argmax ? outputWidth : 2)
            figures.append(("confusion.svg", confusion, "Confusion matrix of the final model on the \(test != nil ? "test" : validation != nil ? "validation" : "training") data: rows are true classes, columns predicted ones."))
            pngs.append(("confusion.png", try confusion.png()))
            if train.inputs.rowSize == 2 {
                let boundary = try RunFigures.decisionBoundary(network: outcome.network, data: train, decision: decision)
                figures.append(("decision_boundary.svg", boundary, "The class the final model gives to every point of the plane, with the training points on top."))
                pngs.append(("decision_boundary.png", try boundary.png()))
            }
        }
        if let samples = try RunFigures.samples(train) {
            figures.append(("samples.svg", samples, train.targets.rowSize == 1 ? "The first training samples with their labels." : "The first training samples."))
        }
        let (judged, judgedName) = test.map { ($0, "test") } ?? validation.map { ($0, "validation") } ?? (train, "training")
        if reconstruct, let comparison = try RunFigures.reconstructions(outcome.network, data: judged) {
            figures.append(("reconstructions.svg", comparison, "The first \(judgedName) samples (top) and the autoencoder's reconstructions of them (bottom)."))
        }
        if let weights = try RunFigures.firstLayerWeights(outcome.network, sampleShape: Array(train.inputs.shape.dropFirst())) {
            figures.append(("first_layer_weights.svg", weights, "The weights of the first layer's units, each drawn as an image of its input (symmetric scale: mid-grey is 0, lighter is positive, darker negative)."))
        }
        var evaluations = [("train", outcome.train)]
        if let v = outcome.validation { evaluations.append(("validation", v)) }
        if let t = outcome.test { evaluations.append(("test", t)) }
        try folder.write(configuration: configurationPairs, outcome: outcome, evaluations: evaluations, figures: figures, pngs: pngs)
    }
}

/// The MSE (NeuralKit's: summed over outputs, averaged over samples) of always predicting the mean
/// training target: the baseline a regression model must beat.
func meanPredictionMSE(train: LoadedData, judged: LoadedData) -> Float {
    let w = train.targets.rowSize
    var mean = [Double](repeating: 0, count: w)
    for (i, y) in train.targets.scalars.enumerated() { mean[i % w] += Double(y) / Double(train.count) }
    var sum = 0.0
    for (i, y) in judged.targets.scalars.enumerated() { sum += (Double(y) - mean[i % w]) * (Double(y) - mean[i % w]) }
    return Float(sum / Double(max(judged.count, 1)))
}

/// "Recovered coefficients" for a single `Linear(2, 1)` fitted to the linear-regression data.
func recoveredCoefficients(_ network: Sequential, truth: [Float]) -> String {
    guard network.modules.count == 1, let linear = network.modules.first as? Linear,
          linear.inputSize == 2, linear.outputSize == 1 else {
        return "(the recovered coefficients are printed for a model that is exactly Linear(2, 1))"
    }
    let w = linear.weight.value.scalars, b = linear.bias?.value.scalars.first ?? 0
    let found: [Float] = [w[0], w[1], b]
    let names = ["a", "b", "c"]
    var parts: [String] = []
    for i in 0..<3 {
        let value = Double(found[i]), expected = Double(truth[i])
        let percent = (value - expected) / expected * 100
        parts.append(String(format: "%@ = %.3f (true %g, %+.2f%%)", names[i], value, expected, percent))
    }
    return "Recovered coefficients: " + parts.joined(separator: ", ")
}

extension FileManager {
    func isDirectory(_ path: String) -> Bool {
        var isDir: ObjCBool = false
        return fileExists(atPath: path, isDirectory: &isDir) && isDir.boolValue
    }
}

extension Sequential {
    /// The network's output shape for one sample of `sampleShape`, or an error that names the data
    /// source and the first layer that does not fit.
    func checkInput(sampleShape: [Int], batch: Int = 1, source: String) throws -> [Int] {
        var shape = [batch] + sampleShape
        for (i, module) in modules.enumerated() {
            do { shape = try module.outputShape(for: shape) } catch let error as NeuralKitError {
                throw NeuralKitError.shape("\(source) gives samples of shape \(describeShape(sampleShape)), which layer \(i) cannot take: \(error.message)")
            }
        }
        return shape
    }
}
