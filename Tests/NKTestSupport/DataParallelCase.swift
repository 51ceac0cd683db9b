// DataParallelCase: the small training runs whose data-parallel steps are compared with one process's.

import NeuralKit

/// A seeded model, data set and configuration, trained once in one process and once on N ranks
/// (`nk-data-parallel-check`); the parameters after every step must agree to float rounding.
/// 47 samples in batches of 10 leave a last batch of 7, so the ranks' shares differ in size.
public struct DataParallelCase: Sendable {
    public let name: String
    public let model: String
    /// The shape of one sample.
    public let sampleShape: [Int]
    public let optimizer: OptimizerSettings
    public let learningRate: Float

    /// An MLP with momentum SGD; a conv net with BatchNorm and Dropout; an MLP with BatchNorm, Dropout and Adam.
    /// In the Adam case no bias feeds a BatchNorm directly: such a bias's true gradient is 0, its computed
    /// one rounding noise (about 1e-9), and Adam's step `m/(√v + ε)` turns noise of that size into a
    /// step of up to `lr`, so the two runs' noise would decide it (as it does between any two orders of
    /// summation, in PyTorch too). SGD moves such a bias by `lr` times the noise, which is harmless.
    public static let all = [
        DataParallelCase(name: "mlp", model: "Linear(6, 16) - TanH() - Linear(16, 3)", sampleShape: [6], optimizer: .init(kind: .momentum), learningRate: 0.1),
        DataParallelCase(
            name: "conv", model: "Conv2D(1, 4, 3) - BatchNorm2D(4) - ReLU() - MaxPool2D(2) - Flatten() - Dropout(0.3) - Linear(16, 3)", sampleShape: [6, 6, 1],
            optimizer: .init(kind: .sgd), learningRate: 0.05),
        DataParallelCase(
            name: "adam", model: "Linear(6, 12) - ReLU() - BatchNorm1D(12) - Dropout(0.25) - Linear(12, 3)", sampleShape: [6], optimizer: .init(kind: .adam),
            learningRate: 0.01),
    ]

    /// The case called `name`, or nil.
    public static func named(_ name: String) -> DataParallelCase? { all.first { $0.name == name } }

    public static let samples = 47, batchSize = 10, epochs = 2

    /// A trainer of this case's model (from seed 7) on cross-entropy, 2 epochs of shuffled batches of 10.
    public func trainer() throws -> Trainer {
        var rng = RandomGenerator(seed: 7)
        let network = try ModelNotation.parse(model, using: &rng)
        let configuration = TrainingConfiguration(
            batchSize: Self.batchSize, epochs: Self.epochs, learningRate: learningRate, seed: 11, optimizer: optimizer)
        return Trainer(network, CrossEntropyLoss(), configuration: configuration, decision: .argmax)
    }

    /// 47 seeded samples and their classes (0, 1 or 2).
    public func data() -> (inputs: Tensor, targets: Tensor) {
        var rng = RandomGenerator(seed: 5)
        let inputs = Tensor.uniform([Self.samples] + sampleShape, low: -1, high: 1, using: &rng)
        return (inputs, TestSupport.classIndices(batch: Self.samples, classes: 3, using: &rng))
    }
}

/// Records every parameter after every optimizer step, concatenated (`steps[k]` after step k + 1).
public final class ParameterRecorder: TrainingCallback {
    public private(set) var steps: [[Float]] = []
    public init() {}
    public func batchEnded(_ loop: TrainingLoop, _ progress: TrainingProgress) throws {
        steps.append(loop.network.parameters.flatMap(\.value.scalars))
    }
}
