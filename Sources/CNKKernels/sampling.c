// Bernoulli sampling of rows (an RBM's binary states): eight xoshiro256** generators per row, one
// per lane of a 512-bit register.
//
// Row r's eight generators are seeded by SplitMix64 from seed ^ r·0xD1B54A32D192ED03 (lane l takes
// its outputs 4l … 4l + 3); element j of the row uses lane j mod 8's draw number j div 8, and is 1
// when the draw's top 24 bits, scaled to [0, 1), fall below the probability. The generic loop
// below and the AVX-512 one give the same bits, and a row's samples depend only on the seed and
// the row's index: the rows can be split over threads in any way.
#include "nk_internal.h"

#include <stdint.h>
#if NK_X86
#include <immintrin.h>
#endif

enum { LANES = 8 };

// The four state words of each lane, word-major: state[w·8 + l] is word w of lane l.
static void seed_row(uint64_t seed, long row, uint64_t state[4 * LANES]) {
    uint64_t x = seed ^ ((uint64_t)row * 0xD1B54A32D192ED03ull);
    for (int l = 0; l < LANES; l++) {
        for (int w = 0; w < 4; w++) {
            x += 0x9E3779B97F4A7C15ull;
            uint64_t z = x;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
            state[w * LANES + l] = z ^ (z >> 31);
        }
    }
}

static inline uint64_t rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

static void bernoulli_row_generic(const float *p, float *out, long width, uint64_t *s) {
    for (long j0 = 0; j0 < width; j0 += LANES) {
        for (int l = 0; l < LANES; l++) {
            uint64_t *s0 = s + l, *s1 = s + LANES + l, *s2 = s + 2 * LANES + l, *s3 = s + 3 * LANES + l;
            uint64_t result = rotl(*s1 * 5, 7) * 9, t = *s1 << 17;
            *s2 ^= *s0; *s3 ^= *s1; *s1 ^= *s2; *s0 ^= *s3;
            *s2 ^= t;
            *s3 = rotl(*s3, 45);
            long j = j0 + l;
            if (j < width) out[j] = (float)(result >> 40) * (1.0f / 16777216.0f) < p[j] ? 1.0f : 0.0f;
        }
    }
}

#if NK_X86
NK_AVX512 static void bernoulli_row_avx512(const float *p, float *out, long width, const uint64_t *s) {
    __m512i s0 = _mm512_loadu_si512(s), s1 = _mm512_loadu_si512(s + LANES);
    __m512i s2 = _mm512_loadu_si512(s + 2 * LANES), s3 = _mm512_loadu_si512(s + 3 * LANES);
    const __m256 scale = _mm256_set1_ps(1.0f / 16777216.0f), one = _mm256_set1_ps(1.0f);
    for (long j = 0; j < width; j += LANES) {
        __m512i five = _mm512_add_epi64(_mm512_slli_epi64(s1, 2), s1);
        __m512i r = _mm512_rol_epi64(five, 7);
        __m512i result = _mm512_add_epi64(_mm512_slli_epi64(r, 3), r);
        __m512i t = _mm512_slli_epi64(s1, 17);
        s2 = _mm512_xor_si512(s2, s0);
        s3 = _mm512_xor_si512(s3, s1);
        s1 = _mm512_xor_si512(s1, s2);
        s0 = _mm512_xor_si512(s0, s3);
        s2 = _mm512_xor_si512(s2, t);
        s3 = _mm512_rol_epi64(s3, 45);
        __m256 u = _mm256_mul_ps(_mm256_cvtepi32_ps(_mm512_cvtepi64_epi32(_mm512_srli_epi64(result, 40))), scale);
        __mmask8 valid = width - j >= LANES ? 0xff : (__mmask8)((1u << (width - j)) - 1);
        __m256 prob = _mm256_maskz_loadu_ps(valid, p + j);
        __m256 bit = _mm256_and_ps(_mm256_cmp_ps(u, prob, _CMP_LT_OQ), one);
        _mm256_mask_storeu_ps(out + j, valid, bit);
    }
}
#endif

void nk_bernoulli_rows(const float *p, float *out, long rows, long width, uint64_t seed, long first_row) {
    uint64_t state[4 * LANES];
    for (long r = 0; r < rows; r++) {
        seed_row(seed, first_row + r, state);
#if NK_X86
        if (nk_kernel_level() >= NK_LEVEL_AVX512) {
            bernoulli_row_avx512(p + r * width, out + r * width, width, state);
            continue;
        }
#endif
        bernoulli_row_generic(p + r * width, out + r * width, width, state);
    }
}
