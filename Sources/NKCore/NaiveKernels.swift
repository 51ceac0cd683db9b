// Naive reference kernels: the obviously-correct definitions the fast kernels are tested against.

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Straightforward loops that define what each optimised kernel computes. They are kept in the
/// library (not only in tests) so that anyone can switch a fast path off and compare.
public enum NaiveKernels {
    /// `C = alpha · op(A) · op(B) + beta · C`, accumulated in `Double`; see `GEMM.multiply`.
    public static func gemm(
        transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int, alpha: Float,
        a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int,
        beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int
    ) {
        for i in 0..<m {
            for j in 0..<n {
                var sum = 0.0
                for p in 0..<k {
                    let x = transposeA ? a[p * lda + i] : a[i * lda + p]
                    let y = transposeB ? b[j * ldb + p] : b[p * ldb + j]
                    sum += Double(x) * Double(y)
                }
                let old = beta == 0 ? 0 : Double(beta) * Double(c[i * ldc + j])
                c[i * ldc + j] = Float(Double(alpha) * sum + old)
            }
        }
    }

    /// `C = alpha · (X − 1μᵀ)ᵀ(X − 1μᵀ)` (`d × d`) for the `n` rows of `X`, in `Double`; see `GEMM.gram`.
    public static func gram(
        n: Int, d: Int, x: UnsafePointer<Float>, ldx: Int, mean: UnsafePointer<Float>?,
        alpha: Float, c: UnsafeMutablePointer<Float>
    ) {
        for i in 0..<d {
            for j in 0..<d {
                var sum = 0.0
                for r in 0..<n {
                    let u = Double(x[r * ldx + i]) - Double(mean?[i] ?? 0)
                    let v = Double(x[r * ldx + j]) - Double(mean?[j] ?? 0)
                    sum += u * v
                }
                c[i * d + j] = Float(Double(alpha) * sum)
            }
        }
    }

    /// `y[i] = tanh(x[i])`, evaluated in `Double` and rounded once.
    public static func tanh(_ x: UnsafeBufferPointer<Float>, _ y: UnsafeMutableBufferPointer<Float>) {
        for i in 0..<x.count { y[i] = Float(Foundation_tanh(Double(x[i]))) }
    }

    /// `y[i] = 1 / (1 + exp(-x[i]))`, evaluated in `Double` and rounded once.
    public static func sigmoid(_ x: UnsafeBufferPointer<Float>, _ y: UnsafeMutableBufferPointer<Float>) {
        for i in 0..<x.count { y[i] = Float(1 / (1 + Foundation_exp(-Double(x[i])))) }
    }

    /// `y[i] = exp(x[i])`, evaluated in `Double` and rounded once.
    public static func exp(_ x: UnsafeBufferPointer<Float>, _ y: UnsafeMutableBufferPointer<Float>) {
        for i in 0..<x.count { y[i] = Float(Foundation_exp(Double(x[i]))) }
    }

    public static func log(_ x: UnsafeBufferPointer<Float>, _ y: UnsafeMutableBufferPointer<Float>) {
        for i in 0..<x.count { y[i] = Float(Foundation_log(Double(x[i]))) }
    }

    /// `Bernoulli.sample` for rows of `width` probabilities drawn with `seed`: row r's lane l is
    /// the `RandomGenerator` seeded with `(seed ^ r·0xD1B54A32D192ED03) + 4l·0x9E3779B97F4A7C15`
    /// (the SplitMix64 outputs 4l … 4l + 3 of the row's stream), and element j takes lane j mod 8's
    /// next `nextUnitFloat()`.
    public static func bernoulli(_ p: UnsafeBufferPointer<Float>, _ out: UnsafeMutableBufferPointer<Float>, width: Int, seed: UInt64) {
        guard width > 0 else { return }
        for r in 0..<(p.count / width) {
            let rowSeed = seed ^ (UInt64(r) &* 0xD1B5_4A32_D192_ED03)
            var lanes = (0..<8).map { RandomGenerator(seed: rowSeed &+ UInt64(4 * $0) &* 0x9E37_79B9_7F4A_7C15) }
            for j in 0..<width { out[r * width + j] = lanes[j % 8].nextUnitFloat() < p[r * width + j] ? 1 : 0 }
        }
    }
}

@inline(__always) func Foundation_tanh(_ x: Double) -> Double { tanh(x) }
@inline(__always) func Foundation_exp(_ x: Double) -> Double { exp(x) }
@inline(__always) func Foundation_log(_ x: Double) -> Double { log(x) }
