// AVX2/FMA GEMM pieces: the 6×16 register-blocked micro-kernel, B packing, and the GEMV path.
#include "nk_internal.h"

#if NK_X86
#include <immintrin.h>
#include <string.h>

#define NK_AVX2 __attribute__((target("avx2,fma")))

// acc[MR×16] = A(MR×kc, strides rsA/csA) · Bpanel(kc×16); C = alpha·acc + beta·C (C not read when
// beta == 0). With MR = 6: 12 ymm accumulators + 2 for B + 1 broadcast of A, 15 of the 16
// registers. MR and NV (vectors of B: 1 for a narrow last panel of ≤ 8 columns, else 2) are
// constants after inlining, so a tile of 4 or 5 rows costs 4/6 or 5/6 of a full one instead of
// computing 6 rows and storing some (see nk_tile_rows, nk_internal.h). The sums are the same whatever MR.
NK_AVX2 NK_INLINE void tile_avx2(const int MR, const int NV, long kc, const float *a, long rsA, long csA,
                                 const float *bp, float *c, long ldc, long csC, float alpha, float beta, int nr) {
    __m256 acc[NK_MR][2];
    const float *row[NK_MR];
    for (int i = 0; i < MR; i++) {
        row[i] = a + i * rsA;
        acc[i][0] = acc[i][1] = _mm256_setzero_ps();
    }
    for (long p = 0, q = 0; p < kc; p++, q += csA, bp += NK_NR) {
        __m256 b0 = _mm256_load_ps(bp), b1 = NV == 2 ? _mm256_load_ps(bp + 8) : b0;
        for (int i = 0; i < MR; i++) {
            __m256 x = _mm256_broadcast_ss(row[i] + q);
            acc[i][0] = _mm256_fmadd_ps(x, b0, acc[i][0]);
            if (NV == 2) acc[i][1] = _mm256_fmadd_ps(x, b1, acc[i][1]);
        }
    }
    __m256 va = _mm256_set1_ps(alpha), vb = _mm256_set1_ps(beta);
    if (NV == 2 && nr == NK_NR && csC == 1) {
        for (int i = 0; i < MR; i++) {
            float *ci = c + i * ldc;
            if (beta == 0) {
                _mm256_storeu_ps(ci, _mm256_mul_ps(va, acc[i][0]));
                _mm256_storeu_ps(ci + 8, _mm256_mul_ps(va, acc[i][1]));
            } else {
                _mm256_storeu_ps(ci, _mm256_fmadd_ps(va, acc[i][0], _mm256_mul_ps(vb, _mm256_loadu_ps(ci))));
                _mm256_storeu_ps(ci + 8, _mm256_fmadd_ps(va, acc[i][1], _mm256_mul_ps(vb, _mm256_loadu_ps(ci + 8))));
            }
        }
        return;
    }
    float tile[NK_MR][NK_NR] __attribute__((aligned(32)));
    for (int i = 0; i < MR; i++) {
        _mm256_store_ps(tile[i], acc[i][0]);
        _mm256_store_ps(tile[i] + 8, NV == 2 ? acc[i][1] : _mm256_setzero_ps());
    }
    for (int i = 0; i < MR; i++) {
        float *ci = c + i * ldc;
        for (int j = 0; j < nr; j++)
            ci[j * csC] = beta == 0 ? alpha * tile[i][j] : alpha * tile[i][j] + beta * ci[j * csC];
    }
}

NK_AVX2 static void tile_rows_avx2(const int NV, long kc, const float *a, long rsA, long csA, const float *bp,
                                   float *c, long ldc, long csC, float alpha, float beta, int mr, int nr) {
    switch (mr) {
    case 6: tile_avx2(6, NV, kc, a, rsA, csA, bp, c, ldc, csC, alpha, beta, nr); break;
    case 5: tile_avx2(5, NV, kc, a, rsA, csA, bp, c, ldc, csC, alpha, beta, nr); break;
    case 4: tile_avx2(4, NV, kc, a, rsA, csA, bp, c, ldc, csC, alpha, beta, nr); break;
    case 3: tile_avx2(3, NV, kc, a, rsA, csA, bp, c, ldc, csC, alpha, beta, nr); break;
    case 2: tile_avx2(2, NV, kc, a, rsA, csA, bp, c, ldc, csC, alpha, beta, nr); break;
    case 1: tile_avx2(1, NV, kc, a, rsA, csA, bp, c, ldc, csC, alpha, beta, nr); break;
    default: break;
    }
}

// An mr×nr tile (mr ≤ 6, nr ≤ 16) of C from mr rows of A and one packed panel of B.
NK_AVX2 void nk_kernel_avx2(long kc, const float *a, long rsA, long csA, const float *bp,
                            float *c, long ldc, long csC, float alpha, float beta, int mr, int nr) {
    if (nr <= 8) tile_rows_avx2(1, kc, a, rsA, csA, bp, c, ldc, csC, alpha, beta, mr, nr);
    else tile_rows_avx2(2, kc, a, rsA, csA, bp, c, ldc, csC, alpha, beta, mr, nr);
}

// Transposes 8 rows of 8 floats (r[i] = row i) in registers: r[t] becomes column t.
NK_AVX2 static inline void transpose8(__m256 r[8]) {
    __m256 t0 = _mm256_unpacklo_ps(r[0], r[1]), t1 = _mm256_unpackhi_ps(r[0], r[1]);
    __m256 t2 = _mm256_unpacklo_ps(r[2], r[3]), t3 = _mm256_unpackhi_ps(r[2], r[3]);
    __m256 t4 = _mm256_unpacklo_ps(r[4], r[5]), t5 = _mm256_unpackhi_ps(r[4], r[5]);
    __m256 t6 = _mm256_unpacklo_ps(r[6], r[7]), t7 = _mm256_unpackhi_ps(r[6], r[7]);
    __m256 s0 = _mm256_shuffle_ps(t0, t2, 0x44), s1 = _mm256_shuffle_ps(t0, t2, 0xEE);
    __m256 s2 = _mm256_shuffle_ps(t1, t3, 0x44), s3 = _mm256_shuffle_ps(t1, t3, 0xEE);
    __m256 s4 = _mm256_shuffle_ps(t4, t6, 0x44), s5 = _mm256_shuffle_ps(t4, t6, 0xEE);
    __m256 s6 = _mm256_shuffle_ps(t5, t7, 0x44), s7 = _mm256_shuffle_ps(t5, t7, 0xEE);
    r[0] = _mm256_permute2f128_ps(s0, s4, 0x20); r[1] = _mm256_permute2f128_ps(s1, s5, 0x20);
    r[2] = _mm256_permute2f128_ps(s2, s6, 0x20); r[3] = _mm256_permute2f128_ps(s3, s7, 0x20);
    r[4] = _mm256_permute2f128_ps(s0, s4, 0x31); r[5] = _mm256_permute2f128_ps(s1, s5, 0x31);
    r[6] = _mm256_permute2f128_ps(s2, s6, 0x31); r[7] = _mm256_permute2f128_ps(s3, s7, 0x31);
}

// Same layout as nk_pack_b_generic. The transposed case (weights stored [out, in]) moves 8×8
// blocks through registers instead of gathering one float at a time.
NK_AVX2 void nk_pack_b_avx2(int transB, long kc, long nc, const float *b, long ldb, float *dst) {
    for (long j0 = 0; j0 < nc; j0 += NK_NR, dst += kc * NK_NR) {
        long w = nc - j0 < NK_NR ? nc - j0 : NK_NR;
        if (w < NK_NR) {
            nk_pack_b_generic(transB, kc, w, transB ? b + j0 * ldb : b + j0, ldb, dst);
            continue;
        }
        if (!transB) {
            const float *src = b + j0;
            for (long p = 0; p < kc; p++, src += ldb) {
                _mm256_store_ps(dst + p * NK_NR, _mm256_loadu_ps(src));
                _mm256_store_ps(dst + p * NK_NR + 8, _mm256_loadu_ps(src + 8));
            }
            continue;
        }
        long p = 0;
        for (; p + 8 <= kc; p += 8) {
            for (int half = 0; half < 2; half++) {
                __m256 r[8];
                for (int i = 0; i < 8; i++) r[i] = _mm256_loadu_ps(b + (j0 + half * 8 + i) * ldb + p);
                transpose8(r);
                for (int t = 0; t < 8; t++) _mm256_store_ps(dst + (p + t) * NK_NR + half * 8, r[t]);
            }
        }
        for (; p < kc; p++)
            for (long jj = 0; jj < NK_NR; jj++) dst[p * NK_NR + jj] = b[(j0 + jj) * ldb + p];
    }
}

// See nk_add_transposed_generic: 8×8 blocks of t go through registers (transpose8) instead of
// one strided float at a time; edges fall back to the generic loop. Same arithmetic (t + beta·C,
// not fused), so both levels and every split give the same bits.
NK_AVX2 void nk_add_transposed_avx2(long m, long n, const float *t, long ldt, float *c, long ldc, float beta) {
    long m8 = m & ~7L, n8 = n & ~7L;
    __m256 vb = _mm256_set1_ps(beta);
    for (long i = 0; i < m8; i += 8) {
        for (long j = 0; j < n8; j += 8) {
            __m256 r[8];
            for (int u = 0; u < 8; u++) r[u] = _mm256_loadu_ps(t + (i + u) * ldt + j);
            transpose8(r);               // r[v] = t[i..i+8, j + v]
            for (int v = 0; v < 8; v++) {
                float *cv = c + (j + v) * ldc + i;
                _mm256_storeu_ps(cv, beta == 0 ? r[v] : _mm256_add_ps(r[v], _mm256_mul_ps(vb, _mm256_loadu_ps(cv))));
            }
        }
    }
    if (n8 < n && m8 > 0) nk_add_transposed_generic(m8, n - n8, t + n8, ldt, c + n8 * ldc, ldc, beta);
    if (m8 < m) nk_add_transposed_generic(m - m8, n, t + m8 * ldt, ldt, c + m8, ldc, beta);
}

NK_AVX2 static inline float hsum(__m256 v) {
    __m128 s = _mm_add_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps(v, 1));
    s = _mm_add_ps(s, _mm_movehl_ps(s, s));
    s = _mm_add_ss(s, _mm_movehdup_ps(s));
    return _mm_cvtss_f32(s);
}

NK_AVX2 static inline float dot_tail(const float *x, const float *y, long from, long k) {
    float s = 0;
    for (long p = from; p < k; p++) s += x[p] * y[p];
    return s;
}

// One row of C (see nk_gemv_generic). Transposed B: four dot products at a time share the loads
// of the A row; plain B: 32-column strips accumulated in registers over all of k.
NK_AVX2 void nk_gemv_avx2(int transB, long n, long k, float alpha, const float *arow,
                          const float *b, long ldb, float beta, float *crow) {
    long k8 = k & ~7L;
    if (transB) {
        long j = 0;
        for (; j + 4 <= n; j += 4) {
            const float *b0 = b + j * ldb, *b1 = b0 + ldb, *b2 = b1 + ldb, *b3 = b2 + ldb;
            __m256 s0 = _mm256_setzero_ps(), s1 = s0, s2 = s0, s3 = s0;
            for (long p = 0; p < k8; p += 8) {
                __m256 x = _mm256_loadu_ps(arow + p);
                s0 = _mm256_fmadd_ps(x, _mm256_loadu_ps(b0 + p), s0);
                s1 = _mm256_fmadd_ps(x, _mm256_loadu_ps(b1 + p), s1);
                s2 = _mm256_fmadd_ps(x, _mm256_loadu_ps(b2 + p), s2);
                s3 = _mm256_fmadd_ps(x, _mm256_loadu_ps(b3 + p), s3);
            }
            float d[4] = { hsum(s0) + dot_tail(arow, b0, k8, k), hsum(s1) + dot_tail(arow, b1, k8, k),
                           hsum(s2) + dot_tail(arow, b2, k8, k), hsum(s3) + dot_tail(arow, b3, k8, k) };
            for (int t = 0; t < 4; t++)
                crow[j + t] = beta == 0 ? alpha * d[t] : alpha * d[t] + beta * crow[j + t];
        }
        for (; j < n; j++) {
            const float *bj = b + j * ldb;
            __m256 s = _mm256_setzero_ps();
            for (long p = 0; p < k8; p += 8) s = _mm256_fmadd_ps(_mm256_loadu_ps(arow + p), _mm256_loadu_ps(bj + p), s);
            float d = hsum(s) + dot_tail(arow, bj, k8, k);
            crow[j] = beta == 0 ? alpha * d : alpha * d + beta * crow[j];
        }
        return;
    }
    __m256 va = _mm256_set1_ps(alpha), vb = _mm256_set1_ps(beta);
    long j = 0;
    for (; j + 32 <= n; j += 32) {
        __m256 s0 = _mm256_setzero_ps(), s1 = s0, s2 = s0, s3 = s0;
        const float *bp = b + j;
        for (long p = 0; p < k; p++, bp += ldb) {
            __m256 x = _mm256_broadcast_ss(arow + p);
            s0 = _mm256_fmadd_ps(x, _mm256_loadu_ps(bp), s0);
            s1 = _mm256_fmadd_ps(x, _mm256_loadu_ps(bp + 8), s1);
            s2 = _mm256_fmadd_ps(x, _mm256_loadu_ps(bp + 16), s2);
            s3 = _mm256_fmadd_ps(x, _mm256_loadu_ps(bp + 24), s3);
        }
        __m256 s[4] = { s0, s1, s2, s3 };
        for (int t = 0; t < 4; t++) {
            float *cj = crow + j + 8 * t;
            __m256 r = _mm256_mul_ps(va, s[t]);
            if (beta != 0) r = _mm256_fmadd_ps(vb, _mm256_loadu_ps(cj), r);
            _mm256_storeu_ps(cj, r);
        }
    }
    if (j < n) nk_gemv_generic(0, n - j, k, alpha, arow, b + j, ldb, beta, crow + j);
}
#endif
