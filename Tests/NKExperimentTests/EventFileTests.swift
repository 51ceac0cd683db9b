// Tests of event files as written (read back with the tests' own reader: lengths, masked CRCs, fields)
// and of the TensorBoard callback during training.

import Foundation
import NKTestSupport
import Testing
import NeuralKit
@testable import NKExperiment

@Suite struct EventFileTests {
    @Test func fileNamesFollowTensorFlowsPattern() {
        #expect(EventFileWriter.fileName(time: 1_700_000_000.7, host: "my host/x", pid: 42) == "events.out.tfevents.1700000000.my_host_x.42.neuralkit")
        #expect(EventFileWriter.fileName(time: 5, host: "", pid: 1) == "events.out.tfevents.5.localhost.1.neuralkit")
        #expect(EventFileWriter.isEventFile(EventFileWriter.fileName()) && !EventFileWriter.isEventFile("history.csv"))
    }

    @Test func recordsReadBackWithTheirCRCsAndFields() throws {
        let path = try ExperimentTestSupport.temporaryDirectory().appendingPathComponent(EventFileWriter.fileName()).path
        let writer = try EventFileWriter(path: path, wallTime: 100)
        try writer.write(step: 7, values: [TensorBoardValue(tag: "epoch/train_loss", .scalar(0.25))], wallTime: 101)
        try writer.write(step: 8, values: [TensorBoardValue(tag: "weights/0.weight", .histogram(TensorBoardHistogram([1, 2, 3, 4], buckets: 3)))], wallTime: 102)
        try writer.write(step: 8, values: [TensorBoardValue(tag: "images/x", .image(TensorBoardImage(width: 4, height: 2, png: [1, 2, 3])))])
        try writer.write(step: 9, values: [])  // nothing to write: no record
        try writer.close()
        #expect(throws: NeuralKitError.self) { try writer.write(step: 1, values: [TensorBoardValue(tag: "a", .scalar(1))]) }

        let (events, truncated) = try EventFileReader.events(atPath: path)
        #expect(!truncated && events.count == 4)
        #expect(events[0].fileVersion == "brain.Event:2" && events[0].wallTime == 100 && events[0].values.isEmpty)
        #expect(events[1].step == 7 && events[1].wallTime == 101 && events[1].values.count == 1)
        #expect(events[1].values[0].tag == "epoch/train_loss" && events[1].values[0].simpleValue == 0.25)
        let histogram = try #require(events[2].values.first?.histogram)
        func double(_ n: Int) -> Double? { histogram.first { $0.number == n }.map { Double(bitPattern: $0.integer) } }
        #expect(double(1) == 1 && double(2) == 4 && double(3) == 4 && double(4) == 10 && double(5) == 30)
        #expect(EventFileReader.packedDoubles(histogram.first { $0.number == 6 }!.bytes) == [2, 3, 4])
        #expect(EventFileReader.packedDoubles(histogram.first { $0.number == 7 }!.bytes) == [1, 1, 2])
        let image = try #require(events[3].values.first?.image)
        #expect(image.map(\.number) == [1, 2, 3, 4] && image[0].integer == 2 && image[1].integer == 4 && image[2].integer == 3 && image[3].bytes == [1, 2, 3])

        // An existing file is never reused.
        #expect(throws: NeuralKitError.self) { _ = try EventFileWriter(path: path) }
    }

    @Test func aRecordCutShortIsSeenAndACorruptOneRefused() throws {
        let path = try ExperimentTestSupport.temporaryDirectory().appendingPathComponent("events.out.tfevents.cut").path
        let writer = try EventFileWriter(path: path)
        try writer.write(step: 1, values: [TensorBoardValue(tag: "batch/loss", .scalar(1.5))])
        try writer.close()
        var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        let whole = bytes
        bytes += TFRecord.frame(TensorBoardEvent(wallTime: 1, step: 2, content: .summary([TensorBoardValue(tag: "batch/loss", .scalar(2))])).serialized).prefix(20)
        let (records, truncated) = try EventFileReader.records(bytes)
        #expect(truncated && records.count == 2)
        var corrupt = whole
        corrupt[corrupt.count - 6] ^= 1  // a data byte of the last record
        #expect(throws: EventFileReader.Failure.self) { _ = try EventFileReader.records(corrupt) }
    }

    @Test func theCallbackLogsEveryBatchEpochAndParameter() throws {
        var rng = RandomGenerator(seed: 3)
        let model = try ModelNotation.parse("Linear(2, 3) - TanH() - Linear(3, 2)", using: &rng)
        let x = TestSupport.uniform([200, 2], -1, 1, using: &rng)
        let y = Tensor(shape: [200], scalars: x.scalars.enumerated().filter { $0.offset % 2 == 0 }.map { $0.element > 0 ? 1 : 0 })
        let path = try ExperimentTestSupport.temporaryDirectory().appendingPathComponent(EventFileWriter.fileName()).path
        let trainer = Trainer(model, CrossEntropyLoss(), configuration: .init(batchSize: 60, epochs: 3, learningRate: 0.5), decision: .argmax)
        var batchLosses: [Float] = []
        trainer.onProgress = { batchLosses.append($0.batchLoss) }
        trainer.callbacks = [TensorBoardCallback(writer: try EventFileWriter(path: path))]
        let history = try trainer.fit(inputs: x, targets: y, test: (x, y))
        let events = try EventFileReader.events(atPath: path).events
        func series(_ tag: String) -> [(step: Int64, value: EventFileReader.Value)] {
            events.flatMap { e in e.values.filter { $0.tag == tag }.map { (e.step, $0) } }
        }
        // 4 batches per epoch (60, 60, 60, 20): steps 1…12, each the batch's loss.
        #expect(series("batch/loss").map(\.step) == Array(1...12))
        #expect(series("batch/loss").map(\.value.simpleValue) == batchLosses)
        for (tag, values) in [
            ("epoch/train_loss", history.epochs.map(\.trainLoss)), ("epoch/train_accuracy", history.epochs.map { $0.trainAccuracy! }),
            ("epoch/test_loss", history.epochs.map { $0.testLoss! }), ("epoch/test_accuracy", history.epochs.map { $0.testAccuracy! }),
            ("epoch/learning_rate", [0.5, 0.5, 0.5]), ("epoch/seconds", history.epochs.map { Float($0.seconds) }),
        ] {
            #expect(series(tag).map(\.step) == [1, 2, 3], "\(tag)")
            #expect(series(tag).map(\.value.simpleValue) == values, "\(tag)")
        }
        #expect(series("epoch/validation_loss").isEmpty)
        let names = ["0.weight", "0.bias", "2.weight", "2.bias"]
        #expect(TensorBoardCallback.parameterNames(model) == names)
        for (name, parameter) in zip(names, model.parameters) {
            for (kind, values) in [("weights", parameter.value.scalars), ("gradients", parameter.gradient.scalars)] {
                let logged = series("\(kind)/\(name)")
                #expect(logged.map(\.step) == [1, 2, 3], "\(kind)/\(name)")
                // The last epoch's histogram is of the final weights, and of the gradient the last batch left
                // (not zeros: gradients are zeroed when the next step begins).
                let fields = try #require(logged.last?.value.histogram)
                let expected = TensorBoardHistogram(values)
                func double(_ n: Int) -> Double { fields.first { $0.number == n }.map { Double(bitPattern: $0.integer) } ?? 0 }
                #expect(double(1) == expected.min && double(2) == expected.max && double(3) == Double(values.count) && double(4) == expected.sum, "\(kind)/\(name)")
            }
            #expect(parameter.gradient.scalars.contains { $0 != 0 })
        }
    }
}
