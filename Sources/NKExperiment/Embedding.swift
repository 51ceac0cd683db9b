// Embedding: PCA or t-SNE coordinates of analysis rows, their CSV and their scatter plot (`embed`).

import Foundation
import NKAnalysis
import NKCore
import NKPlot

/// Low-dimensional coordinates of `AnalysisInput` rows, by PCA or t-SNE (optionally after a PCA
/// reduction), with what to say about them.
public struct Embedding {
    /// How the coordinates are computed.
    public enum Method: String, Sendable, CaseIterable {
        case pca, tsne

        /// The method's usual written name: `PCA`, `t-SNE`.
        public var displayName: String { self == .pca ? "PCA" : "t-SNE" }
    }

    /// `(n, dimensions)`.
    public var coordinates: Tensor
    /// The rows' labels, when known.
    public var labels: [Int]?
    /// Class names by label, when known.
    public var classNames: [String]?
    /// `explained variance ratio 0.4512`, or `final KL divergence 1.53 by fft (on 50 principal components, …)`.
    public var summary: String
    /// Things the user should know (e.g. a PCA reduction that does not reduce).
    public var notes: [String] = []
    /// How the coordinates were computed.
    public var method: Method

    /// What a long embedding reports while it runs.
    public enum Step: Sendable {
        /// A stage begins (`PCA to 50 components`, `t-SNE affinities`).
        case stage(String)
        /// Gradient iterations done out of all.
        case iteration(done: Int, total: Int)
    }

    /// Computes the embedding of `input`.
    /// - Parameters:
    ///   - input: the rows to embed, with their labels.
    ///   - method: PCA or t-SNE.
    ///   - dimensions: the embedding's dimensions.
    ///   - perplexity: t-SNE only: the effective number of neighbours.
    ///   - iterations: t-SNE only: the gradient iterations.
    ///   - pcaFirst: t-SNE only: reduce to this many principal components first.
    ///   - tsneMethod: t-SNE only: the gradient; `.automatic` picks Barnes–Hut or FFT by size in 2
    ///     dimensions and exact in any other.
    ///   - seed: seeds t-SNE's start and the randomized solvers.
    ///   - progress: told of each stage and of the t-SNE iterations (for a progress line).
    public init(
        _ input: AnalysisInput, method: Method, dimensions: Int, perplexity: Double = 30, iterations: Int = 1000,
        pcaFirst: Int? = nil, tsneMethod: TSNEMethod = .automatic, seed: UInt64,
        progress: (@Sendable (Step) -> Void)? = nil
    ) throws {
        labels = input.labels
        classNames = input.classNames
        self.method = method
        let rows = input.rows
        switch method {
        case .pca:
            progress?(.stage("PCA of \(rows.rowCount) × \(rows.rowSize) to \(dimensions) components"))
            let pca = try PCA.fit(rows, components: dimensions, seed: seed)
            coordinates = try pca.transform(rows)
            summary = String(format: "explained variance ratio %.4f", pca.explainedVarianceRatio.reduce(0, +))
        case .tsne:
            var reducedRows = rows
            var reduced = ""
            if let components = pcaFirst, components >= rows.rowSize {
                notes.append("A PCA reduction to \(components) components is not below the data's \(rows.rowSize) features; t-SNE runs on the data as it is.")
            } else if let components = pcaFirst {
                progress?(.stage("PCA of \(rows.rowCount) × \(rows.rowSize) to \(components) components"))
                let fitted = try PCA.fit(rows, components: components, seed: seed)
                reducedRows = try fitted.transform(rows)
                reduced = String(
                    format: " (on %ld principal components, %.1f %% of the variance)", components,
                    100 * fitted.explainedVarianceRatio.reduce(0, +))
            }
            progress?(.stage("t-SNE of \(reducedRows.rowCount) points: affinities"))
            var tsne = TSNE(
                dimensions: dimensions, perplexity: perplexity, iterations: iterations,
                method: dimensions == 2 || tsneMethod != .automatic ? tsneMethod : .exact, seed: seed)
            if let progress { tsne.onIteration = { done, total in progress(.iteration(done: done, total: total)) } }
            let result = try tsne.fit(reducedRows)
            coordinates = result.embedding
            let used = (dimensions == 2 || tsneMethod != .automatic ? tsneMethod : .exact).resolved(count: rows.rowCount)
            summary = String(format: "final KL divergence %.4f", result.klDivergence) + " by \(used.rawValue)" + reduced
        }
    }

    /// `c1,c2,…[,label]` then one row per point.
    public var csv: String {
        let d = coordinates.rowSize
        var text = (0..<d).map { "c\($0 + 1)" }.joined(separator: ",") + (labels == nil ? "" : ",label") + "\n"
        for i in 0..<coordinates.rowCount {
            let row = (0..<d).map { "\(coordinates.scalars[i * d + $0])" }
            text += (row + (labels.map { ["\($0[i])"] } ?? [])).joined(separator: ",") + "\n"
        }
        return text
    }

    /// A scatter plot of the first two coordinates coloured by label (nil below two dimensions).
    public func scatterPlot(title: String) -> ScatterPlot? {
        let d = coordinates.rowSize
        guard d >= 2 else { return nil }
        let xs = (0..<coordinates.rowCount).map { Double(coordinates.scalars[$0 * d]) }
        let ys = (0..<coordinates.rowCount).map { Double(coordinates.scalars[$0 * d + 1]) }
        let axis = method == .pca ? "Principal component" : "t-SNE coordinate"
        return ScatterPlot(
            title: title, x: Axis(label: "\(axis) 1"), y: Axis(label: "\(axis) 2"), xs: xs, ys: ys, classes: labels,
            classNames: classNames ?? [])
    }
}
