// Declarations shared between the C kernel files (not part of the module's public header).
#ifndef NK_INTERNAL_H
#define NK_INTERNAL_H

#include <stdatomic.h>
#include <stddef.h>
#include "CNKKernels.h"

// x86-64 code paths (AVX2 kernels, pause). Building with -DNK_PORTABLE_ONLY leaves exactly what
// an arm64 build compiles, so the portable build can be checked on an x86 machine.
#if defined(__x86_64__) && !defined(NK_PORTABLE_ONLY)
#define NK_X86 1
#else
#define NK_X86 0
#endif

#if NK_X86
// The target attribute of the AVX-512 (F, VL) kernels: GEMM's small-matrix path and sampling.
#define NK_AVX512 __attribute__((target("avx512f,avx512vl,avx2,fma")))
#endif

// For kernel bodies specialised on constant tile sizes: inlined into each caller, so the constants
// fold and the accumulators stay in registers.
#define NK_INLINE static inline __attribute__((always_inline))

/// A thread-local, 64-byte-aligned scratch buffer of at least `bytes` bytes; `slot` picks one of
/// four independent buffers (0: a GEMM's packed block of B; 1: its transposed result, or a GEMV's
/// row; 2: the Gram kernel's block; 3: all of a GEMM's B, packed once for a thread's pieces). Grows
/// (never shrinks), so steady-state calls do not allocate.
/// Aborts with a message if memory is exhausted. Freed when the thread exits.
void *nk_scratch(int slot, size_t bytes);

/// The thread count for the calling thread (override or process-wide setting).
int nk_effective_thread_count(void);
/// The smallest m·n·k that is split over threads, for the calling thread.
long nk_min_parallel_work(void);
/// The smallest n·k that a batch-1 product (m ≤ 2, transposed B) splits over threads.
long nk_min_parallel_gemv(void);
/// Records the number of tasks of the calling thread's last GEMM.
void nk_note_gemm_tasks(int tasks);

/// Runs fn(ctx, index) on the calling thread (index 0) and on up to tasks − 1 pool workers that
/// join in time, and returns when every participant has returned. fn must take its work from
/// shared state until none is left (nk_pieces_next): any subset of participants, the caller alone
/// included (a busy pool, a descheduled worker), must complete the whole job.
typedef void (*nk_task_fn)(void *ctx, int index);
void nk_parallel_run(nk_task_fn fn, void *ctx, int tasks);

/// The pieces of one parallel job (at most 256), each taken once; task t owns a contiguous run of
/// them and takes those first (pool.c).
enum { NK_MAX_PIECES = 256 };
typedef struct {
    long count;
    int tasks;
    _Atomic unsigned char taken[NK_MAX_PIECES];
} nk_pieces;
void nk_pieces_init(nk_pieces *p, long count, int tasks);
/// The next piece for `task` (its own first), or -1 when every piece is taken; `cursor` starts at 0.
long nk_pieces_next(nk_pieces *p, int task, long *cursor);

// Register-tile sizes shared by every GEMM micro-kernel: 6 rows × 16 columns.
enum { NK_MR = 6, NK_NR = 16 };

// The height of the next row tile when `left` rows remain and tiles hold up to `mr` rows: `mr`,
// except that the last mr + 1 ... 2·mr − 1 rows are cut in two near-equal tiles (9 rows of 6-row
// tiles as 5 + 4, not 6 + 3), since a tile of few rows has too few independent accumulators to
// keep the FMA units busy and costs almost as much as a full one. So any piece of rows, however
// a product is split over threads, runs on tiles of at least mr/2 rows.
static inline int nk_tile_rows(long left, int mr) {
    if (left <= mr) return (int)left;
    if (left < 2L * mr) return (int)(left - left / 2);
    return mr;
}

// The signatures of a micro-kernel and of B packing (GEMM and the Gram kernel pick one per level).
typedef void (*nk_kernel_fn)(long, const float *, long, long, const float *, float *, long, long, float, float, int, int);
typedef void (*nk_pack_fn)(int, long, long, const float *, long, float *);

// GEMM pieces, one per level. Micro-kernels: C[i, j] at c[i·ldc + j·csC] (csC is 1, or ldc
// with ldc = 1 when the driver computes Cᵀ), A[i, p] at a[i·rsA + p·csA], B packed.
void nk_kernel_generic(long kc, const float *a, long rsA, long csA, const float *bp,
                       float *c, long ldc, long csC, float alpha, float beta, int mr, int nr);
void nk_pack_b_generic(int transB, long kc, long nc, const float *b, long ldb, float *dst);
void nk_gemv_generic(int transB, long n, long k, float alpha, const float *arow,
                     const float *b, long ldb, float beta, float *crow);
/// C[j, i] = t[i, j] + beta·C[j, i] for i < m, j < n (C not read when beta == 0).
void nk_add_transposed_generic(long m, long n, const float *t, long ldt, float *c, long ldc, float beta);
#if NK_X86
void nk_add_transposed_avx2(long m, long n, const float *t, long ldt, float *c, long ldc, float beta);
void nk_kernel_avx2(long kc, const float *a, long rsA, long csA, const float *bp,
                    float *c, long ldc, long csC, float alpha, float beta, int mr, int nr);
void nk_pack_b_avx2(int transB, long kc, long nc, const float *b, long ldb, float *dst);
void nk_gemv_avx2(int transB, long n, long k, float alpha, const float *arow,
                  const float *b, long ldb, float beta, float *crow);
/// C = alpha·op(A)·B + beta·C for B (k × n) not transposed, on the unpacked small-matrix path
/// (gemm_avx512.c); C has unit column stride.
void nk_gemm_small_avx512(int transA, long m, long n, long k, float alpha, const float *a, long lda,
                          const float *b, long ldb, float beta, float *c, long ldc);
/// C[mc × nc] = alpha·A·B + beta·C over one k block, B packed in 16-column panels of kc rows (the
/// packed path's inner loops at the AVX-512 level; gemm_avx512.c). C has unit column stride.
void nk_packed_block_avx512(long mc, long nc, long kc, const float *a, long rsA, long csA, const float *packed,
                            float *c, long ldc, float alpha, float beta);
void nk_tanh_avx2(const float *x, float *y, long count);
void nk_sigmoid_avx2(const float *x, float *y, long count);
void nk_exp_avx2(const float *x, float *y, long count);
void nk_log_avx2(const float *x, float *y, long count);
int nk_bce_avx2(const float *p, const float *y, long rows, long cols, float scale, double *loss, float *grad);
#endif

// The micro-kernel and the B packing of a kernel level (the GEMM driver and the Gram kernel).
static inline nk_kernel_fn nk_kernel_at(int level) {
#if NK_X86
    if (level >= NK_LEVEL_AVX2) return nk_kernel_avx2;
#endif
    (void)level;
    return nk_kernel_generic;
}
static inline nk_pack_fn nk_pack_b_at(int level) {
#if NK_X86
    if (level >= NK_LEVEL_AVX2) return nk_pack_b_avx2;
#endif
    (void)level;
    return nk_pack_b_generic;
}

#endif
