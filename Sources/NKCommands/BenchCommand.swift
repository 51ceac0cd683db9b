// `neuralkit bench`: the speed benchmarks (G1, W1, W2, W3, W4, W5, W6, W9, D1) and the analysis ones (P1, K1, T1).

import ArgumentParser
import Foundation
import NeuralKit
import NKBench
import NKDistributed

struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Time the reference workloads and print a table (median of several runs).",
        discussion: """
            G1  the GEMM products the networks run (W1's, W9's and W6's shapes, and 2048³), per call, in GFLOP/s beside the machine's FMA peak (a register-only multiply-add loop on every thread)
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
            R1  (only when named) one rank-order sum of 10^4 to 10^7 floats: data-parallel training's gradient exchange per step
            Under mpirun (a build with the trait MPI) every workload runs in-process on every rank, the training epochs data-parallel, and rank 0 prints.
            Plain SGD except W1A, synthetic data of these exact shapes. The "÷ floor" column (G1, W1, W2, W5, W6, W9 batch 1000) is the time divided by the row's products at the measured FMA peak. Build in release (swift run -c release neuralkit bench). The "peak RSS" column is the most resident memory (VmHWM) of a process that ran only that workload, data generation included: each workload runs in its own child process (neuralkit bench --only ID), because the high-water mark is process-wide and memory kept by the allocator from one workload would count in the next.
            """
    )

    @Option(name: .long, parsing: .unconditional, help: "Timed runs per workload (after one warm-up); the median is reported.")
    var runs: Int = 5

    @Option(name: .long, parsing: .unconditional, help: "Worker threads for the kernels.")
    var threads: Int = 2

    @Option(name: .long, parsing: .upToNextOption, help: "Only these workloads (G1, W1, W1A, W2, W3, W4, W5, W6, W9, P1, K1, T1, D1, R1).")
    var only: [String] = []

    @Option(name: .long, help: ArgumentHelp("Where datasets live, for D1, P1 and K1 (default: $NEURALKIT_DATA, else ~/.cache/neuralkit).", valueName: "dir"))
    var dataDir: String?

    @Flag(
        name: .long,
        help:
            "Run every workload in this process (no child processes); the peak RSS of each row is then measured from a reset of the high-water mark (/proc/self/clear_refs) and includes memory the allocator kept from earlier rows."
    )
    var inProcess = false

    /// Set in the child processes: run the workloads here and print each row as a `BenchRow.record` line.
    @Flag(name: .long, help: .hidden)
    var childRows = false

    /// The benchmark the options describe.
    var specification: BenchSpecification { BenchSpecification(workloads: only, runs: runs, threads: threads, dataDirectory: dataDir) }

    func validate() throws {
        try naming { try specification.validate() }
    }

    mutating func run() throws {
        #if DEBUG
            print("warning: this is a debug build; timings are meaningless. Use: swift run -c release neuralkit bench")
        #endif
        var bench = BenchRun(specification)
        bench.onNote = { print($0) }
        let group = try ProcessWorld.join()
        bench.processGroup = group
        // Children only from the tool itself (started as `neuralkit bench …`), never from a test runner,
        // and not under mpirun (a child would not be a rank).
        let isolate = !inProcess && !childRows && group == nil && CommandLine.arguments.dropFirst().first == "bench"
        let executable = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        let rows = try bench.run(childExecutable: isolate ? executable : nil)
        if let group, group.rank != 0 { return }
        if childRows {
            for row in rows { print(row.record) }
            return
        }
        let ranks = group.map { ", \($0.size) MPI ranks" } ?? ""
        print("NeuralKit benchmarks: \(threads) thread(s)\(ranks), median of \(runs) run(s)")
        print(BenchRow.table(rows))
    }
}
