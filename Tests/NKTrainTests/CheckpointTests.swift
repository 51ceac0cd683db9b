// Tests for Checkpoint save/load: bit-exact round trip, the byte layout, atomicity, malformed files.

import Foundation
import Testing
import NeuralKit

@Suite struct CheckpointTests {
    let special: [Float] = [
        0, -0.0, 1, -1.5, .pi, .infinity, -.infinity, .leastNonzeroMagnitude,
        .greatestFiniteMagnitude, Float(bitPattern: 0x7FC0_1234),
    ]

    func sampleTensors() -> [(name: String, tensor: Tensor)] {
        var rng = RandomGenerator(seed: 9)
        return [
            ("0.weight", Tensor.normal([3, 4], using: &rng)),
            ("0.bias", Tensor(shape: [10], scalars: special)),
            ("scalar", Tensor(2.5)),
            ("empty", Tensor(zeros: [0, 3])),
            ("2.weight \"quoted\" é", Tensor.uniform([1, 5], low: -1, high: 1, using: &rng)),
        ]
    }

    @Test func roundTripIsBitExact() throws {
        let dir = try makeTemporaryDirectory()
        let url = dir.appendingPathComponent("model.safetensors")
        let tensors = sampleTensors()
        let metadata = ["notation": "Linear(2 -> 3) \"x\"\nTanH", "epochs": "5"]
        try Checkpoint.save(tensors, metadata: metadata, to: url)
        let loaded = try Checkpoint.load(from: url)
        #expect(loaded.tensors.count == tensors.count)
        for (name, tensor) in tensors {
            let back = try #require(loaded.tensors[name])
            #expect(back.shape == tensor.shape)
            #expect(back.scalars.map(\.bitPattern) == tensor.scalars.map(\.bitPattern))
        }
        #expect(loaded.metadata == metadata.merging(["format": "pt"]) { a, _ in a })
    }

    @Test func byteLayoutIsSafetensors() throws {
        let dir = try makeTemporaryDirectory()
        let url = dir.appendingPathComponent("layout.safetensors")
        let tensors = sampleTensors()
        try Checkpoint.save(tensors, metadata: ["notation": "n"], to: url)
        let bytes = [UInt8](try Data(contentsOf: url))

        // 8-byte little-endian length, then the header, then data starting 8-aligned.
        var n = 0
        for k in 0..<8 { n |= Int(bytes[k]) << (8 * k) }
        #expect((8 + n) % 8 == 0)
        let headerBytes = Array(bytes[8..<(8 + n)])
        #expect(headerBytes.first == UInt8(ascii: "{"))
        let json = try #require(try JSONSerialization.jsonObject(with: Data(headerBytes)) as? [String: Any])
        let meta = try #require(json["__metadata__"] as? [String: String])
        #expect(meta["format"] == "pt" && meta["notation"] == "n")

        // Offsets: in order, back to back, covering the data section, with the raw float bits.
        let data = Array(bytes[(8 + n)...])
        var expectedBegin = 0
        for (name, tensor) in tensors {
            let entry = try #require(json[name] as? [String: Any])
            #expect(entry["dtype"] as? String == "F32")
            #expect((entry["shape"] as? [Int]) == tensor.shape)
            let offsets = try #require(entry["data_offsets"] as? [Int])
            #expect(offsets == [expectedBegin, expectedBegin + 4 * tensor.count])
            for (i, value) in tensor.scalars.enumerated() {
                let at = expectedBegin + 4 * i
                let bits = UInt32(data[at]) | UInt32(data[at + 1]) << 8 | UInt32(data[at + 2]) << 16 | UInt32(data[at + 3]) << 24
                #expect(bits == value.bitPattern)
            }
            expectedBegin += 4 * tensor.count
        }
        #expect(expectedBegin == data.count)
    }

    @Test func atomicWriteLeavesOnlyTheFileAndReplacesIt() throws {
        let dir = try makeTemporaryDirectory()
        let url = dir.appendingPathComponent("m.safetensors")
        try Checkpoint.save([("a", Tensor(1))], metadata: [:], to: url)
        try Checkpoint.save([("b", Tensor(2))], metadata: [:], to: url)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["m.safetensors"])
        #expect(try Checkpoint.load(from: url).tensors["b"] == Tensor(2))
        // A directory that does not exist: a clear error, and nothing left behind.
        let missingDir = dir.appendingPathComponent("nope/m.safetensors")
        #expect { try Checkpoint.save([("a", Tensor(1))], metadata: [:], to: missingDir) } throws: { error in
            (error as? NeuralKitError)?.message.contains(missingDir.path) == true
        }
    }

    @Test func duplicateOrReservedNamesAreRejected() throws {
        let url = try makeTemporaryDirectory().appendingPathComponent("d.safetensors")
        #expect(throws: NeuralKitError.self) { try Checkpoint.save([("a", Tensor(1)), ("a", Tensor(2))], metadata: [:], to: url) }
        #expect(throws: NeuralKitError.self) { try Checkpoint.save([("__metadata__", Tensor(1))], metadata: [:], to: url) }
        #expect(!FileManager.default.fileExists(atPath: url.path))
    }

    // MARK: - Malformed files

    /// Writes a file from a raw header and data, with a correct length prefix unless `length` is given.
    func rawFile(_ header: String, data: [UInt8] = [], length: UInt64? = nil, name: String = "bad.safetensors") throws -> URL {
        let url = try makeTemporaryDirectory().appendingPathComponent(name)
        let h = Array(header.utf8)
        var bytes = [UInt8]()
        withUnsafeBytes(of: (length ?? UInt64(h.count)).littleEndian) { bytes += $0 }
        try Data(bytes + h + data).write(to: url)
        return url
    }

    func expectCheckpointError(_ url: URL, mentioning words: String..., sourceLocation: SourceLocation = #_sourceLocation) {
        do {
            _ = try Checkpoint.load(from: url)
            Issue.record("loading should fail", sourceLocation: sourceLocation)
        } catch let error as NeuralKitError {
            #expect(error.kind == .checkpoint, sourceLocation: sourceLocation)
            #expect(error.message.contains(url.path), "\(error.message)", sourceLocation: sourceLocation)
            for w in words { #expect(error.message.contains(w), "\(error.message)", sourceLocation: sourceLocation) }
        } catch {
            Issue.record("unexpected error \(error)", sourceLocation: sourceLocation)
        }
    }

    let four: [UInt8] = [0, 0, 128, 63]  // 1.0

    @Test func missingFile() throws {
        expectCheckpointError(try makeTemporaryDirectory().appendingPathComponent("none.safetensors"), mentioning: "no such file")
    }

    @Test func truncatedFiles() throws {
        let url = try makeTemporaryDirectory().appendingPathComponent("short.safetensors")
        try Data([1, 2, 3]).write(to: url)
        expectCheckpointError(url, mentioning: "truncated")
        expectCheckpointError(try rawFile("{}", length: 500), mentioning: "truncated")
        // Data cut short: the offsets run past the end.
        expectCheckpointError(try rawFile(#"{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}"#, data: four), mentioning: "'a'", "outside")
    }

    @Test func headerTooLong() throws {
        expectCheckpointError(try rawFile("{}", length: 1 << 40), mentioning: "over the limit")
    }

    @Test func badJSON() throws {
        expectCheckpointError(try rawFile(#"{"a": {"dtype": "F32", "#), mentioning: "JSON")
        expectCheckpointError(try rawFile("[1, 2]"), mentioning: "JSON")
        expectCheckpointError(try rawFile(#"{"a":{"dtype":"F32","shape":"x","data_offsets":[0,4]}}"#, data: four), mentioning: "'a'")
        expectCheckpointError(try rawFile(#"{"__metadata__":{"k":3}}"#), mentioning: "'k'")
    }

    @Test func unsupportedDtype() throws {
        expectCheckpointError(try rawFile(#"{"h":{"dtype":"F16","shape":[2],"data_offsets":[0,4]}}"#, data: four), mentioning: "'h'", "F16")
    }

    @Test func offsetsNotMatchingShapeOverlappingOrWithGaps() throws {
        expectCheckpointError(try rawFile(#"{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,4]}}"#, data: four), mentioning: "'a'", "(2)")
        expectCheckpointError(try rawFile(#"{"a":{"dtype":"F32","shape":[1],"data_offsets":[4,0]}}"#, data: four), mentioning: "'a'")
        expectCheckpointError(try rawFile(#"{"a":{"dtype":"F32","shape":[4294967296,4294967296],"data_offsets":[0,4]}}"#, data: four), mentioning: "'a'")
        expectCheckpointError(try rawFile(#"{"a":{"dtype":"F32","shape":[-1],"data_offsets":[0,4]}}"#, data: four), mentioning: "'a'")
        expectCheckpointError(
            try rawFile(
                #"{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"b":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}"#,
                data: four + four), mentioning: "overlap", "'a'", "'b'")
        expectCheckpointError(try rawFile(#"{"a":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}"#, data: four + four), mentioning: "no tensor")
        expectCheckpointError(try rawFile(#"{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}"#, data: four + four), mentioning: "no tensor")
    }

    /// The bytes of a safetensors file with `header` (padded to 8) and `data`.
    func fileBytes(_ header: String, data: [UInt8] = []) -> [UInt8] {
        var h = Array(header.utf8)
        while h.count % 8 != 0 { h.append(0x20) }
        return withUnsafeBytes(of: UInt64(h.count).littleEndian, Array.init) + h + data
    }

    /// The message `decode` fails with (kind and text), or nil when it succeeds.
    func decodeFailure(_ bytes: [UInt8], file: String = "crafted.safetensors") -> NeuralKitError? {
        do {
            _ = try Checkpoint.decode(bytes, file: file)
            return nil
        } catch let error as NeuralKitError {
            return error
        } catch {
            return NeuralKitError(.argument, "unexpected \(error)")
        }
    }

    /// A header of 100,000 zero-size tensors (5.5 MB) would take about 400 MB to parse; a 20 MB
    /// metadata string about 80 MB: both are refused before parsing, naming the file, the entry count
    /// or the size; a normal checkpoint still reads under a small budget.
    @Test func headerCostIsCheckedAgainstTheBudgetBeforeParsing() throws {
        let entries = (0..<100_000).map { #""t\#($0)":{"dtype":"F32","shape":[0],"data_offsets":[0,0]}"# }
        let many = fileBytes("{" + entries.joined(separator: ",") + "}")
        let bigMetadata = fileBytes(#"{"__metadata__":{"format":"pt","x":""# + String(repeating: "a", count: 20_000_000) + #""}}"#)
        MemoryBudget.$override.withValue(64 << 20) {
            let start = ContinuousClock.now
            let error = decodeFailure(many)
            #expect(error?.kind == .memory, "\(error?.message ?? "no error")")
            #expect(error?.message.contains("crafted.safetensors") == true && error?.message.contains("100000 tensors") == true, "\(error?.message ?? "")")
            #expect(ContinuousClock.now - start < .seconds(20))  // parsing them would take minutes in a debug build
        }
        MemoryBudget.$override.withValue(16 << 20) {
            let error = decodeFailure(bigMetadata)
            #expect(error?.kind == .memory && error?.message.contains("crafted.safetensors") == true, "\(error?.message ?? "no error")")
            #expect(error?.message.contains("2 metadata entries in 20000022 bytes") == true, "\(error?.message ?? "")")
        }
        // A real checkpoint is far below such budgets.
        let url = try makeTemporaryDirectory().appendingPathComponent("small.safetensors")
        try Checkpoint.save(sampleTensors(), metadata: ["notation": "n"], to: url)
        let loaded = try MemoryBudget.$override.withValue(1 << 20) { try Checkpoint.load(from: url) }
        #expect(loaded.tensors.count == 5)
    }

    /// A tensor name used twice is an error naming it and the file (JSON parsers keep one of the two
    /// silently), whether written alike or through an escape; so is a metadata key used twice.
    @Test func duplicateNamesInAHeaderAreErrors() throws {
        let entry = #"{"dtype":"F32","shape":[1],"data_offsets":[0,4]}"#
        let other = #"{"dtype":"F32","shape":[1],"data_offsets":[4,8]}"#
        for (header, words) in [
            (#"{"w":\#(entry),"w":\#(other)}"#, ["tensor name 'w' appears twice"]),
            (#"{"w":\#(entry),"\u0077":\#(other)}"#, ["tensor name 'w' appears twice"]),
            (#"{"__metadata__":{"k":"1","k":"2"},"w":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}"#, ["metadata key 'k' appears twice"]),
            (#"{"w":{"dtype":"F32","dtype":"F32","shape":[2],"data_offsets":[0,8]}}"#, ["tensor 'w'", "'dtype' twice"]),
        ] {
            let error = decodeFailure(fileBytes(header, data: four + four))
            #expect(error?.kind == .checkpoint, "\(header): \(error?.message ?? "no error")")
            for w in words + ["crafted.safetensors"] { #expect(error?.message.contains(w) == true, "\(header): \(error?.message ?? "no error")") }
        }
        // Distinct names that share a prefix or differ only inside an escape are fine.
        let fine = try Checkpoint.decode(fileBytes(#"{"w":\#(entry),"w\"":\#(other)}"#, data: four + four), file: "ok")
        #expect(Set(fine.tensors.keys) == ["w", "w\""])
    }

    @Test func readsAHandWrittenFileWithPaddingAndNoMetadata() throws {
        // As another writer might produce it: spaces after the JSON, tensors listed out of order.
        let header = #"{"b":{"dtype":"F32","shape":[],"data_offsets":[4,8]},"a":{"dtype":"F32","shape":[1,1],"data_offsets":[0,4]}}     "#
        let loaded = try Checkpoint.load(from: rawFile(header, data: four + [0, 0, 0, 192]))
        #expect(loaded.tensors["a"] == Tensor(shape: [1, 1], scalars: [1]))
        #expect(loaded.tensors["b"] == Tensor(-2))
        #expect(loaded.metadata.isEmpty)
    }
}
