// AVX-512 GEMM: the unpacked small-matrix path, which reads A and B where they lie, and the packed
// path's inner loops, whose tiles span up to four packed panels of B.
//
// The products a training step runs (64×100×784, 784×100×64, 64×784×100) are too small to repay
// packing, and their n (100, 10) is no multiple of a 16-column panel. Here nothing is packed and
// edges cost little: a tile is specialised for its number of rows, and its last 16-float vector
// of columns is masked. The kernel, after BLIS's "sup" ones, forms outer products: rows of B (not
// transposed) are loaded as vectors, elements of A broadcast, up to 8 rows × 48 columns (24 of the
// 32 zmm registers accumulate). Each element of C is summed in an order that depends only on k,
// never on which tile holds it, so a product split over threads gives the single-threaded bits.
//
// B transposed (a Linear layer's forward pass) stays on the packed path: a dot-product kernel
// reading both operands along k reached only 60–80 % of the packed kernel's speed here (it spends
// a load per 2.4 multiply-adds, and a horizontal sum per element). Its tiles here are 6 rows by
// up to 64 columns (four panels, 24 zmm accumulators), so each element of A loaded serves four
// times the columns of the AVX2 kernel's 6×16 tile; on one core (Zen 4) 2048³ went from 90 to 100
// GFLOP/s, 1000×100×784 (B transposed) from 95 to 100, 64×500×784 from 106 to 111. A last panel
// of at most 4 columns (n = 100 = 6·16 + 4) is computed for two rows in one ymm, so 100 columns
// cost 6.25 zmm multiply-adds per row and k rather than 6.5 (W9 batch 1000 about 2 % faster).
#include "nk_internal.h"

#if NK_X86
#include <immintrin.h>


enum { OUTER_MR = 8, OUTER_NV = 3 };
// k per pass over C: fixed (never derived from a thread's piece), so that the split cannot
// change the sums.
enum { SMALL_KC = 256 };

// Lanes below `count` (0...16).
NK_AVX512 NK_INLINE __mmask16 lanes(long count) {
    return count >= 16 ? (__mmask16)0xFFFF : (__mmask16)((1u << count) - 1);
}

// MARK: - Outer-product kernel (B not transposed)

// C[MR × (16·NV − masked)] = alpha·A·B + beta·C over all k; A[i, p] at a[i·rsA + p·csA], B[p, j]
// at b[p·ldb + j]. `last` masks the final vector's columns. MR and NV are constants after
// inlining, so the accumulators live in registers.
NK_AVX512 NK_INLINE void outer_tile(const int MR, const int NV, long k, const float *a, long rsA, long csA,
                                    const float *b, long ldb, float *c, long ldc, float alpha, float beta,
                                    __mmask16 last) {
    __m512 acc[OUTER_MR][OUTER_NV];
    for (int i = 0; i < MR; i++)
        for (int v = 0; v < NV; v++) acc[i][v] = _mm512_setzero_ps();
    for (long p = 0; p < k; p++, a += csA, b += ldb) {
        __m512 bv[OUTER_NV];
        for (int v = 0; v < NV; v++)
            bv[v] = v == NV - 1 ? _mm512_maskz_loadu_ps(last, b + 16 * v) : _mm512_loadu_ps(b + 16 * v);
        for (int i = 0; i < MR; i++) {
            __m512 x = _mm512_set1_ps(a[i * rsA]);
            for (int v = 0; v < NV; v++) acc[i][v] = _mm512_fmadd_ps(x, bv[v], acc[i][v]);
        }
    }
    __m512 va = _mm512_set1_ps(alpha), vb = _mm512_set1_ps(beta);
    for (int i = 0; i < MR; i++) {
        for (int v = 0; v < NV; v++) {
            __mmask16 mask = v == NV - 1 ? last : (__mmask16)0xFFFF;
            float *cv = c + i * ldc + 16 * v;
            __m512 r = _mm512_mul_ps(va, acc[i][v]);
            // alpha·acc + beta·C, rounded twice like the other levels (not fused).
            if (beta != 0) r = _mm512_add_ps(r, _mm512_mul_ps(vb, _mm512_maskz_loadu_ps(mask, cv)));
            _mm512_mask_storeu_ps(cv, mask, r);
        }
    }
}

// One column strip of NV vectors over every row of C, tiles of up to 8 rows (nk_tile_rows).
NK_AVX512 NK_INLINE void outer_strip(const int NV, long m, long k, const float *a, long rsA, long csA,
                                     const float *b, long ldb, float *c, long ldc, float alpha, float beta,
                                     __mmask16 last) {
    for (long i = 0, rows; i < m; i += rows) {
        rows = nk_tile_rows(m - i, OUTER_MR);
        const float *ai = a + i * rsA;
        float *ci = c + i * ldc;
        switch (rows) {
        case 8: outer_tile(8, NV, k, ai, rsA, csA, b, ldb, ci, ldc, alpha, beta, last); break;
        case 7: outer_tile(7, NV, k, ai, rsA, csA, b, ldb, ci, ldc, alpha, beta, last); break;
        case 6: outer_tile(6, NV, k, ai, rsA, csA, b, ldb, ci, ldc, alpha, beta, last); break;
        case 5: outer_tile(5, NV, k, ai, rsA, csA, b, ldb, ci, ldc, alpha, beta, last); break;
        case 4: outer_tile(4, NV, k, ai, rsA, csA, b, ldb, ci, ldc, alpha, beta, last); break;
        case 3: outer_tile(3, NV, k, ai, rsA, csA, b, ldb, ci, ldc, alpha, beta, last); break;
        case 2: outer_tile(2, NV, k, ai, rsA, csA, b, ldb, ci, ldc, alpha, beta, last); break;
        case 1: outer_tile(1, NV, k, ai, rsA, csA, b, ldb, ci, ldc, alpha, beta, last); break;
        default: break;
        }
    }
}

// C = alpha·op(A)·B + beta·C with B (k × n) not transposed, k in blocks of kc so that a strip
// of B (kc × 48 floats) stays in L1 while every row tile passes over it.
NK_AVX512 static void gemm_outer(long m, long n, long k, float alpha, const float *a, long rsA, long csA,
                                 const float *b, long ldb, float beta, float *c, long ldc, long kc) {
    for (long pc = 0; pc < k; pc += kc) {
        long kb = k - pc < kc ? k - pc : kc;
        float bt = pc == 0 ? beta : 1;
        const float *ap = a + pc * csA, *bp = b + pc * ldb;
        long j = 0;
        for (; j + 16 * OUTER_NV <= n; j += 16 * OUTER_NV)
            outer_strip(OUTER_NV, m, kb, ap, rsA, csA, bp + j, ldb, c + j, ldc, alpha, bt, 0xFFFF);
        long rest = n - j;   // 0...47 columns: one strip of 1-3 vectors, the last one masked
        __mmask16 last = lanes(rest - (rest - 1) / 16 * 16);
        if (rest > 32) outer_strip(3, m, kb, ap, rsA, csA, bp + j, ldb, c + j, ldc, alpha, bt, last);
        else if (rest > 16) outer_strip(2, m, kb, ap, rsA, csA, bp + j, ldb, c + j, ldc, alpha, bt, last);
        else if (rest > 0) outer_strip(1, m, kb, ap, rsA, csA, bp + j, ldb, c + j, ldc, alpha, bt, last);
    }
}

// MARK: - Packed path: tiles several panels wide

enum { WIDE_MR = 6, WIDE_NV = 4 };

// C[MR × (16·NV − masked)] = alpha·A·Bp + beta·C over one k block of kc, where Bp holds NV packed
// 16-column panels `stride` floats apart (nk_pack_b_*). Each broadcast element of A serves up to
// 64 columns (the AVX2 kernel's: 16), in up to 24 zmm accumulators. The last panel's columns:
//   TAIL 0: a full zmm;
//   TAIL 1 (at most 8 columns): a ymm per row, at half the cost of a zmm;
//   TAIL 2 (at most 4 columns, n = 100 = 6·16 + 4): a ymm per pair of rows, the first row's four
//     columns in its low lanes and the second's in its high ones, at a quarter of the cost.
// Every lane sums its own element over k in the same order, so the bits do not depend on TAIL.
// The epilogue is the AVX2 kernel's (alpha·acc fused with the product beta·C).
NK_AVX512 NK_INLINE void wide_tile(const int MR, const int NV, const int TAIL, long kc, const float *a, long rsA,
                                   long csA, const float *bp, long stride, float *c, long ldc, float alpha,
                                   float beta, __mmask16 last) {
    const int NZ = NV - (TAIL != 0);   // zmm vectors
    __m512 acc[WIDE_MR][WIDE_NV];
    __m256 half[WIDE_MR];   // TAIL 1: row i's; TAIL 2: rows 2j and 2j + 1 in half[j]
    const float *row[WIDE_MR];
    for (int i = 0; i < MR; i++) {
        row[i] = a + i * rsA;
        for (int v = 0; v < NZ; v++) acc[i][v] = _mm512_setzero_ps();
        half[i] = _mm256_setzero_ps();
    }
    for (long p = 0, q = 0; p < kc; p++, q += csA, bp += NK_NR) {
        __m512 bv[WIDE_NV];
        for (int v = 0; v < NZ; v++) bv[v] = _mm512_load_ps(bp + v * stride);
        __m256 bh = TAIL == 1 ? _mm256_load_ps(bp + NZ * stride)
                  : TAIL == 2 ? _mm256_broadcast_ps((const __m128 *)(bp + NZ * stride)) : _mm256_setzero_ps();
        __m128 even = _mm_setzero_ps();   // TAIL 2: the broadcast element of the pair's first row
        for (int i = 0; i < MR; i++) {
            __m512 x = _mm512_set1_ps(row[i][q]);
            for (int v = 0; v < NZ; v++) acc[i][v] = _mm512_fmadd_ps(x, bv[v], acc[i][v]);
            if (TAIL == 1) half[i] = _mm256_fmadd_ps(_mm512_castps512_ps256(x), bh, half[i]);
            if (TAIL == 2 && i % 2 == 0) even = _mm512_castps512_ps128(x);
            if (TAIL == 2 && i % 2 == 1) {
                __m256 pair = _mm256_insertf128_ps(_mm256_castps128_ps256(even), _mm512_castps512_ps128(x), 1);
                half[i / 2] = _mm256_fmadd_ps(pair, bh, half[i / 2]);
            }
            // A last row without a partner: its element in every lane; the high ones are not stored.
            if (TAIL == 2 && i % 2 == 0 && i == MR - 1) half[i / 2] = _mm256_fmadd_ps(_mm512_castps512_ps256(x), bh, half[i / 2]);
        }
    }
    __m512 va = _mm512_set1_ps(alpha), vb = _mm512_set1_ps(beta);
    for (int i = 0; i < MR; i++) {
        for (int v = 0; v < NV; v++) {
            __mmask16 mask = v == NV - 1 ? last : (__mmask16)0xFFFF;
            float *cv = c + i * ldc + 16 * v;
            __m512 t = v < NZ      ? acc[i][v]
                     : TAIL == 1   ? _mm512_castps256_ps512(half[i])
                     : i % 2 == 0  ? _mm512_castps128_ps512(_mm256_castps256_ps128(half[i / 2]))
                                   : _mm512_castps128_ps512(_mm256_extractf128_ps(half[i / 2], 1));
            __m512 r = beta == 0 ? _mm512_mul_ps(va, t)
                                 : _mm512_fmadd_ps(va, t, _mm512_mul_ps(vb, _mm512_maskz_loadu_ps(mask, cv)));
            _mm512_mask_storeu_ps(cv, mask, r);
        }
    }
}

NK_AVX512 NK_INLINE void wide_rows(const int NV, const int TAIL, long mc, long kc, const float *a, long rsA,
                                   long csA, const float *bp, long stride, float *c, long ldc, float alpha,
                                   float beta, __mmask16 last) {
    for (long i = 0, rows; i < mc; i += rows) {
        rows = nk_tile_rows(mc - i, WIDE_MR);
        const float *ai = a + i * rsA;
        float *ci = c + i * ldc;
        switch (rows) {
        case 6: wide_tile(6, NV, TAIL, kc, ai, rsA, csA, bp, stride, ci, ldc, alpha, beta, last); break;
        case 5: wide_tile(5, NV, TAIL, kc, ai, rsA, csA, bp, stride, ci, ldc, alpha, beta, last); break;
        case 4: wide_tile(4, NV, TAIL, kc, ai, rsA, csA, bp, stride, ci, ldc, alpha, beta, last); break;
        case 3: wide_tile(3, NV, TAIL, kc, ai, rsA, csA, bp, stride, ci, ldc, alpha, beta, last); break;
        case 2: wide_tile(2, NV, TAIL, kc, ai, rsA, csA, bp, stride, ci, ldc, alpha, beta, last); break;
        case 1: wide_tile(1, NV, TAIL, kc, ai, rsA, csA, bp, stride, ci, ldc, alpha, beta, last); break;
        default: break;
        }
    }
}

// One group of NV panels (the last one `last`-masked) with the tail its last panel's width allows.
NK_AVX512 NK_INLINE void wide_group(const int NV, long rest, long mc, long kc, const float *a, long rsA, long csA,
                                    const float *bp, long stride, float *c, long ldc, float alpha, float beta,
                                    __mmask16 last) {
    if (rest <= 4) wide_rows(NV, 2, mc, kc, a, rsA, csA, bp, stride, c, ldc, alpha, beta, last);
    else if (rest <= 8) wide_rows(NV, 1, mc, kc, a, rsA, csA, bp, stride, c, ldc, alpha, beta, last);
    else wide_rows(NV, 0, mc, kc, a, rsA, csA, bp, stride, c, ldc, alpha, beta, last);
}

// Column groups of up to 4 panels; every row tile of the block passes over a group before the next.
NK_AVX512 void nk_packed_block_avx512(long mc, long nc, long kc, const float *a, long rsA, long csA,
                                      const float *packed, float *c, long ldc, float alpha, float beta) {
    long stride = kc * NK_NR;
    for (long j = 0; j < nc; j += 16 * WIDE_NV) {
        long w = nc - j < 16 * WIDE_NV ? nc - j : 16 * WIDE_NV;
        long vectors = (w + 15) / 16, rest = w - (vectors - 1) * 16;
        __mmask16 last = lanes(rest);
        const float *bp = packed + (j / NK_NR) * stride;
        float *cj = c + j;
        switch (vectors) {
        case 4: wide_group(4, rest, mc, kc, a, rsA, csA, bp, stride, cj, ldc, alpha, beta, last); break;
        case 3: wide_group(3, rest, mc, kc, a, rsA, csA, bp, stride, cj, ldc, alpha, beta, last); break;
        case 2: wide_group(2, rest, mc, kc, a, rsA, csA, bp, stride, cj, ldc, alpha, beta, last); break;
        default: wide_group(1, rest, mc, kc, a, rsA, csA, bp, stride, cj, ldc, alpha, beta, last); break;
        }
    }
}

// MARK: - Entry

void nk_gemm_small_avx512(int transA, long m, long n, long k, float alpha, const float *a, long lda,
                          const float *b, long ldb, float beta, float *c, long ldc) {
    long rsA = transA ? 1 : lda, csA = transA ? lda : 1;
    gemm_outer(m, n, k, alpha, a, rsA, csA, b, ldb, beta, c, ldc, SMALL_KC);
}
#endif
