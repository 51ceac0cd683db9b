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
        _ = try train(["--model", "Linear(2, 4) - TanH() - Linear(4, 1) - Sigmoid()", "--data", "gen-arti:1", "--loss", "bce",
                       "--lr", "0.5", "--epochs", "50", "--batch-size", "100", "--save", file])
        let command = try #require(try NeuralKitCommand.parseAsRoot(
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
        var command = try NeuralKitCommand.parseAsRoot(["embed", "--data", "gen-arti:0", "--samples", "300", "--method", "pca",
                                                        "--out", csv, "--figure", svg])
        try command.run()
        let lines = try String(contentsOfFile: csv, encoding: .utf8).split(separator: "\n")
        #expect(lines.first == "c1,c2,label" && lines.count == 301)
        #expect(try String(contentsOfFile: svg, encoding: .utf8).contains("<svg"))
        #expect(failure(["embed", "--data", "gen-arti:0", "--method", "umap", "--out", csv])?.contains("--method") == true)
    }
}
