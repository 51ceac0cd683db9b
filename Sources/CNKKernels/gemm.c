// GEMM driver (blocking, threading, small-m path, the choice of the AVX-512 small-matrix path) and the
// portable C micro-kernel and packing.
//
// Blocking, after Goto & van de Geijn / BLIS: B is packed per (KC × NC) block into 16-column
// panels that the 6×16 micro-kernel (at the AVX-512 level: tiles of 6 rows by up to four panels,
// gemm_avx512.c) streams from L1 and L2; A is read in place through row and column
// strides (6 broadcasts per k step), which works for both layouts and saves packing A, the cost
// that dominates at the small batch sizes of training. Tiles have 1-6 rows (the last rows of a
// block cut in near-equal tiles, nk_tile_rows); a panel's unused columns are zero padding,
// computed and not stored.
#include "nk_internal.h"

#include <string.h>

enum { NK_KC = 256, NK_NC = 1024, NK_MC = 96 };

typedef void (*gemv_fn)(int, long, long, float, const float *, const float *, long, float, float *);
typedef void (*add_transposed_fn)(long, long, const float *, long, float *, long, float);

typedef struct {
    int transA, transB;
    long m, n, k;
    float alpha, beta;
    const float *a, *b;
    long lda, ldb, ldc;
    float *c;
    long csC;            // 1; ldc's partner when C is written transposed (see swapped())
    int gemv;            // whether the GEMV path may serve m ≤ 2: decided on the whole product, so
                         // that a thread's narrow piece of a wide product (the last 2 of 50
                         // columns) sums exactly as the single-threaded product does. Products
                         // that take it (m or n ≤ 2) are never threaded: the GEMV's vector/tail
                         // split would move with the pieces' boundaries.
    int small;           // whether the unpacked small-matrix path serves it: also decided on the
                         // whole product, so that every piece sums the same way.
    const float *packedB; // op(B) already packed, every k block and panel (see packed_block): a
                          // thread's row pieces of a tall product share its one packing; NULL: each
                          // call packs its own blocks.
} gemm_args;

// MARK: - Generic level

void nk_kernel_generic(long kc, const float *a, long rsA, long csA, const float *bp,
                       float *c, long ldc, long csC, float alpha, float beta, int mr, int nr) {
    float acc[NK_MR][NK_NR];
    memset(acc, 0, sizeof acc);
    const float *row[NK_MR];
    for (int i = 0; i < NK_MR; i++) row[i] = i < mr ? a + i * rsA : a;
    for (long p = 0; p < kc; p++, bp += NK_NR) {
        for (int i = 0; i < NK_MR; i++) {
            float x = row[i][p * csA];
            for (int j = 0; j < NK_NR; j++) acc[i][j] += x * bp[j];
        }
    }
    for (int i = 0; i < mr; i++) {
        float *ci = c + i * ldc;
        if (beta == 0) {
            for (int j = 0; j < nr; j++) ci[j * csC] = alpha * acc[i][j];
        } else {
            for (int j = 0; j < nr; j++) ci[j * csC] = alpha * acc[i][j] + beta * ci[j * csC];
        }
    }
}

// dst holds ceil(nc/16) panels of kc × 16 floats: dst[(panel·kc + p)·16 + jj] = op(B)[p, panel·16 + jj].
void nk_pack_b_generic(int transB, long kc, long nc, const float *b, long ldb, float *dst) {
    for (long j0 = 0; j0 < nc; j0 += NK_NR, dst += kc * NK_NR) {
        long w = nc - j0 < NK_NR ? nc - j0 : NK_NR;
        for (long p = 0; p < kc; p++) {
            float *d = dst + p * NK_NR;
            if (transB) {
                for (long jj = 0; jj < w; jj++) d[jj] = b[(j0 + jj) * ldb + p];
            } else {
                memcpy(d, b + p * ldb + j0, (size_t)w * sizeof(float));
            }
            for (long jj = w; jj < NK_NR; jj++) d[jj] = 0;
        }
    }
}

// One row of C: crow[j] = alpha · Σ_p arow[p]·op(B)[p, j] + beta · crow[j], arow contiguous.
void nk_gemv_generic(int transB, long n, long k, float alpha, const float *arow,
                     const float *b, long ldb, float beta, float *crow) {
    if (transB) {
        for (long j = 0; j < n; j++) {
            const float *bj = b + j * ldb;
            float s0 = 0, s1 = 0, s2 = 0, s3 = 0;
            long p = 0;
            for (; p + 4 <= k; p += 4) {
                s0 += arow[p] * bj[p]; s1 += arow[p + 1] * bj[p + 1];
                s2 += arow[p + 2] * bj[p + 2]; s3 += arow[p + 3] * bj[p + 3];
            }
            for (; p < k; p++) s0 += arow[p] * bj[p];
            float s = (s0 + s1) + (s2 + s3);
            crow[j] = beta == 0 ? alpha * s : alpha * s + beta * crow[j];
        }
    } else {
        for (long j0 = 0; j0 < n; j0 += 64) {
            long w = n - j0 < 64 ? n - j0 : 64;
            float acc[64] = {0};
            for (long p = 0; p < k; p++) {
                float x = arow[p];
                const float *bp = b + p * ldb + j0;
                for (long j = 0; j < w; j++) acc[j] += x * bp[j];
            }
            for (long j = 0; j < w; j++)
                crow[j0 + j] = beta == 0 ? alpha * acc[j] : alpha * acc[j] + beta * crow[j0 + j];
        }
    }
}

// C[j, i] = t[i, j] (+ beta·C[j, i]) for the m×n matrix t: the swapped product's result added
// back to the caller's C. Blocks of 64 rows of t (64·n floats, L1-resident while every column j
// reads them). C is not read when beta == 0.
void nk_add_transposed_generic(long m, long n, const float *t, long ldt, float *c, long ldc, float beta) {
    for (long i0 = 0; i0 < m; i0 += 64) {
        long i1 = m - i0 < 64 ? m : i0 + 64;
        for (long j = 0; j < n; j++) {         // row j of the caller's C
            float *cj = c + j * ldc;
            if (beta == 0) {
                for (long i = i0; i < i1; i++) cj[i] = t[i * ldt + j];
            } else {
                for (long i = i0; i < i1; i++) cj[i] = t[i * ldt + j] + beta * cj[i];
            }
        }
    }
}

// MARK: - Driver

static void scale_c(const gemm_args *g) {
    for (long i = 0; i < g->m; i++) {
        float *ci = g->c + i * g->ldc;
        for (long j = 0; j < g->n; j++) ci[j * g->csC] = g->beta == 0 ? 0 : g->beta * ci[j * g->csC];
    }
}

// The cost of an m×n product in the micro-kernel, padding included: 6-row by 16-column tiles,
// with a narrow (≤ 8 columns) last panel priced at 11 columns as the AVX2 kernel's 6 accumulator
// chains then keep the FMA units only 3/4 busy; at the AVX-512 level at 8, as the wide tiles
// compute it in ymm registers beside their full panels' zmm ones (1000×100×784 in pieces of 250
// rows was computed swapped, packing 250×784 of A rather than 100×784 of B, and no faster). A
// panel of at most 4 columns costs the wide tiles about 4 (two rows per ymm), but stays priced at
// 8: at 4, W1's forward product (64×100×784) would no longer be cut from Cᵀ, the split that keeps
// each thread on the same weight rows from the forward product to the update.
static long tiled_cost(long m, long n, int level) {
    long narrow = level >= NK_LEVEL_AVX512 ? 8 : 11;
    long cols = n / NK_NR * NK_NR + (n % NK_NR == 0 ? 0 : (n % NK_NR <= 8 ? narrow : NK_NR));
    return (m + NK_MR - 1) / NK_MR * NK_MR * cols;
}

// The same product computed as Cᵀ = op(B)ᵀ·op(A)ᵀ: the roles of A and B swap, and C is written
// through (row stride 1, column stride ldc).
static gemm_args swapped(const gemm_args *g) {
    gemm_args s = *g;
    s.transA = !g->transB; s.transB = !g->transA;
    s.m = g->n; s.n = g->m;
    s.a = g->b; s.lda = g->ldb;
    s.b = g->a; s.ldb = g->lda;
    s.ldc = g->csC; s.csC = g->ldc;
    return s;
}

static void gemm_packed(const gemm_args *g, nk_kernel_fn kernel, nk_pack_fn pack, int wide);

// Whether the packed path computes g as Cᵀ = op(B)ᵀ·op(A)ᵀ (see gemm_serial). Decided on the
// whole product before it is split over threads, so that the pieces are cut in the cheaper
// orientation (64×100×784 as 100×64: four whole 16-column panels rather than six and a sliver).
static int prefers_swap(const gemm_args *g, int level) {
    long keep = tiled_cost(g->m, g->n, level) * g->k;
    long swap = tiled_cost(g->n, g->m, level) * g->k + 8 * g->m * g->n;
    return g->csC == 1 && g->m > 2 && !g->small && ((g->n <= 2 && g->gemv) || 100 * swap < 99 * keep);
}

static void gemm_serial(const gemm_args *given, int level) {
    if (given->m <= 0 || given->n <= 0) return;
    if (given->k <= 0 || given->alpha == 0) { scale_c(given); return; }
#if NK_X86
    if (given->small) {
        nk_gemm_small_avx512(given->transA, given->m, given->n, given->k, given->alpha, given->a, given->lda,
                             given->b, given->ldb, given->beta, given->c, given->ldc);
        return;
    }
#endif
    // Swap when it wastes less of the register tile (64×100 → 100×64) by more than 1 %, so that a
    // tie keeps the given order (a 5 % margin cost W3 about 5 %), or when n is tiny (a one-output
    // layer) so that the GEMV path below applies. A swapped product is added
    // back to C through a transposing pass, priced at 8 multiply-adds per element: with a short
    // k (64×100×10, an input gradient) that pass costs more than the tile waste it saves.
    gemm_args sw;
    const gemm_args *g = given;
    if (prefers_swap(given, level)) {
        sw = swapped(given);
        g = &sw;
    }
    nk_kernel_fn kernel = nk_kernel_at(level);
    nk_pack_fn pack = nk_pack_b_at(level);
    gemv_fn gemv = nk_gemv_generic;
    int wide = 0;
#if NK_X86
    if (level >= NK_LEVEL_AVX2) gemv = nk_gemv_avx2;
    wide = level >= NK_LEVEL_AVX512;
#endif
    long rsA = g->transA ? 1 : g->lda, csA = g->transA ? g->lda : 1;

    // Tiny m (batch-1 inference): one GEMV per row, no packing, no threads.
    if (g->m <= 2 && g->gemv) {
        for (long i = 0; i < g->m; i++) {
            const float *arow = g->a + i * rsA;
            if (csA != 1) {
                float *t = nk_scratch(1, (size_t)g->k * sizeof(float));
                for (long p = 0; p < g->k; p++) t[p] = arow[p * csA];
                arow = t;
            }
            float *crow = g->c + i * g->ldc;
            if (g->csC == 1) {
                gemv(g->transB, g->n, g->k, g->alpha, arow, g->b, g->ldb, g->beta, crow);
            } else {   // a column of C: compute contiguously, then merge
                float *t = nk_scratch(0, (size_t)g->n * sizeof(float));
                gemv(g->transB, g->n, g->k, g->alpha, arow, g->b, g->ldb, 0, t);
                for (long j = 0; j < g->n; j++)
                    crow[j * g->csC] = g->beta == 0 ? t[j] : t[j] + g->beta * crow[j * g->csC];
            }
        }
        return;
    }

    if (g->csC == 1) {
        gemm_packed(g, kernel, pack, wide);
        return;
    }
    // Cᵀ was asked for (a swapped product): compute it into contiguous scratch, then add it to C
    // in one transposing pass, instead of scattering every tile store over k blocks.
    add_transposed_fn add_t = nk_add_transposed_generic;
#if NK_X86
    if (level >= NK_LEVEL_AVX2) add_t = nk_add_transposed_avx2;
#endif
    float *t = nk_scratch(1, (size_t)(g->m * g->n) * sizeof(float));
    gemm_args into = *g;
    into.c = t; into.ldc = g->n; into.csC = 1; into.beta = 0;
    gemm_packed(&into, kernel, pack, wide);
    add_t(g->m, g->n, t, g->n, g->c, g->csC, g->beta);
}

// The k blocking of a product: equal blocks no larger than KC, so the last one is not a sliver.
static long k_block(long k) {
    long kblocks = (k + NK_KC - 1) / NK_KC;
    return (k + kblocks - 1) / kblocks;
}

// Where the panels of k block `pc / kcMax` begin in a whole packed op(B) of n columns: the blocks
// one after the other, each all of B's panels (kc × 16 floats each), kcMax·panels·16 floats apart.
static float *packed_block(const float *packedB, long n, long kcMax, long pc) {
    long panels = (n + NK_NR - 1) / NK_NR;
    return (float *)packedB + (pc / kcMax) * kcMax * panels * NK_NR;
}

// All of op(B), packed into this thread's scratch in the layout of packed_block; NULL when that
// would take more than a few megabytes (the product then packs block by block).
static const float *pack_whole(const gemm_args *g, nk_pack_fn pack) {
    long kcMax = k_block(g->k), kblocks = (g->k + kcMax - 1) / kcMax, panels = (g->n + NK_NR - 1) / NK_NR;
    double bytes = (double)kblocks * (double)kcMax * (double)panels * NK_NR * sizeof(float);
    if (bytes > 4.0 * 1024 * 1024) return NULL;
    float *dst = nk_scratch(3, (size_t)bytes);
    for (long pc = 0; pc < g->k; pc += kcMax) {
        long kc = g->k - pc < kcMax ? g->k - pc : kcMax;
        pack(g->transB, kc, g->n, g->transB ? g->b + pc : g->b + pc * g->ldb, g->ldb, packed_block(dst, g->n, kcMax, pc));
    }
    return dst;
}

// The blocked product for C with unit column stride (see the file comment for the loop order).
static void gemm_packed(const gemm_args *g, nk_kernel_fn kernel, nk_pack_fn pack, int wide) {
#if !NK_X86
    (void)wide;   // the wide tiles are AVX-512 code
#endif
    long rsA = g->transA ? 1 : g->lda, csA = g->transA ? g->lda : 1;
    long kcMax = k_block(g->k);
    long ncMax = g->n < NK_NC ? g->n : NK_NC;
    long panels = (ncMax + NK_NR - 1) / NK_NR;
    float *own = g->packedB ? NULL : nk_scratch(0, (size_t)(kcMax * panels * NK_NR) * sizeof(float));

    for (long jc = 0; jc < g->n; jc += NK_NC) {
        long nc = g->n - jc < NK_NC ? g->n - jc : NK_NC;
        for (long pc = 0; pc < g->k; pc += kcMax) {
            long kc = g->k - pc < kcMax ? g->k - pc : kcMax;
            const float *packed = own;
            if (g->packedB) {
                packed = packed_block(g->packedB, g->n, kcMax, pc) + (jc / NK_NR) * kc * NK_NR;
            } else {
                const float *bblock = g->transB ? g->b + jc * g->ldb + pc : g->b + pc * g->ldb + jc;
                pack(g->transB, kc, nc, bblock, g->ldb, own);
            }
            float beta = pc == 0 ? g->beta : 1;
            for (long ic = 0; ic < g->m; ic += NK_MC) {
                long mc = g->m - ic < NK_MC ? g->m - ic : NK_MC;
#if NK_X86
                if (wide) {
                    nk_packed_block_avx512(mc, nc, kc, g->a + ic * rsA + pc * csA, rsA, csA, packed,
                                           g->c + ic * g->ldc + jc, g->ldc, g->alpha, beta);
                    continue;
                }
#endif
                for (long jr = 0; jr < nc; jr += NK_NR) {
                    int nr = nc - jr < NK_NR ? (int)(nc - jr) : NK_NR;
                    const float *bp = packed + (jr / NK_NR) * kc * NK_NR;
                    for (long ir = ic, mr; ir < ic + mc; ir += mr) {
                        mr = nk_tile_rows(ic + mc - ir, NK_MR);
                        kernel(kc, g->a + ir * rsA + pc * csA, rsA, csA, bp,
                               g->c + ir * g->ldc + jc + jr, g->ldc, 1, g->alpha, beta, (int)mr, nr);
                    }
                }
            }
        }
    }
}

// MARK: - Threads

#include <stdatomic.h>

typedef struct {
    gemm_args g;
    int level, splitRows;
    long unit;               // rows or columns per unit: 1 row, or a panel's 16 columns
    long units, chunks;      // `units` units (rows, or 16-column panels) in `chunks` pieces
    nk_pieces pieces;        // who takes which piece
    int packOnce;            // row pieces on the packed path: each thread packs all of B once, on
                             // its first piece, and its other pieces read that packing
} parallel_job;

static void run_chunks(void *ctx, int index) {
    parallel_job *job = ctx;
    long total = job->splitRows ? job->g.m : job->g.n;
    long cursor = 0;
    const float *packedB = NULL;
    int packOnce = job->packOnce;
    for (;;) {
        long piece = nk_pieces_next(&job->pieces, index, &cursor);
        if (piece < 0) return;
        long unit = job->unit;
        long lo = piece * job->units / job->chunks * unit;
        long hi = (piece + 1) * job->units / job->chunks * unit;
        if (hi > total) hi = total;
        gemm_args part = job->g;
        if (job->splitRows) {
            part.m = hi - lo;
            part.a = job->g.transA ? job->g.a + lo : job->g.a + lo * job->g.lda;
            part.c = job->g.c + lo * job->g.ldc;
        } else {
            part.n = hi - lo;
            part.b = job->g.transB ? job->g.b + lo * job->g.ldb : job->g.b + lo;
            part.c = job->g.c + lo * job->g.csC;
        }
        if (packOnce && !packedB) {
            packedB = pack_whole(&job->g, nk_pack_b_at(job->level));
            packOnce = packedB != NULL;   // too large: every piece packs its own blocks
        }
        part.packedB = packedB;
        gemm_serial(&part, job->level);
    }
}

// Whether the AVX-512 level computes a product on the unpacked small-matrix path (see
// gemm_avx512.c) rather than packing B: B not transposed, and k short or one side narrow, so that
// the strip of B a row tile sweeps stays in L1/L2. On one core (CPU time, Zen 4) the path gives
// 64×784×100 115 GFLOP/s against the packed 103, 3072×500×64 (A transposed) 78 against 17–25,
// 64×100×10 83 against 72; 2048³ is 5 % slower, so large squares keep the packed path.
static int small_path(int transB, long m, long n, long k) {
    return !transB && (k <= 512 || m <= 256 || n <= 256);
}

// Whether a row piece of g with `rows` rows would be computed swapped (gemm_serial decides per
// piece when g itself is not swapped): such a piece packs op(A), not op(B).
static int piece_swaps(const gemm_args *g, long rows, int level) {
    gemm_args piece = *g;
    piece.m = rows;
    return prefers_swap(&piece, level);
}

void nk_sgemm(int transA, int transB, long m, long n, long k, float alpha,
              const float *a, long lda, const float *b, long ldb,
              float beta, float *c, long ldc) {
    gemm_args g = { transA, transB, m, n, k, alpha, beta, a, b, lda, ldb, ldc, c, 1, m <= 2 || n <= 2, 0, NULL };
    int level = nk_kernel_level();
    int threads = nk_effective_thread_count();
    double work = (double)m * (double)n * (double)k;
    g.small = level >= NK_LEVEL_AVX512 && !g.gemv && small_path(transB, m, n, k);
    // Pieces of a wide product are cut from Cᵀ when the packed path would swap it anyway; a tall
    // one (m ≥ 2·threads·n, below) keeps its row split, each piece deciding for itself.
    if (threads > 1 && !g.gemv && m < 2L * threads * n && prefers_swap(&g, level)) {
        g = swapped(&g);
        m = g.m; n = g.n; transB = g.transB;
    }
    // Tiles of the path that computes them: 8 rows or 16 columns on the small path, 6 rows or 16
    // columns on the packed one.
    long rowUnit = g.small ? 8 : NK_MR, colUnit = NK_NR;
    long colUnits = (n + colUnit - 1) / colUnit, rowUnits = (m + rowUnit - 1) / rowUnit;
    // Batch-1 inference against a large transposed B (a Linear layer's weight, n·k ≥ 32k: more
    // than a core reads from its L2 in ~1 µs): the outputs are split over the threads, one piece
    // each, so every core reads about the same part of the weights call after call, from its own
    // cache. Each output is one dot product whatever piece holds it, so the result is the serial one.
    int gemvSplit = m <= 2 && transB && threads > 1 && k > 0 && colUnits >= threads &&
                    (double)n * (double)k >= (double)nk_min_parallel_gemv();
    if (!gemvSplit && (threads <= 1 || m <= 2 || n <= 2 || k <= 0 || work < (double)nk_min_parallel_work() || (colUnits < 2 && rowUnits < 2))) {
        nk_note_gemm_tasks(1);
        gemm_serial(&g, level);
        return;
    }
    // Split by 16-column panels when there are enough of them (each piece packs only its own
    // part of B); otherwise by rows (each piece packs all of B, so pieces stay large; a tall
    // product's pieces share their thread's one packing, below).
    // A tall product (m ≥ 2·threads·n: batch-1000 inference, 1000×100×784) splits by rows even
    // with panels to spare: a column piece re-reads all of A for its one or two panels, from L3,
    // while a row piece packs B (n·k, at most half its own rows' share of A) and reuses each block
    // of A over every panel.
    // A few pieces per thread (a multiple of the thread count, sizes differing by at most one
    // unit), so the split is even and a late or descheduled worker leaves little for the others.
    parallel_job job;
    job.g = g;
    job.level = level;
    int tall = m >= 2L * threads * n;
    //
    // Rows are also split when B is no larger than A and C together (k·n ≤ m·k + m·n): each piece
    // then re-reads (and on the packed path repacks) all of B, but reads only its own rows of A
    // and writes a contiguous block of C. For a layer's products that is the rows of its weight
    // matrix (the forward product taken as W·Xᵀ, the gradient δᵀ·X), and with the pool's
    // piece owners (nk_pieces_next) the same thread computes the same rows in the forward
    // product, the gradient and the optimizer's contiguous split of the update: on W1 the update
    // went from 14 % of the samples to 1.5 %, as its lines no longer crossed between the cores.
    job.splitRows = !gemvSplit && ((colUnits < 2 * threads && rowUnits > colUnits) || tall ||
                                   (rowUnits >= threads && (double)k * n <= (double)m * k + (double)m * n));
    // Row pieces each repack all of B, which costs about 2/rows of the piece's own work whatever
    // n is: keep them few, two per thread only when each still has 48 rows or more.
    long perThread = gemvSplit ? 1 : !job.splitRows ? 3 : (m >= 2L * 48 * threads ? 2 : 1);
    // A tall product on the packed path (batch-1000 inference): each thread packs all of B once and
    // keeps it for its pieces, so the pieces can be smaller (four per thread) and a thread that
    // finishes first takes the other's last ones (with two per thread, each packing B, the caller
    // waited 20-27 µs of W9 batch 1000's 0.8 ms for the worker's last 250 rows).
    long tallPieces = 4L * threads;   // their sizes: m / tallPieces, rounded down or up
    job.packOnce = tall && job.splitRows && !g.small && alpha != 0 && m >= 48 * tallPieces &&
                   !piece_swaps(&g, m / tallPieces, level) && !piece_swaps(&g, (m + tallPieces - 1) / tallPieces, level);
    if (job.packOnce) perThread = 4;
    long tiles = job.splitRows ? rowUnits : colUnits;
    job.chunks = tiles >= perThread * threads ? perThread * threads : tiles;
    // Column pieces are whole 16-column panels. Row pieces are equal numbers of rows, not of
    // tiles: the kernels cut any number of rows into tiles of at least half their height
    // (nk_tile_rows), so 100 rows on two threads are 50 + 50 (tiles 6·7 + 4·2 each) rather than
    // 8 and 9 tiles of 6, which left one core waiting 8 % of the product for the other.
    job.units = job.splitRows ? m : colUnits;
    job.unit = job.splitRows ? 1 : colUnit;
    int tasks = job.chunks < threads ? (int)job.chunks : threads;
    nk_pieces_init(&job.pieces, job.chunks, tasks);
    nk_note_gemm_tasks(tasks);
    nk_parallel_run(run_chunks, &job, tasks);
}
