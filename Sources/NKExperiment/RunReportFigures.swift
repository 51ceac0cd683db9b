// RunReportFigures: the figures of a run's report, each kind a type of its own that says when it
// applies, found by one registry (`RunReportFigures.registry`) instead of a list inside RunFolder.

import NKAnalysis
import NKCore
import NKData
import NKPlot
import NKTrain

/// A figure (or a few that belong together) of a run's report: it adds itself to the content when it
/// applies to the run, and does nothing otherwise.
public protocol RunReportFigure: Sendable {
    func add(to content: inout RunReportContent, _ run: RunReportContext) throws
}

/// What a run's report shows besides its tables.
public struct RunReportContent {
    /// File name, figure, caption, in the order the report shows them.
    public var figures: [(String, any Figure, String)] = []
    /// PNG copies, by file name (the confusion matrix and the decision boundary always get one).
    public var pngs: [(String, [UInt8])] = []
    /// The per-class scores on a part, for classifiers.
    public var classScores: (DataSplit, [ClassScores])?
    /// The class names those scores use.
    public var classNames: [String] = []

    mutating func add(_ name: String, _ figure: any Figure, _ caption: String) { figures.append((name, figure, caption)) }
}

/// The run a figure is drawn from, with what several figures share computed once.
public final class RunReportContext {
    public let outcome: RunOutcome
    /// How many training samples the samples grid shows.
    public let sampleCount: Int
    /// The part the final model is judged on (test, else validation, else training), and its name.
    public let heldOut: DataSplit
    public let heldOutName: String
    /// That part, encoded for the loss.
    public let judged: Dataset

    init(_ outcome: RunOutcome, sampleCount: Int) throws {
        self.outcome = outcome
        self.sampleCount = sampleCount
        heldOut = outcome.encoded.heldOutSplit
        heldOutName = heldOut == .train ? "training" : heldOut.rawValue
        judged = try outcome.encoded.part(heldOut)
    }

    /// Whether the run is a classifier the report judges class by class (argmax, or one output with a threshold).
    public var isClassifier: Bool {
        guard let decision = outcome.decision else { return false }
        return decision == .argmax || outcome.outputWidth == 1
    }

    private var classificationCache: (predictions: RunFigures.PartPredictions, classCount: Int)?
    private var regressionCache: RunFigures.RegressionPredictions?

    /// For classifiers: the held-out predictions and the number of classes (computed once).
    public func classification() throws -> (predictions: RunFigures.PartPredictions, classCount: Int)? {
        guard isClassifier, let decision = outcome.decision else { return nil }
        if let classificationCache { return classificationCache }
        let p = try RunFigures.PartPredictions(network: outcome.network, part: judged, decision: decision)
        classificationCache = (p, decision == .argmax ? outcome.outputWidth : 2)
        return classificationCache
    }

    /// For regressions (not a classifier, not an autoencoder): the held-out predictions (computed once).
    public func regression() throws -> RunFigures.RegressionPredictions? {
        guard !isClassifier, !outcome.specification.reconstruct else { return nil }
        if let regressionCache { return regressionCache }
        regressionCache = try RunFigures.RegressionPredictions(
            network: outcome.network, part: judged, preprocessing: outcome.data.preprocessing, train: outcome.encoded.train)
        return regressionCache
    }

    /// What the loss and accuracy captions say about the held-out curves.
    var heldOutCurves: String {
        let parts = [outcome.validation == nil ? nil : "validation (dashed)", outcome.test == nil ? nil : "test (dotted)"].compactMap { $0 }
        return parts.isEmpty ? " (no held-out part: pass --validation-fraction to hold one out)" : ", " + parts.joined(separator: " and ")
    }
}

/// Every figure kind of a run's report, in the order the report shows them. A new kind is a type
/// conforming to `RunReportFigure` and one line here.
public enum RunReportFigures {
    public static let registry: [any RunReportFigure] = [
        LossCurvesFigure(), AccuracyCurvesFigure(), BatchLossFigure(), LossGapFigure(), LearningRateFigure(), EpochTimeFigure(),
        ConfusionFigures(), ClassScoresFigure(), ThresholdCurvesFigures(), MisclassifiedFigure(), DecisionBoundaryFigure(), RegressionFigures(),
        SamplesFigure(), ReconstructionFigures(), FirstLayerWeightsFigure(), ConvolutionFiltersFigure(),
    ]

    /// The content of `outcome`'s report: every registered figure that applies.
    public static func content(of outcome: RunOutcome, sampleCount: Int = 48) throws -> RunReportContent {
        let run = try RunReportContext(outcome, sampleCount: sampleCount)
        var content = RunReportContent()
        for kind in registry { try kind.add(to: &content, run) }
        return content
    }
}
