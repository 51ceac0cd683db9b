// RBMReport: what `neuralkit rbm --out DIR` writes (history, figures, report.html).

import Foundation
import NKCore
import NKData
import NKPlot
import NKTrain

/// The report of an RBM's training, in a `RunFolder`: `config.json` (settings, data, command),
/// `history.csv`, `filters.svg` (the first 100 hidden units' weights as images), `reconstructions.svg`
/// (held-out samples over their one-step reconstructions), `samples.svg` (Gibbs chains from noise),
/// `pll.svg` (pseudo-log-likelihood per epoch), `reconstruction_error.svg` and `free_energy.svg` (the
/// other monitors per epoch), `report.html`, and `metrics.json` last.
public enum RBMReport {
    /// `Epoch 3/10  recon 0.0712  free energy -95.2  PLL -98.1  test PLL -99.0  (2.31s)`.
    public static func line(_ m: RBMEpochMetrics, epochs: Int) -> String {
        var s = String(
            format: "Epoch %ld/%ld  recon error %.5f  free energy %.2f  PLL %.3f", m.epoch, epochs,
            Double(m.reconstructionError), Double(m.freeEnergy), Double(m.pseudoLogLikelihood))
        if let p = m.monitorPseudoLogLikelihood { s += String(format: "  test PLL %.3f", Double(p)) }
        return s + String(format: "  (%.2fs)", m.seconds)
    }

    /// `epoch,reconstruction_error,free_energy,pseudo_log_likelihood,test_free_energy,test_pseudo_log_likelihood,seconds`.
    public static func csv(_ history: [RBMEpochMetrics]) -> String {
        func cell(_ x: Float?) -> String { x.map { "\($0)" } ?? "" }
        return
            (["epoch,reconstruction_error,free_energy,pseudo_log_likelihood,test_free_energy,test_pseudo_log_likelihood,seconds"]
            + history.map { "\($0.epoch),\($0.reconstructionError),\($0.freeEnergy),\($0.pseudoLogLikelihood),\(cell($0.monitorFreeEnergy)),\(cell($0.monitorPseudoLogLikelihood)),\($0.seconds)" })
            .joined(separator: "\n") + "\n"
    }

    /// The report section of each figure that is not a curve (the others go with the curves).
    static let sections: [String: ReportSection] = ["filters.svg": .samples, "reconstructions.svg": .samples, "samples.svg": .samples]

    /// Writes the report of `rbm` into `folder`.
    /// - Parameters:
    ///   - rbm: the trained machine.
    ///   - history: its metrics per epoch.
    ///   - settings: how it was trained.
    ///   - data: the data it was trained on, prepared.
    ///   - command: the command line, recorded in the report.
    ///   - folder: the run folder to write into.
    ///   - seed: the seed of the Gibbs chains the report draws.
    ///   - allPNG: also write every figure as PNG beside its SVG (`rbm --png`).
    public static func write(
        _ rbm: RBM, history: [RBMEpochMetrics], settings: RBMTraining, data: PreparedData,
        command: String?, to folder: RunFolder, seed: UInt64, allPNG: Bool = false
    ) throws {
        struct Config: Encodable { var rbm: RBMTraining; var visible: Int; var hidden: Int; var data: String; var preprocessing: String; var command: String?; var version: String }
        let config = Config(
            rbm: settings, visible: rbm.visible, hidden: rbm.hidden, data: data.source.description,
            preprocessing: data.preprocessing.description, command: command, version: NeuralKitVersion.string)
        try folder.claim(["config.json", "history.csv"])
        try AtomicFile.write(Array(try JSONText.data(config, pretty: true)) + [0x0A], to: folder.file("config.json"))
        try AtomicFile.write(text: csv(history), to: folder.file("history.csv"))
        var figures: [(String, any Figure, String)] = []
        let epochs = history.map { Double($0.epoch) }
        var series = [
            LineSeries(
                name: "train", x: epochs, y: history.map { Double($0.pseudoLogLikelihood) }, color: .palette(0),
                markers: LineSeries.marksPoints(epochs.count))
        ]
        if history.allSatisfy({ $0.monitorPseudoLogLikelihood != nil }) {
            series.append(
                LineSeries(
                    name: "test", x: epochs, y: history.map { Double($0.monitorPseudoLogLikelihood!) }, color: .palette(0),
                    markers: LineSeries.marksPoints(epochs.count), style: RunFigures.lineStyle(.test)))
        }
        figures.append(
            (
                "pll.svg",
                LinePlot(
                    title: "Pseudo-log-likelihood per epoch", x: Axis(label: "Epoch", integer: true),
                    y: Axis(label: "Mean pseudo-log-likelihood"), series: series),
                "Mean pseudo-log-likelihood (scikit-learn's score_samples) of 1,000 training rows (solid) and of the test part (dotted) after each epoch."
            ))
        figures += monitorFigures(history).map { ($0.0, $0.1 as any Figure, $0.2) }
        let shape = data.train.sampleShape
        // Images as they are; a flat sample of a square number of values as a square image.
        let side = Int(Double(rbm.visible).squareRoot().rounded())
        let image =
            shape.count >= 2 && (shape.count == 2 || shape[2] == 1)
            ? Array(shape.prefix(2))
            : shape.count == 1 && side * side == rbm.visible ? [side, side] : nil
        if let image {
            let units = min(rbm.hidden, 100)
            figures.append(
                (
                    "filters.svg",
                    try ImageGrid(
                        title: "Weights of the first \(units) hidden units", images: rbm.weight.rows(0..<units),
                        sampleShape: image, columns: 10, normalization: .symmetric),
                    "Each hidden unit's weights drawn as an image (mid-grey 0, lighter positive, darker negative)."
                ))
            let part = (data.test ?? data.train).inputs.flattenedRows
            let originals = part.rows(0..<min(10, part.rowCount))
            let reconstructed = try rbm.visibleProbabilities(try rbm.hiddenProbabilities(originals))
            figures.append(
                (
                    "reconstructions.svg",
                    try ImageGrid(
                        title: "Samples (top) and reconstructions (bottom)",
                        images: Tensor(shape: [2 * originals.rowCount, part.rowSize], scalars: originals.scalars + reconstructed.scalars),
                        sampleShape: image, columns: originals.rowCount),
                    "Held-out samples and their one-step mean-field reconstructions p(v | p(h | v))."
                ))
            var rng = RandomGenerator(seed: seed ^ 0x5A)
            let start = RBM.sample(Tensor(repeating: 0.5, shape: [10, rbm.visible]), using: &rng)
            var rows: [Float] = []
            var state = start
            for _ in 0..<5 {
                let (p, s) = try rbm.gibbs(from: state, steps: 200, using: &rng)
                rows += p.scalars
                state = s
            }
            figures.append(
                (
                    "samples.svg",
                    try ImageGrid(
                        title: "Gibbs chains from noise (rows: after 200, 400, …, 1000 steps)",
                        images: Tensor(shape: [50, rbm.visible], scalars: rows), sampleShape: image, columns: 10),
                    "Ten chains of block Gibbs sampling started from random binary images; each row shows their visible probabilities 200 steps later."
                ))
        }
        let pngs = allPNG ? figures.map { (($0.0 as NSString).deletingPathExtension + ".png", $0.1) } : []
        try folder.claim(figures.map(\.0) + pngs.map(\.0) + ["report.html", "metrics.json"])
        for (name, figure, _) in figures { try figure.write(to: folder.file(name)) }
        for (name, figure) in pngs { try figure.write(to: folder.file(name)) }
        var report = HTMLReport(title: "NeuralKit RBM: \(rbm.visible) visible, \(rbm.hidden) hidden")
        report.addSection(.results)
        if let last = history.last {
            report.addKeyValueTable(
                [
                    ("epochs", "\(last.epoch)"), ("reconstruction error", ReadableNumber.text(last.reconstructionError)),
                    ("free energy", ReadableNumber.text(last.freeEnergy)), ("pseudo-log-likelihood (training rows)", ReadableNumber.text(last.pseudoLogLikelihood)),
                ] + (last.monitorPseudoLogLikelihood.map { [("pseudo-log-likelihood (test)", ReadableNumber.text($0))] } ?? []))
        }
        for section in [ReportSection.curves, .samples] {
            let shown = figures.filter { (sections[$0.0] ?? .curves) == section }
            guard !shown.isEmpty || section == .curves else { continue }
            report.addSection(section)
            for (_, figure, caption) in shown { try report.addFigure(figure, caption: caption) }
            guard section == .curves else { continue }
            report.addTable(
                title: "Monitors after each epoch",
                header: ["epoch", "reconstruction error", "free energy", "PLL (training rows)"] + (history.contains { $0.monitorPseudoLogLikelihood != nil } ? ["PLL (test)"] : []) + ["seconds"],
                rows: history.map { m in
                    ["\(m.epoch)", ReadableNumber.text(m.reconstructionError), ReadableNumber.text(m.freeEnergy), ReadableNumber.text(m.pseudoLogLikelihood)]
                        + (history.contains { $0.monitorPseudoLogLikelihood != nil } ? [m.monitorPseudoLogLikelihood.map { ReadableNumber.text($0) } ?? "–"] : [])
                        + [String(format: "%.2f", m.seconds)]
                })
        }
        report.addSection(.configuration)
        var pairs: [(String, String)] = [
            ("data", data.source.description), ("preprocessing", data.preprocessing.description),
            ("training samples", "\(data.train.count)"), ("visible units", "\(rbm.visible)"), ("hidden units", "\(rbm.hidden)"),
            ("method", "\(settings.persistent ? "persistent CD" : "CD")-\(settings.k)\(settings.meanField ? " (mean field)" : "")"),
            ("learning rate", ReadableNumber.text(settings.learningRate)), ("batch size", "\(settings.batchSize)"), ("epochs", "\(settings.epochs)"),
            ("momentum", ReadableNumber.text(settings.momentum)), ("weight decay", ReadableNumber.text(settings.weightDecay)), ("seed", "\(seed)"),
        ]
        if let command { pairs.append(("command", command)) }
        report.addKeyValueTable(pairs)
        report.addParagraph("Files beside this report:")
        report.addFileList(
            [("config.json", "the settings, data and command line"), ("history.csv", "one row per epoch"), ("metrics.json", "the final monitors")]
                + figures.map { ($0.0, "figure") } + pngs.map { ($0.0, "figure (PNG)") })
        try report.write(to: folder.file("report.html"))
        let last = history.last
        typealias N = JSONText.FiniteOrNull<Float>
        struct Metrics: Encodable { let reconstruction_error, pseudo_log_likelihood, test_pseudo_log_likelihood: N }
        let metrics = Metrics(
            reconstruction_error: N(last?.reconstructionError), pseudo_log_likelihood: N(last?.pseudoLogLikelihood),
            test_pseudo_log_likelihood: N(last?.monitorPseudoLogLikelihood))
        try AtomicFile.write(text: try JSONText.string(metrics) + "\n", to: folder.file("metrics.json"))
    }
}
