// General matrix multiply: the one entry point every layer uses for dense products.

import CNKKernels

/// Single-precision general matrix multiply, row-major:
/// `C[m×n] = alpha · op(A) · op(B) + beta · C`, where `op(A)` is `A` (`m×k`, leading dimension
/// `lda`) or, with `transposeA`, `Aᵀ` for an `A` stored `k×m`; likewise `op(B)` is `k×n`
/// (`B` stored `k×n`, or `n×k` with `transposeB`, e.g. `Linear`'s `[out, in]` weight).
///
/// With `beta == 0`, `C` is overwritten and need not be initialised (NaN in `C` is ignored).
/// With `beta == 1`, the product is accumulated into `C` (as gradients are).
///
/// Implementation (C, in `CNKKernels`): a packed, cache-blocked GEMM around a 6×16 AVX2/FMA
/// register tile, with a portable C path for other CPUs; `m ≤ 2` (batch-1 inference) uses
/// dot-product / axpy loops with no packing; products with `m·n·k ≥ 200,000` are split over
/// `Parallelism.threadCount` threads. Results agree with `NaiveKernels.gemm` to within Float
/// rounding (the summation order differs). PyTorch equivalent: `torch.addmm`.
public enum GEMM {
    /// `C = alpha · op(A) · op(B) + beta · C` for row-major matrices.
    ///
    /// - Parameters:
    ///   - transposeA: use `Aᵀ`; `A` is then stored `k×m` (else `m×k`).
    ///   - transposeB: use `Bᵀ`; `B` is then stored `n×k` (else `k×n`).
    ///   - m: the rows of `C`; may be 0.
    ///   - n: the columns of `C`; may be 0.
    ///   - k: the inner dimension; may be 0 (`C` becomes `beta · C`).
    ///   - lda: `A`'s leading dimension (elements between consecutive stored rows), at least its stored row length.
    ///   - ldb: `B`'s leading dimension, likewise.
    ///   - ldc: `C`'s leading dimension, at least `n`.
    ///   - alpha: the factor of the product.
    ///   - a: `A`'s elements, row-major.
    ///   - b: `B`'s elements, row-major.
    ///   - beta: 0 overwrites `C` without reading it; 1 accumulates.
    ///   - c: `C`'s elements, row-major; overwritten with the result.
    ///
    /// ```swift
    /// // y[64×100] = x[64×784] · Wᵀ, W stored [100, 784]
    /// GEMM.multiply(transposeA: false, transposeB: true, m: 64, n: 100, k: 784,
    ///               a: x, lda: 784, b: w, ldb: 784, beta: 0, c: y, ldc: 100)
    /// ```
    public static func multiply(
        transposeA: Bool, transposeB: Bool,
        m: Int, n: Int, k: Int,
        alpha: Float = 1,
        a: UnsafePointer<Float>, lda: Int,
        b: UnsafePointer<Float>, ldb: Int,
        beta: Float,
        c: UnsafeMutablePointer<Float>, ldc: Int
    ) {
        nk_sgemm(transposeA ? 1 : 0, transposeB ? 1 : 0, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
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
            guard let pc = c.baseAddress else { return }
            a.withUnsafeBufferPointer { pa in
                b.withUnsafeBufferPointer { pb in
                    // Empty operands (k == 0) have no storage; any non-nil pointer will do then.
                    let dummy = pc
                    GEMM.multiply(
                        transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k,
                        a: pa.baseAddress ?? UnsafePointer(dummy), lda: a.shape[1],
                        b: pb.baseAddress ?? UnsafePointer(dummy), ldb: b.shape[1],
                        beta: 0, c: pc, ldc: n)
                }
            }
        }
    }
}
