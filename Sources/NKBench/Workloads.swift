// Workloads: the network benchmarks (W1, W1A, W2, W3, W4, W5, W6, W9) and D1, on data of fixed shapes;
// G1 (the GEMM products) lives in GEMMWorkload.swift.

import Foundation
import NKCore
import NKData
import NKLayers
import NKLosses
import NKTrain

/// The benchmark workloads, each on synthetic data of the shapes the issue fixes.
enum Workloads {
    static func median(_ runs: Int, _ body: () throws -> Void) rethrows -> Double {
        try body()  // warm-up: caches, page faults, worker threads
        var times: [Double] = []
        for _ in 0..<runs {
            let start = DispatchTime.now().uptimeNanoseconds
            try body()
            times.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
        }
        return times.sorted()[times.count / 2]
    }

    /// The ranks an `mpirun` launch of the benchmark started (data-parallel epochs), or nil.
    nonisolated(unsafe) static var processGroup: (any ProcessGroup)?

    static func epoch(
        _ model: String, loss: String, inputs: Tensor, targets: Tensor, batch: Int, learningRate: Float = 0.1,
        optimizer: OptimizerSettings = OptimizerSettings()
    ) throws -> () throws -> Void {
        var rng = RandomGenerator(seed: 0)
        let network = try ModelNotation.parse(model, using: &rng)
        let trainer = Trainer(
            network, try makeLoss(named: loss),
            configuration: TrainingConfiguration(
                batchSize: batch, epochs: 1, learningRate: learningRate, shuffle: true,
                seed: 0, optimizer: optimizer))
        if let processGroup, processGroup.size > 1 { trainer.callbacks = [DataParallel(group: processGroup)] }
        return { _ = try trainer.fit(inputs: inputs, targets: targets) }
    }

    /// W1 with SGD and with Adam, runs interleaved (SGD, Adam, SGD, …) so that drift affects both
    /// alike; the Adam row's target is 1.1 × the SGD median of the same run.
    static func w1Adam(runs: Int) throws -> [BenchRow] {
        var rng = RandomGenerator(seed: 1)
        let x = Tensor.uniform([60_000, 784], low: 0, high: 1, using: &rng)
        let y = Tensor(shape: [60_000], scalars: (0..<60_000).map { _ in Float(rng.next() % 10) })
        let sgd = try epoch(w1Model, loss: "ce", inputs: x, targets: y, batch: 64)
        let adam = try epoch(w1Model, loss: "ce", inputs: x, targets: y, batch: 64, learningRate: 1e-3, optimizer: OptimizerSettings(kind: .adam))
        var sgdTimes: [Double] = [], adamTimes: [Double] = []
        try sgd(); try adam()
        for _ in 0..<runs {
            sgdTimes.append(try median(1, sgd))
            adamTimes.append(try median(1, adam))
        }
        let s = sgdTimes.sorted()[runs / 2], a = adamTimes.sorted()[runs / 2]
        return [
            BenchRow(id: "W1", what: "W1 with SGD, interleaved with the next row", seconds: s, unit: .seconds, target: .infinity, floor: floor(w1FLOPs)),
            BenchRow(id: "W1A", what: String(format: "W1 with Adam (%.2f× SGD)", a / s), seconds: a, unit: .seconds, target: 1.1 * s),
        ]
    }

    static func w6(runs: Int) throws -> BenchRow {
        var rng = RandomGenerator(seed: 6)
        let x = Tensor(shape: [60_000, 784], scalars: (0..<(60_000 * 784)).map { _ in rng.nextUnitFloat() < 0.13 ? 1 : 0 })
        let rbm = RBM(visible: 784, hidden: 500, using: &rng)
        let cd = ContrastiveDivergence(rbm, settings: RBMTraining(learningRate: 0.1, batchSize: 64, epochs: 1))
        let seconds = try median(runs) {
            for s in stride(from: 0, to: 60_000, by: 64) { try cd.step(x.rows(s..<min(60_000, s + 64))) }
        }
        // CD-1's five products per batch: two of p(h | v), one of p(v | h), two for ΔW.
        let flops = 5 * 2 * 60_000 * 784 * 500.0
        return BenchRow(
            id: "W6", what: "epoch of CD-1, 60,000 × 784 binary, 500 hidden, batch 64",
            seconds: seconds, unit: .seconds, target: 1.7, floor: floor(flops))
    }

    static func w2(runs: Int) throws -> BenchRow {
        var rng = RandomGenerator(seed: 2)
        let x = Tensor.uniform([49_000, 3_072], low: -1, high: 1, using: &rng)
        let y = Tensor(shape: [49_000], scalars: (0..<49_000).map { _ in Float(rng.next() % 10) })
        let run = try epoch(
            "Linear(3072, 500) - ReLU() - Linear(500, 10)", loss: "ce", inputs: x, targets: y, batch: 200,
            learningRate: 1e-3, optimizer: OptimizerSettings(kind: .sgd, weightDecay: 1e-4))
        return BenchRow(
            id: "W2", what: "epoch, 49,000 × 3,072, MLP 3072-500-10, ce, wd 1e-4, batch 200",
            seconds: try median(runs, run), unit: .seconds, target: 2.4,
            floor: floor(ArithmeticFloor.trainingFLOPs(layers: [(3072, 500), (500, 10)], samples: 49_000)))
    }

    static let w1Model = "Linear(784, 100) - TanH() - Linear(100, 10)"
    static let w1FLOPs = ArithmeticFloor.trainingFLOPs(layers: [(784, 100), (100, 10)], samples: 60_000)

    /// The arithmetic floor of `flops` at the FMA peak of the benchmark's threads.
    static func floor(_ flops: Double) -> Double { ArithmeticFloor.seconds(flops, threads: Parallelism.threadCount) }

    static func w1(runs: Int) throws -> BenchRow {
        var rng = RandomGenerator(seed: 1)
        let x = Tensor.uniform([60_000, 784], low: 0, high: 1, using: &rng)
        let y = Tensor(shape: [60_000], scalars: (0..<60_000).map { _ in Float(rng.next() % 10) })
        let run = try epoch(w1Model, loss: "ce", inputs: x, targets: y, batch: 64)
        return BenchRow(
            id: "W1", what: "epoch, 60,000 × 784, MLP 784-100-10, ce, batch 64",
            seconds: try median(runs, run), unit: .seconds, target: 0.30, floor: floor(w1FLOPs))
    }

    static func w5(runs: Int) throws -> BenchRow {
        var rng = RandomGenerator(seed: 5)
        let x = Tensor.uniform([7_291, 256], low: 0, high: 1, using: &rng)
        let model = "Linear(256, 100) - TanH() - Linear(100, 10) - TanH() - Linear(10, 100) - TanH() - Linear(100, 256) - Sigmoid()"
        let run = try epoch(model, loss: "bce", inputs: x, targets: x, batch: 50)
        return BenchRow(
            id: "W5", what: "epoch, 7,291 × 256, autoencoder 256-100-10-100-256, bce, batch 50",
            seconds: try median(runs, run), unit: .seconds, target: 0.06,
            floor: floor(ArithmeticFloor.trainingFLOPs(layers: [(256, 100), (100, 10), (10, 100), (100, 256)], samples: 7_291)))
    }

    static func classTargets(_ n: Int, using rng: inout RandomGenerator) -> Tensor {
        Tensor(shape: [n], scalars: (0..<n).map { _ in Float(rng.next() % 10) })
    }

    static func w3(runs: Int) throws -> BenchRow {
        var rng = RandomGenerator(seed: 3)
        let x = Tensor.uniform([7_291, 256, 1], low: -1, high: 1, using: &rng)
        let model = "Conv1D(k_size=3, chan_in=1, chan_out=32, stride=1) - MaxPool1D(k_size=2, stride=2) - Flatten() - Linear(4064, 100) - ReLU() - Linear(100, 10)"
        let run = try epoch(model, loss: "ce", inputs: x, targets: classTargets(7_291, using: &rng), batch: 32)
        return BenchRow(
            id: "W3", what: "epoch, 7,291 × 256, Conv1D net of the USPS report, ce, batch 32",
            seconds: try median(runs, run), unit: .seconds, target: 0.35)
    }

    static func w4(runs: Int) throws -> BenchRow {
        var rng = RandomGenerator(seed: 4)
        let x = Tensor.uniform([60_000, 28, 28, 1], low: 0, high: 1, using: &rng)
        let model = "Conv2D(1, 32, 5) - ReLU() - MaxPool2D(2) - Flatten() - Linear(4608, 10)"
        let run = try epoch(model, loss: "ce", inputs: x, targets: classTargets(60_000, using: &rng), batch: 64)
        return BenchRow(
            id: "W4", what: "epoch, 60,000 × 28×28, Conv2D(1→32, 5×5) net, ce, batch 64",
            seconds: try median(runs, run), unit: .seconds, target: 4.5)
    }

    /// D1: reading the 60,000 MNIST training images and labels (gunzip, checks, conversion to Float).
    static func d1(runs: Int, dataDirectory: URL) throws -> BenchRow? {
        let entry = try DatasetRegistry.entry(named: "mnist")
        let folder = entry.directory(in: dataDirectory)
        let images = folder.appendingPathComponent("train-images-idx3-ubyte.gz")
        let labels = folder.appendingPathComponent("train-labels-idx1-ubyte.gz")
        guard FileManager.default.fileExists(atPath: images.path), FileManager.default.fileExists(atPath: labels.path) else { return nil }
        let seconds = try median(runs) {
            _ = try IDXReader.load(images: images, labels: labels, name: "mnist/train", classNames: (0..<10).map(String.init))
        }
        return BenchRow(id: "D1", what: "load the 60,000 MNIST training images (gzip, IDX)", seconds: seconds, unit: .seconds, target: 0.5)
    }

    static func w9(runs: Int) throws -> [BenchRow] {
        var rng = RandomGenerator(seed: 9)
        let network = try ModelNotation.parse(w1Model, using: &rng)
        let one = Tensor.uniform([1, 784], low: 0, high: 1, using: &rng)
        let thousand = Tensor.uniform([1_000, 784], low: 0, high: 1, using: &rng)
        let calls1 = 20_000, calls1000 = 50
        let t1 = try median(runs) { for _ in 0..<calls1 { _ = try network.forward(one) } } / Double(calls1)
        let t1000 = try median(runs) { for _ in 0..<calls1000 { _ = try network.forward(thousand) } } / Double(calls1000)
        return [
            BenchRow(id: "W9", what: "forward of the W1 network, batch 1 (per call)", seconds: t1, unit: .microseconds, target: 5e-6),
            BenchRow(
                id: "W9", what: "forward of the W1 network, batch 1000 (per call)", seconds: t1000, unit: .milliseconds, target: .infinity,
                floor: floor(ArithmeticFloor.forwardFLOPs(layers: [(784, 100), (100, 10)], samples: 1_000))),
        ]
    }
}
