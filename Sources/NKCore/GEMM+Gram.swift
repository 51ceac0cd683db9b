// The symmetric product of centred rows with themselves (PCA's covariance), at half a GEMM's cost.

import CNKKernels

extension GEMM {
    /// `C = alpha · (X − 1μᵀ)ᵀ(X − 1μᵀ)`: the `d × d` Gram matrix of the `n` rows of `X` (row-major,
    /// leading dimension `ldx ≥ d`), each centred by `mean` first (`nil`: not centred).
    ///
    /// `C` (`d × d`, row-major) is overwritten with the full symmetric matrix. Only the upper
    /// triangle is multiplied (half the flops of `GEMM.multiply` with `Xᵀ·X`) with the GEMM's
    /// micro-kernel; rows are centred 256 at a time into a small buffer (no centred copy of `X`)
    /// and shared out over `Parallelism.threadCount` threads, each summing into its own `d × d`
    /// matrix. Agrees with `NaiveKernels.gram` to within Float rounding. With
    /// `alpha = 1 / (n − 1)` and `mean` the column means it is the sample covariance, as
    /// `numpy.cov(X, rowvar=False)`.
    ///
    /// ```swift
    /// GEMM.gram(n: 60_000, d: 784, x: images, ldx: 784, mean: mu, alpha: 1 / 59_999, c: covariance)
    /// ```
    public static func gram(
        n: Int, d: Int, x: UnsafePointer<Float>, ldx: Int, mean: UnsafePointer<Float>?,
        alpha: Float, c: UnsafeMutablePointer<Float>
    ) {
        precondition(n >= 0 && d >= 0 && ldx >= d, "GEMM.gram: n = \(n), d = \(d), ldx = \(ldx)")
        nk_gram(n, d, x, ldx, nil, mean, alpha, c)
    }

    /// As `gram(n:d:x:ldx:mean:alpha:c:)` on the columns `columns` of `X` only (each below `ldx`):
    /// `C` is `columns.count × columns.count`, `mean[j]` the mean of column `columns[j]`.
    public static func gram(
        n: Int, columns: UnsafeBufferPointer<Int>, x: UnsafePointer<Float>, ldx: Int,
        mean: UnsafePointer<Float>?, alpha: Float, c: UnsafeMutablePointer<Float>
    ) {
        precondition(n >= 0 && columns.allSatisfy { $0 >= 0 && $0 < ldx }, "GEMM.gram: columns outside 0..<\(ldx)")
        guard let first = columns.baseAddress else { return }
        nk_gram(n, columns.count, x, ldx, first, mean, alpha, c)
    }
}
