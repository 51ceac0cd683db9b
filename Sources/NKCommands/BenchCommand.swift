// `neuralkit bench`: the speed benchmarks (W1, W3, W4, W5, W9, D1) and the analysis ones (P1, K1, T1).

import ArgumentParser
import Foundation
import NeuralKit

struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Time the reference workloads and print a table (median of several runs).",
        discussion: """
            W1  one epoch, 60,000 samples, Linear(784, 100) - TanH() - Linear(100, 10), ce, batch 64, lr 0.1
            W1A W1 with Adam (lr 1e-3) instead of SGD, timed interleaved with W1; target: within 10 % of W1
            W6  one epoch of CD-1 on 60,000 × 784 binary inputs, RBM with 500 hidden units, batch 64, lr 0.1
            W2  one epoch, 49,000 samples of 3,072, Linear(3072, 500) - ReLU() - Linear(500, 10), ce, weight decay 1e-4, batch 200, lr 1e-3
            W5  one epoch, 7,291 samples, autoencoder 256-100-10-100-256 (TanH x3, Sigmoid), bce, batch 50
            W9  forward pass of the W1 network on batch 1 and on batch 1000
            W3  one epoch, 7,291 samples of length 256, Conv1D(3, 1→32) - MaxPool1D(2) - Flatten - Linear(4064, 100) - ReLU - Linear(100, 10), ce, batch 32
            W4  one epoch, 60,000 samples 28×28×1, Conv2D(1→32, 5×5) - ReLU - MaxPool2D(2) - Flatten - Linear(4608, 10), ce, batch 64 (at most 3 runs)
            P1  PCA of 60,000 × 784 to 50 components (MNIST's training images when present, else synthetic data with an image-like spectrum)
            K1  k-means, k = 10, 10 restarts, on 7,291 × 256 (USPS's training set when present, else 10 Gaussian clusters)
            T1  Barnes–Hut t-SNE of 5,000 × 50 (10 Gaussian clusters), 1,000 iterations (at most 3 runs)
            D1  reading the 60,000 MNIST training images from their gzip files (skipped without the data)
            Plain SGD except W1A, synthetic data of these exact shapes. Build in release (swift run -c release neuralkit bench). The "peak RSS" column is the most resident memory (VmHWM) of a process that ran only that workload, data generation included: each workload runs in its own child process (neuralkit bench --only ID), because the high-water mark is process-wide and memory kept by the allocator from one workload would count in the next.
            """
    )

    @Option(name: .long, help: "Timed runs per workload (after one warm-up); the median is reported.")
    var runs: Int = 5

    @Option(name: .long, help: "Worker threads for the kernels.")
    var threads: Int = 2

    @Option(name: .long, parsing: .upToNextOption, help: "Only these workloads (W1, W1A, W2, W3, W4, W5, W6, W9, P1, K1, T1, D1).")
    var only: [String] = []

    @Option(name: .long, help: ArgumentHelp("Where datasets live, for D1, P1 and K1 (default: $NEURALKIT_DATA, else ~/.cache/neuralkit).", valueName: "dir"))
    var dataDir: String?

    @Flag(name: .long, help: "Run every workload in this process (no child processes); the peak RSS of each row is then measured from a reset of the high-water mark (/proc/self/clear_refs) and includes memory the allocator kept from earlier rows.")
    var inProcess = false

    /// Set in the child processes: run the workloads here and print each row as a `BenchRow.record` line.
    @Flag(name: .long, help: .hidden)
    var childRows = false

    func validate() throws {
        guard runs >= 1 else { throw ValidationError("--runs must be at least 1, got \(runs).") }
        guard threads >= 1 else { throw ValidationError("--threads must be at least 1, got \(threads).") }
        let known: Set = ["W1", "W1A", "W2", "W3", "W6", "W4", "W5", "W9", "P1", "K1", "T1", "D1"]
        for w in only where !known.contains(w.uppercased()) {
            throw ValidationError("--only: unknown workload '\(w)'; expected W1, W1A, W2, W3, W4, W5, W6, W9, P1, K1, T1 or D1.")
        }
    }

    mutating func run() throws {
        Parallelism.threadCount = threads
        #if DEBUG
        print("warning: this is a debug build; timings are meaningless. Use: swift run -c release neuralkit bench")
        #endif
        let selected = only.isEmpty ? ["W1", "W1A", "W2", "W5", "W9", "W3", "W4", "W6", "P1", "K1", "T1", "D1"] : only.map { $0.uppercased() }
        let directory = DatasetRegistry.dataDirectory(explicit: dataDir)
        var rows: [BenchRow] = []
        // Children only from the tool itself (started as `neuralkit bench …`), never from a test runner.
        let isolate = !inProcess && !childRows && CommandLine.arguments.dropFirst().first == "bench"
        for workload in selected {
            if isolate, let childRows = try runChild(workload) {
                rows += childRows
                continue
            }
            let first = rows.count
            ResidentMemory.resetPeak()
            switch workload {
            case "W1": rows.append(try Workloads.w1(runs: runs))
            case "W1A": rows += try Workloads.w1Adam(runs: runs)
            case "W2": rows.append(try Workloads.w2(runs: runs))
            case "W6": rows.append(try Workloads.w6(runs: min(runs, 3)))
            case "W5": rows.append(try Workloads.w5(runs: runs))
            case "W3": rows.append(try Workloads.w3(runs: runs))
            case "W4": rows.append(try Workloads.w4(runs: min(runs, 3)))
            case "W9": rows += try Workloads.w9(runs: runs)
            case "P1": rows.append(try Workloads.p1(runs: runs, dataDirectory: directory))
            case "K1": rows.append(try Workloads.k1(runs: runs, dataDirectory: directory))
            case "T1": rows.append(try Workloads.t1(runs: min(runs, 3)))
            default:
                if let row = try Workloads.d1(runs: runs, dataDirectory: directory) { rows.append(row) }
                else { print("D1 skipped: the MNIST files are not in \(directory.path) (see neuralkit datasets).") }
            }
            let peak = ResidentMemory.peak()
            for i in first..<rows.count { rows[i].peakBytes = peak }
        }
        if childRows {
            for row in rows { print(row.record) }
            return
        }
        print("NeuralKit benchmarks: \(threads) thread(s), median of \(runs) run(s)")
        print(BenchRow.table(rows))
    }

    /// Runs `workload` in a child `neuralkit bench --only … --child-rows` and returns its rows (its
    /// other output is passed through); nil when no child could be started (then it runs here).
    func runChild(_ workload: String) throws -> [BenchRow]? {
        let path = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = ["bench", "--only", workload, "--runs", "\(runs)", "--threads", "\(threads)", "--child-rows"]
            + (dataDir.map { ["--data-dir", $0] } ?? [])
        let pipe = Pipe()
        process.standardOutput = pipe
        do { try process.run() } catch { return nil }
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        var rows: [BenchRow] = []
        for line in output.split(separator: "\n") {
            if let row = BenchRow(record: String(line)) { rows.append(row) } else { print(line) }
        }
        guard process.terminationStatus == 0 else {
            throw NeuralKitError.argument("bench: workload \(workload) failed in its child process (exit status \(process.terminationStatus)).")
        }
        return rows
    }
}

/// One line of the benchmark table.
struct BenchRow {
    var id: String
    var what: String
    var seconds: Double
    var unit: Unit
    var target: Double
    /// The peak resident memory of the process that ran the row (VmHWM), when known.
    var peakBytes: Int? = nil

    enum Unit: String { case seconds, microseconds, milliseconds }

    /// The row as one tab-separated line, the way a child process hands it to its parent.
    var record: String {
        ["BENCHROW", id, what, "\(seconds)", unit.rawValue, "\(target)", peakBytes.map(String.init) ?? "-"].joined(separator: "\t")
    }

    /// The row a `record` line describes; nil for any other line.
    init?(record line: String) {
        let f = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
        guard f.count == 7, f[0] == "BENCHROW", let seconds = Double(f[3]), let unit = Unit(rawValue: f[4]),
              let target = Double(f[5]) else { return nil }
        self.init(id: f[1], what: f[2], seconds: seconds, unit: unit, target: target, peakBytes: Int(f[6]))
    }

    init(id: String, what: String, seconds: Double, unit: Unit, target: Double, peakBytes: Int? = nil) {
        (self.id, self.what, self.seconds, self.unit, self.target, self.peakBytes) = (id, what, seconds, unit, target, peakBytes)
    }

    func format(_ s: Double) -> String {
        switch unit {
        case .seconds: String(format: "%.3f s", s)
        case .milliseconds: String(format: "%.3f ms", s * 1e3)
        case .microseconds: String(format: "%.2f µs", s * 1e6)
        }
    }

    static func table(_ rows: [BenchRow]) -> String {
        let header = ["id", "workload", "median", "target", "status", "peak RSS"]
        let body = rows.map { r in
            let peak = r.peakBytes.map(MemoryBudget.describe) ?? "–"
            return r.target.isFinite
                ? [r.id, r.what, r.format(r.seconds), "≤ " + r.format(r.target), r.seconds <= r.target ? "met" : "MISSED", peak]
                : [r.id, r.what, r.format(r.seconds), "–", "", peak]
        }
        var widths = header.map(\.count)
        for line in body { for (i, cell) in line.enumerated() { widths[i] = max(widths[i], cell.count) } }
        func row(_ cells: [String]) -> String {
            cells.enumerated().map { i, c in c + String(repeating: " ", count: widths[i] - c.count) }.joined(separator: "  ")
        }
        return ([row(header), String(repeating: "-", count: widths.reduce(0, +) + 2 * (widths.count - 1))] + body.map(row)).joined(separator: "\n")
    }
}

/// The benchmark workloads, each on synthetic data of the shapes the issue fixes.
enum Workloads {
    static func median(_ runs: Int, _ body: () throws -> Void) rethrows -> Double {
        try body()  // warm-up: caches, page faults, worker threads
        var times: [Double] = []
        for _ in 0..<runs {
            let start = DispatchTime.now().uptimeNanoseconds
            try body()
            times.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
        }
        return times.sorted()[times.count / 2]
    }

    static func epoch(_ model: String, loss: String, inputs: Tensor, targets: Tensor, batch: Int, learningRate: Float = 0.1,
                      optimizer: OptimizerSettings = OptimizerSettings()) throws -> () throws -> Void {
        var rng = RandomGenerator(seed: 0)
        let network = try ModelNotation.parse(model, using: &rng)
        let trainer = Trainer(network, try makeLoss(named: loss),
                              configuration: TrainingConfiguration(batchSize: batch, epochs: 1, learningRate: learningRate, shuffle: true,
                                                                   seed: 0, optimizer: optimizer))
        return { _ = try trainer.fit(inputs: inputs, targets: targets) }
    }

    /// W1 with SGD and with Adam, runs interleaved (SGD, Adam, SGD, …) so that drift affects both
    /// alike; the Adam row's target is 1.1 × the SGD median of the same run.
    static func w1Adam(runs: Int) throws -> [BenchRow] {
        var rng = RandomGenerator(seed: 1)
        let x = Tensor.uniform([60_000, 784], low: 0, high: 1, using: &rng)
        let y = Tensor(shape: [60_000], scalars: (0..<60_000).map { _ in Float(rng.next() % 10) })
        let sgd = try epoch(w1Model, loss: "ce", inputs: x, targets: y, batch: 64)
        let adam = try epoch(w1Model, loss: "ce", inputs: x, targets: y, batch: 64, learningRate: 1e-3, optimizer: OptimizerSettings(kind: .adam))
        var sgdTimes: [Double] = [], adamTimes: [Double] = []
        try sgd(); try adam()
        for _ in 0..<runs {
            sgdTimes.append(try median(1, sgd))
            adamTimes.append(try median(1, adam))
        }
        let s = sgdTimes.sorted()[runs / 2], a = adamTimes.sorted()[runs / 2]
        return [BenchRow(id: "W1", what: "W1 with SGD, interleaved with the next row", seconds: s, unit: .seconds, target: .infinity),
                BenchRow(id: "W1A", what: String(format: "W1 with Adam (%.2f× SGD)", a / s), seconds: a, unit: .seconds, target: 1.1 * s)]
    }

    static func w6(runs: Int) throws -> BenchRow {
        var rng = RandomGenerator(seed: 6)
        let x = Tensor(shape: [60_000, 784], scalars: (0..<(60_000 * 784)).map { _ in rng.nextUnitFloat() < 0.13 ? 1 : 0 })
        let rbm = RBM(visible: 784, hidden: 500, using: &rng)
        let cd = ContrastiveDivergence(rbm, settings: RBMTraining(learningRate: 0.1, batchSize: 64, epochs: 1))
        let seconds = try median(runs) {
            for s in stride(from: 0, to: 60_000, by: 64) { try cd.step(x.rows(s..<min(60_000, s + 64))) }
        }
        return BenchRow(id: "W6", what: "epoch of CD-1, 60,000 × 784 binary, 500 hidden, batch 64",
                        seconds: seconds, unit: .seconds, target: 1.7)
    }

    static func w2(runs: Int) throws -> BenchRow {
        var rng = RandomGenerator(seed: 2)
        let x = Tensor.uniform([49_000, 3_072], low: -1, high: 1, using: &rng)
        let y = Tensor(shape: [49_000], scalars: (0..<49_000).map { _ in Float(rng.next() % 10) })
        let run = try epoch("Linear(3072, 500) - ReLU() - Linear(500, 10)", loss: "ce", inputs: x, targets: y, batch: 200,
                            learningRate: 1e-3, optimizer: OptimizerSettings(kind: .sgd, weightDecay: 1e-4))
        return BenchRow(id: "W2", what: "epoch, 49,000 × 3,072, MLP 3072-500-10, ce, wd 1e-4, batch 200",
                        seconds: try median(runs, run), unit: .seconds, target: 2.4)
    }

    static let w1Model = "Linear(784, 100) - TanH() - Linear(100, 10)"

    static func w1(runs: Int) throws -> BenchRow {
        var rng = RandomGenerator(seed: 1)
        let x = Tensor.uniform([60_000, 784], low: 0, high: 1, using: &rng)
        let y = Tensor(shape: [60_000], scalars: (0..<60_000).map { _ in Float(rng.next() % 10) })
        let run = try epoch(w1Model, loss: "ce", inputs: x, targets: y, batch: 64)
        return BenchRow(id: "W1", what: "epoch, 60,000 × 784, MLP 784-100-10, ce, batch 64",
                        seconds: try median(runs, run), unit: .seconds, target: 0.30)
    }

    static func w5(runs: Int) throws -> BenchRow {
        var rng = RandomGenerator(seed: 5)
        let x = Tensor.uniform([7_291, 256], low: 0, high: 1, using: &rng)
        let model = "Linear(256, 100) - TanH() - Linear(100, 10) - TanH() - Linear(10, 100) - TanH() - Linear(100, 256) - Sigmoid()"
        let run = try epoch(model, loss: "bce", inputs: x, targets: x, batch: 50)
        return BenchRow(id: "W5", what: "epoch, 7,291 × 256, autoencoder 256-100-10-100-256, bce, batch 50",
                        seconds: try median(runs, run), unit: .seconds, target: 0.06)
    }

    static func classTargets(_ n: Int, using rng: inout RandomGenerator) -> Tensor {
        Tensor(shape: [n], scalars: (0..<n).map { _ in Float(rng.next() % 10) })
    }

    static func w3(runs: Int) throws -> BenchRow {
        var rng = RandomGenerator(seed: 3)
        let x = Tensor.uniform([7_291, 256, 1], low: -1, high: 1, using: &rng)
        let model = "Conv1D(k_size=3, chan_in=1, chan_out=32, stride=1) - MaxPool1D(k_size=2, stride=2) - Flatten() - Linear(4064, 100) - ReLU() - Linear(100, 10)"
        let run = try epoch(model, loss: "ce", inputs: x, targets: classTargets(7_291, using: &rng), batch: 32)
        return BenchRow(id: "W3", what: "epoch, 7,291 × 256, Conv1D net of the USPS report, ce, batch 32",
                        seconds: try median(runs, run), unit: .seconds, target: 0.35)
    }

    static func w4(runs: Int) throws -> BenchRow {
        var rng = RandomGenerator(seed: 4)
        let x = Tensor.uniform([60_000, 28, 28, 1], low: 0, high: 1, using: &rng)
        let model = "Conv2D(1, 32, 5) - ReLU() - MaxPool2D(2) - Flatten() - Linear(4608, 10)"
        let run = try epoch(model, loss: "ce", inputs: x, targets: classTargets(60_000, using: &rng), batch: 64)
        return BenchRow(id: "W4", what: "epoch, 60,000 × 28×28, Conv2D(1→32, 5×5) net, ce, batch 64",
                        seconds: try median(runs, run), unit: .seconds, target: 4.5)
    }

    /// D1: reading the 60,000 MNIST training images and labels (gunzip, checks, conversion to Float).
    static func d1(runs: Int, dataDirectory: URL) throws -> BenchRow? {
        let entry = try DatasetRegistry.entry(named: "mnist")
        let folder = entry.directory(in: dataDirectory)
        let images = folder.appendingPathComponent("train-images-idx3-ubyte.gz")
        let labels = folder.appendingPathComponent("train-labels-idx1-ubyte.gz")
        guard FileManager.default.fileExists(atPath: images.path), FileManager.default.fileExists(atPath: labels.path) else { return nil }
        let seconds = try median(runs) {
            _ = try IDXReader.load(images: images, labels: labels, name: "mnist/train", classNames: (0..<10).map(String.init))
        }
        return BenchRow(id: "D1", what: "load the 60,000 MNIST training images (gzip, IDX)", seconds: seconds, unit: .seconds, target: 0.5)
    }

    static func w9(runs: Int) throws -> [BenchRow] {
        var rng = RandomGenerator(seed: 9)
        let network = try ModelNotation.parse(w1Model, using: &rng)
        let one = Tensor.uniform([1, 784], low: 0, high: 1, using: &rng)
        let thousand = Tensor.uniform([1_000, 784], low: 0, high: 1, using: &rng)
        let calls1 = 20_000, calls1000 = 50
        let t1 = try median(runs) { for _ in 0..<calls1 { _ = try network.forward(one) } } / Double(calls1)
        let t1000 = try median(runs) { for _ in 0..<calls1000 { _ = try network.forward(thousand) } } / Double(calls1000)
        return [
            BenchRow(id: "W9", what: "forward of the W1 network, batch 1 (per call)", seconds: t1, unit: .microseconds, target: 5e-6),
            BenchRow(id: "W9", what: "forward of the W1 network, batch 1000 (per call)", seconds: t1000, unit: .milliseconds, target: .infinity),
        ]
    }
}
