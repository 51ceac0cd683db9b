// `neuralkit plot`: redraw the curves of one or more saved runs.

import ArgumentParser
import Foundation
import NeuralKit

struct PlotCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plot",
        abstract: "Redraw loss or accuracy curves from saved histories (several runs are overlaid).",
        discussion: """
            Each argument is a run folder written by `train --out` or its history.csv.
            Examples:
              neuralkit plot runs/xor --out xor-loss.svg
              neuralkit plot runs/lr-0.1 runs/lr-0.5 --metric accuracy --out sweep.png
            """
    )

    @Argument(help: ArgumentHelp("Run folders or history.csv files.", valueName: "run"))
    var runs: [String]

    @Option(name: .long, help: "loss or accuracy.")
    var metric: String = "loss"

    @Option(name: .long, help: ArgumentHelp("The figure to write (.svg or .png).", valueName: "file"))
    var out: String

    @Flag(name: .long, help: "Draw the accuracy axis from 0 to 100 % instead of zooming to the data.")
    var fullRange = false

    func validate() throws {
        guard !runs.isEmpty else { throw ValidationError("Give at least one run folder or history.csv file.") }
        guard ["loss", "accuracy"].contains(metric) else { throw ValidationError("--metric must be loss or accuracy, got '\(metric)'.") }
        guard !fullRange || metric == "accuracy" else { throw ValidationError("--full-range applies to --metric accuracy only.") }
        let ext = (out as NSString).pathExtension.lowercased()
        guard ext == "svg" || ext == "png" else { throw ValidationError("--out must end in .svg or .png, got '\(out)'.") }
    }

    mutating func run() throws {
        try AtomicFile.checkTarget(out, what: "--out")
        let histories = try HistoryFile.readRuns(runs)
        let plot: LinePlot
        if metric == "loss" {
            plot = RunFigures.lossCurves(histories)
        } else {
            guard let accuracy = RunFigures.accuracyCurves(histories, fullRange: fullRange) else {
                throw NeuralKitError.data("No accuracy was recorded in \(runs.joined(separator: ", ")) (a regression or autoencoder run).")
            }
            plot = accuracy
        }
        try plot.write(to: out)
        print("Wrote \(out)")
    }
}
