// The umbrella module: `import NeuralKit` brings in the whole library.

@_exported import NKAnalysis
@_exported import NKCore
@_exported import NKData
@_exported import NKExperiment
@_exported import NKLayers
@_exported import NKLosses
@_exported import NKPlot
@_exported import NKTrain
