// Tests of exact resumption (last.safetensors, TrainingRun(resumeFrom:)) and early stopping.

import Foundation
import Testing
import NeuralKit
import NKTestSupport

@Suite struct ResumeTests {
    typealias S = ExperimentTestSupport

    /// A small run using everything that carries state between epochs: shuffling, Dropout's
    /// generator, BatchNorm's running statistics, Adam's moments, a schedule and early stopping.
    static func spec(csv: String, epochs: Int) -> RunSpecification {
        RunSpecification(
            model: "Linear(2, 16) - BatchNorm1D(16) - ReLU() - Dropout(0.3) - Linear(16, 2)",
            data: DataSpecification(source: .csv(path: csv, targetColumns: 1), preprocessing: [.standardize], validationFraction: 0.25),
            loss: .ce,
            training: TrainingConfiguration(
                batchSize: 16, epochs: epochs, learningRate: 0.01, seed: 3,
                optimizer: OptimizerSettings(kind: .adam, weightDecay: 1e-3),
                schedule: .cosine, earlyStoppingPatience: 50))
    }

    /// A run killed after epoch 3 (its last.safetensors written, then the process gone) and resumed
    /// ends with weights, buffers and history bit-identical to a run never interrupted.
    @Test func aKilledRunResumesBitIdentically() throws {
        let dir = try S.temporaryDirectory()
        let csv = try S.twoClassTable(rows: 150, seed: 4, in: dir)
        let straight = try TrainingRun(Self.spec(csv: csv, epochs: 7)).run()

        // A run killed during epoch 4 leaves the last.safetensors of epoch 3: copy it aside at the
        // end of epoch 4 (onEpochEnd runs before that epoch's checkpoint replaces the file).
        let file = dir.appendingPathComponent("last.safetensors").path, killed = dir.appendingPathComponent("killed.safetensors").path
        let first = try TrainingRun(Self.spec(csv: csv, epochs: 7))
        first.resumeFilePath = file
        first.onEpochEnd = { m in if m.epoch == 4 { try? FileManager.default.copyItem(atPath: file, toPath: killed) } }
        _ = try first.run()

        let resumed = try TrainingRun(Self.spec(csv: csv, epochs: 7), resumeFrom: killed)
        #expect(resumed.resumedState?.progress.epochsDone == 3)
        let outcome = try resumed.run()
        #expect(outcome.network.parameters.map(\.value) == straight.network.parameters.map(\.value))
        #expect(outcome.network.buffers.map(\.value) == straight.network.buffers.map(\.value))
        #expect(outcome.history.sameMetrics(as: straight.history))
        #expect(outcome.history.epochs.count == 7)
    }

    @Test func resumingToFewerEpochsThanDoneOrFromAPlainCheckpointIsRefused() throws {
        let dir = try S.temporaryDirectory()
        let csv = try S.twoClassTable(rows: 60, seed: 5, in: dir)
        let file = dir.appendingPathComponent("last.safetensors").path
        let run = try TrainingRun(Self.spec(csv: csv, epochs: 3))
        run.resumeFilePath = file
        let outcome = try run.run()
        let message = TestSupport.errorMessage { _ = try TrainingRun(Self.spec(csv: csv, epochs: 2), resumeFrom: file) }
        #expect(message?.contains("done 3 epochs already") == true, "\(message ?? "")")
        let plain = dir.appendingPathComponent("model.safetensors").path
        try outcome.saveCheckpoint(to: plain)
        let notResumable = TestSupport.errorMessage { _ = try TrainingRun(Self.spec(csv: csv, epochs: 5), resumeFrom: plain) }
        #expect(notResumable?.contains("holds no training state") == true, "\(notResumable ?? "")")
        // last.safetensors is also an ordinary checkpoint: evaluate reads it.
        #expect(try RunCheckpoint.read(file).notation == ModelNotation.describe(outcome.network))
    }

    /// Early stopping watches the validation loss, stops after `patience` epochs without a new
    /// best, and restores the best epoch's weights.
    @Test func earlyStoppingRestoresTheBestEpoch() throws {
        let dir = try S.temporaryDirectory()
        let csv = try S.twoClassTable(rows: 80, seed: 6, in: dir)
        var spec = Self.spec(csv: csv, epochs: 200)
        spec.model = "Linear(2, 64) - ReLU() - Linear(64, 2)"
        spec.training.learningRate = 0.05
        spec.training.schedule = .constant
        spec.training.earlyStoppingPatience = 3
        let outcome = try TrainingRun(spec).run()
        let history = outcome.history
        #expect(history.monitor == "validation loss")
        #expect(history.stoppedEarly && history.epochs.count < 200)
        let best = try #require(history.bestEpoch)
        #expect(history.epochs.count == best + 3)
        let losses = history.epochs.compactMap(\.validationLoss)
        #expect(losses[best - 1] == losses.min())
        // The model ends with the best epoch's weights: its validation loss is the best one.
        #expect(abs(try #require(outcome.validation).loss - losses[best - 1]) < 1e-6)
    }
}
