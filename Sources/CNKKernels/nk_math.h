// The scalar form of NeuralKit's exp/tanh/sigmoid algorithms: the generic kernels, and the
// specification the AVX2 versions in elementwise_avx2.c follow lane by lane (with FMA, and the
// same polynomials evaluated by Estrin's scheme).
//
// exp(x): n = round(x·log2 e), r = x − n·ln2 (ln2 split in two, Cody–Waite, so n·ln2_hi is exact),
// |r| ≤ ln2/2, e^r by its Taylor polynomial to degree 7 (truncation r⁸/8! < 6e-9), times 2^n
// built in the exponent bits in two halves so that results down to the subnormals and up to
// overflow (→ +inf) come out right. Inputs are clamped to [-104, 88.8] first, past which the
// result is 0 or +inf anyway; the comparisons are written so that NaN passes through.
// tanh(x) = sign(x)·m/(m + 2) with m = expm1(2|x|) = 2^n·q + (2^n − 1), q = expm1(r), which keeps
// full relative accuracy near 0; |x| is clamped to 9.1, where tanh rounds to 1 in Float.
// sigmoid(x) = 1/(1 + exp(−x)).
#ifndef NK_MATH_H
#define NK_MATH_H

#include <float.h>
#include <math.h>
#include <stdint.h>
#include <string.h>

#define NK_LOG2E 1.44269504088896341f
#define NK_LN2_HI 0.693359375f            // 9 significant bits: n·NK_LN2_HI is exact for |n| < 2^15
#define NK_LN2_LO (-2.12194440e-4f)       // ln 2 − NK_LN2_HI
#define NK_ROUND_MAGIC 12582912.0f        // 1.5·2^23: (t + M) − M rounds t to nearest for |t| < 2^22
#define NK_EXP_MAX 88.8f
#define NK_EXP_MIN (-104.0f)
#define NK_TANH_MAX 9.1f

// Taylor coefficients 1/j!.
#define NK_C2 0.5f
#define NK_C3 0.166666666666666667f
#define NK_C4 0.0416666666666666667f
#define NK_C5 0.00833333333333333333f
#define NK_C6 0.00138888888888888889f
#define NK_C7 0.000198412698412698413f
#define NK_C8 0.0000248015873015873016f

static inline float nk_pow2i(int32_t n) {   // 2^n for -126 ≤ n ≤ 127
    uint32_t bits = (uint32_t)(n + 127) << 23;
    float f;
    memcpy(&f, &bits, sizeof f);
    return f;
}

// Rounds x·log2 e to the nearest integer n and returns r = x − n·ln 2.
static inline float nk_reduce(float x, float *n) {
    float t = (x * NK_LOG2E + NK_ROUND_MAGIC) - NK_ROUND_MAGIC;
    *n = t;
    float r = x - t * NK_LN2_HI;
    return r - t * NK_LN2_LO;
}

static inline float nk_exp_scalar(float x) {
    x = x > NK_EXP_MAX ? NK_EXP_MAX : x;
    x = x < NK_EXP_MIN ? NK_EXP_MIN : x;
    float n;
    float r = nk_reduce(x, &n);
    float p = NK_C7;
    p = p * r + NK_C6; p = p * r + NK_C5; p = p * r + NK_C4; p = p * r + NK_C3;
    p = p * r + NK_C2; p = p * r + 1.0f; p = p * r + 1.0f;
    int32_t ni = n == n ? (int32_t)n : 0;      // NaN: p is NaN already
    int32_t n1 = ni >> 1;
    return p * nk_pow2i(n1) * nk_pow2i(ni - n1);
}

static inline float nk_tanh_scalar(float x) {
    float y = 2.0f * (x < 0 ? -x : x);
    y = y > 2.0f * NK_TANH_MAX ? 2.0f * NK_TANH_MAX : y;
    float n;
    float r = nk_reduce(y, &n);
    float q = NK_C8;
    q = q * r + NK_C7; q = q * r + NK_C6; q = q * r + NK_C5; q = q * r + NK_C4;
    q = q * r + NK_C3; q = q * r + NK_C2; q = q * r + 1.0f; q = q * r;
    float s = nk_pow2i(n == n ? (int32_t)n : 0);
    float m = s * q + (s - 1.0f);
    float t = m / (m + 2.0f);
    return __builtin_copysignf(t, x);
}

static inline float nk_sigmoid_scalar(float x) {
    return 1.0f / (1.0f + nk_exp_scalar(-x));
}

// ln x: x = m·2^e with m in (√½, √2], s = (m − 1)/(m + 1), and
// ln m = 2·atanh(s) = 2s·(1 + s²/3 + s⁴/5 + s⁶/7 + s⁸/9 + …); |s| ≤ 0.172, so the terms left out
// are below 2·10⁻⁹ relative. Subnormal x is scaled by 2^23 first.
#define NK_SQRT2 1.41421356f
static inline float nk_log_poly(float s2) {
    return s2 * (1.0f / 3 + s2 * (1.0f / 5 + s2 * (1.0f / 7 + s2 * (1.0f / 9))));
}

static inline float nk_log_scalar(float x) {
    if (x != x) return x;
    if (x < 0.0f) return NAN;
    if (x == 0.0f) return -INFINITY;
    if (x == INFINITY) return x;
    int32_t e = 0;
    if (x < FLT_MIN) { x *= 8388608.0f; e = -23; }
    uint32_t bits;
    memcpy(&bits, &x, sizeof bits);
    e += (int32_t)(bits >> 23) - 127;
    bits = (bits & 0x007fffffu) | 0x3f800000u;
    float m;
    memcpy(&m, &bits, sizeof m);
    if (m > NK_SQRT2) { m *= 0.5f; e += 1; }
    float s = (m - 1.0f) / (m + 1.0f), twoS = s + s, fe = (float)e;
    return fe * NK_LN2_HI + (twoS + (twoS * nk_log_poly(s * s) + fe * NK_LN2_LO));
}

// One element of binary cross-entropy, for p in [0, 1]: y·log p + (1 − y)·log(1 − p), each log
// clamped below at −100 (as PyTorch), and the gradient scale·(p − y) / max(p(1 − p), 10⁻¹²).
static inline float nk_bce_term(float p, float y) {
    float lp = nk_log_scalar(p), lq = nk_log_scalar(1.0f - p);
    lp = lp < -100.0f ? -100.0f : lp;
    lq = lq < -100.0f ? -100.0f : lq;
    return y * lp + (1.0f - y) * lq;
}

static inline float nk_bce_gradient(float p, float y, float scale) {
    float d = p * (1.0f - p);
    return scale * (p - y) / (d > 1e-12f ? d : 1e-12f);
}

#endif
