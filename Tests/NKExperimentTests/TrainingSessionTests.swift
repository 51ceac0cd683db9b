// Tests of TrainingSession: a run and its folder driven from Swift as `train` drives them.

import Foundation
import Testing
import NeuralKit
import NKTestSupport

@Suite struct TrainingSessionTests {
    typealias S = ExperimentTestSupport

    /// A session writes its run folder and checkpoint; a second session continuing the folder to more
    /// epochs ends with the weights of one run never stopped, and keeps the first command.
    @Test func aContinuedSessionEndsWhereAnUninterruptedOneDoes() throws {
        let dir = try S.temporaryDirectory()
        let csv = try S.twoClassTable(rows: 120, seed: 5, in: dir)
        func spec(epochs: Int) -> RunSpecification {
            RunSpecification(
                model: "Linear(2, 6) - TanH() - Linear(6, 2)",
                data: DataSpecification(source: .csv(path: csv, targetColumns: 1), preprocessing: [.standardize], validationFraction: 0.25),
                loss: .ce, training: TrainingConfiguration(batchSize: 16, epochs: epochs, learningRate: 0.1, seed: 2))
        }
        let straight = try TrainingSession(.new(spec(epochs: 5), folder: nil, overwrite: false), dataDirectory: nil, command: nil, tensorBoard: nil, group: nil)
        #expect(straight.isLead && straight.folder == nil)
        let whole = try straight.finish(save: nil)

        let folder = dir.appendingPathComponent("run").path, save = dir.appendingPathComponent("model.safetensors").path
        let first = try TrainingSession(.new(spec(epochs: 2), folder: folder, overwrite: false), dataDirectory: nil, command: "first", tensorBoard: false, group: nil)
        _ = try first.finish(save: save)
        #expect(FileManager.default.fileExists(atPath: save) && FileManager.default.fileExists(atPath: folder + "/report.html"))
        #expect(!(try FileManager.default.contentsOfDirectory(atPath: folder)).contains { $0.hasPrefix("events.out.tfevents") })

        var epochsSeen: [Int] = []
        let continued = try TrainingSession(.resume(folder: folder, epochs: 5), dataDirectory: nil, command: "second", tensorBoard: nil, group: nil)
        #expect(continued.recordedCommand == "first")
        continued.run.onEpochEnd = { epochsSeen.append($0.epoch) }
        let resumed = try continued.finish(save: nil)
        #expect(epochsSeen == [3, 4, 5])
        for (a, b) in zip(whole.network.parameters, resumed.network.parameters) { #expect(a.value.scalars == b.value.scalars) }
        #expect(throws: NeuralKitError.self) {
            try TrainingSession(.resume(folder: dir.appendingPathComponent("none").path, epochs: nil), dataDirectory: nil, command: nil, tensorBoard: nil, group: nil)
        }
    }
}
