// Sample PNGs of every figure kind for people to look at, written only when NEURALKIT_PNG_SAMPLES names a folder:
//   NEURALKIT_PNG_SAMPLES=/tmp/png-samples swift test --filter PNGSampleFigures
import Foundation
import Testing
import NKCore
@testable import NKPlot

@Suite struct PNGSampleFigures {
    /// Figures that exercise titles, ticks, legends, cell values, captions, rotated labels and non-ASCII text.
    static func samples() throws -> [(String, any Figure)] {
        let epochs = (1...40).map(Double.init)
        let train = epochs.map { 2.3 * exp(-$0 / 8) + 0.05 }, val = epochs.map { 2.3 * exp(-$0 / 9) + 0.12 + 0.002 * $0 }
        var rng = RandomGenerator(seed: 7)
        var xs: [Double] = [], ys: [Double] = [], classes: [Int] = []
        for i in 0..<2000 {
            let k = i % 10, a = Double(k) * 2 * Double.pi / 10
            xs.append(6 * cos(a) + Double.random(in: -1.5...1.5, using: &rng))
            ys.append(6 * sin(a) + Double.random(in: -1.5...1.5, using: &rng))
            classes.append(k)
        }
        let counts = (0..<10).map { r in (0..<10).map { c in r == c ? 950 + 5 * r : (r + 2 * c) % 7 } }
        let pixels: [Float] = (0..<(12 * 64)).map { (i: Int) -> Float in
            let tile = i / 64, column = i % 8, row = (i % 64) / 8
            return Float((tile + column + row) % 5) / 4
        }
        let digits = Tensor(shape: [12, 64], scalars: pixels)
        let boundary = try DecisionBoundaryPlot(
            title: "Frontière de décision (MLP 2-16-3)", xRange: -3...3, yRange: -3...3, resolution: 120,
            xs: Array(xs.prefix(60).map { $0 / 3 }), ys: Array(ys.prefix(60).map { $0 / 3 }),
            classes: Array(classes.prefix(60).map { $0 % 3 }), classNames: ["α", "β", "γ"]
        ) { x, y in
            x * x + y * y < 2 ? 0 : (x > y ? 1 : 2)
        }
        return [
            (
                "line.png",
                LinePlot(
                    title: "Training loss — λ = 10⁻³, η = 0.1", x: Axis(label: "epoch"), y: Axis(label: "cross-entropy (nats)", scale: .log),
                    series: [
                        LineSeries(name: "train", x: epochs, y: train),
                        LineSeries(name: "validation", x: epochs, y: val, dashed: true),
                    ])
            ),
            (
                "scatter.png",
                ScatterPlot(
                    title: "t-SNE of MNIST test digits (2,000 points)", x: Axis(label: "t-SNE 1"), y: Axis(label: "t-SNE 2"),
                    xs: xs, ys: ys, classes: classes, classNames: (0..<10).map { "digit \($0)" })
            ),
            (
                "bar.png",
                BarChart(
                    title: "p(class | x) — true class 3", categories: (0..<10).map(String.init),
                    values: [0.01, 0.02, 0.05, 0.71, 0.01, 0.1, 0.02, 0.03, 0.04, 0.01], highlighted: 3,
                    xLabel: "class", y: Axis(label: "probability", limits: 0...1))
            ),
            ("heatmap.png", Heatmap.confusionMatrix(counts, classNames: (0..<10).map(String.init), title: "Matrice de confusion (précision 96,2 %)")),
            (
                "image_grid.png",
                try ImageGrid(
                    title: "Échantillons générés", images: digits, sampleShape: [8, 8], columns: 6,
                    captions: (0..<12).map { "n° \($0) · µ=0.\($0)" })
            ),
            (
                "table.png",
                TableFigure(
                    title: "Learning-rate sweep (± one std)", header: ["lr", "optimizer", "val acc", "Δ vs best"],
                    rows: [["0.1", "SGD", "0.973", "−0.004"], ["0.01", "Adam", "0.977", "0"], ["0.001", "Adam", "0.962", "−0.015"]])
            ),
            ("decision_boundary.png", boundary),
        ]
    }

    @Test func writeSamples() throws {
        guard let dir = ProcessInfo.processInfo.environment["NEURALKIT_PNG_SAMPLES"] else { return }
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        for (name, figure) in try Self.samples() {
            let start = Date()
            let png = try figure.png()
            let seconds = Date().timeIntervalSince(start)
            try figure.write(to: dir + "/" + name)
            try figure.write(to: dir + "/" + name.replacingOccurrences(of: ".png", with: ".svg"))
            let (decoded, _) = try decodePNG(png)
            #expect(decoded.width == Int((figure.size.width * 2).rounded()))
            if name == "line.png" { try AtomicFile.write(try figure.png(scale: 1), to: dir + "/line@1x.png") }
            print("sample \(name): \(decoded.width)×\(decoded.height), \(png.count) bytes, rendered and encoded in \(String(format: "%.3f", seconds)) s")
        }
    }
}
