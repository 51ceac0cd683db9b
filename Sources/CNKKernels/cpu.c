// Run-time CPU feature detection, kernel-level and thread-count settings, per-thread scratch.
#include "nk_internal.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int nk_cpu_has_avx2_fma(void) {
#if NK_X86
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
#else
    return 0;
#endif
}

int nk_cpu_has_avx512(void) {
#if NK_X86
    __builtin_cpu_init();
    // The runtime's feature bits include the OS check that zmm state is saved (XGETBV).
    return nk_cpu_has_avx2_fma() && __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512vl");
#else
    return 0;
#endif
}

// The best level this CPU runs, capped by `cap`.
static int best_level(int cap) {
    if (cap >= NK_LEVEL_AVX512 && nk_cpu_has_avx512()) return NK_LEVEL_AVX512;
    if (cap >= NK_LEVEL_AVX2 && nk_cpu_has_avx2_fma()) return NK_LEVEL_AVX2;
    return NK_LEVEL_GENERIC;
}

// MARK: - Process-wide defaults, computed once

static pthread_once_t defaults_once = PTHREAD_ONCE_INIT;
static int default_level;            // best level allowed by the CPU and NEURALKIT_KERNEL
static _Atomic int thread_count;     // process-wide thread count

static void init_defaults(void) {
    const char *kernel = getenv("NEURALKIT_KERNEL");
    int cap = NK_LEVEL_AVX512;
    if (kernel && strcmp(kernel, "generic") == 0) cap = NK_LEVEL_GENERIC;
    if (kernel && strcmp(kernel, "avx2") == 0) cap = NK_LEVEL_AVX2;
    default_level = best_level(cap);

    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    int count = cores > 0 ? (int)cores : 1;
    const char *env = getenv("NEURALKIT_THREADS");
    if (env) {
        long v = strtol(env, NULL, 10);
        if (v >= 1) count = (int)v;
    }
    atomic_store(&thread_count, count < 1 ? 1 : (count > 64 ? 64 : count));
}

// MARK: - Per-thread overrides (test hooks; safe under parallel tests)

static _Thread_local int level_override = -1;
static _Thread_local int threads_override = 0;
static _Thread_local long min_work_override = -1;
static _Thread_local int last_gemm_tasks = 1;

int nk_kernel_level(void) {
    pthread_once(&defaults_once, init_defaults);
    if (level_override >= 0) return best_level(level_override);
    return default_level;
}

int nk_set_kernel_level(int level) {
    int previous = level_override;
    level_override = level;
    return previous;
}

int nk_thread_count(void) {
    pthread_once(&defaults_once, init_defaults);
    return atomic_load_explicit(&thread_count, memory_order_relaxed);
}

void nk_set_thread_count(int count) {
    pthread_once(&defaults_once, init_defaults);
    atomic_store(&thread_count, count < 1 ? 1 : (count > 64 ? 64 : count));
}

void nk_set_thread_overrides(int threads, long minParallelWork) {
    threads_override = threads < 0 ? 0 : (threads > 64 ? 64 : threads);
    min_work_override = minParallelWork;
}

int nk_effective_thread_count(void) {
    return threads_override > 0 ? threads_override : nk_thread_count();
}

// Below this m·n·k a GEMM stays on the calling thread. Measured on the 2-core EPYC (best of 400,
// warm pool): 16×100×100 (160k) 4.1 µs on one thread vs 3.8 on two; 64×64×64 (262k) 7.5 vs 4.0;
// 50×100×256 (1.3M) 34 vs 25; 100×784×64 (5M) 115 vs 69.
enum { NK_DEFAULT_MIN_PARALLEL_WORK = 200000 };

long nk_min_parallel_work(void) {
    return min_work_override >= 0 ? min_work_override : NK_DEFAULT_MIN_PARALLEL_WORK;
}

// Below this n·k a batch-1 product (a GEMV) stays on the calling thread: the W1 network's
// 784×100 layer (78k) gains from two cores, its 100×10 one (1k) would only pay the hand-off.
enum { NK_DEFAULT_MIN_PARALLEL_GEMV = 32768 };

long nk_min_parallel_gemv(void) {
    return min_work_override >= 0 ? min_work_override : NK_DEFAULT_MIN_PARALLEL_GEMV;
}

void nk_note_gemm_tasks(int tasks) { last_gemm_tasks = tasks; }
int nk_last_gemm_tasks(void) { return last_gemm_tasks; }

// MARK: - Scratch buffers

enum { NK_SCRATCH_SLOTS = 4 };
static _Thread_local void *scratch_ptr[NK_SCRATCH_SLOTS];
static _Thread_local size_t scratch_cap[NK_SCRATCH_SLOTS];
static pthread_key_t scratch_key;              // frees a thread's buffers when it exits
static pthread_once_t scratch_once = PTHREAD_ONCE_INIT;

static void free_scratch(void *unused) {
    (void)unused;
    for (int i = 0; i < NK_SCRATCH_SLOTS; i++) {
        free(scratch_ptr[i]);
        scratch_ptr[i] = NULL;
        scratch_cap[i] = 0;
    }
}

static void make_scratch_key(void) { pthread_key_create(&scratch_key, free_scratch); }

void *nk_scratch(int slot, size_t bytes) {
    if (scratch_cap[slot] >= bytes) return scratch_ptr[slot];
    pthread_once(&scratch_once, make_scratch_key);
    pthread_setspecific(scratch_key, (void *)1);   // any non-NULL value arms the destructor
    size_t cap = bytes < 65536 ? 65536 : bytes + bytes / 4;
    cap = (cap + 63) & ~(size_t)63;
    void *p = aligned_alloc(64, cap);
    if (!p) {
        // Out of memory for a few megabytes of packing space: nothing sensible can follow, and
        // silently skipping the product would be worse than stopping.
        fprintf(stderr, "NeuralKit: cannot allocate %zu bytes of GEMM scratch space\n", cap);
        abort();
    }
    free(scratch_ptr[slot]);
    scratch_ptr[slot] = p;
    scratch_cap[slot] = cap;
    return p;
}
