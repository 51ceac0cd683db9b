// The protocol every NKPlot figure conforms to, and writing figures to files (SVG or PNG).
import Foundation
import NKCore

/// A figure: draws itself on an `SVGCanvas`, which writes the SVG and renders the PNG, so both
/// carry the same elements and text.
///
/// Figures are plain values: build one, then call `svg()`, `png()` or `write(to:)`.
/// ```swift
/// let plot = LinePlot(title: "loss", x: Axis(label: "Epoch"), y: Axis(label: "Loss", scale: .log),
///                     series: [LineSeries(name: "train", x: [1, 2, 3], y: [0.9, 0.5, 0.3])])
/// try plot.write(to: "runs/a/loss.svg")
/// try plot.write(to: "runs/a/loss.png")
/// ```
public protocol Figure: Sendable {
    /// Width and height of the figure in pixels.
    var size: (width: Double, height: Double) { get }
    /// The drawing of the figure. NKPlot's figures implement this; `svg()` and `png()` follow from it.
    /// - Throws: `NeuralKitError` when the data cannot be drawn (mismatched lengths, non-positive
    ///   values on a log axis, …); the message names the figure.
    func canvas() throws -> SVGCanvas
    /// The SVG document (`<svg …>…</svg>`, UTF-8 text, no XML prolog).
    /// - Throws: as `canvas()`.
    func svg() throws -> String
}

extension Figure {
    /// A figure that only writes its own SVG has no canvas and so no PNG.
    public func canvas() throws -> SVGCanvas {
        throw NeuralKitError.argument("\(type(of: self)) can be written as SVG only, not as PNG")
    }

    /// The SVG document of `canvas()`.
    public func svg() throws -> String { try canvas().document }

    /// The figure as an RGB image of `round(width·scale) × round(height·scale)` pixels, text included.
    /// - Parameter scale: device pixels per figure pixel; the default 2 keeps 11-pixel tick labels
    ///   sharp (unhinted text at 1× is blurry) and suits high-density screens and slides.
    public func raster(scale: Double = 2) throws -> RGBImage { try canvas().raster(scale: scale) }

    /// The figure as PNG file bytes (see `raster(scale:)`), recording `96 × scale` pixels per inch.
    ///
    /// A figure pixel is a CSS pixel, 1/96 inch: the SVG of a 640-pixel figure is shown 6.67 inches
    /// wide. Its PNG at scale 2 has 1,280 pixels; recorded at 192 pixels per inch, it is placed at
    /// the same 6.67 inches (in a document, on a slide, in a viewer that honours the density), with
    /// text the same size as in the SVG, instead of twice as large as at an assumed 96.
    public func png(scale: Double = 2) throws -> [UInt8] {
        PNGEncoder.encode(try raster(scale: scale), pixelsPerInch: Self.pixelsPerInch(scale: scale))
    }

    /// The density of a PNG rendered at `scale`: 96 (CSS pixels per inch) × `scale`.
    public static func pixelsPerInch(scale: Double) -> Double { 96 * scale }

    /// Writes the figure atomically to `path`: SVG for a `.svg` path, PNG (at 2×) for `.png`.
    /// - Throws: `NeuralKitError.argument` for another extension or a PNG of an SVG-only figure,
    ///   `NeuralKitError.file` when the file cannot be written.
    public func write(to path: String) throws {
        let ext = (path as NSString).pathExtension.lowercased()
        switch ext {
        case "svg":
            try AtomicFile.write(Array(try svg().utf8), to: path)
        case "png":
            try AtomicFile.write(try png(), to: path)
        default:
            throw NeuralKitError.argument("figure file '\(path)' must end in .svg or .png")
        }
    }
}
