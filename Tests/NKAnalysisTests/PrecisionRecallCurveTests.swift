// Tests of the precision–recall curve and the average precision on hand-computed cases.

import Foundation
import Testing
import NKCore
@testable import NKAnalysis

@Suite struct PrecisionRecallCurveTests {
    // Scores 0.8 (+), 0.4 (−), 0.35 (+), 0.1 (−). Thresholds from the top: 0.8 → R ½, P 1;
    // 0.4 → R ½, P ½; 0.35 → R 1, P ⅔; 0.1 → R 1, P ½. AP = ½·1 + 0 + ½·⅔ + 0 = 5/6, as
    // sklearn.metrics.average_precision_score([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]) gives.
    @Test func handComputedCurve() throws {
        let pr = try PrecisionRecallCurve(scores: [0.1, 0.4, 0.35, 0.8], positives: [false, false, true, true])
        #expect(pr.recalls == [0, 0.5, 0.5, 1, 1])
        #expect(zip(pr.precisions, [1, 1, 0.5, 2.0 / 3, 0.5]).allSatisfy { abs($0 - $1) < 1e-12 })
        #expect(abs(pr.averagePrecision - 5.0 / 6) < 1e-12)
        #expect(pr.positiveRate == 0.5)
    }

    @Test func perfectAndTiedScores() throws {
        let labels = [true, false, false, false]
        #expect(try PrecisionRecallCurve(scores: [0.9, 0.1, 0.2, 0.3], positives: labels).averagePrecision == 1)
        // All tied: one threshold, precision the share of positives.
        let tied = try PrecisionRecallCurve(scores: [0.5, 0.5, 0.5, 0.5], positives: labels)
        #expect(tied.recalls == [0, 1] && tied.precisions == [1, 0.25] && tied.averagePrecision == 0.25)
        #expect(throws: NeuralKitError.self) { try PrecisionRecallCurve(scores: [0.1, 0.2], positives: [false, false]) }
    }
}
