// Tests of `neuralkit cluster` and `neuralkit embed`.

import Foundation
import Testing
import NeuralKit
@testable import NKCommands

@Suite struct AnalysisCommandTests {
    @Test func clusterSeparatesTheTwoGaussiansOfGenArtiZero() throws {
        let command = try #require(try NeuralKitCommand.parseAsRoot(["cluster", "--data", "gen-arti:0", "--k", "2", "--samples", "400"]) as? ClusterCommand)
        let table = try #require(try command.execute())
        #expect(ClusteringMetrics.adjustedRandIndex(table) > 0.99)
        #expect(table.total == 400)
    }

    @Test func clusterOnALayerOfATrainedModel() throws {
        let dir = try temporaryDirectory()
        let file = dir.appendingPathComponent("m.safetensors").path
        _ = try train([
            "--model", "Linear(2, 4) - TanH() - Linear(4, 1) - Sigmoid()", "--data", "gen-arti:1", "--loss", "bce",
            "--lr", "0.5", "--epochs", "50", "--batch-size", "100", "--save", file,
        ])
        let command = try #require(
            try NeuralKitCommand.parseAsRoot(
                ["cluster", "--data", "gen-arti:1", "--k", "2", "--checkpoint", file, "--layer", "3"]) as? ClusterCommand)
        // The network's output separates XOR's classes, which raw k-means on the plane cannot do.
        let table = try #require(try command.execute())
        #expect(ClusteringMetrics.purity(table) > 0.95)
        #expect(failure(["cluster", "--data", "gen-arti:1", "--k", "2", "--checkpoint", file, "--layer", "9"])?.contains("--layer") == true)
        #expect(failure(["cluster", "--data", "gen-arti:1", "--k", "2", "--layer", "1"])?.contains("--checkpoint") == true)
    }

    @Test func embedWritesCoordinatesLabelsAndAFigure() throws {
        let dir = try temporaryDirectory()
        let csv = dir.appendingPathComponent("e.csv").path, svg = dir.appendingPathComponent("e.svg").path
        var command = try NeuralKitCommand.parseAsRoot([
            "embed", "--data", "gen-arti:0", "--samples", "300", "--method", "pca",
            "--out", csv, "--figure", svg,
        ])
        try command.run()
        let lines = try String(contentsOfFile: csv, encoding: .utf8).split(separator: "\n")
        #expect(lines.first == "c1,c2,label" && lines.count == 301)
        #expect(try String(contentsOfFile: svg, encoding: .utf8).contains("<svg"))
        #expect(failure(["embed", "--data", "gen-arti:0", "--method", "umap", "--out", csv])?.contains("--method") == true)
    }

    /// `embed --figure` needs no --out: the figure alone is written (no coordinates file appears
    /// beside it); with neither, or a 1-D embedding to draw, the command says what is missing.
    @Test func embedDrawsAFigureWithoutOut() throws {
        let dir = try temporaryDirectory()
        let png = dir.appendingPathComponent("e.png").path
        var command = try NeuralKitCommand.parseAsRoot(["embed", "--data", "gen-arti:0", "--samples", "300", "--method", "pca", "--figure", png])
        try command.run()
        let bytes = try #require(FileManager.default.contents(atPath: png))
        #expect(Array(bytes.prefix(4)) == [0x89, 0x50, 0x4E, 0x47] && String(decoding: bytes.prefix(80), as: UTF8.self).contains("pHYs"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["e.png"])
        #expect(failure(["embed", "--data", "gen-arti:0", "--method", "pca"])?.contains("--figure") == true)
        #expect(failure(["embed", "--data", "gen-arti:0", "--method", "pca", "--dimensions", "1", "--figure", png])?.contains("--dimensions") == true)
    }

    /// `--pca N` reduces wide data before t-SNE (here 64 features to 5) and is refused with PCA.
    @Test func embedWithPCAReductionBeforeTSNE() throws {
        let dir = try temporaryDirectory()
        let table = dir.appendingPathComponent("wide.csv").path, csv = dir.appendingPathComponent("t.csv").path
        var rng = RandomGenerator(seed: 4)
        var rows: [String] = []
        for i in 0..<120 {  // two clusters 6 apart in 64 dimensions
            rows.append(((0..<64).map { _ in String(Float(rng.nextNormal()) + (i % 2 == 0 ? 3 : -3)) } + ["\(i % 2)"]).joined(separator: ","))
        }
        try rows.joined(separator: "\n").write(toFile: table, atomically: true, encoding: .utf8)
        for tsneMethod in ["auto", "fft"] {  // auto is Barnes–Hut at this size
            var command = try NeuralKitCommand.parseAsRoot([
                "embed", "--data", table, "--method", "tsne", "--pca", "5",
                "--perplexity", "10", "--tsne-method", tsneMethod, "--out", csv,
            ])
            try command.run()
            let lines = try String(contentsOfFile: csv, encoding: .utf8).split(separator: "\n").dropFirst()
            let points = lines.map { $0.split(separator: ",").map { Double($0)! } }
            #expect(points.count == 120)
            // The two clusters stay apart: every point's nearest neighbour in the embedding shares its label.
            for (i, p) in points.enumerated() {
                let nearest = points.indices.filter { $0 != i }.min { a, b in
                    let da = (points[a][0] - p[0]) * (points[a][0] - p[0]) + (points[a][1] - p[1]) * (points[a][1] - p[1])
                    let db = (points[b][0] - p[0]) * (points[b][0] - p[0]) + (points[b][1] - p[1]) * (points[b][1] - p[1])
                    return da < db
                }!
                #expect(points[nearest][2] == p[2], "\(tsneMethod): point \(i)")
            }
        }
        #expect(failure(["embed", "--data", table, "--method", "tsne", "--tsne-method", "fast", "--out", csv])?.contains("--tsne-method") == true)
        #expect(failure(["embed", "--data", table, "--method", "tsne", "--tsne-method", "fft", "--dimensions", "3", "--out", csv])?.contains("exact") == true)
        #expect(failure(["embed", "--data", table, "--method", "pca", "--pca", "5", "--out", csv])?.contains("--pca") == true)
        #expect(failure(["embed", "--data", table, "--method", "tsne", "--pca", "0", "--out", csv])?.contains("--pca") == true)
    }
}
