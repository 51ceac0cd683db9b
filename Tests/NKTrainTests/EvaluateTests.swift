// Tests of chunked evaluation and prediction, and of the Trainer's reused batch buffers.

import Testing
import NeuralKit
@testable import NKTrain

@Suite struct EvaluateTests {
    static let models = [
        "Linear(25, 7) - TanH() - Linear(7, 3)",
        "Reshape(5, 5, 1) - Conv2D(1, 2, 3) - ReLU() - Flatten() - Linear(18, 3)",
    ]

    static func data(_ n: Int, seed: UInt64 = 21) -> (Tensor, Tensor) {
        var rng = RandomGenerator(seed: seed)
        return (Tensor.uniform([n, 25], low: -1, high: 1, using: &rng), Tensor(shape: [n], scalars: (0..<n).map { _ in Float(rng.next() % 3) }))
    }

    /// Each row's output does not depend on how the rows are chunked, for chunks of 5 rows or more
    /// (smaller ones take GEMM's small-batch path, which sums in another order): equal to the bit.
    @Test(arguments: models) func chunkedPredictionEqualsWholePrediction(model: String) throws {
        var rng = RandomGenerator(seed: 3)
        let network = try ModelNotation.parse(model, using: &rng)
        let (x, _) = Self.data(53)
        let whole = try predict(network: network, inputs: x, batchSize: 1000)
        #expect(whole == (try network.forward(x)))
        var bad: [String] = []
        for size in [5, 6, 7, 8, 9, 12, 16, 24, 32, 50, 52] {
            let p = try predict(network: network, inputs: x, batchSize: size)
            if p != whole { bad.append("\(size)") }
        }
        #expect(bad == [])
    }

    @Test func chunksNeverEndWithAShortTail() {
        #expect(evaluationChunks(53, size: 52) == [0..<53])
        #expect(evaluationChunks(53, size: 20) == [0..<20, 20..<40, 40..<53])
        #expect(evaluationChunks(60, size: 20) == [0..<20, 20..<40, 40..<60])
        #expect(evaluationChunks(5, size: 256) == [0..<5])
        #expect(evaluationChunks(0, size: 8) == [])
        #expect(evaluationChunks(10_000, size: 256).count == 40)
    }

    /// Accuracy is a count, identical for any chunking. The loss is the mean of the chunk means
    /// weighted by their sizes, summed in Double: it equals the one-pass loss (a single Float
    /// reduction inside the loss) to rounding, not to the bit.
    @Test(arguments: models) func chunkedEvaluationEqualsWholeEvaluation(model: String) throws {
        var rng = RandomGenerator(seed: 4)
        let network = try ModelNotation.parse(model, using: &rng)
        let (x, y) = Self.data(53)
        let whole = try evaluate(network: network, loss: CrossEntropyLoss(), inputs: x, targets: y, decision: .argmax, batchSize: 53)
        let direct = try CrossEntropyLoss().value(target: y, prediction: network.forward(x))
        #expect(whole.loss == direct)
        for size in [5, 8, 52] {
            let chunked = try evaluate(network: network, loss: CrossEntropyLoss(), inputs: x, targets: y, decision: .argmax, batchSize: size)
            #expect(chunked.accuracy == whole.accuracy, "chunks of \(size)")
            #expect(abs(chunked.loss - whole.loss) <= 1e-6 * max(1, abs(whole.loss)), "chunks of \(size)")
        }
    }

    static let dropoutModel = "Linear(25, 7) - TanH() - Dropout(0.2) - Linear(7, 3)"

    func fit(epochs: Int, model: String = dropoutModel, n: Int = 50, batch: Int = 16) throws -> (Trainer, [Tensor]) {
        var rng = RandomGenerator(seed: 9)
        let network = try ModelNotation.parse(model, using: &rng)
        let (x, y) = Self.data(n)
        let trainer = Trainer(
            network, CrossEntropyLoss(), configuration: TrainingConfiguration(batchSize: batch, epochs: epochs, learningRate: 0.1, seed: 2),
            decision: .argmax)
        try trainer.fit(inputs: x, targets: y, test: (x, y))
        return (trainer, network.parameters.map(\.value))
    }

    /// Two buffers per batch shape (16 and the last 2) for inputs and targets, however many epochs:
    /// the steady state gathers its batches without allocating.
    @Test(arguments: [dropoutModel, models[1]]) func trainerReusesItsBatchBuffers(model: String) throws {
        let (first, _) = try fit(epochs: 1, model: model)
        let (three, _) = try fit(epochs: 3, model: model)
        let (seven, _) = try fit(epochs: 7, model: model)
        #expect(first.batchBufferAllocations == 6)  // one epoch: 2 full-size turns, 1 of the last batch
        #expect(three.batchBufferAllocations == 8)
        #expect(seven.batchBufferAllocations == 8)
    }

    /// Reused buffers change nothing: the weights equal those of plain steps on copied batches.
    @Test func reusedBuffersGiveTheSameWeights() throws {
        let (_, weights) = try fit(epochs: 3)
        var rng = RandomGenerator(seed: 9)
        let network = try ModelNotation.parse(Self.dropoutModel, using: &rng)
        let (x, y) = Self.data(50)
        let optim = Optim(network, CrossEntropyLoss(), optimizer: OptimizerSettings().make(learningRate: 0.1))
        var order = RandomGenerator(seed: 2)
        var indices = Array(0..<50)
        for _ in 0..<3 {
            order.shuffle(&indices)
            for start in stride(from: 0, to: 50, by: 16) {
                let batch = indices[start..<min(50, start + 16)]
                _ = try optim.stepReturningPrediction(input: x.gatherRows(batch), target: y.gatherRows(batch))
            }
        }
        #expect(network.parameters.map(\.value) == weights)
    }
}
