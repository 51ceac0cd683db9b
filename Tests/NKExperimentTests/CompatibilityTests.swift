// Files written by NeuralKit 0.3 still read: run specifications (learningRateDecay, weightDecay) and histories.

import Foundation
import Testing
import NeuralKit
import NKTestSupport

@Suite struct CompatibilityTests {
    @Test func aVersion03TrainingConfigurationDecodesToTheSameRun() throws {
        let json = #"{"batchSize":64,"epochs":10,"learningRate":0.1,"learningRateDecay":0.9,"weightDecay":0.001,"shuffle":true,"seed":3}"#
        let c = try JSONDecoder().decode(TrainingConfiguration.self, from: Data(json.utf8))
        #expect(c.schedule == .exponential(gamma: 0.9) && c.learningRateDecay == 0.9)
        #expect(c.weightDecay == 0.001 && c.optimizer.kind == .sgd && c.seed == 3)
        #expect(abs(c.learningRate(epoch: 2) - 0.081) < 1e-7)
        // And the new form round-trips.
        var d = c
        d.optimizer = OptimizerSettings(kind: .adamw, betas: [0.8, 0.99])
        d.schedule = .cosine
        d.warmupEpochs = 2
        d.earlyStoppingPatience = 4
        #expect(try JSONDecoder().decode(TrainingConfiguration.self, from: JSONEncoder().encode(d)) == d)
    }

    @Test func aVersion03HistoryStillReads() throws {
        let dir = try ExperimentTestSupport.temporaryDirectory()
        let path = dir.appendingPathComponent("history.csv").path
        try "epoch,train_loss,train_accuracy,validation_loss,validation_accuracy,seconds\n1,0.5,0.8,0.6,0.75,1.5\n2,0.4,,,,1.25\n"
            .write(toFile: path, atomically: true, encoding: .utf8)
        let h = try HistoryFile.read(path)
        #expect(h.epochs.count == 2 && h.epochs[0].validationAccuracy == 0.75 && h.epochs[1].trainAccuracy == nil && h.epochs[1].seconds == 1.25)
        // A current history round-trips with its new columns.
        var m = EpochMetrics(epoch: 1, trainLoss: 0.5, testLoss: 0.7, testAccuracy: 0.9, learningRate: 0.01, seconds: 2)
        m.validationLoss = 0.6
        try HistoryFile.csv(History(epochs: [m])).write(toFile: path, atomically: true, encoding: .utf8)
        #expect(try HistoryFile.read(path).epochs == [m])
    }
}
