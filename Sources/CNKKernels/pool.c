// The persistent worker pool behind parallel GEMM: spin briefly, then sleep on a condition.
//
// Waking a sleeping thread costs 10-70 µs on the target machine, longer than a whole W1 GEMM
// half, so workers spin for a while after each job (consecutive GEMMs of a training step then
// start in about a microsecond) and only then sleep on a condition variable.
#include "nk_internal.h"

#include <pthread.h>
#include <stdatomic.h>
#include <time.h>
#if defined(__x86_64__)
#include <immintrin.h>
#define NK_PAUSE() _mm_pause()
#elif defined(__aarch64__)
#define NK_PAUSE() __asm__ __volatile__("yield")
#else
#define NK_PAUSE() ((void)0)
#endif

enum { NK_MAX_WORKERS = 63 };
static const long NK_SPIN_NANOSECONDS = 200000;   // 0.2 ms of spinning before sleeping

static pthread_mutex_t busy = PTHREAD_MUTEX_INITIALIZER;   // one parallel job at a time
static pthread_mutex_t sleep_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t wake = PTHREAD_COND_INITIALIZER;
static int sleepers;                 // guarded by sleep_lock
static int workers;                  // started so far; guarded by busy

// A job is published by bumping `generation`, whose low 8 bits carry the job's task count, so a
// worker reads its job number and whether it takes part in one atomic load.
static _Atomic unsigned long generation;
static _Atomic int remaining;        // worker tasks of the current job not yet finished
static nk_task_fn job_fn;            // written under busy before generation is bumped
static void *job_ctx;
static unsigned long start_generation[NK_MAX_WORKERS + 1];   // written before each worker starts

static long now_ns(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (long)t.tv_sec * 1000000000L + t.tv_nsec;
}

static void *worker_main(void *arg) {
    int index = (int)(long)arg;      // this worker runs task `index` (1-based; 0 is the caller)
    unsigned long seen = start_generation[index];   // jobs published after this one are ours
    for (;;) {
        // Spin, then sleep, until a new job is published.
        long start = now_ns();
        unsigned long g;
        for (;;) {
            for (int i = 0; i < 64; i++) {
                g = atomic_load_explicit(&generation, memory_order_acquire);
                if (g != seen) goto run;
                NK_PAUSE();
            }
            if (now_ns() - start > NK_SPIN_NANOSECONDS) break;
        }
        pthread_mutex_lock(&sleep_lock);
        sleepers++;
        while ((g = atomic_load_explicit(&generation, memory_order_acquire)) == seen)
            pthread_cond_wait(&wake, &sleep_lock);
        sleepers--;
        pthread_mutex_unlock(&sleep_lock);
    run:
        seen = g;
        if (index < (int)(g & 0xff)) {
            job_fn(job_ctx, index);
            atomic_fetch_sub_explicit(&remaining, 1, memory_order_release);
        }
    }
    return NULL;
}

void nk_parallel_run(nk_task_fn fn, void *ctx, int tasks) {
    if (tasks > NK_MAX_WORKERS + 1) tasks = NK_MAX_WORKERS + 1;
    if (tasks <= 1 || pthread_mutex_trylock(&busy) != 0) {
        for (int i = 0; i < tasks; i++) fn(ctx, i);
        return;
    }
    while (workers < tasks - 1) {
        pthread_t thread;
        pthread_attr_t attr;
        pthread_attr_init(&attr);
        pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
        start_generation[workers + 1] = atomic_load(&generation);
        int failed = pthread_create(&thread, &attr, worker_main, (void *)(long)(workers + 1));
        pthread_attr_destroy(&attr);
        if (failed) break;
        workers++;
    }
    int used = tasks <= workers + 1 ? tasks : workers + 1;
    job_fn = fn;
    job_ctx = ctx;
    atomic_store_explicit(&remaining, used - 1, memory_order_relaxed);
    unsigned long g = atomic_load_explicit(&generation, memory_order_relaxed);
    atomic_store_explicit(&generation, (((g >> 8) + 1) << 8) | (unsigned long)used, memory_order_release);
    pthread_mutex_lock(&sleep_lock);
    if (sleepers > 0) pthread_cond_broadcast(&wake);
    pthread_mutex_unlock(&sleep_lock);

    fn(ctx, 0);
    for (int i = used; i < tasks; i++) fn(ctx, i);    // tasks no worker could take
    while (atomic_load_explicit(&remaining, memory_order_acquire) > 0) NK_PAUSE();
    pthread_mutex_unlock(&busy);
}
