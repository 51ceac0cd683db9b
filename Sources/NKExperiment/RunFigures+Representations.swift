// RunFigures of what a model learned: first-layer filters and an autoencoder's code space.

import NKAnalysis
import NKCore
import NKData
import NKLayers
import NKPlot
import NKTrain

extension RunFigures {
    /// The kernels of the first `Conv2D` layer, one tile per output channel (grey for one input
    /// channel, colour for three; with other channel counts, the first input channel's slice).
    /// Symmetric scaling: mid-grey is a zero weight.
    public static func convolutionFilters(_ network: Sequential, count: Int = 64) throws -> ImageGrid? {
        guard let conv = network.modules.lazy.compactMap({ $0 as? Conv2D }).first else { return nil }
        let w = conv.weight.value  // (out, k, k, in)
        guard w.rank == 4 else { return nil }
        let (out, kh, kw, input) = (w.shape[0], w.shape[1], w.shape[2], w.shape[3])
        let n = min(count, out)
        let colour = input == 3
        let perTile = kh * kw * (colour ? 3 : 1)
        var scalars: [Float] = []
        scalars.reserveCapacity(n * perTile)
        for o in 0..<n {
            for i in 0..<(kh * kw) {
                let base = (o * kh * kw + i) * input
                if colour { scalars += w.scalars[base..<(base + 3)] } else { scalars.append(w.scalars[base]) }
            }
        }
        let channels = input == 1 || colour ? "" : ", input channel 0 of \(input)"
        return try ImageGrid(
            title: "First convolution's filters (\(n) of \(out), \(kh)×\(kw)\(channels))",
            images: Tensor(shape: [n, perTile], scalars: scalars),
            sampleShape: colour ? [kh, kw, 3] : [kh, kw], columns: min(n, 16),
            scale: max(4, 40 / max(kh, kw)), normalization: .symmetric)
    }

    /// The index of an autoencoder's code layer: the narrowest layer output before the last layer
    /// (the first of equals, and after its activation when one follows).
    public static func codeLayer(_ network: Sequential, sampleShape: [Int]) throws -> Int? {
        let shapes = try network.layerOutputShapes(sampleShape: sampleShape, source: "the data")
        guard shapes.count > 1 else { return nil }
        let widths = shapes.dropLast().map { $0.dropFirst().reduce(1, *) }
        guard let narrowest = widths.min(), narrowest < widths.first ?? 0 || widths.count == 1 else { return nil }
        var layer = widths.firstIndex(of: narrowest)!
        while layer + 1 < widths.count, widths[layer + 1] == narrowest, network.modules[layer + 1] is ShapePreservingModule { layer += 1 }
        return layer
    }

    /// An autoencoder's codes for `part` as points in the plane, coloured by class when the data
    /// has classes: the codes themselves when there are two, else their first two principal components
    /// on equal axes. Points are translucent when there are more than 500.
    public static func latentSpace(_ network: Sequential, part: Dataset, seed: UInt64, limit: Int = 5000) throws -> ScatterPlot? {
        guard part.count > 0, let layer = try codeLayer(network, sampleShape: part.sampleShape) else { return nil }
        network.setTraining(false)
        let shown = part.count > limit ? part.subset(0..<limit, name: part.name) : part
        let codes = try AnalysisInput(part: shown, network: network, layer: layer)
        let width = codes.rows.rowSize
        guard width >= 2 else { return nil }
        let axes = width == 2 ? ("Code unit 1", "Code unit 2") : ("Principal component 1 of the codes", "Principal component 2")
        let points = width == 2 ? codes.rows : try Embedding(codes, method: .pca, dimensions: 2, seed: seed).coordinates
        let title = "Code space (\(width) units after layer \(layer), \(shown.count) samples of \(part.name))"
        var plot = try ScatterPlot(
            title: title, x: Axis(label: axes.0), y: Axis(label: axes.1), points: points,
            classes: codes.labels, classNames: codes.classNames ?? [], markerSize: 2.5, size: (600, 500))
        // Thousands of points: translucent, so that where they pile up shows. A projection keeps
        // its proportions (one unit is as long across as up); two code units are not comparable.
        plot.opacity = shown.count > 500 ? 0.35 : 0.8
        plot.equalAxes = width > 2
        return plot
    }
}
