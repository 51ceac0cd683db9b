// A small conv net learns a 1-D pattern detector (a convergence test with an asserted accuracy).

import Testing
import NeuralKit
import NKTestSupport

@Suite struct ConvLearningTests {
    /// Sequences of 24 values of noise in [−0.5, 0.5]; in class 1 the motif (+1.5, −1.5, +1.5) replaces
    /// three consecutive values at a random place. Only a shift-invariant detector separates them.
    func data(_ count: Int, using rng: inout RandomGenerator) -> (x: Tensor, y: Tensor) {
        var x = Tensor.uniform([count, 24, 1], low: -0.5, high: 0.5, using: &rng)
        var y = Tensor(zeros: [count])
        for i in 0..<count where rng.next() & 1 == 1 {
            y.scalars[i] = 1
            let at = Int(rng.next() % 22)
            for (j, v) in [Float(1.5), -1.5, 1.5].enumerated() { x.scalars[i * 24 + at + j] = v }
        }
        return (x, y)
    }

    @Test func conv1DPatternDetectorLearns() throws {
        var rng = RandomGenerator(seed: 71)
        let train = data(512, using: &rng), test = data(256, using: &rng)
        let model = try ModelNotation.parse(
            "Conv1D(k_size=3, chan_in=1, chan_out=4, stride=1) - ReLU() - MaxPool1D(k_size=22) - Flatten() - Linear(4, 2)",
            inputShape: [1, 24, 1], using: &rng)
        let trainer = Trainer(
            model, CrossEntropyLoss(),
            configuration: TrainingConfiguration(batchSize: 16, epochs: 30, learningRate: 0.1, seed: 71))
        _ = try trainer.fit(inputs: train.x, targets: train.y)
        let scores = try model.forward(test.x)
        let correct = (0..<256).filter { i in (scores[i, 1] > scores[i, 0] ? 1 : 0) == Int(test.y.scalars[i]) }.count
        #expect(Double(correct) / 256 >= 0.97, "test accuracy \(correct)/256")
    }
}
