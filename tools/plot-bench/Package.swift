// swift-tools-version: 6.0
// Times the PNG back end of NKPlot in release: `cd tools/plot-bench && swift run -c release`.
// A separate package so that the benchmark never slows the main build; it links the NeuralKit library.
import PackageDescription

let package = Package(
    name: "PlotBench",
    dependencies: [.package(name: "NeuralKit", path: "../..")],
    targets: [.executableTarget(name: "PlotBench", dependencies: [.product(name: "NeuralKit", package: "NeuralKit")])]
)
