// Tests for the state-dict mapping: PyTorch names, loading back, and the errors.

import Foundation
import Testing
import NeuralKit

@Suite struct CheckpointStateDictTests {
    func model(seed: UInt64) -> [any Module] {
        var rng = RandomGenerator(seed: seed)
        return [TestAffine(2, 3, using: &rng), TestIdentity(), TestAffine(3, 1, using: &rng)]
    }

    @Test func namesFollowNNSequentialPositions() {
        let names = Checkpoint.stateDict(of: model(seed: 0)).map(\.name)
        #expect(names == ["0.weight", "0.bias", "2.weight", "2.bias"])
    }

    @Test func saveLoadIntoAnotherModelGivesTheSameOutputs() throws {
        let source = model(seed: 1), target = model(seed: 2)
        let url = try makeTemporaryDirectory().appendingPathComponent("sd.safetensors")
        try Checkpoint.save(Checkpoint.stateDict(of: source), metadata: [:], to: url)
        try Checkpoint.loadStateDict(Checkpoint.load(from: url).tensors, into: target, file: url.path)
        var rng = RandomGenerator(seed: 3)
        var a = Tensor.normal([4, 2], using: &rng), b = a
        for m in source { a = try m.forward(a) }
        for m in target { b = try m.forward(b) }
        #expect(a == b)
    }

    func expectError(_ tensors: [String: Tensor], mentioning words: String...) {
        let target = model(seed: 5)
        let before = Checkpoint.stateDict(of: target).map(\.tensor)
        do {
            try Checkpoint.loadStateDict(tensors, into: target, file: "ckpt.safetensors")
            Issue.record("loading should fail")
        } catch let error as NeuralKitError {
            #expect(error.kind == .checkpoint)
            #expect(error.message.contains("ckpt.safetensors"))
            for w in words { #expect(error.message.contains(w), "\(error.message)") }
        } catch {
            Issue.record("unexpected error \(error)")
        }
        #expect(Checkpoint.stateDict(of: target).map(\.tensor) == before, "a failed load must change nothing")
    }

    @Test func missingUnexpectedAndMisshapenTensorsAreReported() {
        var tensors = Dictionary(uniqueKeysWithValues: Checkpoint.stateDict(of: model(seed: 6)).map { ($0.name, $0.tensor) })
        var missing = tensors
        missing["2.bias"] = nil
        expectError(missing, mentioning: "'2.bias'", "missing")
        var extra = tensors
        extra["1.weight"] = Tensor(1)
        expectError(extra, mentioning: "'1.weight'")
        tensors["2.weight"] = Tensor(zeros: [1, 4])
        expectError(tensors, mentioning: "'2.weight'", "(1, 4)", "(1, 3)")
    }
}
