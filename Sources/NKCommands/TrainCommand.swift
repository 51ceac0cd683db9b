// `neuralkit train`: parses a run specification from the options, runs it, prints the results.

import ArgumentParser
import Foundation
import NKDistributed
import NeuralKit

struct TrainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Train a model with mini-batch SGD, momentum, Adam, RMSprop or Adagrad.",
        discussion: """
            Examples:
              neuralkit train --model "Linear(2, 5) - TanH() - Linear(5, 1) - Sigmoid()" --data gen-arti:1 --loss bce --lr 0.5 --epochs 100
              neuralkit train --model "Linear(2, 1)" --data linear-regression --loss mse --lr 0.1 --epochs 300 --batch-size 100
              neuralkit train --model "Linear(4, 10) - ReLU() - Linear(10, 3)" --data iris --loss ce --save iris.safetensors
              neuralkit train --init iris.safetensors --data iris --loss ce --epochs 5     (the model notation is read from the file)
              neuralkit train --model "Linear(784, 512) - ReLU() - Dropout(0.2) - Linear(512, 10)" --data mnist --loss ce --optimizer adam --batch-size 128 --epochs 15 --out runs/mlp
              neuralkit train --resume runs/mlp --epochs 20     (continue a killed or finished run)
            With --epochs 1 --batch-size N --no-shuffle on N samples, train performs exactly one full-batch SGD step.
            """
    )

    @OptionGroup var model: ModelOptions
    @OptionGroup var data: DataOptions
    @OptionGroup var training: TrainingOptions

    @Flag(name: .long, help: "Train an autoencoder: the targets are the inputs themselves, flattened (use mse, or bce on inputs in [0, 1]).")
    var reconstruct = false

    @Option(
        name: .customLong("init"),
        help: ArgumentHelp("Start from the weights in this safetensors file (its notation is the default --model, its recorded preprocessing the default --preprocess).", valueName: "file"))
    var initialWeights: String?

    @Option(
        name: .long, parsing: .unconditional,
        help: ArgumentHelp("Pre-train the model's leading Linear - Sigmoid pairs as RBMs for this many epochs each (CD-1) before training (0: none); inputs must lie in [0, 1].", valueName: "epochs"))
    var pretrain: Int?

    @Option(name: .customLong("pretrain-lr"), parsing: .unconditional, help: "The learning rate of --pretrain (default 0.1).")
    var pretrainLearningRate: Float?

    @Option(
        name: .customLong("pretrain-data"),
        help: "With --pretrain: the images the RBMs learn from: train (the training rows) or all (the training and test images of the source, before --limit: transductive, as report 004 did).")
    var pretrainData: PretrainingData?

    @Option(name: .long, help: ArgumentHelp("Write the trained weights here (safetensors, PyTorch names, with the run and its preprocessing; written atomically).", valueName: "file"))
    var save: String?

    @Option(name: .long, help: ArgumentHelp("Write a run folder here: config, history, metrics, checkpoint, figures and report.html.", valueName: "dir"))
    var out: String?

    @Flag(name: .long, help: "With --out: replace the run the folder already holds (finished or not).")
    var overwrite = false

    @Option(name: .long, parsing: .unconditional, help: ArgumentHelp("With --out and image data: how many training samples the report's grid shows (1–1000, default 48).", valueName: "n"))
    var samplesGrid: Int?

    @Flag(name: .long, help: "With --out: also write every figure as PNG beside its SVG.")
    var png = false

    @Option(
        name: .long,
        help: ArgumentHelp(
            "With --out or --resume: write TensorBoard event files into the run folder (scalars per batch and epoch, histograms, images): on (the default) or off; a resumed run does as it did unless told.",
            valueName: "on|off"))
    var tensorboard: Switch?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Continue the run in this --out folder (killed, or finished and given more --epochs) from its last.safetensors, with the options its config.json records; bit-identical to an uninterrupted run on the same thread count.",
            valueName: "dir"))
    var resume: String?

    @OptionGroup var verbosity: VerbosityOption
    var verbose: Int { verbosity.verbose }

    func validate() throws {
        try verbosity.check(highest: 2)
        if let samplesGrid, !(1...1000).contains(samplesGrid) { throw ValidationError("--samples-grid must be between 1 and 1000, got \(samplesGrid).") }
        if let tensorboard, out == nil, resume == nil {
            throw ValidationError("--tensorboard \(tensorboard) writes event files into a run folder: give --out DIR.")
        }
        if let resume {
            let own = [
                ("--model", model.model != nil), ("--seed", model.seed != nil), ("--init", initialWeights != nil), ("--out", out != nil),
                ("--pretrain", pretrain != nil), ("--pretrain-lr", pretrainLearningRate != nil), ("--pretrain-data", pretrainData != nil),
                ("--overwrite", overwrite), ("--reconstruct", reconstruct),
            ]
            let conflicting = own.filter(\.1).map(\.0) + data.givenExceptDataDirectory + training.givenExceptEpochs
            if !conflicting.isEmpty {
                throw ValidationError(
                    "--resume \(resume) continues the run its config.json records; \(conflicting.joined(separator: ", ")) cannot be changed (only --epochs, --verbose, --save, --png, --samples-grid, --tensorboard and --data-dir may be given)."
                )
            }
            return
        }
        if overwrite, out == nil { throw ValidationError("--overwrite applies to a run folder: give --out DIR.") }
        if png, out == nil { throw ValidationError("--png writes the report's figures as PNG: give the run folder with --out DIR.") }
        if pretrainData != nil, (pretrain ?? 0) == 0 { throw ValidationError("--pretrain-data applies to pre-training: give --pretrain EPOCHS too.") }
        let loss = try training.requiredLoss()
        if reconstruct, ![.mse, .bce, .bceLogits].contains(loss) {
            throw ValidationError("--reconstruct compares outputs with inputs: use --loss mse, bce or bce-logits, not \(loss).")
        }
    }

    mutating func run() throws {
        let group = try ProcessWorld.join()
        do { _ = try execute(in: group) } catch {
            guard let group else { throw error }
            stopEveryRank(group, after: error)
        }
    }

    /// The run the options describe.
    func specification() throws -> RunSpecification {
        var spec = RunSpecification(
            model: try model.notation(checkpoint: initialWeights), data: try data.specification(), loss: try training.requiredLoss(),
            training: try training.configuration(seed: model.seed ?? 0), reconstruct: reconstruct,
            initialWeights: initialWeights)
        if let pretrain, pretrain > 0 {  // 0: none (a sweep's "random initialisation" value)
            spec.pretraining = RBMTraining(learningRate: pretrainLearningRate ?? 0.1, batchSize: spec.training.batchSize, epochs: pretrain, seed: spec.seed)
            spec.pretrainingData = pretrainData
        }
        return spec
    }

    /// Trains as the options say, prints progress and results, and returns them. Under `mpirun` (a
    /// `group` of several ranks) every rank trains its share of each batch (docs/distributed.md) and
    /// only rank 0 reads the run folder, prints and writes (`TrainingSession`).
    func execute(in group: (any ProcessGroup)? = nil) throws -> RunOutcome {
        let lead = (group?.rank ?? 0) == 0
        if lead, let save {  // before training: a bad path fails fast
            let folder = out ?? resume
            if let folder {
                try OutputPaths.checkOutside(save, option: "--save", folder: folder, folderOption: out == nil ? "--resume" : "--out", isReserved: RunFolder.isRunFileName)
            }
            // Inside the run folder, which the run creates: checked when it exists.
            let inFolder = folder.map { OutputPaths.resolved($0) == (OutputPaths.resolved(save) as NSString).deletingLastPathComponent } ?? false
            if !inFolder || PathKind(folder!) == .folder { try AtomicFile.checkTarget(save, what: "--save") }
        }
        let start: TrainingSession.Start
        if let resume {
            start = .resume(folder: resume, epochs: training.epochs)
        } else {
            start = .new(try specification(), folder: out, overwrite: overwrite)
        }
        let session = try TrainingSession(
            start, dataDirectory: data.dataDir == nil ? nil : data.dataDirectory, command: commandLine(), tensorBoard: tensorboard.map { $0 == .on },
            group: group)
        guard session.isLead else { return try session.finish(save: nil) }
        let run = session.run
        for note in run.notes { printNote(note) }
        let progress = ProgressPrinter(verbose: verbose, epochs: run.specification.training.epochs)
        if verbose > 0, let pretraining = run.specification.pretraining {
            run.onPretrainingLayer = { count in print("Pre-training \(count) RBMs, \(pretraining.epochs) epochs each") }
            run.onPretrainingEpoch = { layer, m in print("  layer \(layer): " + RBMReport.line(m, epochs: pretraining.epochs)) }
        }
        run.onProgress = progress.batchDone
        run.onEpochEnd = progress.epochDone
        if verbose > 0 {
            let spec = run.specification, settings = spec.training
            let held = run.data.validation.map { " (+\($0.count) for validation)" } ?? ""
            let schedule = settings.schedule == .constant ? "" : " (\(settings.schedule))"
            print(
                "Training \(ModelNotation.describe(run.network)) on \(run.data.train.count) samples of \(run.data.train.name)\(held), "
                    + "loss \(spec.loss), \(settings.optimizer.summary), lr \(settings.learningRate)\(schedule), batch \(settings.batchSize), seed \(spec.seed)")
        }
        let outcome = try session.finish(save: save, sampleCount: samplesGrid ?? 48, allPNG: png) { printNote($0, kind: "warning") }
        progress.finish()
        for evaluation in outcome.evaluations { print(evaluation.line) }
        if let coefficients = outcome.recoveredCoefficients { print(coefficients) }
        if verbose > 0, let save { print("Saved \(save)") }
        if verbose > 0, let folder = session.folder { print("Wrote \(folder.file("report.html"))") }
        return outcome
    }
}

/// Reports `error` (rank 0 always; another rank unless every rank saw it) and ends every rank of
/// `group` (MPI_Abort), so that no rank waits for one that has stopped.
func stopEveryRank(_ group: any ProcessGroup, after error: any Error) -> Never {
    let shared = error is RankAgreement.Disagreement
    if group.rank == 0 || !shared {
        let text = (error as? NeuralKitError).map { withOption($0).description } ?? NeuralKitError.fromFoundation(error)?.description ?? "\(error)"
        let prefix = group.rank == 0 ? "" : "rank \(group.rank) of \(group.size): "
        FileHandle.standardError.write(Data("Error: \(prefix)\(text)\n".utf8))
    }
    ProcessWorld.abort(group, code: 1)
}

/// The command line as typed, with arguments that need it quoted (for `config.json` and reports).
func commandLine() -> String { shellLine(["neuralkit"] + CommandLine.arguments.dropFirst()) }

/// `note: …` (or `warning: …`) on standard error.
func printNote(_ text: String, kind: String = "note") {
    FileHandle.standardError.write(Data("\(kind): \(text)\n".utf8))
}
