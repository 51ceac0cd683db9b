// Tests of the training images' augmentation: what each step does, and bit-identical resumption.

import Foundation
import Testing
import NeuralKit
import NKTestSupport

@Suite struct AugmentationTests {
    /// A 3×4 single-channel image holding 1…12, row by row.
    static let image = Tensor(shape: [1, 12], scalars: (1...12).map(Float.init))

    @Test func aShiftMovesThePixelsAndFillsWhatItUncovers() throws {
        let shift = try Augmentation(steps: [.shift(1)], imageShape: [3, 4, 1], fill: Array(repeating: -1, count: 12))
        var seen = Set<[Float]>()
        var rng = RandomGenerator(seed: 1)
        for _ in 0..<200 { seen.insert(shift.apply(to: Self.image, using: &rng).scalars) }
        #expect(seen.count == 9)  // every (dy, dx) in {−1, 0, 1}²
        #expect(seen.contains((1...12).map(Float.init)))
        // Down one row and right one column: the first row and column are filled.
        #expect(seen.contains([-1, -1, -1, -1, -1, 1, 2, 3, -1, 5, 6, 7]))
        #expect(seen.allSatisfy { $0.filter { $0 != -1 }.allSatisfy { (1...12).contains($0) } })
    }

    @Test func aFlipMirrorsEachRowHalfTheTime() throws {
        let flip = try Augmentation(steps: [.flip], imageShape: [3, 4, 1], fill: Array(repeating: 0, count: 12))
        var rng = RandomGenerator(seed: 2)
        let outcomes = (0..<400).map { _ in flip.apply(to: Self.image, using: &rng).scalars }
        let mirrored: [Float] = [4, 3, 2, 1, 8, 7, 6, 5, 12, 11, 10, 9]
        #expect(Set(outcomes) == [(1...12).map(Float.init), mirrored])
        let share = Double(outcomes.filter { $0 == mirrored }.count) / 400
        #expect(abs(share - 0.5) < 0.08)
    }

    @Test func stepsParseAndBadOnesAreNamed() throws {
        #expect(try Augmentation.Step(parsing: "shift:2") == .shift(2))
        #expect(try Augmentation.Step(parsing: "CROP:4") == .crop(padding: 4))
        #expect(try Augmentation.Step(parsing: "flip") == .flip)
        for bad in ["shift", "shift:0", "shift:x", "rotate:10", "flip:1"] {
            #expect(throws: NeuralKitError.self) { try Augmentation.Step(parsing: bad) }
        }
        #expect(throws: NeuralKitError.self) { try Augmentation(steps: [.shift(4)], imageShape: [3, 4, 1], fill: Array(repeating: 0, count: 12)) }
        #expect(throws: NeuralKitError.self) { try Augmentation(steps: [.flip], imageShape: [12], fill: Array(repeating: 0, count: 12)) }
    }

    func images(_ seed: UInt64) throws -> (Sequential, Tensor, Tensor) {
        var rng = RandomGenerator(seed: seed)
        let model = try ModelNotation.parse("Reshape(6, 6, 1) - Conv2D(1, 3, 3) - ReLU() - Flatten() - Linear(48, 2)", using: &rng)
        let x = Tensor.uniform([64, 36], low: 0, high: 1, using: &rng)
        let y = Tensor(shape: [64, 1], scalars: (0..<64).map { Float($0 % 2) })
        return (model, x, y)
    }

    /// Stopped after epoch 2 and resumed from its state (through JSON, as last.safetensors keeps it),
    /// an augmented run ends with the weights of one never interrupted; without augmentation the
    /// weights differ (so the augmentation did act).
    @Test func anAugmentedRunResumesBitIdentically() throws {
        var configuration = TrainingConfiguration(batchSize: 16, epochs: 5, learningRate: 0.1)
        configuration.augmentation = [.shift(1), .flip]
        let augmentation = try Augmentation(steps: configuration.augmentation, imageShape: [6, 6, 1], fill: Array(repeating: 0, count: 36))
        func trainer(_ model: Sequential) -> Trainer {
            let t = Trainer(model, CrossEntropyLoss(), configuration: configuration)
            t.augmentation = augmentation
            return t
        }
        let (whole, x, y) = try images(7)
        _ = try trainer(whole).fit(inputs: x, targets: y)

        let (parted, _, _) = try images(7)
        let first = trainer(parted)
        first.callbacks.append(RecordingCallback(stopAfter: 2))
        var state: TrainerState?
        first.onCheckpoint = { state = $0 }
        _ = try first.fit(inputs: x, targets: y)
        var saved = try #require(state)
        #expect(saved.progress.augmentationGenerator != nil)
        saved.progress = try JSONDecoder().decode(TrainerState.Progress.self, from: JSONEncoder().encode(saved.progress))
        _ = try trainer(parted).fit(inputs: x, targets: y, resumingFrom: saved)
        for (a, b) in zip(whole.parameters, parted.parameters) { #expect(a.value == b.value) }

        let (plain, _, _) = try images(7)
        var unaugmented = configuration
        unaugmented.augmentation = []
        _ = try Trainer(plain, CrossEntropyLoss(), configuration: unaugmented).fit(inputs: x, targets: y)
        #expect(zip(whole.parameters, plain.parameters).contains { $0.value != $1.value })
        // Asking for augmentation without saying on what images is an error, not a silent no-op.
        #expect(throws: NeuralKitError.self) { try Trainer(plain, CrossEntropyLoss(), configuration: configuration).fit(inputs: x, targets: y) }
    }
}
