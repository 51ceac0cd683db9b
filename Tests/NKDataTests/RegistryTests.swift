// Tests for the registry (names, data directory, status, missing-file messages) and the downloader
// with an injected fetcher: no test touches the network.

import Foundation
import Testing
import NeuralKit

@Suite struct RegistryTests {
    typealias S = DataTestSupport

    @Test func everyBriefedDatasetIsRegistered() throws {
        let names = ["mnist", "fashion-mnist", "usps", "cifar10", "iris", "digits", "breast-cancer", "wine", "diabetes", "boston", "california", "air-passengers"]
        #expect(DatasetRegistry.entries.map(\.name) == names)
        for entry in DatasetRegistry.entries {
            #expect(!entry.files.isEmpty)
            for f in entry.files { #expect(f.sha256 == nil || f.sha256!.count == 64, "\(f.name)") }
        }
        S.expectError("Unknown dataset 'mnits'", "mnist") { _ = try DatasetRegistry.entry(named: "mnits") }
    }

    @Test func dataDirectoryResolution() {
        let env = ["NEURALKIT_DATA": "/env/data", "HOME": "/home/u"]
        #expect(DatasetRegistry.dataDirectory(explicit: "/x", environment: env).path == "/x")
        #expect(DatasetRegistry.dataDirectory(explicit: nil, environment: env).path == "/env/data")
        #expect(DatasetRegistry.dataDirectory(explicit: nil, environment: ["HOME": "/home/u"]).path == "/home/u/.cache/neuralkit")
        #expect(DatasetRegistry.dataDirectory(explicit: nil, environment: ["HOME": "/h", "XDG_CACHE_HOME": "/c"]).path == "/c/neuralkit")
    }

    @Test func statusAndMissingMessage() throws {
        let dir = try S.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let iris = try DatasetRegistry.entry(named: "iris")
        #expect(DatasetRegistry.status(of: iris, in: dir) == .missing(["iris.csv"]))
        do {
            _ = try DatasetRegistry.load("iris", from: dir)
            Issue.record("loading should fail")
        } catch let error as NeuralKitError {
            #expect(error.message.contains(dir.appendingPathComponent("iris").path))
            #expect(error.message.contains("iris.csv (2734 bytes, from https://"))
        }
        try FileManager.default.createDirectory(at: iris.directory(in: dir), withIntermediateDirectories: true)
        try Data("short".utf8).write(to: iris.directory(in: dir).appendingPathComponent("iris.csv"))
        #expect(DatasetRegistry.status(of: iris, in: dir) == .corrupt(["iris.csv"]))
        // Right size, wrong bytes: only the checksum can tell.
        try Data(repeating: 0x41, count: 2734).write(to: iris.directory(in: dir).appendingPathComponent("iris.csv"))
        #expect(DatasetRegistry.status(of: iris, in: dir) == .present)
        #expect(DatasetRegistry.status(of: iris, in: dir, verify: true) == .corrupt(["iris.csv"]))
        var options = DatasetRegistry.LoadOptions()
        options.verifyChecksums = true
        S.expectError("iris.csv", "SHA-256") { _ = try DatasetRegistry.load("iris", from: dir, options: options) }
    }

    @Test func downloaderVerifiesThenStoresAtomically() async throws {
        let dir = try S.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let payload = Array("1,2,a,b\n0.5,1,0\n".utf8)
        let file = DatasetFile("t.csv", size: payload.count, sha256: SHA256.hex(payload), urls: ["https://a.invalid/t.csv", "https://b.invalid/t.csv"])
        let entry = DatasetEntry(
            name: "t", folder: "t", title: "t", files: [file], trainCount: 1, testCount: nil, sampleShape: [1], classCount: 2, homepage: "",
            defaultPreprocessing: [], read: { _, _ in throw NeuralKitError(.data, "not read in this test") })
        // The first mirror fails, the second serves the file.
        let good = DatasetDownloader { url, limit in
            #expect(limit == payload.count)  // the fetch may not read more than the file's size
            if url.host == "a.invalid" { throw NeuralKitError(.data, "offline") }
            return Data(payload)
        }
        #expect(try await good.download(entry, to: dir) == ["t.csv"])
        let stored = try DataFile.readRaw(dir.appendingPathComponent("t/t.csv"))
        #expect(stored == payload)
        #expect(try await good.download(entry, to: dir) == [])  // already there
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.appendingPathComponent("t").path) == ["t.csv"])  // no temp left

        // Wrong bytes of the right size: refused, nothing stored.
        let other = try S.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: other) }
        let bad = DatasetDownloader { _, _ in Data(payload.reversed()) }
        await #expect(throws: NeuralKitError.self) { try await bad.download(entry, to: other) }
        #expect(!FileManager.default.fileExists(atPath: other.appendingPathComponent("t/t.csv").path))
        // Every mirror failing: the error says where to put the file by hand.
        let offline = DatasetDownloader { _, _ in throw NeuralKitError(.data, "no network") }
        do { try await offline.download(entry, to: other); Issue.record("should fail") } catch let e as NeuralKitError {
            #expect(e.message.contains("t.csv") && e.message.contains(other.appendingPathComponent("t").path) && e.message.contains("no network"))
        }
        // A first mirror serving other bytes (a checksum mismatch) does not stop the download: the next one is tried.
        let third = try S.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: third) }
        let mirrored = DatasetDownloader { url, _ in url.host == "a.invalid" ? Data(payload.reversed()) : Data(payload) }
        #expect(try await mirrored.download(entry, to: third) == ["t.csv"])
        #expect(try DataFile.readRaw(third.appendingPathComponent("t/t.csv")) == payload)
        // CIFAR-10 has no per-file URL: the message says what to unpack where.
        let cifar = try DatasetRegistry.entry(named: "cifar10")
        do { try await offline.download(cifar, to: other); Issue.record("should fail") } catch let e as NeuralKitError {
            #expect(e.message.contains("cifar-10-binary.tar.gz") && e.message.contains("data_batch_1.bin"))
        }
    }
}
