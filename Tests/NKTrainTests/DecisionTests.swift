// Tests for Decision: argmax and threshold accuracy over the target layouts.

import Testing
import NeuralKit

@Suite struct DecisionTests {
    let scores = Tensor(
        shape: [4, 3],
        scalars: [
            0.1, 0.7, 0.2,  // class 1
            0.9, 0.0, 0.1,  // class 0
            0.2, 0.3, 0.5,  // class 2
            0.4, 0.3, 0.3,
        ])  // class 0

    @Test func argmaxWithClassIndices() throws {
        let target = Tensor(shape: [4], scalars: [1, 0, 1, 0])
        let (correct, total) = try Decision.argmax.correctCount(prediction: scores, target: target)
        #expect(correct == 3 && total == 4)
        let column = try Decision.argmax.correctCount(prediction: scores, target: target.reshaped([4, 1]))
        #expect(column.correct == 3)
    }

    @Test func invalidClassIndicesCountAsWrongInsteadOfCrashing() throws {
        let target = Tensor(shape: [4], scalars: [.nan, .infinity, -1e20, 0])
        #expect(try Decision.argmax.correctCount(prediction: scores, target: target).correct == 1)
    }

    @Test func argmaxWithOneHotRows() throws {
        let oneHot = Tensor(shape: [4, 3], scalars: [0, 1, 0, 1, 0, 0, 0, 0, 1, 0, 1, 0])
        #expect(try Decision.argmax.correctCount(prediction: scores, target: oneHot).correct == 3)
    }

    @Test func thresholdWithPlusMinusOneAndZeroOneLabels() throws {
        let logits = Tensor(shape: [4, 1], scalars: [2, -1, 0.5, -3])
        let pm = Tensor(shape: [4, 1], scalars: [1, -1, -1, -1])
        let zeroOne = Tensor(shape: [4, 1], scalars: [1, 0, 0, 0])
        #expect(try Decision.threshold(0).correctCount(prediction: logits, target: pm).correct == 3)
        #expect(try Decision.threshold(0).correctCount(prediction: logits, target: zeroOne).correct == 3)
        let probabilities = Tensor(shape: [4, 1], scalars: [0.9, 0.2, 0.6, 0.4])
        #expect(try Decision.threshold(0.5).correctCount(prediction: probabilities, target: zeroOne).correct == 3)
    }

    @Test func mismatchedTargetsThrowShapeErrors() {
        #expect(throws: NeuralKitError.self) { try Decision.argmax.correctCount(prediction: scores, target: Tensor(zeros: [4, 2])) }
        #expect(throws: NeuralKitError.self) { try Decision.argmax.correctCount(prediction: scores, target: Tensor(zeros: [3])) }
        #expect(throws: NeuralKitError.self) { try Decision.threshold(0).correctCount(prediction: Tensor(zeros: [4, 1]), target: Tensor(zeros: [4, 2])) }
    }

    @Test func defaultRuleFollowsOutputWidth() {
        #expect(Decision.default(outputWidth: 10) == .argmax)
        #expect(Decision.default(outputWidth: 1) == .threshold(0.5))
    }
}
