// Tests of the ROC curve and its area on hand-computed cases, ties and bad input included.

import Foundation
import Testing
import NKCore
@testable import NKAnalysis

@Suite struct ROCCurveTests {
    // Scores 0.8 (+), 0.4 (−), 0.35 (+), 0.1 (−). Thresholds from the top: 0.8 → TPR 1/2, FPR 0;
    // 0.4 → 1/2, 1/2; 0.35 → 1, 1/2; 0.1 → 1, 1. Area: 0 + ½·½ + 0 + ½·1 = 0.75, as
    // sklearn.metrics.roc_auc_score([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]) gives.
    @Test func handComputedCurve() throws {
        let roc = try ROCCurve(scores: [0.1, 0.4, 0.35, 0.8], positives: [false, false, true, true])
        #expect(roc.falsePositiveRates == [0, 0, 0.5, 0.5, 1])
        #expect(roc.truePositiveRates == [0, 0.5, 0.5, 1, 1])
        #expect(abs(roc.auc - 0.75) < 1e-12)
    }

    @Test func perfectReversedAndUninformativeScores() throws {
        let labels = [true, true, false, false, false]
        #expect(try ROCCurve(scores: [0.9, 0.8, 0.3, 0.2, 0.1], positives: labels).auc == 1)
        #expect(try ROCCurve(scores: [0.1, 0.2, 0.3, 0.8, 0.9], positives: labels).auc == 0)
        // Every score equal: one diagonal step, area one half (ties count half).
        let flat = try ROCCurve(scores: [0.5, 0.5, 0.5, 0.5, 0.5], positives: labels)
        #expect(flat.falsePositiveRates == [0, 1] && flat.truePositiveRates == [0, 1] && flat.auc == 0.5)
    }

    @Test func badInputThrows() {
        #expect(throws: NeuralKitError.self) { try ROCCurve(scores: [0.1], positives: [true, false]) }
        #expect(throws: NeuralKitError.self) { try ROCCurve(scores: [0.1, 0.2], positives: [true, true]) }
        #expect(throws: NeuralKitError.self) { try ROCCurve(scores: [.nan, 0.2], positives: [true, false]) }
    }
}
