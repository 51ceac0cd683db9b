// Tests of TensorBoard event files from the command line: train --out, --tensorboard, resume,
// --overwrite, and the HParams files of a sweep (read back with the tests' own event-file reader).

import Foundation
import NKTestSupport
import Testing
import NeuralKit
@testable import NKCommands

@Suite struct TensorBoardCommandTests {
    static let xor = ["--model", "Linear(2, 4) - TanH() - Linear(4, 2)", "--data", "gen-arti:1", "--samples", "200", "--loss", "ce", "--batch-size", "50"]

    func eventFiles(_ dir: String) throws -> [String] { try FileManager.default.contentsOfDirectory(atPath: dir).filter(EventFileWriter.isEventFile).sorted() }

    /// Every value of every event of the folder's event files, in file order, with its step.
    func values(_ dir: String) throws -> [(step: Int64, value: EventFileReader.Value)] {
        try eventFiles(dir).flatMap { name in
            try EventFileReader.events(atPath: dir + "/" + name).events.flatMap { e in e.values.map { (e.step, $0) } }
        }
    }

    @Test func trainWritesOneEventFileListedInTheManifestUnlessTurnedOff() throws {
        let dir = try temporaryDirectory().appendingPathComponent("run").path
        let outcome = try train(Self.xor + ["--epochs", "3", "--out", dir])
        let names = try eventFiles(dir)
        #expect(names.count == 1 && names[0].hasSuffix(".\(getpid()).neuralkit"))
        #expect(try RunFolder(resuming: dir).manifest()?.contains(names[0]) == true)
        let logged = try values(dir)
        #expect(logged.filter { $0.value.tag == "epoch/train_loss" }.map { $0.value.simpleValue } == outcome.history.epochs.map(\.trainLoss))
        #expect(logged.filter { $0.value.tag == "batch/loss" }.map(\.step) == Array(1...12))
        #expect(Set(logged.filter { $0.value.image != nil }.map(\.value.tag)) == ["images/confusion", "images/decision_boundary"])
        #expect(logged.filter { $0.value.tag.hasPrefix("weights/") }.count == 3 * 4)
        #expect(try String(contentsOfFile: dir + "/report.html", encoding: .utf8).contains("<a href=\"\(names[0])\">"))

        // --overwrite removes the event file with the rest; --tensorboard off writes none.
        _ = try train(Self.xor + ["--epochs", "1", "--out", dir, "--overwrite", "--tensorboard", "off"])
        #expect(try eventFiles(dir).isEmpty)
        #expect(try RunFolder(resuming: dir).manifest()?.contains(where: EventFileWriter.isEventFile) == false)
    }

    @Test func theOptionIsCheckedAndNeedsARunFolder() {
        #expect(failure(["train"] + Self.xor + ["--tensorboard", "on"])?.contains("--out") == true)
        #expect(failure(["train"] + Self.xor + ["--tensorboard", "maybe", "--out", "/tmp/x"])?.contains("maybe") == true)
    }

    @Test func aResumeStartsANewFileAsTheRunDid() throws {
        let root = try temporaryDirectory()
        let on = root.appendingPathComponent("on").path, off = root.appendingPathComponent("off").path
        _ = try train(Self.xor + ["--epochs", "2", "--out", on])
        _ = try train(["--resume", on, "--epochs", "3"])
        let names = try eventFiles(on)
        #expect(names.count == 2)  // the second named a second later when both start in one second
        // The epochs in order across the two files: 1, 2 in the first; 3 in the second.
        #expect(try values(on).filter { $0.value.tag == "epoch/train_loss" }.map(\.step) == [1, 2, 3])
        #expect(try EventFileReader.events(atPath: on + "/" + names[1]).events.first?.fileVersion == "brain.Event:2")

        _ = try train(Self.xor + ["--epochs", "2", "--out", off, "--tensorboard", "off"])
        _ = try train(["--resume", off, "--epochs", "3"])
        #expect(try eventFiles(off).isEmpty)
        _ = try train(["--resume", off, "--epochs", "4", "--tensorboard", "on"])
        #expect(try values(off).filter { $0.value.tag == "epoch/train_loss" }.map(\.step) == [4])
    }

    /// The HParams plugin data of a value, as (one-of field number, its fields).
    func hparams(_ value: EventFileReader.Value) throws -> (field: Int, fields: [EventFileReader.Field]) {
        #expect(value.pluginName == "hparams")
        let data = try EventFileReader.fields(try #require(value.pluginContent))
        #expect(data.count == 1 && data[0].wireType == 2)  // the version (0) left out, one message
        return (data[0].number, try EventFileReader.fields(data[0].bytes))
    }

    @Test func aSweepWritesTheHParamsExperimentAndEachSession() throws {
        let dir = try temporaryDirectory().appendingPathComponent("sweep").path
        var command = try NeuralKitCommand.parseAsRoot(
            ["sweep", "--grid", "h=2,3", "--grid", "act=TanH,ReLU", "--out", dir]
                + Self.xor.map { $0.replacingOccurrences(of: "Linear(2, 4) - TanH() - Linear(4, 2)", with: "Linear(2, {h}) - {act}() - Linear({h}, 2)") }
                + ["--epochs", "2", "--validation-fraction", "0.2"])
        try command.run()
        let experiment = try #require(try values(dir).first)
        #expect(experiment.value.tag == "_hparams_/experiment")
        let (field, fields) = try hparams(experiment.value)
        #expect(field == 2)
        // hparam_infos (4): h numeric (type 3), act strings (type 1); metric_infos (5): train and validation loss and accuracy.
        let infos = try fields.filter { $0.number == 4 }.map { try EventFileReader.fields($0.bytes) }
        #expect(infos.map { String(decoding: $0[0].bytes, as: UTF8.self) } == ["h", "act"])
        #expect(infos.map { $0.first { $0.number == 4 }?.integer } == [3, 1])
        let metrics = try fields.filter { $0.number == 5 }.map { try EventFileReader.fields(try EventFileReader.fields($0.bytes)[0].bytes).last!.bytes }
        #expect(metrics.map { String(decoding: $0, as: UTF8.self) } == ["epoch/train_loss", "epoch/train_accuracy", "epoch/validation_loss", "epoch/validation_accuracy"])

        for (index, values) in [["2", "TanH"], ["2", "ReLU"], ["3", "TanH"], ["3", "ReLU"]].enumerated() {
            let trial = dir + String(format: "/trial-%04d", index)
            let session = try EventFileReader.events(atPath: trial + "/" + SweepHParams.sessionFile).events.flatMap(\.values)
            #expect(session.map(\.tag) == ["_hparams_/session_start_info", "_hparams_/session_end_info"])
            let (startField, start) = try hparams(session[0])
            #expect(startField == 3)
            var read: [String: String] = [:]
            for entry in start where entry.number == 1 {
                let kv = try EventFileReader.fields(entry.bytes)
                let value = try EventFileReader.fields(kv[1].bytes)[0]
                read[String(decoding: kv[0].bytes, as: UTF8.self)] =
                    value.number == 2 ? "\(Int(Double(bitPattern: value.integer)))" : String(decoding: value.bytes, as: UTF8.self)
            }
            #expect(read == ["h": values[0], "act": values[1]])
            let (endField, end) = try hparams(session[1])
            #expect(endField == 4 && end.first { $0.number == 1 }?.integer == 1)  // STATUS_SUCCESS
            // The metrics are the trial's own epoch scalars.
            #expect(try self.values(trial).contains { $0.value.tag == "epoch/validation_accuracy" })
        }
    }

    @Test func aSweepWithTensorBoardOffWritesNoEventFiles() throws {
        let dir = try temporaryDirectory().appendingPathComponent("sweep").path
        var command = try NeuralKitCommand.parseAsRoot(["sweep", "--grid", "lr=0.1,0.5", "--out", dir, "--tensorboard", "off"] + Self.xor + ["--epochs", "1"])
        try command.run()
        #expect(try eventFiles(dir).isEmpty && eventFiles(dir + "/trial-0000").isEmpty && eventFiles(dir + "/trial-0001").isEmpty)
        #expect(FileManager.default.fileExists(atPath: dir + "/trial-0001/metrics.json"))
    }
}
