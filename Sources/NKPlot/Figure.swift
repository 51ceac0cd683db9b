// The protocol every NKPlot figure conforms to, and writing figures to files.
import Foundation
import NKCore

/// A figure that renders itself as a standalone SVG document.
///
/// Figures are plain values: build one, then call `svg()` or `write(to:)`.
/// ```swift
/// let plot = LinePlot(title: "loss", x: Axis(label: "Epoch"), y: Axis(label: "Loss", scale: .log),
///                     series: [LineSeries(name: "train", x: [1, 2, 3], y: [0.9, 0.5, 0.3])])
/// try plot.write(to: "runs/a/loss.svg")
/// ```
public protocol Figure: Sendable {
    /// Width and height of the figure in pixels.
    var size: (width: Double, height: Double) { get }
    /// The SVG document (`<svg …>…</svg>`, UTF-8 text, no XML prolog).
    /// - Throws: `NeuralKitError` when the data cannot be drawn (mismatched lengths, non-positive
    ///   values on a log axis, …); the message names the figure.
    func svg() throws -> String
}

/// A figure that can also be drawn as pixels, and so written as PNG (image grids, heatmaps,
/// decision boundaries). Raster output carries no text.
public protocol RasterFigure: Figure {
    /// The figure as an RGB image.
    func raster() throws -> RGBImage
}

extension RasterFigure {
    /// The figure as PNG file bytes.
    public func png() throws -> [UInt8] { PNGEncoder.encode(try raster()) }
}

extension Figure {
    /// Writes the figure atomically to `path`: SVG for a `.svg` path, PNG for `.png` (raster
    /// figures only).
    /// - Throws: `NeuralKitError.argument` for another extension or a PNG of a vector-only figure,
    ///   `NeuralKitError.file` when the file cannot be written.
    public func write(to path: String) throws {
        let ext = (path as NSString).pathExtension.lowercased()
        switch ext {
        case "svg":
            try AtomicFile.write(Array(try svg().utf8), to: path)
        case "png":
            guard let raster = self as? any RasterFigure else {
                throw NeuralKitError.argument("\(type(of: self)) can be written as SVG only, not as PNG ('\(path)')")
            }
            try AtomicFile.write(try raster.png(), to: path)
        default:
            throw NeuralKitError.argument("figure file '\(path)' must end in .svg or .png")
        }
    }
}
