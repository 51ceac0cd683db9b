// Tests of the learning-rate range test.

import Foundation
import Testing
import NeuralKit
import NKTestSupport
@testable import NKTrain

@Suite struct LearningRateFinderTests {
    @Test func ratesGrowGeometricallyFromStartToEnd() {
        let finder = LearningRateFinder(start: 1e-4, end: 1, batches: 5)
        let rates = (0..<5).map(finder.rate(at:))
        for (rate, expected) in zip(rates, [1e-4, 1e-3, 1e-2, 1e-1, 1] as [Float]) { #expect(abs(rate / expected - 1) < 1e-5) }
    }

    /// The steepest fall is found where the loss drops fastest against log(rate), before the minimum.
    @Test func theSuggestionIsTheSteepestFall() throws {
        let rates = (0..<40).map { Float(pow(10, -6 + Double($0) * 0.15)) }
        // A smooth step centred on rate 10^-3 (index 20), then a rise after index 30.
        let smoothed = rates.indices.map { i -> Float in i <= 30 ? Float(2 - 1 / (1 + exp(-Double(i - 20)))) : Float(1 + Double(i - 30) * 0.5) }
        let suggestion = try #require(LearningRateFinder.steepestDescent(rates: rates, smoothed: smoothed, upTo: 30))
        #expect(suggestion == rates[20])
        #expect(LearningRateFinder.steepestDescent(rates: rates, smoothed: smoothed, upTo: 3) == nil)
    }

    /// Least squares y = 3x + noise on x ~ N(0, 1): plain SGD diverges above a rate of about 1 (the
    /// MSE gradient's curvature is 2), learns from about 0.01; the test stops by itself and suggests a
    /// rate in between.
    @Test func onLeastSquaresTheSuggestionLiesBelowTheDivergence() throws {
        var rng = RandomGenerator(seed: 1)
        let x = Tensor.normal([512, 1], std: 1, using: &rng)
        let noise = Tensor.normal([512, 1], std: 0.3, using: &rng)
        let y = Tensor(shape: [512, 1], scalars: zip(x.scalars, noise.scalars).map { 3 * $0 + $1 })
        var init_ = RandomGenerator(seed: 2)
        let model = Sequential([Linear(1, 1, using: &init_)])
        let result = try LearningRateFinder(start: 1e-5, end: 100, batches: 100).run(
            model, MSELoss(), optimizer: OptimizerSettings(kind: .sgd), inputs: x, targets: y, batchSize: 16, seed: 3)
        #expect(result.stoppedEarly)
        #expect(try #require(result.rates.last) < 100 && result.rates.count < 100)
        let suggestion = try #require(result.suggestion)
        #expect(suggestion > 0.01 && suggestion < 1, "\(suggestion)")
        #expect(result.smoothed[result.best] < 0.2 * result.smoothed[0])
    }

    @Test func badRangesAreRefused() {
        #expect(throws: NeuralKitError.self) { try LearningRateFinder(start: 1, end: 0.1).validate() }
        #expect(throws: NeuralKitError.self) { try LearningRateFinder(start: 0, end: 1).validate() }
        #expect(throws: NeuralKitError.self) { try LearningRateFinder(start: 1e-3, end: 1, batches: 1).validate() }
    }
}
