// swift-tools-version: 6.2
// The NeuralKit package: a modular neural-network library in the Lua Torch lineage, and its CLI.
//
// Dependencies point one way:
//   CNKKernels <- NKCore <- NKLayers, NKLosses <- NKTrain <- NKExperiment <- NeuralKit (umbrella) <- NKCommands <- neuralkit (CLI)
//   NKDistributed (the MPI process group, with the trait MPI) <- NKCommands
//   NKLayers and NKLosses need NKCore only (NKTrain joins them); NKData, NKPlot and NKAnalysis need
//   NKCore only; NKExperiment (the run: specification, data preparation, training, evaluation, run
//   folders, reproductions) brings them together.
//
// swift-tools-version 6.2 because the kernel target uses `unsafeFlags` (see CNKKernels below); from
// 6.2 on, packages that depend on NeuralKit accept that.
import PackageDescription

// MARK: - Settings

/// The innermost kernels are always compiled with optimisation, even in debug builds, so that
/// `swift test` does not crawl (an unoptimised GEMM runs at 0.1 GFLOP/s). They carry no ISA flags:
/// the AVX2/FMA paths are selected per function and at run time, so the binary still runs on any
/// x86-64 and on arm64. `-fno-math-errno` lets square roots vectorise (nothing reads errno).
let kernelCSettings: [CSetting] = [
    .unsafeFlags(["-O3", "-ffp-contract=off", "-fno-math-errno"]),
]

let swift6: [SwiftSetting] = [
    .swiftLanguageMode(.v6),
]

/// The library's numeric modules (tensors, layers, losses, the training loop, data decoding, PNG
/// encoding, t-SNE and k-means) are loops of Swift arithmetic that run 10 to 80 times slower
/// unoptimised (t-SNE's tests took 11 minutes instead of 8 seconds); like the C kernels they are
/// optimised in debug builds too, so that `swift test` stays short. A debugger still steps through
/// them, with some variables optimised away; the glue (NKExperiment, the commands, the tests) is not.
let optimisedSwift6: [SwiftSetting] = swift6 + [
    .unsafeFlags(["-O"], .when(configuration: .debug)),
]

let package = Package(
    name: "NeuralKit",
    // NKAnalysis uses Synchronization's Mutex (macOS 15); Linux has no minimum.
    platforms: [.macOS(.v15)],
    products: [
        // The umbrella, and each module on its own (a project that only trains needs NKLayers + NKTrain).
        .library(name: "NeuralKit", targets: ["NeuralKit"]),
        .library(name: "NKCore", targets: ["NKCore"]),
        .library(name: "NKLayers", targets: ["NKLayers"]),
        .library(name: "NKLosses", targets: ["NKLosses"]),
        .library(name: "NKTrain", targets: ["NKTrain"]),
        .library(name: "NKData", targets: ["NKData"]),
        .library(name: "NKPlot", targets: ["NKPlot"]),
        .library(name: "NKAnalysis", targets: ["NKAnalysis"]),
        .library(name: "NKExperiment", targets: ["NKExperiment"]),
        // The binary is named after the product; the target's folder differs from the umbrella's by
        // more than case, so the package checks out on a case-insensitive file system.
        .executable(name: "neuralkit", targets: ["NeuralKitTool"]),
    ],
    // MARK: - Traits
    // `swift build --traits MPI` joins `mpirun`/`srun` launches for data-parallel training
    // (docs/distributed.md); it needs Open MPI's headers and library (Debian: libopenmpi-dev). The
    // default build has no MPI and no dependency beyond swift-argument-parser.
    traits: [
        .trait(name: "MPI", description: "Data-parallel training over MPI (needs Open MPI: libopenmpi-dev).")
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    ],
    targets: [
        // MARK: - Library
        .target(name: "CNKKernels", cSettings: kernelCSettings),
        .target(name: "NKCore", dependencies: ["CNKKernels"], swiftSettings: optimisedSwift6),
        .target(name: "NKLayers", dependencies: ["NKCore"], swiftSettings: optimisedSwift6),
        .target(name: "NKLosses", dependencies: ["NKCore"], swiftSettings: optimisedSwift6),
        .target(name: "NKTrain", dependencies: ["NKCore", "NKLayers", "NKLosses"], swiftSettings: optimisedSwift6),
        .target(name: "NKData", dependencies: ["NKCore"], swiftSettings: optimisedSwift6),
        .target(name: "NKPlot", dependencies: ["NKCore"], swiftSettings: optimisedSwift6),
        .target(name: "NKAnalysis", dependencies: ["NKCore"], swiftSettings: optimisedSwift6),
        // The experiment: a run specification executed from data to report (train, evaluate, analyse).
        .target(
            name: "NKExperiment",
            dependencies: ["NKCore", "NKLayers", "NKLosses", "NKTrain", "NKData", "NKPlot", "NKAnalysis"],
            swiftSettings: swift6
        ),
        .target(
            name: "NeuralKit",
            dependencies: ["NKCore", "NKLayers", "NKLosses", "NKTrain", "NKData", "NKPlot", "NKAnalysis", "NKExperiment"],
            swiftSettings: swift6
        ),

        // MARK: - Distributed training
        // Open MPI through pkg-config (`ompi`), with a header of inline functions for the handles
        // Swift cannot import (MPI_COMM_WORLD, the datatypes); only built with the trait MPI.
        .systemLibrary(name: "CMPI", pkgConfig: "ompi", providers: [.apt(["libopenmpi-dev"])]),
        // The process group of an MPI launch (`MPIProcessGroup`, with the trait) and its detection
        // (`ProcessWorld`, always).
        .target(
            name: "NKDistributed",
            dependencies: ["NKCore", .target(name: "CMPI", condition: .when(traits: ["MPI"]))],
            swiftSettings: swift6
        ),

        // The benchmark workloads and their runner (`neuralkit bench`).
        .target(name: "NKBench", dependencies: ["NKCore", "NKLayers", "NKLosses", "NKTrain", "NKData", "NKAnalysis"], swiftSettings: swift6),

        // MARK: - Command-line tool
        // The commands live in a library so that tests can parse and run them in-process;
        // the executable is a one-line `main`.
        .target(
            name: "NKCommands",
            dependencies: [
                "NeuralKit",
                "NKBench",
                "NKDistributed",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: swift6
        ),
        .executableTarget(name: "NeuralKitTool", dependencies: ["NKCommands"], swiftSettings: swift6),

        // MARK: - Tests
        .target(name: "NKTestSupport", dependencies: ["NeuralKit"], path: "Tests/NKTestSupport", swiftSettings: swift6),
        .testTarget(name: "NKCoreTests", dependencies: ["NKCore", "NKTestSupport"], swiftSettings: swift6),
        .testTarget(name: "NKLayersTests", dependencies: ["NeuralKit", "NKTestSupport"], swiftSettings: swift6),
        .testTarget(name: "NKLossesTests", dependencies: ["NeuralKit", "NKTestSupport"], swiftSettings: swift6),
        // Trains the data-parallel test cases and writes the parameters after every step; the tests
        // run it under `mpirun -np N` (Tests/NKTrainTests/DataParallelMPITests.swift).
        .executableTarget(
            name: "nk-data-parallel-check",
            dependencies: ["NeuralKit", "NKDistributed", "NKTestSupport"],
            path: "Tests/DataParallelCheck",
            swiftSettings: swift6
        ),
        .testTarget(name: "NKTrainTests", dependencies: ["NeuralKit", "NKTestSupport"], swiftSettings: swift6),
        .testTarget(name: "NKDataTests", dependencies: ["NeuralKit", "NKTestSupport"], swiftSettings: swift6),
        .testTarget(name: "NKPlotTests", dependencies: ["NKPlot", "NKTestSupport"], swiftSettings: swift6),
        .testTarget(name: "NKExperimentTests", dependencies: ["NeuralKit", "NKTestSupport"], swiftSettings: swift6),
        .testTarget(name: "NKAnalysisTests", dependencies: ["NKAnalysis", "NKData", "NKTestSupport"], swiftSettings: swift6),
        .testTarget(
            name: "NKCommandsTests",
            dependencies: ["NKCommands", "NKBench", "NKDistributed", "NKTestSupport"],
            swiftSettings: swift6
        ),
    ]
)
