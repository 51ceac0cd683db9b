// How image grids turn Float pixel values into 8-bit intensities.

/// The mapping from `Float` values to 0...255 intensities in an `ImageGrid`.
public enum PixelNormalization: Sendable, Equatable {
    /// `lower` maps to black, `upper` to white, values outside are clamped. `.range(0, 1)` suits
    /// datasets scaled to [0, 1] and sigmoid outputs.
    case range(Float, Float)
    /// Each image stretched from its own minimum (black) to its maximum (white).
    case perImage
    /// Each image mapped so that 0 is mid-grey and ±max|v| are black and white: first-layer weights.
    case symmetric

    /// The 0...255 intensities of `values` (one image).
    func intensities(_ values: ArraySlice<Float>) -> [UInt8] {
        var lo: Float, hi: Float
        switch self {
        case .range(let a, let b): lo = a; hi = b
        case .perImage:
            let finite = values.filter(\.isFinite)
            lo = finite.min() ?? 0; hi = finite.max() ?? 1
        case .symmetric:
            let m = values.filter(\.isFinite).map(abs).max() ?? 1
            lo = -m; hi = m
        }
        if !(hi > lo) { hi = lo + 1 }
        return values.map { v in
            guard v.isFinite else { return 0 }
            let t = min(max((v - lo) / (hi - lo), 0), 1)
            return UInt8((t * 255).rounded())
        }
    }
}
