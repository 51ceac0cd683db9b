// Hostile and careless input: every case ends in one clear error and a non-zero exit, never a trap,
// an out-of-bounds write, more memory than the budget, or a lost or clobbered file. The inputs are
// made here (crafted checkpoints, gzip bombs, FIFOs), not committed.

import Foundation
import Testing
import NeuralKit
import NKTestSupport
@testable import NKCommands

@Suite struct HostileInputTests {
    let xor = ["--data", "gen-arti:1", "--loss", "bce", "--verbose", "0"]

    /// Sizes in the notation that overflow, or exceed what memory holds, are errors naming the layer.
    @Test func hugeSizesInTheNotationAreErrors() throws {
        let cases: [(String, String)] = [
            ("Linear(2147483648, 2147483648)", "sizes above 2147483647 are not supported"),
            ("Linear(2147483647, 2147483647)", "multiply beyond"),
            ("Linear(99999999999999999999, 2)", "must be a positive integer"),
            ("Reshape(2000000000, 2000000000, 2000000000)", "multiply beyond"),
            ("Conv2D(1, 2, 3, padding=2147483647) - Flatten()", "multiply beyond"),
            ("Conv2D(2147483647, 2147483647, 2147483647)", "multiply beyond"),
        ]
        for (model, expected) in cases {
            let message = failure(["summary", "--model", model, "--input-shape", "28,28,1"])
            #expect(message?.contains(expected) == true, "\(model): \(message ?? "no error")")
        }
        let wide = failure(["summary", "--model", "Linear(4, 2)", "--input-shape", "2147483647,2147483647,2147483647"])
        #expect(wide?.contains("multiply beyond") == true, "\(wide ?? "no error")")
        let huge = failure(["summary", "--model", "Linear(4, 2)", "--input-shape", "9999999999"])
        #expect(huge?.contains("--input-shape") == true, "\(huge ?? "no error")")
    }

    /// A model or a training step that cannot fit the memory budget is refused before allocating,
    /// with the estimate and the budget.
    @Test func modelsAndStepsBeyondTheBudgetAreRefused() throws {
        MemoryBudget.$override.withValue(200 << 20) {  // 200 MiB
            let model = failure(["summary", "--model", "Linear(100000, 100000)"])
            #expect(model?.contains("needs about 80 GB") == true && model?.contains("209.7 MB") == true, "\(model ?? "no error")")
            let step = failure(["train", "--model", "Reshape(2, 1) - Conv1D(1, 1, 100000) - Flatten() - Linear(200000, 1) - Sigmoid()"] + xor)
            #expect(step?.contains("Training") == true && step?.contains("needs about") == true, "\(step ?? "no error")")
            let tsne = TestSupport.errorMessage { _ = try TSNE(iterations: 1, method: .exact).fit(Tensor(zeros: [10_000, 2])) }
            #expect(tsne?.contains("Exact t-SNE of 10000 points") == true, "\(tsne ?? "no error")")
        }
        #expect(failure(["train", "--model", "Linear(2, 1) - Sigmoid()", "--samples", "1000000000000"] + xor)?.contains("--samples") == true)
    }

    /// A 300-byte checkpoint whose metadata names a model too large for memory fails in `evaluate`
    /// before any tensor is read.
    @Test func craftedCheckpointWithAHugeNotationIsAnError() throws {
        let dir = try temporaryDirectory()
        let file = dir.appendingPathComponent("huge.safetensors").path
        for notation in ["Linear(2147483648, 2147483648)", "Linear(2147483647, 2147483647)", "Reshape(3000000000, 3000000000)"] {
            var header = Array("{\"__metadata__\":{\"format\":\"pt\",\"notation\":\"\(notation)\"}}".utf8)
            while header.count % 8 != 0 { header.append(0x20) }
            let bytes = withUnsafeBytes(of: UInt64(header.count).littleEndian, Array.init) + header
            try Data(bytes).write(to: URL(fileURLWithPath: file))
            let message = failure(["evaluate", "--checkpoint", file, "--data", "gen-arti:1", "--loss", "bce"])
            #expect(message?.contains("model spec") == true || message?.contains("multiply beyond") == true, "\(notation): \(message ?? "no error")")
        }
    }

    /// A gzip file that inflates beyond the size its trailer declares (a bomb) stops there.
    @Test func gzipBombIsRefusedAtItsDeclaredSize() throws {
        let bomb = Self.gzipOfZeros(matches: 40_000, declaredSize: 1_000)  // ~10 MB of zeros in ~65 kB
        let message = TestSupport.errorMessage { _ = try Gzip.decompress(bomb, file: "bomb.gz") }
        #expect(message?.contains("bomb.gz") == true && message?.contains("inflates beyond 1000 bytes") == true, "\(message ?? "no error")")
        // The same stream with its true size is read back whole.
        let honest = Self.gzipOfZeros(matches: 40, declaredSize: 1 + 40 * 258)
        #expect(try Gzip.decompress(honest, file: "ok.gz").count == 1 + 40 * 258)
    }

    /// A pipe, a folder or a file for --data-dir get messages that say what they are.
    @Test func dataPathsThatAreNotFilesAreNamed() throws {
        let dir = try temporaryDirectory()
        let fifo = dir.appendingPathComponent("pipe.csv").path
        #expect(mkfifo(fifo, 0o600) == 0)
        #expect(failure(["train", "--model", "Linear(1, 1)", "--data", fifo, "--loss", "mse"])?.contains("FIFO") == true)
        let folder = dir.appendingPathComponent("folder.csv").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        #expect(failure(["train", "--model", "Linear(1, 1)", "--data", folder, "--loss", "mse"])?.contains("is a folder") == true)
        let plain = dir.appendingPathComponent("plain").path
        try Data("x".utf8).write(to: URL(fileURLWithPath: plain))
        let dataDir = failure(["train", "--model", "Linear(256, 10)", "--data", "usps", "--loss", "ce", "--data-dir", plain])
        #expect(dataDir?.contains("is a file, not a folder") == true, "\(dataDir ?? "no error")")
    }

    /// A 1 MB cell is not echoed back whole; a class index error names the row.
    @Test func messagesQuoteBigCellsBrieflyAndNameRows() throws {
        let dir = try temporaryDirectory()
        let csv = dir.appendingPathComponent("big.csv").path
        try ("1,2,0\n" + String(repeating: "x", count: 1_000_000) + ",2,1\n").write(toFile: csv, atomically: true, encoding: .utf8)
        let message = try #require(failure(["train", "--model", "Linear(2, 2)", "--data", csv, "--loss", "ce"]))
        #expect(message.contains("line 2") && message.contains("1000000 bytes") && message.count < 400, "\(message.prefix(400))")
        let labels = dir.appendingPathComponent("labels.csv").path
        try "1,2,0\n3,4,1\n5,6,7\n".write(toFile: labels, atomically: true, encoding: .utf8)
        let row = failure(["train", "--model", "Linear(2, 2)", "--data", labels, "--loss", "ce"])
        #expect(row?.contains("row 3") == true, "\(row ?? "no error")")
    }

    /// Output paths are checked before any work: a missing folder, a folder, a FIFO and a device are
    /// refused, and a FIFO or device stays what it was (the atomic rename would replace it).
    @Test func outputPathsAreCheckedFirstAndSpecialFilesAreNeverReplaced() throws {
        let dir = try temporaryDirectory()
        let fifo = dir.appendingPathComponent("out.fifo").path
        #expect(mkfifo(fifo, 0o600) == 0)
        let model = ["train", "--model", "Linear(2, 1) - Sigmoid()"] + xor
        #expect(failure(model + ["--save", fifo])?.contains("FIFO") == true)
        #expect(failure(model + ["--save", dir.appendingPathComponent("missing/w.safetensors").path])?.contains("does not exist") == true)
        #expect(failure(model + ["--save", dir.path])?.contains("folder") == true)
        var info = stat()
        #expect(stat(fifo, &info) == 0 && info.st_mode & S_IFMT == S_IFIFO)
        // A character device like /dev/null, made here when the process may (root in a container).
        let device = dir.appendingPathComponent("null").path
        if mknod(device, S_IFCHR | 0o666, (1 << 8) | 3) == 0 {  // major 1, minor 3: makedev(1, 3)
            #expect(failure(model + ["--save", device])?.contains("is a device") == true)
            #expect(stat(device, &info) == 0 && info.st_mode & S_IFMT == S_IFCHR)
        }
        #expect(failure(["embed", "--data", "gen-arti:0", "--out", fifo])?.contains("FIFO") == true)
        #expect(failure(model + ["--out", dir.appendingPathComponent("out.fifo").path])?.contains("not a folder") == true)
        #expect(failure(["embed", "--data", "gen-arti:0", "--method", "tsne", "--iterations", "0", "--out", dir.appendingPathComponent("e.csv").path])?.contains("--iterations") == true)
    }

    /// A standard deviation of 0 recorded in a checkpoint's preprocessing would make every input NaN
    /// ("loss -nan", exit 0): `evaluate` refuses it, naming the file and the feature.
    @Test func aZeroStandardDeviationInACheckpointIsRefused() throws {
        let file = try temporaryDirectory().appendingPathComponent("std0.safetensors").path
        var rng = RandomGenerator(seed: 0)
        let model = try ModelNotation.parse("Linear(2, 1) - Sigmoid()", using: &rng)
        for (std, shown) in [([Float(1), 0], "0.0"), ([-2, 1], "-2.0")] {
            let preprocessing = FittedPreprocessing(steps: [.standardize(Standardization(mean: [0, 0], std: std))])
            try RunCheckpoint.write(model, preprocessing: preprocessing, to: file)
            let message = failure(["evaluate", "--checkpoint", file, "--data", "gen-arti:1", "--loss", "bce"])
            let feature = std[0] == 1 ? "feature 1" : "feature 0"
            #expect(message?.contains(file) == true && message?.contains("\(feature) (of 2") == true, "\(message ?? "no error")")
            #expect(message?.contains("standard deviation \(shown)") == true, "\(message ?? "no error")")
        }
    }

    /// `bce` and `bce-logits` targets outside [0, 1] are refused, naming the loss, the row and the
    /// value (a target of 99999999999 used to train to a loss of −1.96e11, exit 0).
    @Test func binaryCrossEntropyTargetsOutsideZeroOneAreRefused() throws {
        let dir = try temporaryDirectory()
        let csv = dir.appendingPathComponent("far.csv").path
        try "0.1,0.2,1\n0.3,0.4,99999999999\n0.5,0.6,0\n".write(toFile: csv, atomically: true, encoding: .utf8)
        for (loss, model) in [("bce", "Linear(2, 1) - Sigmoid()"), ("bce-logits", "Linear(2, 1)")] {
            let message = failure(["train", "--model", model, "--data", csv, "--loss", loss, "--epochs", "1", "--verbose", "0"])
            #expect(message?.contains("--loss \(loss) needs targets in [0, 1]") == true && message?.contains("row 2") == true, "\(message ?? "no error")")
            #expect(message?.contains("1e+11") == true, "\(message ?? "no error")")
        }
        // Probabilities and ±1 labels are still taken.
        try "0.1,0.2,0.25\n0.3,0.4,1\n0.5,0.6,0\n".write(toFile: csv, atomically: true, encoding: .utf8)
        #expect(failure(["train", "--model", "Linear(2, 1) - Sigmoid()", "--data", csv, "--loss", "bce", "--epochs", "1", "--verbose", "0"]) == nil)
        try "0.1,0.2,-1\n0.3,0.4,1\n".write(toFile: csv, atomically: true, encoding: .utf8)
        #expect(failure(["train", "--model", "Linear(2, 1) - Sigmoid()", "--data", csv, "--loss", "bce", "--epochs", "1", "--verbose", "0"]) == nil)
    }

    /// A folder that cannot be made (here: below a file; root passes permission checks, so not a
    /// read-only folder) is one sentence naming it and what to do, never Foundation's
    /// "Error Domain=NSCocoaErrorDomain Code=…": for a sweep's --out and for a dataset's folder.
    @Test func foldersThatCannotBeMadeAreNamedInOneSentence() async throws {
        let dir = try temporaryDirectory()
        let file = dir.appendingPathComponent("plain").path
        try "x".write(toFile: file, atomically: true, encoding: .utf8)
        let out = file + "/sweep"
        let sweep = failure([
            "sweep", "--model", "Linear(2, 1) - Sigmoid()", "--grid", "lr=0.1,0.2", "--data", "gen-arti:1", "--loss", "bce",
            "--epochs", "1", "--out", out,
        ])
        #expect(sweep?.contains("'\(out)'") == true && sweep?.contains("is a file, not a folder") == true, "\(sweep ?? "no error")")
        #expect(sweep?.contains("Domain=") == false && sweep?.contains("Code=") == false, "\(sweep ?? "no error")")
        let entry = try DatasetRegistry.entry(named: "iris")
        let downloader = DatasetDownloader { _, _ in Data() }
        var message: String? = nil
        do { try await downloader.download(entry, to: URL(fileURLWithPath: file + "/cache")) } catch { message = NeuralKitCommand.message(for: error) }
        #expect(message?.contains(file + "/cache") == true && message?.contains("not a folder") == true, "\(message ?? "no error")")
        #expect(message?.contains("Domain=") == false, "\(message ?? "no error")")
    }

    /// A killed run: its temporary files are removed, its folder is recognised as unfinished and
    /// refused, and --overwrite replaces it.
    @Test func aKilledRunIsRecognisedAndCleanedUp() throws {
        let dir = try temporaryDirectory().appendingPathComponent("run").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        try #"{"version": "0.4.0"}"#.write(toFile: dir + "/config.json", atomically: true, encoding: .utf8)  // begun, never finished
        let stale = dir + "/.model.safetensors.tmp-999999-12345"  // a dead writer's file
        try Data([1, 2, 3]).write(to: URL(fileURLWithPath: stale))
        try "keep".write(toFile: dir + "/notes.txt", atomically: true, encoding: .utf8)  // not the run's: kept
        let model = ["train", "--model", "Linear(2, 1) - Sigmoid()", "--epochs", "1", "--out", dir] + xor
        let refused = failure(model)
        #expect(refused?.contains("did not finish") == true && refused?.contains("--overwrite") == true, "\(refused ?? "no error")")
        #expect(!FileManager.default.fileExists(atPath: stale))
        #expect(failure(model + ["--overwrite"]) == nil)
        #expect(RunFolder.state(of: dir) == .finished)
        #expect(FileManager.default.fileExists(atPath: dir + "/notes.txt"))
        #expect(failure(model)?.contains("finished run") == true)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir).allSatisfy { !$0.contains(".tmp-") })
    }

    /// Divergence without NaN (the loss grows a thousandfold) stops the run, naming epoch and batch.
    @Test func aLossThatExplodesStopsTheRun() throws {
        let message = failure([
            "train", "--model", "Linear(2, 8) - TanH() - Linear(8, 2)", "--data", "gen-arti:1", "--loss", "ce",
            "--lr", "1e6", "--epochs", "2", "--verbose", "0",
        ])
        #expect(message?.contains("diverged at epoch 1") == true && message?.contains("1000 times") == true, "\(message ?? "no error")")
    }

    /// Options that would silently do nothing are refused; --init from another model's file says so.
    @Test func optionsThatWouldDoNothingAreRefused() throws {
        #expect(failure(["train", "--model", "Linear(2, 1) - Sigmoid()", "--validation-fraction", "0.0001"] + xor)?.contains("--validation-fraction") == true)
        #expect(EnvironmentSettings.problems(environment: ["NEURALKIT_THREADS": "lots"].index) == ["NEURALKIT_THREADS='lots' is not a thread count from 1 to 64."])
        #expect(EnvironmentSettings.problems(environment: ["NEURALKIT_THREADS": "0", "NEURALKIT_MEMORY_LIMIT": "8X"].index).count == 2)
        #expect(EnvironmentSettings.problems(environment: ["NEURALKIT_THREADS": "2", "NEURALKIT_MEMORY_LIMIT": "8G", "NEURALKIT_KERNEL": "generic"].index).isEmpty)
        let dir = try temporaryDirectory()
        let file = dir.appendingPathComponent("tanh.safetensors").path
        _ = try train(["--model", "Linear(2, 3) - TanH() - Linear(3, 1) - Sigmoid()", "--epochs", "1", "--save", file] + xor.dropLast(2))
        var spec = RunSpecification(
            model: "Linear(2, 3) - ReLU() - Linear(3, 1) - Sigmoid()", data: DataSpecification(source: .genArti(type: 1, samples: 100)),
            loss: .bce, initialWeights: file)
        spec.training.epochs = 1
        let run = try TrainingRun(spec)
        #expect(run.notes.contains { $0.contains("record the model Linear(2, 3) - TanH()") }, "\(run.notes)")
    }

    /// A gzip stream of one zero byte followed by `matches` copies of 258 zeros (fixed Huffman codes,
    /// length 258 at distance 1), with `declaredSize` as its ISIZE and a CRC-32 that does not matter
    /// for the bomb (the size check comes first).
    static func gzipOfZeros(matches: Int, declaredSize: Int) -> [UInt8] {
        var bits = BitStream()
        bits.put(1, 1); bits.put(1, 2)  // BFINAL, BTYPE = 01 (fixed Huffman)
        bits.putCode(0b0011_0000, 8)  // literal 0
        for _ in 0..<matches {
            bits.putCode(0b1100_0101, 8)  // length code 285: 258
            bits.putCode(0, 5)  // distance code 0: 1
        }
        bits.putCode(0, 7)  // end of block (256)
        let content = [UInt8](repeating: 0, count: 1 + 258 * matches)
        let crc = CRC32.checksum(content)
        func le32(_ v: Int) -> [UInt8] { (0..<4).map { UInt8((v >> (8 * $0)) & 0xFF) } }
        return [0x1F, 0x8B, 8, 0, 0, 0, 0, 0, 0, 3] + bits.bytes + le32(Int(crc)) + le32(declaredSize)
    }
}

/// Bits packed LSB first, as DEFLATE stores them; Huffman codes go most significant bit first.
struct BitStream {
    var bytes: [UInt8] = []
    var used = 8
    mutating func put(_ value: Int, _ count: Int) {
        for i in 0..<count {
            if used == 8 { bytes.append(0); used = 0 }
            bytes[bytes.count - 1] |= UInt8((value >> i) & 1) << used
            used += 1
        }
    }
    mutating func putCode(_ code: Int, _ length: Int) {
        for i in stride(from: length - 1, through: 0, by: -1) { put((code >> i) & 1, 1) }
    }
}

extension Dictionary where Key == String, Value == String {
    /// The dictionary as an environment reader.
    var index: (String) -> String? { { self[$0] } }
}
