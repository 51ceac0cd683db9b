// BCELoss's Float gradient pass against its Double reference, and its range check's culprit.

import Foundation
import Testing
@testable import NKLosses
import NKCore
import NKTestSupport

@Suite struct BCEKernelTests {
    @Test func floatGradientMatchesTheDoubleReference() throws {
        var rng = RandomGenerator(seed: 71)
        for (batch, width) in [(1, 1), (3, 7), (50, 256)] {
            var p = (0..<(batch * width)).map { _ in Float(rng.nextUnitDouble()) }
            p[0] = 0; if p.count > 2 { p[1] = 1; p[2] = 1e-7 }             // the clamped ends
            let y = (0..<(batch * width)).map { _ in Float(rng.nextUnitDouble() < 0.5 ? 0 : 1) }
            let prediction = Tensor(shape: [batch, width], scalars: p), target = Tensor(shape: [batch, width], scalars: y)
            for loss in [BCELoss(), BCELoss(reduction: .sum)] {
                let fast = try loss.backward(target: target, prediction: prediction).scalars
                let reference = try loss.naiveBackward(target: target, prediction: prediction).scalars
                for (a, b) in zip(fast, reference) {
                    #expect(a.isFinite && abs(a - b) <= 2e-6 * max(1, abs(b)), "\(a) vs \(b)")
                }
            }
        }
    }

    @Test func theRangeCheckNamesTheFirstCulprit() {
        let p = Tensor(shape: [1, 5], scalars: [0.5, 0.2, .nan, 1.5, 0.1])
        let message = TestSupport.errorMessage { _ = try BCELoss().backward(target: Tensor(zeros: [1, 5]), prediction: p) }
        #expect(message?.contains("prediction nan at element 2") == true)
        let above = Tensor(shape: [1, 3], scalars: [0.5, 1.0000001, 0.1])
        #expect(TestSupport.errorMessage { _ = try BCELoss().forward(target: Tensor(zeros: [1, 3]), prediction: above) }?
            .contains("at element 1") == true)
    }
}
