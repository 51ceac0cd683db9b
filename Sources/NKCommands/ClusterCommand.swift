// `neuralkit cluster`: k-means on raw data or on a layer's outputs, judged against the labels.

import ArgumentParser
import Foundation
import NeuralKit

struct ClusterCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cluster",
        abstract: "k-means (k-means++, restarts) with per-cluster purity, purity, ARI, NMI and cluster accuracy.",
        discussion: """
            Examples (experiment A5):
              neuralkit cluster --data usps --k 10
              neuralkit cluster --data usps --k 10 --checkpoint ae.safetensors --layer 3
            """
    )

    @OptionGroup var data: DataOptions
    @OptionGroup var representation: RepresentationOptions

    @Option(name: .long, parsing: .unconditional, help: "Number of clusters.")
    var k: Int

    @Option(name: .long, parsing: .unconditional, help: "k-means restarts (the best inertia is kept).")
    var restarts: Int = 10

    @OptionGroup var seeding: SeedOption
    var seed: UInt64 { seeding.value }

    func validate() throws {
        guard k >= 1 else { throw ValidationError("--k must be at least 1, got \(k).") }
        guard restarts >= 1 else { throw ValidationError("--restarts must be at least 1, got \(restarts).") }
    }

    mutating func run() throws { _ = try execute() }

    /// Clusters, prints the report, and returns the contingency table (nil without labels).
    func execute() throws -> ContingencyTable? {
        let input = try representation.input(data: data, seed: seed)
        let (rows, labels, name) = (input.rows, input.labels, input.name)
        let start = DispatchTime.now().uptimeNanoseconds
        var kMeans = KMeans(clusters: k, restarts: restarts, seed: seed)
        let progress = AnalysisProgress()
        progress.stage("k-means on \(rows.rowCount) × \(rows.rowSize), k = \(k)")
        kMeans.onRestartDone = { done, total in progress.update("k-means restarts", done: done, total: total) }
        let result = try kMeans.fit(rows)
        progress.finish()
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        print(
            String(
                format: "k-means on %@: %ld samples × %ld features, k = %ld, %ld restarts, inertia %.6g (%.2f s)",
                name, rows.rowCount, rows.rowSize, k, restarts, result.inertia, seconds))
        guard let labels else { print("(no class labels: purity and agreement scores need them)"); return nil }
        let table = try ContingencyTable(truth: labels, predicted: result.assignments)
        print(ClusterReport.table(table))
        print(
            String(
                format: "purity %.4f, adjusted Rand index %.4f, NMI %.4f, cluster accuracy %.4f",
                ClusteringMetrics.purity(table), ClusteringMetrics.adjustedRandIndex(table),
                ClusteringMetrics.normalizedMutualInformation(table), ClusteringMetrics.clusterAccuracy(table)))
        return table
    }
}

/// The per-cluster purity table of `neuralkit cluster`.
enum ClusterReport {
    static func table(_ table: ContingencyTable) -> String {
        var lines = ["cluster  size  majority class  purity"]
        for c in ClusteringMetrics.clusterPurities(table) {
            lines.append(String(format: "%7ld  %4ld  %14ld  %.4f", c.cluster, c.size, c.majorityClass, c.purity))
        }
        return lines.joined(separator: "\n")
    }
}
