// AVX2/FMA exp, tanh and sigmoid: 8 lanes of the algorithms written out in nk_math.h.
#include "nk_internal.h"
#include "nk_math.h"

#if NK_X86
#include <immintrin.h>

#define NK_AVX2 __attribute__((target("avx2,fma")))

// r = x − n·ln2 with n = round(x·log2 e); returns r, stores n (as float).
NK_AVX2 static inline __m256 reduce8(__m256 x, __m256 *n) {
    __m256 magic = _mm256_set1_ps(NK_ROUND_MAGIC);
    __m256 t = _mm256_sub_ps(_mm256_fmadd_ps(x, _mm256_set1_ps(NK_LOG2E), magic), magic);
    *n = t;
    __m256 r = _mm256_fnmadd_ps(t, _mm256_set1_ps(NK_LN2_HI), x);
    return _mm256_fnmadd_ps(t, _mm256_set1_ps(NK_LN2_LO), r);
}

NK_AVX2 static inline __m256 pow2i8(__m256i n) {   // 2^n for -126 ≤ n ≤ 127
    return _mm256_castsi256_ps(_mm256_slli_epi32(_mm256_add_epi32(n, _mm256_set1_epi32(127)), 23));
}

// c0 + c1·r + … + c7·r⁷ by Estrin's scheme: three levels of FMAs instead of Horner's seven, so
// the evaluation is a short dependency chain and more vectors overlap in the pipeline.
NK_AVX2 static inline __m256 poly7(__m256 r, __m256 c0, __m256 c1, __m256 c2, __m256 c3,
                                   __m256 c4, __m256 c5, __m256 c6, __m256 c7) {
    __m256 r2 = _mm256_mul_ps(r, r), r4 = _mm256_mul_ps(r2, r2);
    __m256 p01 = _mm256_fmadd_ps(c1, r, c0), p23 = _mm256_fmadd_ps(c3, r, c2);
    __m256 p45 = _mm256_fmadd_ps(c5, r, c4), p67 = _mm256_fmadd_ps(c7, r, c6);
    __m256 p03 = _mm256_fmadd_ps(p23, r2, p01), p47 = _mm256_fmadd_ps(p67, r2, p45);
    return _mm256_fmadd_ps(p47, r4, p03);
}

// min/max return their second operand when either is NaN: x goes second so NaN passes through.
NK_AVX2 static inline __m256 exp8(__m256 x) {
    x = _mm256_min_ps(_mm256_set1_ps(NK_EXP_MAX), x);
    x = _mm256_max_ps(_mm256_set1_ps(NK_EXP_MIN), x);
    __m256 n;
    __m256 r = reduce8(x, &n);
    __m256 p = poly7(r, _mm256_set1_ps(1.0f), _mm256_set1_ps(1.0f), _mm256_set1_ps(NK_C2), _mm256_set1_ps(NK_C3),
                     _mm256_set1_ps(NK_C4), _mm256_set1_ps(NK_C5), _mm256_set1_ps(NK_C6), _mm256_set1_ps(NK_C7));
    __m256i ni = _mm256_cvtps_epi32(n);                 // NaN lanes: garbage scale, p is NaN
    __m256i n1 = _mm256_srai_epi32(ni, 1);
    return _mm256_mul_ps(_mm256_mul_ps(p, pow2i8(n1)), pow2i8(_mm256_sub_epi32(ni, n1)));
}

NK_AVX2 static inline __m256 tanh8(__m256 x) {
    __m256 sign = _mm256_and_ps(x, _mm256_set1_ps(-0.0f));
    __m256 y = _mm256_add_ps(_mm256_andnot_ps(_mm256_set1_ps(-0.0f), x), _mm256_andnot_ps(_mm256_set1_ps(-0.0f), x));
    y = _mm256_min_ps(_mm256_set1_ps(2.0f * NK_TANH_MAX), y);
    __m256 n;
    __m256 r = reduce8(y, &n);
    __m256 q = poly7(r, _mm256_set1_ps(1.0f), _mm256_set1_ps(NK_C2), _mm256_set1_ps(NK_C3), _mm256_set1_ps(NK_C4),
                     _mm256_set1_ps(NK_C5), _mm256_set1_ps(NK_C6), _mm256_set1_ps(NK_C7), _mm256_set1_ps(NK_C8));
    q = _mm256_mul_ps(q, r);
    __m256 s = pow2i8(_mm256_cvtps_epi32(n));
    __m256 m = _mm256_fmadd_ps(s, q, _mm256_sub_ps(s, _mm256_set1_ps(1.0f)));
    __m256 t = _mm256_div_ps(m, _mm256_add_ps(m, _mm256_set1_ps(2.0f)));
    return _mm256_or_ps(t, sign);
}

NK_AVX2 static inline __m256 sigmoid8(__m256 x) {
    __m256 one = _mm256_set1_ps(1.0f);
    return _mm256_div_ps(one, _mm256_add_ps(one, exp8(_mm256_xor_ps(x, _mm256_set1_ps(-0.0f)))));
}

// 8 lanes of nk_log_scalar; the special values (0, negative, NaN, +inf) are blended in at the end.
NK_AVX2 static inline __m256 log8(__m256 x) {
    __m256 one = _mm256_set1_ps(1.0f);
    __m256 tiny = _mm256_cmp_ps(x, _mm256_set1_ps(FLT_MIN), _CMP_LT_OQ);
    __m256 xs = _mm256_blendv_ps(x, _mm256_mul_ps(x, _mm256_set1_ps(8388608.0f)), tiny);
    __m256i bits = _mm256_castps_si256(xs);
    __m256 e = _mm256_cvtepi32_ps(_mm256_sub_epi32(_mm256_srli_epi32(bits, 23), _mm256_set1_epi32(127)));
    e = _mm256_sub_ps(e, _mm256_and_ps(tiny, _mm256_set1_ps(23.0f)));
    __m256 m = _mm256_castsi256_ps(_mm256_or_si256(_mm256_and_si256(bits, _mm256_set1_epi32(0x007fffff)),
                                                   _mm256_set1_epi32(0x3f800000)));
    __m256 big = _mm256_cmp_ps(m, _mm256_set1_ps(NK_SQRT2), _CMP_GT_OQ);
    m = _mm256_blendv_ps(m, _mm256_mul_ps(m, _mm256_set1_ps(0.5f)), big);
    e = _mm256_add_ps(e, _mm256_and_ps(big, one));
    __m256 s = _mm256_div_ps(_mm256_sub_ps(m, one), _mm256_add_ps(m, one));
    __m256 s2 = _mm256_mul_ps(s, s), twoS = _mm256_add_ps(s, s);
    __m256 p = _mm256_fmadd_ps(s2, _mm256_set1_ps(1.0f / 9), _mm256_set1_ps(1.0f / 7));
    p = _mm256_fmadd_ps(s2, p, _mm256_set1_ps(1.0f / 5));
    p = _mm256_fmadd_ps(s2, p, _mm256_set1_ps(1.0f / 3));
    p = _mm256_mul_ps(s2, p);
    __m256 r = _mm256_fmadd_ps(twoS, p, _mm256_mul_ps(e, _mm256_set1_ps(NK_LN2_LO)));
    r = _mm256_fmadd_ps(e, _mm256_set1_ps(NK_LN2_HI), _mm256_add_ps(twoS, r));
    r = _mm256_blendv_ps(r, _mm256_set1_ps(-INFINITY), _mm256_cmp_ps(x, _mm256_setzero_ps(), _CMP_EQ_OQ));
    r = _mm256_blendv_ps(r, _mm256_set1_ps(NAN), _mm256_cmp_ps(x, _mm256_setzero_ps(), _CMP_LT_OQ));
    r = _mm256_blendv_ps(r, x, _mm256_cmp_ps(x, _mm256_set1_ps(INFINITY), _CMP_EQ_OQ));
    return _mm256_blendv_ps(r, x, _mm256_cmp_ps(x, x, _CMP_UNORD_Q));
}

// Whole vectors in place or out of place; the tail goes through an 8-float staging buffer so
// every element sees the same arithmetic.
#define NK_MAP8(name, f)                                                         \
    NK_AVX2 void name(const float *x, float *y, long count) {                   \
        long i = 0;                                                              \
        for (; i + 8 <= count; i += 8) _mm256_storeu_ps(y + i, f(_mm256_loadu_ps(x + i))); \
        if (i < count) {                                                         \
            float t[8] = {0};                                                    \
            for (long j = i; j < count; j++) t[j - i] = x[j];                    \
            _mm256_storeu_ps(t, f(_mm256_loadu_ps(t)));                          \
            for (long j = i; j < count; j++) y[j] = t[j - i];                    \
        }                                                                        \
    }

NK_MAP8(nk_exp_avx2, exp8)
NK_MAP8(nk_tanh_avx2, tanh8)
NK_MAP8(nk_sigmoid_avx2, sigmoid8)
NK_MAP8(nk_log_avx2, log8)

// nk_bce on 8 lanes (the row's tail element by element, with the same scalar algorithm).
NK_AVX2 int nk_bce_avx2(const float *p, const float *y, long rows, long cols, float scale, double *loss, float *grad) {
    __m256 zero = _mm256_setzero_ps(), one = _mm256_set1_ps(1.0f), floor = _mm256_set1_ps(-100.0f);
    __m256 tiny = _mm256_set1_ps(1e-12f), sc = _mm256_set1_ps(scale);
    __m256 ok = _mm256_castsi256_ps(_mm256_set1_epi32(-1));
    int bad = 0;
    for (long r = 0; r < rows; r++) {
        const float *pr = p + r * cols, *yr = y + r * cols;
        float *gr = grad + r * cols;
        __m256d acc0 = _mm256_setzero_pd(), acc1 = _mm256_setzero_pd();
        long j = 0;
        for (; j + 8 <= cols; j += 8) {
            __m256 pv = _mm256_loadu_ps(pr + j), yv = _mm256_loadu_ps(yr + j), qv = _mm256_sub_ps(one, pv);
            ok = _mm256_and_ps(ok, _mm256_and_ps(_mm256_cmp_ps(pv, zero, _CMP_GE_OQ), _mm256_cmp_ps(pv, one, _CMP_LE_OQ)));
            __m256 lp = _mm256_max_ps(log8(pv), floor), lq = _mm256_max_ps(log8(qv), floor);
            __m256 t = _mm256_add_ps(_mm256_mul_ps(yv, lp), _mm256_mul_ps(_mm256_sub_ps(one, yv), lq));
            acc0 = _mm256_add_pd(acc0, _mm256_cvtps_pd(_mm256_castps256_ps128(t)));
            acc1 = _mm256_add_pd(acc1, _mm256_cvtps_pd(_mm256_extractf128_ps(t, 1)));
            __m256 d = _mm256_max_ps(_mm256_mul_ps(pv, qv), tiny);
            _mm256_storeu_ps(gr + j, _mm256_div_ps(_mm256_mul_ps(sc, _mm256_sub_ps(pv, yv)), d));
        }
        double lanes[4];
        _mm256_storeu_pd(lanes, _mm256_add_pd(acc0, acc1));
        double s = (lanes[0] + lanes[1]) + (lanes[2] + lanes[3]);
        for (; j < cols; j++) {
            bad |= !(pr[j] >= 0.0f && pr[j] <= 1.0f);
            s += nk_bce_term(pr[j], yr[j]);
            gr[j] = nk_bce_gradient(pr[j], yr[j], scale);
        }
        loss[r] = -s;
    }
    return bad || _mm256_movemask_ps(ok) != 0xff;
}
#endif
