// Tests of the run figures added or changed by issue 26's second round: regression in the
// target's units with the mean baseline, progress figures, ROC and precision–recall curves, the
// probability-shaded decision boundary, RBM monitors, captions' probabilities.

import Foundation
import Testing
import NeuralKit

@Suite struct RunFiguresSecondRoundTests {
    /// Predictions and targets come back in the target's units: standardised targets 0, 1, −1 with
    /// mean 10 and deviation 2 are 10, 12, 8; the training mean (standardised 0.5) is 11.
    @Test func regressionFiguresAreInTheTargetsUnitsWithTheBaseline() throws {
        let network = try ExperimentTestSupport.fixedLinear(inputs: 1, outputs: 1, weight: [1])
        let part = Dataset(name: "toy/test", inputs: Tensor(shape: [3, 1], scalars: [0, 1, -1]), targets: Tensor(shape: [3, 1], scalars: [0, 1, -1]))
        let train = Dataset(name: "toy/train", inputs: Tensor(shape: [2, 1], scalars: [0, 1]), targets: Tensor(shape: [2, 1], scalars: [0, 1]))
        let fitted = FittedPreprocessing(steps: [.standardizeTargets(Standardization(mean: [10], std: [2]))])
        let r = try RunFigures.RegressionPredictions(network: network, part: part, preprocessing: fitted, train: train)
        #expect(r.actual == [10, 12, 8] && r.predicted == [10, 12, 8] && r.trainingMean == 11 && r.restored)
        let versus = RunFigures.predictedVersusActual(r)
        #expect(versus.x.label == "Actual value (target units, standardisation undone)")
        #expect(versus.referenceLines.contains { $0.slope == 0 && $0.intercept == 11 && $0.name == "training mean" })
        #expect(try versus.svg().components(separatedBy: "class=\"reference-line\"").count == 3)  // y = x and the mean
        #expect(RunFigures.residuals(r).x.label.contains("target units") && RunFigures.residuals(r).y.label.contains("target units"))
        // A training mean far from the held-out values still lies inside the axes, so its line shows.
        var far = r
        far.trainingMean = 100
        #expect(RunFiguresTests.tickValues(try RunFigures.predictedVersusActual(far).svg(), "tick-label-y").max()! >= 100)
        // No standardisation: the values as they are, and the label says only the units.
        let plain = try RunFigures.RegressionPredictions(network: network, part: part)
        #expect(plain.actual == [0, 1, -1] && !plain.restored && plain.trainingMean == nil)
        #expect(RunFigures.predictedVersusActual(plain).referenceLines == [.identity])
    }

    @Test func theLossCurveDrawsTheMeanBaseline() throws {
        let h = RunFiguresTests.history([0.9, 0.5, 0.3], test: [1.0, 0.6, 0.5])
        let plot = RunFigures.lossCurves([("run", h)], loss: .mse, baseline: (split: .test, loss: 1.2))
        let baseline = try #require(plot.series.last)
        #expect(baseline.name == "mean predictor (test)" && baseline.x == [1, 3] && baseline.y == [1.2, 1.2])
        #expect(baseline.color == .axisGray)
        #expect(RunFigures.lossCurves([("run", h)]).series.count == 2)
        #expect(RunFigures.lossCurves([("run", h)], loss: .mse, standardisedTargets: true).y.label == "Loss (mse on standardised targets, log scale)")
    }

    @Test func progressFigures() throws {
        var h = History()
        for (i, (train, validation)) in [(1.0, 1.1), (0.6, 0.8), (0.4, 0.75)].enumerated() {
            h.epochs.append(
                EpochMetrics(
                    epoch: i + 1, trainLoss: Float(train), validationLoss: Float(validation), learningRate: Float(0.1 / pow(10, Double(i))),
                    seconds: 2 + Double(i)))
        }
        let gap = try #require(RunFigures.lossGap(h))
        #expect(gap.series[0].name == "validation \u{2212} train" && gap.series[0].style == .dashed)
        #expect(zip(gap.series[0].y, [0.1, 0.2, 0.35]).allSatisfy { abs($0 - $1) < 1e-6 })
        #expect(gap.series.last?.y == [0, 0])  // the line of no gap
        let rate = try #require(RunFigures.learningRateCurve(h))
        #expect(rate.y.scale == .log && rate.y.label == "Learning rate (log scale)")
        #expect(zip(rate.series[0].y, [0.1, 0.01, 0.001]).allSatisfy { abs($0 / $1 - 1) < 1e-6 })
        let seconds = try #require(RunFigures.secondsPerEpoch(h))
        #expect(seconds.series[0].y == [2, 3, 4])
        #expect(RunFiguresTests.tickValues(try seconds.svg(), "tick-label-y").min() == 0)
        // Nothing held out, no rate recorded: no gap, no rate figure.
        let bare = RunFiguresTests.history([1, 0.5])
        #expect(RunFigures.lossGap(bare) == nil && RunFigures.learningRateCurve(bare) == nil)
        // A constant rate: no figure (a flat line).
        var constant = History()
        for e in 1...3 { constant.epochs.append(EpochMetrics(epoch: e, trainLoss: 1, learningRate: 0.1)) }
        #expect(RunFigures.learningRateCurve(constant) == nil)
    }

    /// A two-class net whose logits are (0, x): p(class 1) = sigmoid(x) rises with x.
    static func binaryNetwork() throws -> Sequential {
        try ExperimentTestSupport.fixedLinear(inputs: 2, outputs: 2, weight: [0, 0, 1, 0])
    }

    /// Positives at x = −1 and 2, negatives at −2 and 1: three of the four positive–negative pairs
    /// are ordered right, so the AUC is 0.75.
    @Test func rocAndPrecisionRecallOfABinaryClassifier() throws {
        let network = try Self.binaryNetwork()
        let part = Dataset(
            name: "toy/test", inputs: Tensor(shape: [4, 2], scalars: [-2, 0, -1, 0, 1, 0, 2, 0]), targets: Tensor(shape: [4], scalars: [0, 1, 0, 1]),
            classNames: ["no", "yes"])
        let p = try RunFigures.PartPredictions(network: network, part: part, decision: .argmax)
        let (scores, positives) = try #require(try RunFigures.binaryScores(p, network: network))
        #expect(positives == [false, true, false, true])
        #expect(zip(scores, [-2.0, -1, 1, 2]).allSatisfy { abs($0 - 1 / (1 + exp(-$1))) < 1e-6 })
        let roc = try ROCCurve(scores: scores, positives: positives)
        #expect(abs(roc.auc - 0.75) < 1e-12)
        let figure = RunFigures.rocFigure(roc, partName: "test", positiveName: "yes")
        #expect(figure.title == "ROC curve (test, AUC 0.750)" && figure.series[1].x == roc.falsePositiveRates)
        let pr = try PrecisionRecallCurve(scores: scores, positives: positives)
        #expect(RunFigures.precisionRecallFigure(pr, partName: "test", positiveName: "yes").series[0].y == [0.5, 0.5])
        // Three classes: no binary scores.
        let (three, toy) = try RunFiguresTests.pickFirstPixels()
        #expect(try RunFigures.binaryScores(try RunFigures.PartPredictions(network: three, part: toy, decision: .argmax), network: three) == nil)
    }

    @Test func theDecisionBoundaryIsShadedByProbability() throws {
        let network = try Self.binaryNetwork()
        let part = Dataset(name: "toy/train", inputs: Tensor(shape: [2, 2], scalars: [-1, 0, 1, 1]), targets: Tensor(shape: [2], scalars: [0, 1]))
        let plot = try RunFigures.decisionBoundary(network: network, part: part, decision: .argmax)
        #expect(plot.classCount == 2 && plot.probabilities?.count == 2 * plot.gridWidth * plot.gridHeight)
        let svg = try plot.svg()
        #expect(svg.contains("class=\"probabilities\"") && svg.contains("class=\"boundary-segment\""))
    }

    @Test func captionsDoNotRoundAProbabilityToCertainty() {
        #expect(RunFigures.probabilityText(0.9996) == ">99.9 %")
        #expect(RunFigures.probabilityText(0.994) == "99.4 %")
        #expect(RunFigures.probabilityText(0.87) == "87 %")
        #expect(RunFigures.probabilityText(1) == "100 %")
        #expect(RunFigures.probabilityText(0.0004) == "<0.1 %")
        #expect(RunFigures.scoreText(0.9996) == ">0.999" && RunFigures.scoreText(1) == "1.000" && RunFigures.scoreText(0.75) == "0.750")
    }

    @Test func confusionMatricesPutErrorsOnTheirOwnScale() throws {
        let (network, part) = try RunFiguresTests.pickFirstPixels()
        let p = try RunFigures.PartPredictions(network: network, part: part, decision: .argmax)
        #expect(try RunFigures.confusion(p, classCount: 3).offDiagonalLabel != nil)
        #expect(try RunFigures.normalizedConfusion(p, classCount: 3).offDiagonalLabel != nil)
        // The per-class scores stretch their cells across the figure.
        #expect(!RunFigures.classScoresFigure(p, scores: try RunFigures.classScores(p, classCount: 3)).squareCells)
    }

    @Test func rbmMonitorsArePlottedPerEpoch() throws {
        let json = """
            [{"epoch": 1, "reconstructionError": 0.09, "freeEnergy": -50, "pseudoLogLikelihood": -90, "monitorFreeEnergy": -48, "seconds": 1},
             {"epoch": 2, "reconstructionError": 0.07, "freeEnergy": -60, "pseudoLogLikelihood": -85, "monitorFreeEnergy": -55, "seconds": 1}]
            """
        let history = try JSONDecoder().decode([RBMEpochMetrics].self, from: Data(json.utf8))
        let figures = RBMReport.monitorFigures(history)
        #expect(figures.map(\.0) == ["reconstruction_error.svg", "free_energy.svg"])
        #expect(figures[0].1.series[0].y.map { Float($0) } == [0.09, 0.07])
        #expect(figures[1].1.series.map(\.name) == ["train", "test"] && figures[1].1.series[1].y == [-48, -55])
        #expect(figures[1].1.series[1].style == .dotted && figures[1].1.series[0].markers)
        #expect(RBMReport.monitorFigures([]).isEmpty)
    }
}
