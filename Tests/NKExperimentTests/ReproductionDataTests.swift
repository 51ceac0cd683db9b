// Reproductions on data they can make: report 004's pre-training on every image, and report 002's
// CIFAR-10 experiment on generated files in the CIFAR-10 binary format.

import Foundation
import Testing
import NeuralKit
import NKTestSupport
@testable import NKExperiment

@Suite struct ReproductionDataTests {
    /// `all` ignores the training limit and the validation split and stacks the test part under the training part.
    @Test func pretrainingOnAllImagesSeesTestImagesAndIgnoresTheLimit() throws {
        let dir = try ExperimentTestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let spec = DataSpecification(source: .genArti(type: 0, samples: 300), validationFraction: 0.2, limit: 100)
        let prepared = try spec.prepare(seed: 3, dataDirectory: dir)
        #expect(try PretrainingData.train.images(of: spec, prepared: prepared, seed: 3, dataDirectory: dir).shape == [80, 2])
        #expect(try PretrainingData.all.images(of: spec, prepared: prepared, seed: 3, dataDirectory: dir).shape == [300, 2])
        // A run records the choice, and its command line carries it.
        var run = RunSpecification(
            model: "Linear(2, 4) - Sigmoid() - Linear(4, 1) - Sigmoid()",
            data: DataSpecification(
                source: .genArti(type: 0, samples: 300),
                preprocessing: [.scale(low: -4, high: 4)]), loss: .bce)
        run.pretraining = RBMTraining(learningRate: 0.1, batchSize: 32, epochs: 1)
        run.pretrainingData = .all
        #expect(run.commandLine.hasSuffix("--pretrain 1 --pretrain-data all"))
        let decoded = try JSONDecoder().decode(RunSpecification.self, from: JSONEncoder().encode(run))
        #expect(decoded.pretrainingData == .all)
        #expect(run.summaryPairs.contains { $0.0 == "pre-training" && $0.1.contains("test images included (transductive)") })
        run.pretraining = nil
        #expect(throws: NeuralKitError.self) { try run.validate() }
    }

    /// Report C runs end to end on six generated batch files of the real size: a user who places the
    /// real CIFAR-10 files gets the experiment.
    @Test(.enabled(if: ExtendedTests.enabled, ExtendedTests.reason))
    func reportCRunsOnFilesInTheCIFAR10BinaryFormat() throws {
        let dir = try ExperimentTestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let folder = dir.appendingPathComponent("cifar10")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        var rng = RandomGenerator(seed: 5)
        for name in (1...5).map({ "data_batch_\($0).bin" }) + ["test_batch.bin"] {
            var bytes = [UInt8](repeating: 0, count: 10_000 * 3073)
            for record in 0..<10_000 {
                let label = Int(rng.next() % 10)
                bytes[record * 3073] = UInt8(label)
                for p in stride(from: 1, through: 3072, by: 97) { bytes[record * 3073 + p] = UInt8(truncatingIfNeeded: label * 25 + Int(rng.next() % 20)) }
            }
            try Data(bytes).write(to: folder.appendingPathComponent(name))
        }
        try Data("airplane\nautomobile\nbird\ncat\ndeer\ndog\nfrog\nhorse\nship\ntruck\n\n".utf8).write(to: folder.appendingPathComponent("batches.meta.txt"))
        let c = try #require(ReproductionCatalogue.experiment("C"))
        #expect(c.missing(dataDirectory: dir) == nil)
        let plan = ReproductionPlan(c)
        #expect(plan.reportSetting["data"]?.contains("49,000 training, 1,000 validation and 1,000 test") == true)
        #expect(plan.runs.first?.command.contains("mean-image") == true && plan.runs.first?.command.contains("--weight-decay") == true)
        let record = try c.reproduce(dataDirectory: dir, out: dir.appendingPathComponent("C").path, budget: .quick)
        #expect(record.rows.first?.ours.hasPrefix("passed") == true, "the gradient check: \(record.rows)")
        #expect(record.rows.contains { $0.quantity.hasPrefix("test accuracy of the best trial") })
        #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent("C/weights_first.svg").path))
    }
}
