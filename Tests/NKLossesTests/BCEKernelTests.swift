// BCELoss's Float gradient pass against its Double reference, its fused value-and-gradient kernel
// against the separate passes (both kernel levels), and its range check's culprit.

import Foundation
import Testing
@testable import NKLosses
@testable import NKCore
import NKTestSupport

@Suite struct BCEKernelTests {
    @Test func floatGradientMatchesTheDoubleReference() throws {
        var rng = RandomGenerator(seed: 71)
        for (batch, width) in [(1, 1), (3, 7), (50, 256)] {
            var p = (0..<(batch * width)).map { _ in Float(rng.nextUnitDouble()) }
            p[0] = 0; if p.count > 2 { p[1] = 1; p[2] = 1e-7 }  // the clamped ends
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
        #expect(
            TestSupport.errorMessage { _ = try BCELoss().forward(target: Tensor(zeros: [1, 3]), prediction: above) }?
                .contains("at element 1") == true)
    }

    /// The fused kernel (vector lanes and the scalar tail of each row) gives the loss and gradient
    /// of the separate passes: widths below, at and off the 8-lane width, every reduction, p at 0 and 1.
    @Test(arguments: [KernelLevel.generic, .avx2])
    func fusedValueAndGradientMatchTheSeparatePasses(level: KernelLevel) throws {
        var rng = RandomGenerator(seed: 72)
        for (batch, width) in [(1, 1), (2, 7), (3, 8), (4, 13), (50, 256)] {
            var p = (0..<(batch * width)).map { _ in Float(rng.nextUnitDouble()) }
            p[0] = 0; p[p.count - 1] = 1  // clamped logs, in a lane and in a tail
            let y = (0..<(batch * width)).map { _ in Float(rng.nextUnitDouble()) }  // soft targets too
            let prediction = Tensor(shape: [batch, width], scalars: p), target = Tensor(shape: [batch, width], scalars: y)
            for loss in [BCELoss(), BCELoss(reduction: .sum), BCELoss(reduction: .none)] {
                let (value, gradient) = try KernelLevel.with(level, threads: 2) { try loss.valueAndGradient(target: target, prediction: prediction) }
                let expected = try loss.value(target: target, prediction: prediction)
                #expect(abs(value - expected) <= 1e-5 * max(1, abs(expected)), "\(level) \(batch)×\(width) \(loss): \(value) vs \(expected)")
                #expect(gradient == (try loss.backward(target: target, prediction: prediction)), "\(level) \(batch)×\(width)")
            }
        }
    }

    /// An out-of-range prediction, in a vector lane or in a row's tail, is refused by the fused
    /// path with the message of `forward`, naming the first culprit.
    @Test(arguments: [KernelLevel.generic, .avx2])
    func fusedPathRefusesWhatForwardRefuses(level: KernelLevel) {
        // The last two: a batch split between threads by rows, the culprit in a later piece.
        for (rows, cols, index, bad) in [(2, 11, 3, Float.nan), (2, 11, 9, 1.5), (2, 11, 10, -0.25), (64, 256, 40 * 256 + 9, 2), (64, 256, 63 * 256 + 255, .nan)] {
            var p = [Float](repeating: 0.5, count: rows * cols)
            p[index] = bad
            let prediction = Tensor(shape: [rows, cols], scalars: p)
            let message = TestSupport.errorMessage {
                _ = try KernelLevel.with(level, threads: 2) { try BCELoss().valueAndGradient(target: Tensor(zeros: [rows, cols]), prediction: prediction) }
            }
            #expect(message?.contains("at element \(index)") == true, "\(level): \(message ?? "no error")")
        }
    }
}
