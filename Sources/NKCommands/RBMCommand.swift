// `neuralkit rbm`: train a restricted Boltzmann machine by contrastive divergence.

import ArgumentParser
import Foundation
import NeuralKit

struct RBMCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rbm",
        abstract: "Train a binary restricted Boltzmann machine by CD-k or persistent CD.",
        discussion: """
            Inputs must lie in [0, 1]; they are used as the probabilities of the visible units (image datasets are scaled to [0, 1] by default; --preprocess binarize gives binary pixels). Each epoch prints the reconstruction error, and the mean free energy and pseudo-log-likelihood (scikit-learn's score_samples) of 1,000 training rows and of the test part.
            Examples:
              neuralkit rbm --data mnist --preprocess binarize --hidden 500 --epochs 10 --lr 0.1 --batch-size 64 --save rbm.safetensors --out runs/rbm
              neuralkit sample --checkpoint rbm.safetensors --count 20 --steps 1000 --every 100 --figure chains.svg
            """
    )

    @OptionGroup var data: DataOptions
    @OptionGroup var training: RBMTrainingOptions

    @Option(name: .long, parsing: .unconditional, help: "Hidden units.")
    var hidden: Int

    @OptionGroup var seeding: SeedOption
    var seed: UInt64 { seeding.value }

    @Option(name: .long, help: ArgumentHelp("Write the RBM here (weight, visible_bias, hidden_bias; safetensors).", valueName: "file"))
    var save: String?

    @Option(name: .long, help: ArgumentHelp("Write a report folder: history, filters, reconstructions, samples, report.html.", valueName: "dir"))
    var out: String?

    @Flag(name: .long, help: "With --out: replace what the folder holds.")
    var overwrite = false

    @OptionGroup var verbosity: VerbosityOption
    var verbose: Int { verbosity.verbose }

    func validate() throws {
        try verbosity.check(highest: 1)
        try naming {
            try RBMRun(data: try data.specification(), hidden: hidden, settings: training.settings(seed: seed), dataDirectory: data.dataDirectory).validate()
        }
    }

    mutating func run() throws {
        if let save {
            try AtomicFile.checkTarget(save, what: "--save")
            if let out { try OutputPaths.checkOutside(save, option: "--save", folder: out, folderOption: "--out", isReserved: RunFolder.isRunFileName) }
        }
        let folder = try out.map { try RunFolder(path: $0, overwrite: overwrite) }
        let settings = training.settings(seed: seed)
        let verbose = self.verbose, hidden = self.hidden, seed = self.seed
        let run = RBMRun(data: try data.specification(), hidden: hidden, settings: settings, dataDirectory: data.dataDirectory)
        let (rbm, history, prepared) = try run.run(
            onStart: { visible, samples, prepared in
                guard verbose > 0 else { return }
                print(
                    "Training an RBM of \(visible) visible and \(hidden) hidden units on \(samples) samples of \(prepared.train.name) "
                        + "(\(prepared.preprocessing)), \(settings.persistent ? "PCD" : "CD")-\(settings.k), lr \(settings.learningRate), batch \(settings.batchSize), seed \(seed)")
            }, onEpoch: { m in if verbose > 0 { print(RBMReport.line(m, epochs: settings.epochs)) } })
        let last = history.last!
        print(
            String(format: "pseudo-log-likelihood: train %.3f", Double(last.pseudoLogLikelihood))
                + (last.monitorPseudoLogLikelihood.map { String(format: ", test %.3f", Double($0)) } ?? "")
                + String(format: "; reconstruction error %.5f", Double(last.reconstructionError)))
        if let save {
            try RBMFile.write(rbm, settings: settings, data: prepared.source.description, preprocessing: prepared.preprocessing, to: save)
            if verbose > 0 { print("Saved \(save)") }
        }
        if let folder {
            try RBMReport.write(rbm, history: history, settings: settings, data: prepared, command: commandLine(), to: folder, seed: seed)
            if verbose > 0 { print("Wrote \(folder.file("report.html"))") }
        }
    }
}
