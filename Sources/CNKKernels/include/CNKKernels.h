// C kernels of NeuralKit: the innermost loops, compiled with optimisation in every build and
// specialised per function for AVX2/FMA with a run-time CPU check.
#ifndef CNKKERNELS_H
#define CNKKERNELS_H

#include <stdint.h>

/// 1 when this CPU can run the AVX2/FMA kernels, else 0.
int nk_cpu_has_avx2_fma(void);
/// 1 when this CPU (and its operating system) can run the AVX-512 F/VL kernels, else 0.
int nk_cpu_has_avx512(void);

// MARK: - Dispatch and threading settings

/// Kernel levels: 0 = portable C (any CPU), 1 = AVX2/FMA, 2 = AVX-512 F/VL (GEMM's small-matrix
/// path and Bernoulli sampling; everything else runs its AVX2 kernel at this level).
enum { NK_LEVEL_GENERIC = 0, NK_LEVEL_AVX2 = 1, NK_LEVEL_AVX512 = 2 };

/// The level the calling thread uses now: its override if set, else the best the CPU supports,
/// capped by the environment variable NEURALKIT_KERNEL (`generic` or `avx2`).
int nk_kernel_level(void);

/// Overrides the kernel level for the calling thread only (-1 removes the override). A level the
/// CPU cannot run falls back to the best one below it. Returns the previous override.
int nk_set_kernel_level(int level);

/// The number of threads GEMM may use (the caller included): NEURALKIT_THREADS, else the number
/// of online cores, unless set with `nk_set_thread_count`.
int nk_thread_count(void);

/// Sets the process-wide thread count (clamped to 1...64).
void nk_set_thread_count(int count);

/// Overrides, for the calling thread only, the thread count (0 removes it) and the smallest
/// m·n·k that GEMM splits over threads, and the smallest n·k of a batch-1 product it splits
/// (-1 restores the defaults). Test hooks.
void nk_set_thread_overrides(int threads, long minParallelWork);

/// How many tasks the calling thread's last GEMM ran in parallel (1 = on the calling thread).
int nk_last_gemm_tasks(void);

/// Calls fn(ctx, begin, end) on contiguous ranges that together cover 0..<count exactly once,
/// spread over the kernel threads (the caller included) when count ≥ 2·grain, else on the calling
/// thread in one call. fn must be safe to run concurrently on disjoint ranges. A call made while
/// the pool is busy (e.g. from inside fn) runs on the calling thread. Workers run fn at the caller's kernel level.
typedef void (*nk_range_fn)(void *ctx, long begin, long end);
void nk_parallel_for(nk_range_fn fn, void *ctx, long count, long grain);

// MARK: - Kernels

/// Row-major single-precision GEMM: C[m×n] = alpha·op(A)·op(B) + beta·C; see GEMM.multiply.
void nk_sgemm(int transA, int transB, long m, long n, long k, float alpha,
              const float *a, long lda, const float *b, long ldb,
              float beta, float *c, long ldc);

/// The Gram matrix of centred rows: C[d×d] = alpha·(X − 1μᵀ)ᵀ(X − 1μᵀ) for the n rows of X
/// (row-major, leading dimension ldx), on the d columns `columns` of X (NULL: the first d), with
/// mean[j] the mean of the j-th of them; mean may be NULL (no centring). C is overwritten, full
/// (both triangles), symmetric. Half the flops of the equivalent GEMM; split over the kernel
/// threads by blocks of rows. See GEMM.gram.
void nk_gram(long n, long d, const float *x, long ldx, const long *columns, const float *mean, float alpha, float *c);

/// im2col for a channels-last convolution: every kH×kW window of x (batch, inH, inW, c), zero
/// padded by padH, padW and moved by strideH, strideW, becomes one row of cols (kh, kw, c order),
/// followed by a 1 when onesColumn. See ConvolutionKernels.im2col.
void nk_im2col(const float *x, float *cols, long batch, long inH, long inW, long c,
               long kH, long kW, long strideH, long strideW, long padH, long padW, int onesColumn);

/// Max (useMax) or average pooling of x (batch, inH, inW, c), channels last, kH×kW windows moved by
/// strideH, strideW, no padding, into y (batch, outH, outW, c). See ConvolutionKernels.poolForward.
void nk_pool_forward(const float *x, float *y, long batch, long inH, long inW, long c,
                     long kH, long kW, long strideH, long strideW, int useMax);
/// Its gradient: dx (overwritten) from d (batch, outH, outW, c) and the input x; max pooling routes
/// each gradient to the first maximal element of its window.
void nk_pool_backward(const float *x, const float *d, float *dx, long batch, long inH, long inW, long c,
                      long kH, long kW, long strideH, long strideW, int useMax);

/// y[i] = tanh(x[i]); x and y may be the same buffer.
void nk_tanh(const float *x, float *y, long count);
/// y[i] = 1 / (1 + exp(-x[i])); x and y may be the same buffer.
void nk_sigmoid(const float *x, float *y, long count);
/// y[i] = exp(x[i]); x and y may be the same buffer.
void nk_exp(const float *x, float *y, long count);
/// y[i] = ln(x[i]) (−inf at 0, NaN below 0); x and y may be the same buffer.
void nk_log(const float *x, float *y, long count);

/// Binary cross-entropy of probabilities p against targets y, both (rows, cols): writes each row's
/// −Σ [y·log p + (1 − y)·log(1 − p)] (logs clamped at −100) to loss[row] and
/// scale·(p − y) / max(p(1 − p), 10⁻¹²) to grad. Returns 1, with loss and grad unspecified, when
/// some p is outside [0, 1] or NaN; else 0.
int nk_bce(const float *p, const float *y, long rows, long cols, float scale, double *loss, float *grad);

/// y[i] = max(x[i], 0), NaN propagated; x and y may be the same buffer.
void nk_relu(const float *x, float *y, long count);
/// dx[i] = d[i] where x[i] > 0, else 0; dx may be d.
void nk_relu_backward(const float *x, const float *d, float *dx, long count);

// Optimiser updates (optimizers.c): one pass over a parameter `v` of `n` values with gradient `g`
// and its state buffers; see the file for the formulas. `b` may be NULL when mu is 0.
void nk_sgd_step(float *v, const float *g, float *b, long n, float lr, float wd, float mu, int nesterov, int first);
void nk_adam_step(float *v, const float *g, float *m, float *s, long n,
                  float step_size, float correction2, float beta1, float beta2, float eps, float coupled, float shrink);
void nk_rmsprop_step(float *v, const float *g, float *s, float *b, long n, float lr, float alpha, float eps, float wd, float mu);
void nk_adagrad_step(float *v, const float *g, float *s, long n, float lr, float eps, float wd);

/// x[i, j] += v[j] for a row-major x of `rows` rows of `cols` elements.
void nk_add_row_vector(const float *v, float *x, long rows, long cols);
/// s[j] += Σᵢ x[i, j] for a row-major x of `rows` rows of `cols` elements.
void nk_sum_rows(const float *x, long rows, long cols, float *s);

/// s[j] = max(s[j], |x[i, j] − ref[j]|) over the `rows` rows of a row-major x of `cols` columns
/// (0 for a column equal to ref throughout: a constant column when ref is one of the rows).
void nk_column_spread(const float *x, long rows, long cols, const float *ref, float *s);

/// Runs `steps` steps of a multiply-add loop on registers only (the best the CPU's arithmetic
/// units can do at the calling thread's kernel level) and returns the floating-point operations
/// done; *sink seeds the loop and receives its result, so that the work cannot be optimised away.
double nk_fma_loop(long steps, float *sink);

/// Binary samples of `rows` rows of `width` probabilities (rows first_row, first_row + 1, … of a
/// larger batch): out[i] = 1 where a uniform draw falls below p[i], else 0, from generators seeded
/// by `seed` and each row's index (sampling.c), so any split of the rows gives the same result.
void nk_bernoulli_rows(const float *p, float *out, long rows, long width, uint64_t seed, long first_row);

/// glibc only: serve blocks up to 32 MB from the heap and keep up to 1 GB of freed memory, so
/// that buffers allocated once per training step are not mmap'ed and faulted in every time.
/// Returns 1 when applied, 0 elsewhere.
int nk_keep_freed_memory(void);

/// Hints the first `lines` cache lines of each row `rows[i]` of the row-major `base` (rows of
/// `row_floats` floats) into the caches: no fault, no wait (rows.c; see BatchBuffer.prefetch).
void nk_prefetch_rows(const float *base, const long *rows, long count, long row_floats, long lines);

/// dst row i = src row rows[i] (rows of `row_floats` floats), for i < count: a mini-batch gathered
/// from a data set, four rows side by side so that four memory streams are in flight (rows.c).
void nk_gather_rows(const float *src, const long *rows, long count, long row_floats, float *dst);

/// Linux only: this process is killed (SIGKILL) when its parent ends, even by SIGKILL, and at once
/// when `parent` is no longer its parent. A sweep's trial processes call it, so no trial outlives
/// its sweep. Returns 1 when applied, 0 elsewhere.
int nk_die_with_parent(int parent);

#endif
