// im2col for channels-last (NHWC) convolutions: every window of the input copied into one row.
#include "nk_internal.h"

#include <string.h>

// n floats from src to dst: 4 at a time, the last 4 overlapping the previous ones instead of a
// scalar tail (a 5-float window row is two moves).
static inline void copy_run(const float *src, float *dst, long n) {
    if (n < 4) {
        for (long q = 0; q < n; q++) dst[q] = src[q];
        return;
    }
    long q = 0;
    for (; q + 4 <= n; q += 4) memcpy(dst + q, src + q, 4 * sizeof(float));
    if (q < n) memcpy(dst + n - 4, src + n - 4, 4 * sizeof(float));
}

void nk_im2col(const float *x, float *cols, long batch, long inH, long inW, long c,
               long kH, long kW, long strideH, long strideW, long padH, long padW, int onesColumn) {
    long outH = (inH + 2 * padH - kH) / strideH + 1, outW = (inW + 2 * padW - kW) / strideW + 1;
    long patch = kH * kW * c, rowStride = patch + (onesColumn ? 1 : 0), run = kW * c;
    float *row = cols;
    for (long n = 0; n < batch; n++) {
        const float *image = x + n * inH * inW * c;
        for (long i = 0; i < outH; i++) {
            long h0 = i * strideH - padH;
            for (long j = 0; j < outW; j++, row += rowStride) {
                long w0 = j * strideW - padW;
                int inside = h0 >= 0 && h0 + kH <= inH && w0 >= 0 && w0 + kW <= inW;
                if (inside) {     // the common case: kH contiguous runs
                    const float *src = image + (h0 * inW + w0) * c;
                    for (long a = 0; a < kH; a++) copy_run(src + a * inW * c, row + a * run, run);
                } else {
                    for (long a = 0; a < kH; a++) {
                        long h = h0 + a;
                        float *dst = row + a * run;
                        if (h < 0 || h >= inH) { memset(dst, 0, (size_t)run * sizeof(float)); continue; }
                        for (long b = 0; b < kW; b++) {
                            long w = w0 + b;
                            if (w >= 0 && w < inW) memcpy(dst + b * c, image + (h * inW + w) * c, (size_t)c * sizeof(float));
                            else memset(dst + b * c, 0, (size_t)c * sizeof(float));
                        }
                    }
                }
                if (onesColumn) row[patch] = 1;
            }
        }
    }
}
