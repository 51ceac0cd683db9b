// The parameter updates of the optimisers (Optimizer in NKTrain), one pass over a parameter each.
// The loops are written in PyTorch's order of operations (torch.optim's single-tensor path) and
// compiled without FMA contraction, so they give exactly what their naive Swift references in
// NaiveKernels give; restrict lets the vectoriser use whole registers for the square roots and
// divisions. Scalars are precomputed by the caller (bias corrections, step sizes).
#include "nk_internal.h"
#include <math.h>

// d = g + wd·v;  b = first ? d : μ·b + d;  v -= lr·(nesterov ? d + μ·b : b)   (μ = 0: v -= lr·d)
__attribute__((always_inline)) static inline void sgd_step(float *restrict v, const float *restrict g, float *restrict b, long n,
                 float lr, float wd, float mu, int nesterov, int first) {
    if (mu == 0) {
        for (long i = 0; i < n; i++) v[i] -= lr * (g[i] + wd * v[i]);
        return;
    }
    for (long i = 0; i < n; i++) {
        float d = g[i] + wd * v[i];
        float bi = first ? d : mu * b[i] + d;
        b[i] = bi;
        v[i] -= lr * (nesterov ? d + mu * bi : bi);
    }
}

// v ← v·shrink (AdamW; shrink = 1 for Adam); d = g + coupled·v;  m += (d − m)·(1 − β₁);
// s = s·β₂ + (1 − β₂)·d·d;  v −= stepSize·m / (√s / correction2 + eps)
__attribute__((always_inline)) static inline void adam_step(float *restrict v, const float *restrict g, float *restrict m, float *restrict s, long n,
                  float step_size, float correction2, float beta1, float beta2, float eps, float coupled, float shrink) {
    float a = 1 - beta1, c = 1 - beta2;
    for (long i = 0; i < n; i++) {
        float vi = v[i] * shrink;
        float d = g[i] + coupled * vi;
        float mi = m[i] + (d - m[i]) * a;
        float si = s[i] * beta2 + c * d * d;
        m[i] = mi;
        s[i] = si;
        v[i] = vi - step_size * mi / (sqrtf(si) / correction2 + eps);
    }
}

// d = g + wd·v;  s = s·α + (1 − α)·d·d;  q = d / (√s + eps);  μ > 0: b = μ·b + q, v −= lr·b; else v −= lr·q
__attribute__((always_inline)) static inline void rmsprop_step(float *restrict v, const float *restrict g, float *restrict s, float *restrict b, long n,
                     float lr, float alpha, float eps, float wd, float mu) {
    float c = 1 - alpha;
    for (long i = 0; i < n; i++) {
        float d = g[i] + wd * v[i];
        float si = s[i] * alpha + c * d * d;
        s[i] = si;
        float q = d / (sqrtf(si) + eps);
        if (mu > 0) { float bi = mu * b[i] + q; b[i] = bi; v[i] -= lr * bi; }
        else v[i] -= lr * q;
    }
}

// d = g + wd·v;  S += d·d;  v −= lr·d / (√S + eps)
__attribute__((always_inline)) static inline void adagrad_step(float *restrict v, const float *restrict g, float *restrict s, long n, float lr, float eps, float wd) {
    for (long i = 0; i < n; i++) {
        float d = g[i] + wd * v[i];
        float si = s[i] + d * d;
        s[i] = si;
        v[i] -= lr * d / (sqrtf(si) + eps);
    }
}

// The AVX2 copies only add the target attribute, so that the vectoriser may use 8-wide registers.
#if NK_X86
__attribute__((target("avx2,fma"))) static void sgd_step_avx2(float *v, const float *g, float *b, long n, float lr, float wd, float mu, int nesterov, int first) { sgd_step(v, g, b, n, lr, wd, mu, nesterov, first); }
__attribute__((target("avx2,fma"))) static void adam_step_avx2(float *v, const float *g, float *m, float *s, long n, float step_size, float correction2, float beta1, float beta2, float eps, float coupled, float shrink) { adam_step(v, g, m, s, n, step_size, correction2, beta1, beta2, eps, coupled, shrink); }
__attribute__((target("avx2,fma"))) static void rmsprop_step_avx2(float *v, const float *g, float *s, float *b, long n, float lr, float alpha, float eps, float wd, float mu) { rmsprop_step(v, g, s, b, n, lr, alpha, eps, wd, mu); }
__attribute__((target("avx2,fma"))) static void adagrad_step_avx2(float *v, const float *g, float *s, long n, float lr, float eps, float wd) { adagrad_step(v, g, s, n, lr, eps, wd); }
#endif

void nk_sgd_step(float *v, const float *g, float *b, long n, float lr, float wd, float mu, int nesterov, int first) {
#if NK_X86
    if (nk_kernel_level() >= NK_LEVEL_AVX2) { sgd_step_avx2(v, g, b, n, lr, wd, mu, nesterov, first); return; }
#endif
    sgd_step(v, g, b, n, lr, wd, mu, nesterov, first);
}

void nk_adam_step(float *v, const float *g, float *m, float *s, long n, float step_size, float correction2, float beta1, float beta2, float eps, float coupled, float shrink) {
#if NK_X86
    if (nk_kernel_level() >= NK_LEVEL_AVX2) { adam_step_avx2(v, g, m, s, n, step_size, correction2, beta1, beta2, eps, coupled, shrink); return; }
#endif
    adam_step(v, g, m, s, n, step_size, correction2, beta1, beta2, eps, coupled, shrink);
}

void nk_rmsprop_step(float *v, const float *g, float *s, float *b, long n, float lr, float alpha, float eps, float wd, float mu) {
#if NK_X86
    if (nk_kernel_level() >= NK_LEVEL_AVX2) { rmsprop_step_avx2(v, g, s, b, n, lr, alpha, eps, wd, mu); return; }
#endif
    rmsprop_step(v, g, s, b, n, lr, alpha, eps, wd, mu);
}

void nk_adagrad_step(float *v, const float *g, float *s, long n, float lr, float eps, float wd) {
#if NK_X86
    if (nk_kernel_level() >= NK_LEVEL_AVX2) { adagrad_step_avx2(v, g, s, n, lr, eps, wd); return; }
#endif
    adagrad_step(v, g, s, n, lr, eps, wd);
}
