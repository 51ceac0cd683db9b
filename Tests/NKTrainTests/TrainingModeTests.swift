// Gradient checks of BatchNorm and Dropout in training mode, modes in training and evaluation, and
// checkpoints of BatchNorm buffers.

import Foundation
import Testing
import NeuralKit
import NKTestSupport

@Suite struct TrainingModeTests {
    /// BatchNorm's backward in training mode (batch statistics depend on every input) and in
    /// evaluation mode, for every input rank it takes; Dropout with its mask held.
    @Test(arguments: [
        "Linear(5, 6) - BatchNorm1D(6) - TanH() - Linear(6, 3)",
        "Reshape(4, 5) - Conv1D(3, 5, 4) - BatchNorm1D(4) - TanH() - Flatten() - Linear(8, 3)",
        "Reshape(5, 5, 2) - Conv2D(2, 3, 3) - BatchNorm2D(3, affine=false) - TanH() - Flatten() - Linear(27, 3)",
        "Linear(5, 12) - Dropout(0.4) - TanH() - Linear(12, 3)",
    ])
    func gradientsInTrainingMode(spec: String) throws {
        var rng = RandomGenerator(seed: 11)
        let model = try ModelNotation.parse(spec, using: &rng)
        let x = Tensor.normal([6, model.inferredSampleShape!.reduce(1, *)], using: &rng)
        let y = TestSupport.classIndices(batch: 6, classes: 3, using: &rng)
        let result = try GradientCheck.check(model, loss: CrossEntropyLoss(), input: x, target: y)
        #expect(result.passed, "\(result)")
    }

    /// A backward that forgets the batch statistics' dependence on the input (the evaluation
    /// formula used in training) is caught.
    @Test func theCheckCatchesABatchNormBackwardWithoutTheStatisticsTerms() throws {
        final class EvaluationBackwardBatchNorm: Module {
            let inner = BatchNorm(.oneD, features: 4)
            var parameters: [Parameter] { inner.parameters }
            func outputShape(for s: [Int]) throws -> [Int] { s }
            func forward(_ x: Tensor) throws -> Tensor { try inner.forward(x) }
            func backwardUpdateGradient(input: Tensor, delta: Tensor) throws { try inner.backwardUpdateGradient(input: input, delta: delta) }
            func backwardDelta(input: Tensor, delta: Tensor) throws -> Tensor {
                let std = (0..<4).map { c -> Float in
                    let column = (0..<input.rowCount).map { input.scalars[$0 * 4 + c] }
                    let mean = column.reduce(0, +) / Float(column.count)
                    return (column.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Float(column.count) + 1e-5).squareRoot()
                }
                return Tensor(shape: delta.shape, scalars: delta.scalars.enumerated().map { $0.element / std[$0.offset % 4] })
            }
            var description: String { "EvaluationBackwardBatchNorm" }
        }
        var rng = RandomGenerator(seed: 2)
        let model = Sequential([Linear(3, 4, using: &rng), EvaluationBackwardBatchNorm(), TanH(), Linear(4, 2, using: &rng)])
        let x = Tensor.normal([8, 3], using: &rng), y = TestSupport.classIndices(batch: 8, classes: 2, using: &rng)
        #expect(try !GradientCheck.check(model, loss: CrossEntropyLoss(), input: x, target: y).passed)
    }

    @Test func trainingStepsUseTrainingModeAndEvaluationUsesEvaluationMode() throws {
        var rng = RandomGenerator(seed: 4)
        let model = try ModelNotation.parse("Linear(3, 8) - BatchNorm1D(8) - Dropout(0.5) - Linear(8, 2)", using: &rng)
        let bn = model.modules[1] as! BatchNorm
        let x = Tensor.normal([16, 3], using: &rng), y = TestSupport.classIndices(batch: 16, classes: 2, using: &rng)
        _ = try evaluate(network: model, loss: CrossEntropyLoss(), inputs: x, targets: y)
        #expect(bn.batchesTracked.value.scalars == [0] && !bn.isTraining)
        let first = try predict(network: model, inputs: x), second = try predict(network: model, inputs: x)
        #expect(first == second)  // no dropout, no batch statistics
        try Optim(model, CrossEntropyLoss(), step: 0.1).step(input: x, target: y)
        #expect(bn.batchesTracked.value.scalars == [1] && bn.isTraining)
        let trainer = Trainer(model, CrossEntropyLoss(), configuration: .init(batchSize: 8, epochs: 2), decision: .argmax)
        _ = try trainer.fit(inputs: x, targets: y, validation: (x, y))
        #expect(bn.batchesTracked.value.scalars == [5])  // 4 training batches more, none in validation
    }

    @Test func batchNormBuffersRoundTripThroughCheckpointsAsPyTorchNames() throws {
        var rng = RandomGenerator(seed: 8)
        let model = try ModelNotation.parse("Linear(3, 4) - BatchNorm1D(4) - Linear(4, 2)", using: &rng)
        let x = Tensor.normal([10, 3], using: &rng), y = TestSupport.classIndices(batch: 10, classes: 2, using: &rng)
        for _ in 0..<3 { try Optim(model, CrossEntropyLoss(), optimizer: Adam(learningRate: 0.01)).step(input: x, target: y) }
        let names = Checkpoint.stateDict(of: model.modules).map(\.name)
        #expect(names == ["0.weight", "0.bias", "1.weight", "1.bias", "1.running_mean", "1.running_var", "1.num_batches_tracked", "2.weight", "2.bias"])
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("bn-\(UUID().uuidString).safetensors")
        defer { try? FileManager.default.removeItem(at: url) }
        try Checkpoint.save(Checkpoint.stateDict(of: model.modules), metadata: [:], integers: Checkpoint.integerNames(of: model.modules), to: url)
        let bytes = try Data(contentsOf: url)
        #expect(String(decoding: bytes.prefix(600), as: UTF8.self).contains("\"1.num_batches_tracked\":{\"dtype\":\"I64\",\"shape\":[]"))
        var other = RandomGenerator(seed: 99)
        let copy = try ModelNotation.parse("Linear(3, 4) - BatchNorm1D(4) - Linear(4, 2)", using: &other)
        try Checkpoint.loadStateDict(try Checkpoint.load(from: url).tensors, into: copy.modules, file: url.path)
        #expect((copy.modules[1] as! BatchNorm).batchesTracked.value.scalars == [3])
        #expect((copy.modules[1] as! BatchNorm).runningVar.value == (model.modules[1] as! BatchNorm).runningVar.value)
        #expect(try predict(network: copy, inputs: x) == predict(network: model, inputs: x))
    }
}
