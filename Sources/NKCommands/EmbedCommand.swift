// `neuralkit embed`: PCA or t-SNE coordinates of raw data or of a layer's outputs, as CSV and a figure.

import ArgumentParser
import Foundation
import NeuralKit

struct EmbedCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "embed",
        abstract: "Project data (or a layer's outputs) with PCA or t-SNE; write coordinates and labels as CSV, and a scatter plot.",
        discussion: """
            Examples:
              neuralkit embed --data usps --method tsne --limit 2000 --out usps-tsne.csv --figure usps-tsne.svg
              neuralkit embed --data mnist --method tsne --pca 50 --limit 10000 --out mnist-tsne.csv --figure mnist-tsne.svg
              neuralkit embed --data mnist --method tsne --pca 50 --tsne-method fft --out mnist-tsne.csv
              neuralkit embed --data mnist --method pca --dimensions 50 --out mnist-pca50.csv
            """
    )

    @OptionGroup var data: DataOptions
    @OptionGroup var representation: RepresentationOptions

    @Option(name: .long, help: "pca or tsne.")
    var method: String = "pca"

    @Option(
        name: .long,
        help: ArgumentHelp(
            "t-SNE only: how the repulsion is computed: auto (Barnes-Hut below \(TSNEMethod.fftCrossover) points, FFT from there), barnes-hut, fft (FFT-interpolated on a grid), or exact (all pairs; any --dimensions).",
            valueName: "auto|barnes-hut|fft|exact"))
    var tsneMethod: String = "auto"

    @Option(name: .long, parsing: .unconditional, help: "Output dimensions (t-SNE: 2 unless --tsne-method exact; 3 or more uses exact).")
    var dimensions: Int = 2

    @Option(name: .long, parsing: .unconditional, help: "t-SNE perplexity.")
    var perplexity: Double = 30

    @Option(name: .long, parsing: .unconditional, help: "t-SNE iterations.")
    var iterations: Int = 1000

    @Option(name: .long, parsing: .unconditional, help: ArgumentHelp("t-SNE only: first reduce the data to its N leading principal components (50 is common; faster on wide data).", valueName: "N"))
    var pca: Int?

    @OptionGroup var seeding: SeedOption
    var seed: UInt64 { seeding.value }

    @Option(name: .long, help: ArgumentHelp("Write the coordinates and labels here (CSV).", valueName: "file"))
    var out: String

    @Option(name: .long, help: ArgumentHelp("Also draw a scatter plot of the first two coordinates (.svg or .png).", valueName: "file"))
    var figure: String?

    func validate() throws {
        guard ["pca", "tsne"].contains(method) else { throw ValidationError("--method must be pca or tsne, got '\(method)'.") }
        guard let chosen = TSNEMethod(rawValue: tsneMethod) else {
            throw ValidationError("--tsne-method must be auto, barnes-hut, fft or exact, got '\(tsneMethod)'.")
        }
        if chosen != .automatic {
            guard method == "tsne" else { throw ValidationError("--tsne-method applies to --method tsne.") }
            guard chosen == .exact || dimensions == 2 else {
                throw ValidationError("--tsne-method \(tsneMethod) embeds in 2 dimensions, not \(dimensions); use --tsne-method exact.")
            }
        }
        guard dimensions >= 1 else { throw ValidationError("--dimensions must be at least 1, got \(dimensions).") }
        guard iterations >= 1 else { throw ValidationError("--iterations must be at least 1, got \(iterations).") }
        guard perplexity.isFinite, perplexity > 0 else { throw ValidationError("--perplexity must be a positive number, got \(perplexity).") }
        if let pca {
            guard method == "tsne" else { throw ValidationError("--pca N applies to --method tsne (for PCA itself, use --dimensions).") }
            guard pca >= 1 else { throw ValidationError("--pca must be at least 1, got \(pca).") }
        }
        if let figure, !["svg", "png"].contains((figure as NSString).pathExtension.lowercased()) {
            throw ValidationError("--figure must end in .svg or .png, got '\(figure)'.")
        }
    }

    mutating func run() throws {
        try AtomicFile.checkTarget(out, what: "--out")  // before the work, not after it
        if let figure {
            try AtomicFile.checkTarget(figure, what: "--figure")
            try OutputPaths.checkDistinct([("--out", out), ("--figure", figure)])
        }
        let input = try representation.input(data: data, seed: seed)
        let start = DispatchTime.now().uptimeNanoseconds
        let progress = AnalysisProgress()
        let embedding = try Embedding(
            input, method: method == "pca" ? .pca : .tsne, dimensions: dimensions, perplexity: perplexity,
            iterations: iterations, pcaFirst: pca, tsneMethod: TSNEMethod(rawValue: tsneMethod) ?? .automatic,
            seed: seed
        ) { step in
            switch step {
            case .stage(let text): progress.stage(text)
            case let .iteration(done, total): progress.update("t-SNE iterations", done: done, total: total)
            }
        }
        progress.finish()
        for note in embedding.notes { printNote(note) }
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        print(
            String(
                format: "%@ of %@: %ld × %ld → %ld dimensions, %@ (%.2f s)", embedding.method.displayName, input.name, input.rows.rowCount,
                input.rows.rowSize, dimensions, embedding.summary, seconds))
        try AtomicFile.write(text: embedding.csv, to: out)
        print("Wrote \(out)")
        if let figure, let plot = embedding.scatterPlot(title: "\(embedding.method.displayName) of \(input.name)") {
            try plot.write(to: figure)
            print("Wrote \(figure)")
        }
    }
}
