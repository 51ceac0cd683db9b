// General matrix multiply: the one entry point every layer uses for dense products.
// (Placeholder body: calls the naive reference until the packed kernel lands.)

/// Single-precision general matrix multiply, row-major:
/// `C[m×n] = alpha · op(A) · op(B) + beta · C`, where `op(A)` is `A` (`m×k`, leading dimension
/// `lda`) or, with `transposeA`, `Aᵀ` for an `A` stored `k×m`; likewise `op(B)` is `k×n`.
///
/// With `beta == 0`, `C` is overwritten and need not be initialised (NaN in `C` is ignored).
public enum GEMM {
    public static func multiply(
        transposeA: Bool, transposeB: Bool,
        m: Int, n: Int, k: Int,
        alpha: Float = 1,
        a: UnsafePointer<Float>, lda: Int,
        b: UnsafePointer<Float>, ldb: Int,
        beta: Float,
        c: UnsafeMutablePointer<Float>, ldc: Int
    ) {
        NaiveKernels.gemm(transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k, alpha: alpha,
                          a: a, lda: lda, b: b, ldb: ldb, beta: beta, c: c, ldc: ldc)
    }
}

extension Tensor {
    /// The matrix product `op(a) · op(b)` of two rank-2 tensors, where `op` transposes when asked.
    /// Shapes must agree (a programming error otherwise: layers check user shapes first).
    public static func matmul(_ a: Tensor, _ b: Tensor, transposeA: Bool = false, transposeB: Bool = false) -> Tensor {
        precondition(a.rank == 2 && b.rank == 2, "matmul needs matrices, got \(describeShape(a.shape)) and \(describeShape(b.shape))")
        let m = transposeA ? a.shape[1] : a.shape[0]
        let k = transposeA ? a.shape[0] : a.shape[1]
        let kb = transposeB ? b.shape[1] : b.shape[0]
        let n = transposeB ? b.shape[0] : b.shape[1]
        precondition(k == kb, "matmul: inner dimensions differ: \(describeShape(a.shape)) and \(describeShape(b.shape))")
        return Tensor(uninitializedShape: [m, n]) { c in
            a.withUnsafeBufferPointer { pa in
                b.withUnsafeBufferPointer { pb in
                    GEMM.multiply(transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k,
                                  a: pa.baseAddress!, lda: a.shape[1], b: pb.baseAddress!, ldb: b.shape[1],
                                  beta: 0, c: c.baseAddress!, ldc: n)
                }
            }
        }
    }
}
