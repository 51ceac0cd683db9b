// Tests of the layers with a training mode: Dropout and BatchNorm (gradients: TrainingModeGradientTests).

import Foundation
import Testing
import NeuralKit
import NKTestSupport

@Suite struct DropoutTests {
    @Test func dropsAndScalesInTrainingAndIsTheIdentityInEvaluation() throws {
        var rng = RandomGenerator(seed: 3)
        let drop = Dropout(0.25, using: &rng)
        let x = Tensor(repeating: 2, shape: [200, 50])
        let y = try drop.forward(x)
        let kept = y.scalars.filter { $0 != 0 }
        #expect(kept.allSatisfy { abs($0 - 2 / 0.75) < 1e-6 })  // inverted dropout
        let fraction = Double(kept.count) / Double(x.count)
        #expect(abs(fraction - 0.75) < 0.02, "kept \(fraction)")
        // The backward pass uses the same mask.
        let dx = try drop.backwardDelta(input: x, delta: Tensor(repeating: 1, shape: [200, 50]))
        #expect(zip(dx.scalars, y.scalars).allSatisfy { ($0 == 0) == ($1 == 0) })
        drop.setTraining(false)
        #expect(try drop.forward(x) == x)
        #expect(try drop.backwardDelta(input: x, delta: x) == x)
    }

    @Test func masksAreReproducibleFromTheSeedAndDifferBetweenSteps() throws {
        func masks(seed: UInt64) throws -> [Tensor] {
            var rng = RandomGenerator(seed: seed)
            let model = try ModelNotation.parse("Linear(4, 30) - Dropout(0.5) - Linear(30, 2)", using: &rng)
            let x = Tensor(repeating: 1, shape: [8, 4])
            return try (0..<2).map { _ in try model.forward(x) }
        }
        let a = try masks(seed: 5), b = try masks(seed: 5), c = try masks(seed: 6)
        #expect(a == b)
        #expect(a[0] != a[1])
        #expect(a != c)
    }

    @Test func notationChecksP() {
        var rng = RandomGenerator(seed: 0)
        for bad in ["Dropout(1)", "Dropout(-0.1)", "Dropout(p=2)"] {
            #expect(throws: NeuralKitError.self, "\(bad)") { try ModelNotation.parse(bad, using: &rng) }
        }
        #expect((try? ModelNotation.parse("Dropout()", using: &rng))?.description == "Dropout(p=0.5)")
    }
}

@Suite struct BatchNormTests {
    @Test func trainingNormalisesEachChannelAndUpdatesTheRunningStatistics() throws {
        var rng = RandomGenerator(seed: 1)
        let bn = BatchNorm(.oneD, features: 3)
        let x = Tensor(shape: [64, 3], scalars: (0..<192).map { i in Float(rng.nextNormal()) * Float(1 + i % 3) + Float(i % 3) * 5 })
        let y = try bn.forward(x)
        for c in 0..<3 {
            let column = (0..<64).map { Double(y.scalars[$0 * 3 + c]) }
            let mean = column.reduce(0, +) / 64
            let variance = column.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / 64
            #expect(abs(mean) < 1e-5 && abs(variance - 1) < 1e-3, "channel \(c): mean \(mean), variance \(variance)")
            let input = (0..<64).map { Double(x.scalars[$0 * 3 + c]) }
            let m = input.reduce(0, +) / 64
            let unbiased = input.map { ($0 - m) * ($0 - m) }.reduce(0, +) / 63
            #expect(abs(Double(bn.runningMean.value.scalars[c]) - 0.1 * m) < 1e-5)
            #expect(abs(Double(bn.runningVar.value.scalars[c]) - (0.9 + 0.1 * unbiased)) < 1e-4)
        }
        #expect(bn.batchesTracked.value.scalars == [1])
    }

    @Test func evaluationUsesTheRunningStatistics() throws {
        let bn = BatchNorm(.twoD, features: 2, eps: 0)
        bn.runningMean.value = Tensor(shape: [2], scalars: [1, -1])
        bn.runningVar.value = Tensor(shape: [2], scalars: [4, 0.25])
        bn.weight!.value = Tensor(shape: [2], scalars: [2, 1])
        bn.bias!.value = Tensor(shape: [2], scalars: [0, 3])
        bn.setTraining(false)
        let y = try bn.forward(Tensor(shape: [1, 1, 1, 2], scalars: [5, 0]))
        #expect(y.scalars == [4, 5])  // 2·(5 − 1)/2 + 0, 1·(0 + 1)/0.5 + 3
        #expect(bn.batchesTracked.value.scalars == [0])
    }

    @Test func shapesAndErrors() throws {
        let one = BatchNorm(.oneD, features: 4), two = BatchNorm(.twoD, features: 4)
        #expect(try one.outputShape(for: [8, 4]) == [8, 4])
        #expect(try one.outputShape(for: [8, 10, 4]) == [8, 10, 4])
        #expect(throws: NeuralKitError.self) { try one.outputShape(for: [8, 5]) }
        #expect(throws: NeuralKitError.self) { try two.outputShape(for: [8, 4]) }
        let single = TestSupport.errorMessage { _ = try one.forward(Tensor(zeros: [1, 4])) }
        #expect(single?.contains("more than one value per channel") == true)
        var rng = RandomGenerator(seed: 0)
        let model = try ModelNotation.parse("Reshape(8, 8, 1) - Conv2D(1, 4, 3) - BatchNorm2D(4, momentum=0.2) - ReLU() - Flatten() - Linear(144, 2)", using: &rng)
        #expect(model.description.contains("BatchNorm2D(4, momentum=0.2)"))
        #expect(model.buffers.map(\.name) == ["running_mean", "running_var", "num_batches_tracked"])
        #expect(throws: NeuralKitError.self) { try ModelNotation.parse("Linear(4, 3) - BatchNorm1D(4)", using: &rng) }
        #expect(throws: NeuralKitError.self) { try ModelNotation.parse("BatchNorm1D(4, eps=0)", using: &rng) }
    }
}
