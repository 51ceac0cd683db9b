// Tests of `neuralkit rbm`, `pretrain` and `sample` on a small binary table.

import Foundation
import Testing
import NeuralKit
import NKTestSupport
@testable import NKCommands

@Suite struct RBMCommandTests {
    /// 200 rows of 16 binary pixels (two 4×4 patterns with noise), and a class column.
    static func table(in dir: URL) throws -> String {
        var rng = RandomGenerator(seed: 1)
        let rows = (0..<200).map { r -> String in
            let c = r % 2
            let pixels = (0..<16).map { i -> Int in
                let on = c == 0 ? i % 4 < 2 : i % 4 >= 2
                return (on != (rng.nextUnitFloat() < 0.05)) ? 1 : 0
            }
            return (pixels + [c]).map(String.init).joined(separator: ",")
        }
        let path = dir.appendingPathComponent("bits.csv").path
        try rows.joined(separator: "\n").write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    func run(_ arguments: [String]) throws {
        var command = try NeuralKitCommand.parseAsRoot(arguments)
        try command.run()
    }

    @Test func rbmThenPretrainThenFineTuneThenSample() throws {
        let dir = try temporaryDirectory()
        let csv = try Self.table(in: dir)
        let rbm = dir.appendingPathComponent("rbm.safetensors").path, out = dir.appendingPathComponent("run").path
        try run(["rbm", "--data", csv, "--hidden", "8", "--epochs", "3", "--batch-size", "20", "--save", rbm, "--out", out, "--verbose", "0"])
        guard case .rbm(let trained, _) = try RBMFile.read(rbm) else { Issue.record("not an RBM file"); return }
        #expect(trained.visible == 16 && trained.hidden == 8)
        for name in ["config.json", "history.csv", "metrics.json", "report.html", "filters.svg", "samples.svg", "pll.svg", "reconstruction_error.svg", "free_energy.svg"] {
            #expect(FileManager.default.fileExists(atPath: out + "/" + name), "\(name)")
        }
        // Three epochs: each curve marks its three points (as a run's per-epoch curves do).
        for name in ["pll.svg", "reconstruction_error.svg", "free_energy.svg"] {
            let svg = try String(contentsOfFile: out + "/" + name, encoding: .utf8)
            #expect(svg.components(separatedBy: "class=\"marker\"").count - 1 >= 3, "\(name)")
        }
        let dbn = dir.appendingPathComponent("dbn.safetensors").path
        try run([
            "pretrain", "--model", "Linear(16, 8) - Sigmoid() - Linear(8, 6) - Sigmoid() - Linear(6, 2)", "--data", csv,
            "--epochs", "30", "--batch-size", "10", "--save", dbn, "--verbose", "0",
        ])
        guard case .dbn(let rbms, _, _) = try RBMFile.read(dbn) else { Issue.record("not a DBN"); return }
        #expect(rbms.map(\.hidden) == [8, 6])
        // The pre-trained checkpoint fine-tunes like any other (its extras are not model tensors).
        let outcome = try train(["--init", dbn, "--data", csv, "--loss", "ce", "--epochs", "20", "--lr", "0.5", "--validation-fraction", "0.2"])
        #expect(try #require(outcome.validation?.accuracy) > 0.9)
        let tuned = dir.appendingPathComponent("tuned.safetensors").path
        try outcome.saveCheckpoint(to: tuned)
        let figure = dir.appendingPathComponent("samples.svg").path
        try run(["sample", "--checkpoint", dbn, "--count", "6", "--steps", "20", "--every", "10", "--figure", figure, "--classifier", tuned])
        #expect(try String(contentsOfFile: figure, encoding: .utf8).contains("<image"))
        try run(["sample", "--checkpoint", rbm, "--count", "4", "--steps", "5", "--figure", figure])
    }

    /// `rbm --png` writes every figure of the report as PNG too (with its density), and the page
    /// is in the report sections; without --out, --png is refused rather than ignored.
    @Test func rbmWritesPNGsWhenAsked() throws {
        let dir = try temporaryDirectory()
        let csv = try Self.table(in: dir)
        let out = dir.appendingPathComponent("run").path
        try run(["rbm", "--data", csv, "--hidden", "8", "--epochs", "2", "--batch-size", "20", "--out", out, "--png", "--verbose", "0"])
        for name in ["filters", "samples", "reconstructions", "pll"] {
            let png = try #require(FileManager.default.contents(atPath: out + "/\(name).png"), "\(name).png")
            #expect(String(decoding: png.prefix(80), as: UTF8.self).contains("pHYs"))
            #expect(FileManager.default.fileExists(atPath: out + "/\(name).svg"))
        }
        let manifest = try String(contentsOfFile: out + "/manifest.json", encoding: .utf8)
        #expect(manifest.contains("filters.png"))  // --overwrite removes them with the rest
        let report = try String(contentsOfFile: out + "/report.html", encoding: .utf8)
        let sections = report.components(separatedBy: "<section id=\"").dropFirst().map { String($0.prefix { $0 != "\"" }) }
        #expect(sections == ["results", "curves", "samples", "configuration"])
        #expect(failure(["rbm", "--data", csv, "--hidden", "8", "--png"])?.contains("--out") == true)
    }

    /// `train --pretrain` runs the same greedy pre-training inside the run (the experiment's own
    /// step, recorded in config.json), then trains.
    @Test func trainPretrainsWhenAsked() throws {
        let dir = try temporaryDirectory()
        let csv = try Self.table(in: dir)
        let model = "Linear(16, 8) - Sigmoid() - Linear(8, 6) - Sigmoid() - Linear(6, 2)"
        let outcome = try train([
            "--model", model, "--data", csv, "--loss", "ce", "--pretrain", "30", "--batch-size", "10",
            "--epochs", "20", "--lr", "0.5", "--validation-fraction", "0.2",
        ])
        #expect(outcome.specification.pretraining?.epochs == 30)
        #expect(try #require(outcome.validation?.accuracy) > 0.9)
        // Pre-training changed the initial weights: the same run without it ends elsewhere.
        let plain = try train(["--model", model, "--data", csv, "--loss", "ce", "--batch-size", "10", "--epochs", "20", "--lr", "0.5", "--validation-fraction", "0.2"])
        #expect(plain.network.parameters[0].value != outcome.network.parameters[0].value)
        let message: String?
        do { _ = try train(["--model", model, "--data", csv, "--loss", "ce", "--pretrain", "1", "--preprocess", "standardize"]); message = nil } catch let e as NeuralKitError { message = e.message }
        #expect(message?.contains("[0, 1]") == true)
    }

    @Test func badInputIsNamed() throws {
        let dir = try temporaryDirectory()
        let csv = try Self.table(in: dir)
        func message(_ arguments: [String]) -> String? {
            do { try run(arguments); return nil } catch let e as NeuralKitError { return e.message } catch { return "\(error)" }
        }
        #expect(message(["pretrain", "--model", "Linear(16, 8) - TanH() - Linear(8, 2)", "--data", csv, "--save", dir.path + "/x.safetensors"])?.contains("Sigmoid") == true)
        #expect(message(["rbm", "--data", csv, "--hidden", "4", "--preprocess", "standardize"])?.contains("[0, 1]") == true)
        #expect(message(["sample", "--checkpoint", csv])?.contains(csv) == true)
        #expect(message(["rbm", "--data", csv, "--hidden", "0"])?.contains("--hidden") == true)
        #expect(message(["sample", "--checkpoint", "x", "--every", "5", "--steps", "2"])?.contains("--every") == true)
    }
}
