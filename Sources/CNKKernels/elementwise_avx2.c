// AVX2/FMA exp, tanh and sigmoid: 8 lanes of the algorithms written out in nk_math.h.
#include "nk_internal.h"
#include "nk_math.h"

#if defined(__x86_64__)
#include <immintrin.h>

#define NK_AVX2 __attribute__((target("avx2,fma")))

// r = x − n·ln2 with n = round(x·log2 e); returns r, stores n (as float).
NK_AVX2 static inline __m256 reduce8(__m256 x, __m256 *n) {
    __m256 t = _mm256_round_ps(_mm256_mul_ps(x, _mm256_set1_ps(NK_LOG2E)), _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
    *n = t;
    __m256 r = _mm256_fnmadd_ps(t, _mm256_set1_ps(NK_LN2_HI), x);
    return _mm256_fnmadd_ps(t, _mm256_set1_ps(NK_LN2_LO), r);
}

NK_AVX2 static inline __m256 pow2i8(__m256i n) {   // 2^n for -126 ≤ n ≤ 127
    return _mm256_castsi256_ps(_mm256_slli_epi32(_mm256_add_epi32(n, _mm256_set1_epi32(127)), 23));
}

// min/max return their second operand when either is NaN: x goes second so NaN passes through.
NK_AVX2 static inline __m256 exp8(__m256 x) {
    x = _mm256_min_ps(_mm256_set1_ps(NK_EXP_MAX), x);
    x = _mm256_max_ps(_mm256_set1_ps(NK_EXP_MIN), x);
    __m256 n;
    __m256 r = reduce8(x, &n);
    __m256 p = _mm256_set1_ps(NK_C7);
    p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(NK_C6));
    p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(NK_C5));
    p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(NK_C4));
    p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(NK_C3));
    p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(NK_C2));
    p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(1.0f));
    p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(1.0f));
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
    __m256 q = _mm256_set1_ps(NK_C8);
    q = _mm256_fmadd_ps(q, r, _mm256_set1_ps(NK_C7));
    q = _mm256_fmadd_ps(q, r, _mm256_set1_ps(NK_C6));
    q = _mm256_fmadd_ps(q, r, _mm256_set1_ps(NK_C5));
    q = _mm256_fmadd_ps(q, r, _mm256_set1_ps(NK_C4));
    q = _mm256_fmadd_ps(q, r, _mm256_set1_ps(NK_C3));
    q = _mm256_fmadd_ps(q, r, _mm256_set1_ps(NK_C2));
    q = _mm256_fmadd_ps(q, r, _mm256_set1_ps(1.0f));
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
#endif
