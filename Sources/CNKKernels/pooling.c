// Max and average pooling over channels-last (NHWC) windows, forward and backward (no padding).
//
// Channels are innermost and every loop over them is branch-free, so that clang vectorises it
// (the AVX2 copies only add the target attribute). Max pooling routes each gradient to the first
// maximal element of its window, as PyTorch does; NaN never wins a comparison.
#include "nk_internal.h"

#include <string.h>

typedef struct { long batch, inH, inW, c, kH, kW, strideH, strideW, outH, outW; } pool_geometry;

static pool_geometry geometry(long batch, long inH, long inW, long c, long kH, long kW, long strideH, long strideW) {
    pool_geometry g = { batch, inH, inW, c, kH, kW, strideH, strideW,
                        (inH - kH) / strideH + 1, (inW - kW) / strideW + 1 };
    return g;
}

__attribute__((always_inline)) static inline void pool_forward(const float *restrict x, float *restrict y, pool_geometry g, int useMax) {
    long c = g.c;
    float scale = 1.0f / (float)(g.kH * g.kW);
    float *out = y;
    for (long n = 0; n < g.batch; n++) {
        const float *image = x + n * g.inH * g.inW * c;
        for (long i = 0; i < g.outH; i++) {
            for (long j = 0; j < g.outW; j++, out += c) {
                const float *corner = image + (i * g.strideH * g.inW + j * g.strideW) * c;
                memcpy(out, corner, (size_t)c * sizeof(float));
                for (long a = 0; a < g.kH; a++) {
                    for (long b = 0; b < g.kW; b++) {
                        if (a == 0 && b == 0) continue;
                        const float *v = corner + (a * g.inW + b) * c;
                        if (useMax) { for (long q = 0; q < c; q++) out[q] = v[q] > out[q] ? v[q] : out[q]; }
                        else { for (long q = 0; q < c; q++) out[q] += v[q]; }
                    }
                }
                if (!useMax) for (long q = 0; q < c; q++) out[q] *= scale;
            }
        }
    }
}

enum { POOL_CHUNK = 64 };   // channels handled at once by the max backward (its scratch on the stack)

__attribute__((always_inline)) static inline void pool_backward(const float *restrict x, const float *restrict d, float *restrict dx,
                                 pool_geometry g, int useMax) {
    long c = g.c;
    float scale = 1.0f / (float)(g.kH * g.kW);
    // Disjoint windows tiling the input let max pooling assign instead of accumulate.
    int tiles = useMax && g.strideH == g.kH && g.strideW == g.kW && g.outH * g.kH == g.inH && g.outW * g.kW == g.inW;
    if (!tiles) memset(dx, 0, (size_t)(g.batch * g.inH * g.inW * c) * sizeof(float));
    const float *dOut = d;
    float best[POOL_CHUNK], left[POOL_CHUNK];
    for (long n = 0; n < g.batch; n++) {
        long offset = n * g.inH * g.inW * c;
        for (long i = 0; i < g.outH; i++) {
            for (long j = 0; j < g.outW; j++, dOut += c) {
                long corner = offset + (i * g.strideH * g.inW + j * g.strideW) * c;
                if (!useMax) {
                    for (long a = 0; a < g.kH; a++)
                        for (long b = 0; b < g.kW; b++) {
                            float *target = dx + corner + (a * g.inW + b) * c;
                            for (long q = 0; q < c; q++) target[q] += dOut[q] * scale;
                        }
                    continue;
                }
                for (long q0 = 0; q0 < c; q0 += POOL_CHUNK) {
                    long m = c - q0 < POOL_CHUNK ? c - q0 : POOL_CHUNK;
                    const float *first = x + corner + q0;
                    for (long q = 0; q < m; q++) best[q] = first[q];
                    for (long a = 0; a < g.kH; a++)
                        for (long b = 0; b < g.kW; b++) {
                            const float *v = first + (a * g.inW + b) * c;
                            for (long q = 0; q < m; q++) best[q] = v[q] > best[q] ? v[q] : best[q];
                        }
                    // `left` holds δ until the window's maximum is met, 0 after.
                    for (long q = 0; q < m; q++) left[q] = dOut[q0 + q];
                    for (long a = 0; a < g.kH; a++)
                        for (long b = 0; b < g.kW; b++) {
                            long e = corner + (a * g.inW + b) * c + q0;
                            for (long q = 0; q < m; q++) {
                                int hit = x[e + q] == best[q];
                                float share = hit ? left[q] : 0.0f;
                                dx[e + q] = tiles ? share : dx[e + q] + share;
                                left[q] = hit ? 0.0f : left[q];
                            }
                        }
                }
            }
        }
    }
}

#if NK_X86
__attribute__((target("avx2,fma"))) static void pool_forward_avx2(const float *x, float *y, pool_geometry g, int useMax) {
    pool_forward(x, y, g, useMax);
}
__attribute__((target("avx2,fma"))) static void pool_backward_avx2(const float *x, const float *d, float *dx, pool_geometry g, int useMax) {
    pool_backward(x, d, dx, g, useMax);
}
#endif

void nk_pool_forward(const float *x, float *y, long batch, long inH, long inW, long c,
                     long kH, long kW, long strideH, long strideW, int useMax) {
    pool_geometry g = geometry(batch, inH, inW, c, kH, kW, strideH, strideW);
#if NK_X86
    if (nk_kernel_level() >= NK_LEVEL_AVX2) { pool_forward_avx2(x, y, g, useMax); return; }
#endif
    pool_forward(x, y, g, useMax);
}

void nk_pool_backward(const float *x, const float *d, float *dx, long batch, long inH, long inW, long c,
                      long kH, long kW, long strideH, long strideW, int useMax) {
    pool_geometry g = geometry(batch, inH, inW, c, kH, kW, strideH, strideW);
#if NK_X86
    if (nk_kernel_level() >= NK_LEVEL_AVX2) { pool_backward_avx2(x, d, dx, g, useMax); return; }
#endif
    pool_backward(x, d, dx, g, useMax);
}
