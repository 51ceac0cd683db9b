// Tests of the run report's figures: curves (colour by run, style by part, zoomed axes), the
// classification figures, filters, the code space, regression and forecast plots, batch curves.

import Foundation
import Testing
import NeuralKit

@Suite struct RunFiguresTests {
    static func history(_ losses: [Float], test: [Float]? = nil, accuracy: [Float]? = nil, testAccuracy: [Float]? = nil) -> History {
        var h = History()
        for (i, loss) in losses.enumerated() {
            h.epochs.append(
                EpochMetrics(
                    epoch: i + 1, trainLoss: loss, trainAccuracy: accuracy?[i], testLoss: test?[i],
                    testAccuracy: testAccuracy?[i]))
        }
        return h
    }

    @Test func oneRunHasOneColourAndAStylePerPart() {
        let plot = RunFigures.lossCurves([("run", Self.history([0.9, 0.5, 0.3], test: [1.0, 0.6, 0.5]))])
        #expect(plot.series.map(\.name) == ["train", "test"])
        #expect(Set(plot.series.map(\.color)).count == 1)
        #expect(plot.series.map(\.style) == [.solid, .dotted])
        #expect(plot.x.integer && plot.y.scale == .log)
        #expect(plot.y.label == "Loss (log scale)")
        #expect(plot.series.allSatisfy { $0.markers })  // 3 epochs: each point marked
        let long = Self.history((1...11).map { 1 / Float($0) })
        #expect(!RunFigures.lossCurves([("run", long)]).series[0].markers)
        #expect(RunFigures.lossCurves([("run", Self.history([0.9, 0.5]))], loss: .bce).y.label == "Loss (bce, log scale)")
        #expect(RunFigures.lossCurves([("run", Self.history([0.9, -0.5]))], loss: .mse).y.label == "Loss (mse)")
    }

    @Test func overlaidRunsGetOneColourEachAndDistinctLegendEntries() {
        let a = Self.history([0.9, 0.5], test: [1.0, 0.7]), b = Self.history([0.8, 0.4], test: [0.9, 0.6])
        let plot = RunFigures.lossCurves([("lr 0.1", a), ("lr 0.5", b)])
        let colours = plot.series.map(\.color)
        #expect(colours[0] == colours[1] && colours[2] == colours[3] && colours[0] != colours[2])
        #expect(plot.series.map(\.style) == [.solid, .dotted, .solid, .dotted])
        let entries = plot.legend.map { "\($0.name)|\($0.color)|\($0.style)" }
        #expect(Set(entries).count == 4)
    }

    @Test func accuracyAxisZoomsToTheDataUnlessAskedForTheWholeScale() throws {
        let h = Self.history([0.5, 0.4, 0.3], accuracy: [0.91, 0.95, 0.97], testAccuracy: [0.92, 0.94, 0.955])
        let zoomed = try #require(RunFigures.accuracyCurves([("run", h)]))
        let svg = try zoomed.svg()
        let ticks = Self.tickValues(svg, "tick-label-y")
        #expect(ticks.min()! >= 85 && ticks.max()! <= 100)  // per cent, as the tables print accuracy
        #expect(zoomed.y.label == "Accuracy (%)" && zoomed.series[0].y[0] == Double(Float(0.91) * 100))
        let full = try #require(RunFigures.accuracyCurves([("run", h)], fullRange: true))
        let fullTicks = Self.tickValues(try full.svg(), "tick-label-y")
        #expect(fullTicks.min() == 0 && fullTicks.max() == 100)
        // No accuracy measured: no figure.
        #expect(RunFigures.accuracyCurves([("run", Self.history([1, 2]))]) == nil)
    }

    /// The data-value attributes of the text elements of class `name`.
    static func tickValues(_ svg: String, _ name: String) -> [Double] {
        svg.components(separatedBy: "class=\"\(name)\" data-value=\"").dropFirst().compactMap { Double($0.prefix { $0 != "\"" }) }
    }

    /// A 3-class "image" classifier whose outputs are its inputs' first three pixels.
    static func pickFirstPixels() throws -> (Sequential, Dataset) {
        var rng = RandomGenerator(seed: 0)
        let network = try ModelNotation.parse("Flatten() - Linear(4, 3)", inputShape: [1, 2, 2], using: &rng)
        let linear = network.modules[1] as! Linear
        linear.weight.value = Tensor(shape: [3, 4], scalars: [1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0])
        linear.bias!.value = Tensor(zeros: [3])
        // Sample i: pixels chosen so that the predicted class is i % 3, with rising confidence.
        let rows: [[Float]] = [[5, 0, 0, 0], [0, 5, 0, 0], [0, 0, 5, 0], [0, 2, 0, 0], [0, 0, 9, 0], [1, 0, 0, 0]]
        let labels: [Float] = [0, 1, 2, 0, 0, 1]  // samples 3, 4, 5 are wrong, 4 the surest
        let part = Dataset(
            name: "toy/test", inputs: Tensor(shape: [6, 2, 2], scalars: rows.flatMap { $0 }),
            targets: Tensor(shape: [6], scalars: labels), classNames: ["zero", "one", "two"])
        return (network, part)
    }

    @Test func classificationFiguresFromOnePredictionPass() throws {
        let (network, part) = try Self.pickFirstPixels()
        let p = try RunFigures.PartPredictions(network: network, part: part, decision: .argmax)
        #expect(p.predicted == [0, 1, 2, 1, 2, 0] && p.actual == [0, 1, 2, 0, 0, 1])
        let normalised = try RunFigures.normalizedConfusion(p, classCount: 3)
        for row in normalised.values { #expect(abs(row.reduce(0, +) - 100) < 1e-9) }
        let third: Double = 100.0 / 3
        #expect(normalised.values[0] == [third, third, third])
        #expect(try normalised.svg().contains("class=\"color-bar\""))
        let scores = try RunFigures.classScores(p, classCount: 3)
        #expect(abs(scores[0].recall - 1.0 / 3) < 1e-12 && abs(scores[0].precision - 0.5) < 1e-12 && scores[0].support == 3)
        let mistakes = try #require(try RunFigures.misclassified(p, network: network, sampleShape: [2, 2], images: part.inputs))
        #expect(mistakes.captions.count == 3)
        #expect(mistakes.captions[0].hasPrefix("zero → two"))  // sample 4, output 9: the surest
        #expect(mistakes.captions.map { $0.components(separatedBy: " (").first! } == ["zero → two", "zero → one", "one → zero"])
        #expect(Array(mistakes.images.rows(0..<1).scalars) == [0, 0, 9, 0])
    }

    /// Normalised cells keep one decimal: one error in 1,000 reads 0.1 (it read 0), one in 3,000
    /// reads <0.1, the 99.97 % beside it >99.9 (not 100), and a true zero is blank.
    @Test func normalisedConfusionCellsDoNotRoundErrorsAway() throws {
        let actual = Array(repeating: 0, count: 1000) + Array(repeating: 1, count: 3000)
        var predicted = actual
        predicted[0] = 1  // one error among the 1,000 zeros
        predicted[1000] = 0  // one error among the 3,000 ones
        let (network, toy) = try Self.pickFirstPixels()
        var p = try RunFigures.PartPredictions(network: network, part: toy, decision: .argmax)
        (p.predicted, p.actual) = (predicted, actual)
        let svg = try RunFigures.normalizedConfusion(p, classCount: 3).svg()
        // The text of each cell, row by row (row c has no samples: "–").
        let cells = svg.components(separatedBy: "class=\"cell-value\"").dropFirst().map { piece in
            String(piece.drop { $0 != ">" }.dropFirst().prefix { $0 != "<" })
        }
        #expect(cells == ["99.9", "0.1", "", "&lt;0.1", "&gt;99.9", "", "–", "–", "–"], "\(cells)")
    }

    @Test func convFiltersAreTheFirstConvolutionsKernels() throws {
        var rng = RandomGenerator(seed: 1)
        let conv = try ModelNotation.parse("Reshape(6, 6, 1) - Conv2D(1, 4, 3) - ReLU() - Flatten() - Linear(64, 2)", using: &rng)
        let grid = try #require(try RunFigures.convolutionFilters(conv))
        #expect(grid.images.shape == [4, 9] && grid.sampleShape == [3, 3])
        let kernel = (conv.modules[1] as! Conv2D).weight.value
        #expect(grid.images.scalars == kernel.scalars)  // one input channel: the kernels as they are
        let mlp = try ModelNotation.parse("Linear(4, 2)", using: &rng)
        #expect(try RunFigures.convolutionFilters(mlp) == nil)
    }

    @Test func theCodeLayerIsTheNarrowestAfterItsActivation() throws {
        var rng = RandomGenerator(seed: 2)
        let ae = try ModelNotation.parse("Linear(16, 8) - TanH() - Linear(8, 2) - TanH() - Linear(2, 8) - TanH() - Linear(8, 16) - Sigmoid()", using: &rng)
        #expect(try RunFigures.codeLayer(ae, sampleShape: [16]) == 3)
        let rows = (0..<40).map { i in (0..<16).map { Float(($0 + i) % 5) / 5 } }
        let part = Dataset(
            name: "toy", inputs: Tensor(shape: [40, 16], scalars: rows.flatMap { $0 }),
            targets: Tensor(shape: [40], scalars: (0..<40).map { Float($0 % 4) }), classNames: ["a", "b", "c", "d"])
        let plot = try #require(try RunFigures.latentSpace(ae, part: part, seed: 0))
        #expect(plot.xs.count == 40 && Set(plot.classes) == [0, 1, 2, 3], "\(plot.xs.count) \(Set(plot.classes))")
        #expect(plot.x.label == "Code unit 1")
    }

    @Test func regressionFiguresCarryTheirReferenceLines() throws {
        let network = try ExperimentTestSupport.fixedLinear(inputs: 1, outputs: 1, weight: [2])
        let part = Dataset(name: "toy", inputs: Tensor(shape: [3, 1], scalars: [1, 2, 3]), targets: Tensor(shape: [3, 1], scalars: [5, 6, 7]))
        let predictions = try RunFigures.RegressionPredictions(network: network, part: part)
        let versus = RunFigures.predictedVersusActual(predictions)
        #expect(versus.xs == [5, 6, 7] && versus.ys == [2, 4, 6] && versus.referenceLines == [.identity])
        #expect(try versus.svg().contains("class=\"reference-line\""))
        let residuals = RunFigures.residuals(predictions)
        #expect(residuals.ys == [3, 2, 1])
        // All residuals are positive, yet the axis reaches 0 so that the y = 0 line shows.
        #expect(Self.tickValues(try residuals.svg(), "tick-label-y").min() == 0)
    }

    @Test func forecastSplitsTheSeriesWhereTheTestPartStarts() throws {
        var rng = RandomGenerator(seed: 4)
        let network = try ModelNotation.parse("Linear(1, 1)", using: &rng)
        let train = Dataset(name: "s/train", inputs: Tensor(shape: [3, 1], scalars: [1, 2, 3]), targets: Tensor(shape: [3, 1], scalars: [2, 3, 4]))
        let test = Dataset(name: "s/test", inputs: Tensor(shape: [2, 1], scalars: [4, 5]), targets: Tensor(shape: [2, 1], scalars: [5, 6]))
        let data = PreparedData(
            source: .genArti(type: 1, samples: 5), train: train, validation: nil, test: test,
            preprocessing: FittedPreprocessing(), validationFraction: 0)
        let plot = try #require(try RunFigures.forecast(network: network, data: data))
        #expect(plot.series[0].y == [2, 3, 4, 5, 6])
        #expect(plot.series[1].y[0..<3].allSatisfy(\.isFinite) && plot.series[1].y[3...].allSatisfy(\.isNaN))
        #expect(plot.series[2].y[0..<2].allSatisfy(\.isNaN) && plot.series[2].y[2...].allSatisfy(\.isFinite))
        #expect(plot.series[2].style == .dotted)
        let noTest = PreparedData(
            source: .genArti(type: 1, samples: 3), train: train, validation: nil, test: nil,
            preprocessing: FittedPreprocessing(), validationFraction: 0)
        #expect(try RunFigures.forecast(network: network, data: noTest) == nil)
    }

    @Test func batchCurveSmoothsAndThinsLongRecords() throws {
        let record = BatchLosses()
        for i in 0..<1000 { record.record(TrainingProgress(epoch: i / 100 + 1, batch: i % 100 + 1, batches: 100, runningLoss: 0, batchLoss: Float(1 + i % 2))) }
        let plot = try #require(RunFigures.batchLossCurve(record, maximumPoints: 250))
        #expect(plot.series[0].x.count == 250)
        #expect(plot.series[0].y.allSatisfy { abs($0 - 1.5) < 1e-9 })  // buckets of 4 alternating 1, 2
        // Smoothed in log space: the geometric mean of alternating 1 and 2 is √2, not 1.5.
        #expect(plot.series[1].y[10..<240].allSatisfy { abs($0 - 2.0.squareRoot()) < 0.05 })
        #expect(abs(record.positions[99] - 1) < 1e-12 && abs(record.positions[100] - 1.01) < 1e-12)
        #expect(record.csv.hasPrefix("epoch,batch,loss\n1,1,1.0\n1,2,2.0\n"))
        #expect(RunFigures.batchLossCurve(BatchLosses()) == nil)
    }

    /// The smoothed batch loss is centred and geometric: on a loss falling by a constant factor per
    /// batch it equals the loss at every batch (the old trailing mean of 50 batches read 29 %
    /// higher here), and its window is an epoch (10 batches per epoch: 11
    /// batches), not 50 batches.
    @Test func batchSmoothingIsCentredInLogSpaceOverAnEpoch() throws {
        let record = BatchLosses()
        for i in 0..<400 {
            record.record(TrainingProgress(epoch: i / 10 + 1, batch: i % 10 + 1, batches: 10, runningLoss: 0, batchLoss: Float(pow(0.99, Double(i)))))
        }
        let smoothing = RunFigures.BatchSmoothing(record)
        #expect(smoothing.batches == 11 && smoothing.logSpace)
        let plot = try #require(RunFigures.batchLossCurve(record))
        let raw = record.losses.map(Double.init)
        // At the ends the window is cut short and a line (an exponential) is fitted to it: exact too.
        for i in [0, 2, 5, 95, 200, 397, 399] { #expect(abs(plot.series[1].y[i] / raw[i] - 1) < 1e-5, "batch \(i)") }
        // Noise is averaged at the ends as well: alternating 1 and 4 read 2 (their geometric mean),
        // give or take the pull of the line, not 1 or 4.
        let noisy = RunFigures.BatchSmoothing(record).apply((0..<400).map { $0 % 2 == 0 ? 1 : 4 })
        #expect(noisy.allSatisfy { $0 > 1.3 && $0 < 3 } && abs(noisy[200] - 2) < 0.2)
        #expect(plot.series[1].name == "geometric mean, 1.1 epochs")
        // A 2-epoch run is smoothed over a tenth of it, not over an epoch.
        let short = BatchLosses()
        for i in 0..<200 { short.record(TrainingProgress(epoch: i / 100 + 1, batch: i % 100 + 1, batches: 100, runningLoss: 0, batchLoss: 1)) }
        #expect(RunFigures.BatchSmoothing(short).batches == 21)
    }
}
