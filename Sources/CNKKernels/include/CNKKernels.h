// C kernels of NeuralKit: the innermost loops, compiled with optimisation in every build and
// specialised per function for AVX2/FMA with a run-time CPU check.
#ifndef CNKKERNELS_H
#define CNKKERNELS_H

/// 1 when this CPU can run the AVX2/FMA kernels, else 0.
int nk_cpu_has_avx2_fma(void);

#endif
