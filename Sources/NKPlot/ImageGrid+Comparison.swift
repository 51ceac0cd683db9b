// Image grids that show two sets side by side: originals over reconstructions, real over generated.
import NKCore

extension ImageGrid {
    /// A grid of two rows: the first `count` images of `top` above the first `count` of `bottom`
    /// (e.g. test digits above their autoencoder reconstructions), captioned with the row names.
    ///
    /// - Parameters:
    ///   - title: drawn above the grid.
    ///   - top: the first row's images, an `(n, h·w·c)` tensor (or any shape whose rows hold one sample each).
    ///   - bottom: the second row's images, likewise.
    ///   - sampleShape: one image's shape, as `ImageGrid` takes it.
    ///   - count: images per row; at most the smaller of the two batch sizes.
    ///   - topCaption: the first row's name.
    ///   - bottomCaption: the second row's name.
    ///   - scale: pixels per image pixel (default: about 56-pixel tiles).
    ///   - normalization: the value-to-intensity mapping.
    /// - Throws: `NeuralKitError.shape` when the batches hold different sample sizes or `count < 1`.
    public static func comparison(
        title: String? = nil, top: Tensor, bottom: Tensor, sampleShape: [Int], count: Int = 10,
        topCaption: String = "original", bottomCaption: String = "reconstruction",
        scale: Int? = nil, normalization: PixelNormalization = .range(0, 1)
    ) throws -> ImageGrid {
        let what = "image comparison" + (title.map { " '\($0)'" } ?? "")
        guard top.rowSize == bottom.rowSize else {
            throw NeuralKitError.shape("\(what): rows of \(describeShape(top.shape)) and \(describeShape(bottom.shape)) differ in size")
        }
        let n = min(count, top.rowCount, bottom.rowCount)
        guard n >= 1 else { throw NeuralKitError.shape("\(what): needs at least one image in each set, got \(top.rowCount) and \(bottom.rowCount)") }
        let both = top.flattenedRows.rows(0..<n).scalars + bottom.flattenedRows.rows(0..<n).scalars
        return try ImageGrid(
            title: title, images: Tensor(shape: [2 * n, top.rowSize], scalars: both), sampleShape: sampleShape,
            columns: n, captions: Array(repeating: topCaption, count: n) + Array(repeating: bottomCaption, count: n),
            scale: scale, normalization: normalization)
    }
}
