// Elementwise kernels: exp, tanh and sigmoid over buffers (dispatching to AVX2 when available),
// and the row-vector add and column sum the layers use for biases.
#include "nk_internal.h"
#include "nk_math.h"

void nk_exp(const float *x, float *y, long count) {
#if NK_X86
    if (nk_kernel_level() >= NK_LEVEL_AVX2) { nk_exp_avx2(x, y, count); return; }
#endif
    for (long i = 0; i < count; i++) y[i] = nk_exp_scalar(x[i]);
}

void nk_tanh(const float *x, float *y, long count) {
#if NK_X86
    if (nk_kernel_level() >= NK_LEVEL_AVX2) { nk_tanh_avx2(x, y, count); return; }
#endif
    for (long i = 0; i < count; i++) y[i] = nk_tanh_scalar(x[i]);
}

void nk_sigmoid(const float *x, float *y, long count) {
#if NK_X86
    if (nk_kernel_level() >= NK_LEVEL_AVX2) { nk_sigmoid_avx2(x, y, count); return; }
#endif
    for (long i = 0; i < count; i++) y[i] = nk_sigmoid_scalar(x[i]);
}

void nk_log(const float *x, float *y, long count) {
#if NK_X86
    if (nk_kernel_level() >= NK_LEVEL_AVX2) { nk_log_avx2(x, y, count); return; }
#endif
    for (long i = 0; i < count; i++) y[i] = nk_log_scalar(x[i]);
}

// The loops below are simple enough for the auto-vectoriser; the AVX2 copies only add the
// target attribute so that it may use 8-wide registers.
static inline void add_row_vector(const float *restrict v, float *restrict x, long rows, long cols) {
    for (long i = 0; i < rows; i++, x += cols)
        for (long j = 0; j < cols; j++) x[j] += v[j];
}

static inline void sum_rows(const float *restrict x, long rows, long cols, float *restrict s) {
    for (long i = 0; i < rows; i++, x += cols)
        for (long j = 0; j < cols; j++) s[j] += x[j];
}

#if NK_X86
__attribute__((target("avx2,fma"))) static void add_row_vector_avx2(const float *v, float *x, long rows, long cols) {
    add_row_vector(v, x, rows, cols);
}
__attribute__((target("avx2,fma"))) static void sum_rows_avx2(const float *x, long rows, long cols, float *s) {
    sum_rows(x, rows, cols, s);
}
#endif

void nk_add_row_vector(const float *v, float *x, long rows, long cols) {
#if NK_X86
    if (nk_kernel_level() >= NK_LEVEL_AVX2) { add_row_vector_avx2(v, x, rows, cols); return; }
#endif
    add_row_vector(v, x, rows, cols);
}

void nk_sum_rows(const float *x, long rows, long cols, float *s) {
#if NK_X86
    if (nk_kernel_level() >= NK_LEVEL_AVX2) { sum_rows_avx2(x, rows, cols, s); return; }
#endif
    sum_rows(x, rows, cols, s);
}

// s[j] = max(s[j], |x[i, j] − ref[j]|): which columns vary (PCA skips the constant ones).
__attribute__((always_inline)) static inline void column_spread(const float *restrict x, long rows, long cols, const float *restrict ref, float *restrict s) {
    for (long i = 0; i < rows; i++, x += cols)
        for (long j = 0; j < cols; j++) {
            float a = x[j] - ref[j];
            a = a < 0 ? -a : a;
            s[j] = a > s[j] ? a : s[j];
        }
}
#if NK_X86
__attribute__((target("avx2,fma"))) static void column_spread_avx2(const float *x, long rows, long cols, const float *ref, float *s) {
    column_spread(x, rows, cols, ref, s);
}
#endif

void nk_column_spread(const float *x, long rows, long cols, const float *ref, float *s) {
#if NK_X86
    if (nk_kernel_level() >= NK_LEVEL_AVX2) { column_spread_avx2(x, rows, cols, ref, s); return; }
#endif
    column_spread(x, rows, cols, ref, s);
}

// Branch-free selects, so that -O3 vectorises them at every kernel level (they are bound by
// memory bandwidth, not arithmetic: no AVX2 version is needed).
void nk_relu(const float *x, float *y, long count) {
    for (long i = 0; i < count; i++) y[i] = 0 >= x[i] ? 0 : x[i];
}

void nk_relu_backward(const float *x, const float *d, float *dx, long count) {
    for (long i = 0; i < count; i++) {
        float di = d[i];                       // loaded unconditionally: a select, not a branch
        dx[i] = x[i] > 0 ? di : 0;
    }
}
