// A multiply-add loop that never touches memory: the arithmetic ceiling the benchmark's floors use.
#include "nk_internal.h"

#if NK_X86
#include <immintrin.h>

// 12 independent chains of 8-lane FMAs: enough to cover the FMA latency (4 cycles) on both of
// Zen 4's and Intel's two FMA pipes, so the loop runs at the FMA throughput.
__attribute__((target("avx2,fma"))) static float fma_loop_avx2(long steps, float seed) {
    __m256 x = _mm256_set1_ps(seed), y = _mm256_set1_ps(0.999999f);
    __m256 a0 = x, a1 = x, a2 = x, a3 = x, a4 = x, a5 = x, a6 = x, a7 = x, a8 = x, a9 = x, a10 = x, a11 = x;
    for (long s = 0; s < steps; s++) {
        a0 = _mm256_fmadd_ps(a0, y, x); a1 = _mm256_fmadd_ps(a1, y, x); a2 = _mm256_fmadd_ps(a2, y, x);
        a3 = _mm256_fmadd_ps(a3, y, x); a4 = _mm256_fmadd_ps(a4, y, x); a5 = _mm256_fmadd_ps(a5, y, x);
        a6 = _mm256_fmadd_ps(a6, y, x); a7 = _mm256_fmadd_ps(a7, y, x); a8 = _mm256_fmadd_ps(a8, y, x);
        a9 = _mm256_fmadd_ps(a9, y, x); a10 = _mm256_fmadd_ps(a10, y, x); a11 = _mm256_fmadd_ps(a11, y, x);
    }
    __m256 s = _mm256_add_ps(_mm256_add_ps(_mm256_add_ps(a0, a1), _mm256_add_ps(a2, a3)),
                             _mm256_add_ps(_mm256_add_ps(a4, a5), _mm256_add_ps(a6, a7)));
    s = _mm256_add_ps(s, _mm256_add_ps(_mm256_add_ps(a8, a9), _mm256_add_ps(a10, a11)));
    float out[8];
    _mm256_storeu_ps(out, s);
    return out[0];
}
#endif

// The portable loop: 8 chains of a multiply and an add (2 flops each, not fused).
static float fma_loop_generic(long steps, float seed) {
    float a[8];
    for (int i = 0; i < 8; i++) a[i] = seed;
    for (long s = 0; s < steps; s++)
        for (int i = 0; i < 8; i++) a[i] = a[i] * 0.999999f + seed;
    return a[0] + a[1] + a[2] + a[3] + a[4] + a[5] + a[6] + a[7];
}

double nk_fma_loop(long steps, float *sink) {
#if NK_X86
    if (nk_kernel_level() >= NK_LEVEL_AVX2) {
        *sink = fma_loop_avx2(steps, *sink);
        return 192.0 * (double)steps;
    }
#endif
    *sink = fma_loop_generic(steps, *sink);
    return 16.0 * (double)steps;
}
