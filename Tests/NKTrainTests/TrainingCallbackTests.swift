// Tests of TrainingCallback: a user's callback sees every batch and epoch in order and can stop a run;
// stopping and resuming keep the history and the checkpoint consistent.

import Testing
import NeuralKit
import NKTestSupport

/// Records what it is told, and stops the run after epoch `stopAfter`.
final class RecordingCallback: TrainingCallback {
    var events: [String] = []
    var batches: [(epoch: Int, batch: Int)] = []
    let stopAfter: Int?
    init(stopAfter: Int? = nil) { self.stopAfter = stopAfter }
    func runBegan(_ loop: TrainingLoop) throws { events.append("run began at \(loop.epoch)") }
    func epochBegan(_ loop: TrainingLoop) throws { events.append("epoch \(loop.epoch) began") }
    func batchEnded(_ loop: TrainingLoop, _ p: TrainingProgress) throws { batches.append((p.epoch, p.batch)) }
    func epochEnded(_ loop: TrainingLoop, _ metrics: inout EpochMetrics) throws {
        events.append("epoch \(metrics.epoch) ended")
        if metrics.epoch == stopAfter { loop.stopRequested = true }
    }
    func runEnded(_ loop: TrainingLoop) throws { events.append("run ended after \(loop.history.epochs.count)") }
}

@Suite struct TrainingCallbackTests {
    func xor(_ seed: UInt64) throws -> (Sequential, Tensor, Tensor) {
        var rng = RandomGenerator(seed: seed)
        let model = try ModelNotation.parse("Linear(2, 5) - TanH() - Linear(5, 1) - Sigmoid()", using: &rng)
        let (x, labels) = try SyntheticData.genArti(type: 1, count: 250, using: &rng)
        return (model, x, Tensor(shape: labels.shape, scalars: labels.scalars.map { $0 > 0 ? 1 : 0 }))
    }

    @Test func aUsersCallbackSeesEveryBatchAndStopsTheRunAtTheChosenEpoch() throws {
        let (model, x, y) = try xor(3)
        let trainer = Trainer(model, BCELoss(), configuration: .init(batchSize: 100, epochs: 10, learningRate: 0.5), decision: .threshold(0.5))
        let callback = RecordingCallback(stopAfter: 4)
        trainer.callbacks.append(callback)
        var saved: [Int] = []
        trainer.onCheckpoint = { saved.append($0.progress.epochsDone) }
        let history = try trainer.fit(inputs: x, targets: y)
        #expect(history.epochs.map(\.epoch) == [1, 2, 3, 4] && history.stoppedEarly)
        #expect(callback.batches.count == 4 * 3)  // 250 samples in batches of 100: 3 a epoch
        #expect(callback.batches.map(\.batch) == Array(repeating: [1, 2, 3], count: 4).flatMap { $0 })
        #expect(callback.events.first == "run began at 0" && callback.events.last == "run ended after 4")
        #expect(callback.events.filter { $0.hasSuffix("began") && $0.hasPrefix("epoch") }.count == 4)
        #expect(saved == [1, 2, 3, 4])  // the checkpoint comes after the callbacks
    }

    @Test func aStoppedRunResumesToTheSameWeightsAsAnUninterruptedOne() throws {
        let (whole, x, y) = try xor(5)
        _ = try Trainer(whole, BCELoss(), configuration: .init(batchSize: 50, epochs: 6, learningRate: 0.5)).fit(inputs: x, targets: y)
        let (parted, _, _) = try xor(5)
        let first = Trainer(parted, BCELoss(), configuration: .init(batchSize: 50, epochs: 6, learningRate: 0.5))
        first.callbacks.append(RecordingCallback(stopAfter: 2))
        var state: TrainerState?
        first.onCheckpoint = { state = $0 }
        _ = try first.fit(inputs: x, targets: y)
        let second = Trainer(parted, BCELoss(), configuration: .init(batchSize: 50, epochs: 6, learningRate: 0.5))
        let resumed = RecordingCallback()
        second.callbacks.append(resumed)
        guard let state else { Issue.record("no checkpoint was written"); return }
        let history = try second.fit(inputs: x, targets: y, resumingFrom: state)
        #expect(history.epochs.map(\.epoch) == [1, 2, 3, 4, 5, 6])
        #expect(resumed.events.first == "run began at 2")
        for (a, b) in zip(whole.parameters, parted.parameters) { #expect(a.value == b.value) }
    }

    @Test func aCorruptResumeStateIsRefusedNotTrapped() throws {
        let (model, x, y) = try xor(7)
        let trainer = Trainer(model, BCELoss(), configuration: .init(batchSize: 50, epochs: 3, learningRate: 0.5))
        var state: TrainerState?
        trainer.onCheckpoint = { state = $0 }
        _ = try trainer.fit(inputs: x, targets: y)
        var bad = try #require(state)
        bad.progress.epochsDone = -5
        #expect(throws: NeuralKitError.self) { try trainer.fit(inputs: x, targets: y, resumingFrom: bad) }
    }
}
