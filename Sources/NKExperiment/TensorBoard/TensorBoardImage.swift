// TensorBoardImage: a picture as TensorBoard's `Summary.Image` holds it (summary.proto).

import NKPlot

/// An encoded image with its size: `height = 1`, `width = 2`, `colorspace = 3` (int32: 1 grey,
/// 2 grey and alpha, 3 RGB, 4 RGBA) and `encoded_image_string = 4` (the PNG file's bytes).
public struct TensorBoardImage: Sendable, Equatable {
    public var width: Int
    public var height: Int
    /// 3 for RGB.
    public var colorspace: Int
    /// The PNG file.
    public var png: [UInt8]

    public init(width: Int, height: Int, colorspace: Int = 3, png: [UInt8]) {
        (self.width, self.height, self.colorspace, self.png) = (width, height, colorspace, png)
    }

    /// `image` encoded as PNG (RGB).
    public init(_ image: RGBImage) { self.init(width: image.width, height: image.height, png: PNGEncoder.encode(image)) }

    /// `figure` rasterised at `scale` device pixels per figure pixel (the report's PNGs use 2).
    /// - Throws: `NeuralKitError` when the figure cannot be drawn, or is SVG-only.
    public init(_ figure: any Figure, scale: Double = 2) throws { self.init(try figure.raster(scale: scale)) }

    /// The `Summary.Image` message.
    var message: ProtobufWriter {
        var w = ProtobufWriter()
        w.int32(1, Int32(clamping: height))
        w.int32(2, Int32(clamping: width))
        w.int32(3, Int32(clamping: colorspace))
        w.bytes(4, png)
        return w
    }
}
