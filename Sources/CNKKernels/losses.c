// Binary cross-entropy on probabilities, fused: one pass over a batch checks that every
// prediction is a probability, and gives each row's loss (summed in double) and the gradient.
// The reference is BCELoss's separate forward and backward in Swift (NKLosses).
#include "nk_internal.h"
#include "nk_math.h"

int nk_bce(const float *p, const float *y, long rows, long cols, float scale, double *loss, float *grad) {
#if NK_X86
    if (nk_kernel_level() >= NK_LEVEL_AVX2) return nk_bce_avx2(p, y, rows, cols, scale, loss, grad);
#endif
    for (long i = 0; i < rows * cols; i++)
        if (!(p[i] >= 0.0f && p[i] <= 1.0f)) return 1;
    for (long r = 0; r < rows; r++) {
        double s = 0;
        for (long j = r * cols; j < (r + 1) * cols; j++) {
            s -= nk_bce_term(p[j], y[j]);
            grad[j] = nk_bce_gradient(p[j], y[j], scale);
        }
        loss[r] = s;
    }
    return 0;
}
