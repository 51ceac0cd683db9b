// The persistent worker pool behind parallel GEMM: spin briefly, then sleep on a condition.
//
// Waking a sleeping thread costs 10-70 µs on the target machine, longer than half a W1 GEMM,
// so workers spin for a while after each job (consecutive GEMMs of a training step then start
// in well under a microsecond) and only then sleep on a condition variable.
//
// The machine is shared, so a worker may be descheduled at any moment. Jobs are therefore split
// into more chunks than threads, taken from a shared counter, and a worker must *join* a job
// before it touches it: when the caller has run out of chunks it closes the job, and it waits
// only for workers that joined. A late worker costs nothing; the caller then does the work alone.
// On a loaded machine (more runnable threads than cores) both waits yield the core: an idle worker
// after its first 5 µs of spinning, the caller after ~2000 pauses for a joined worker's last piece.
#include "nk_internal.h"

#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdint.h>
#include <time.h>
#if NK_X86
#include <immintrin.h>
#define NK_PAUSE() _mm_pause()
#elif defined(__aarch64__)
#define NK_PAUSE() __asm__ __volatile__("yield")
#else
#define NK_PAUSE() ((void)0)
#endif

enum { NK_MAX_WORKERS = 63 };
static const long NK_SPIN_NANOSECONDS = 200000;   // 0.2 ms of spinning before sleeping
static const long NK_YIELD_AFTER_NANOSECONDS = 5000;
enum { NK_WAIT_SPINS = 2000 };                      // pause loops (~10-60 µs) before the caller yields

// Job state, one atomic word: generation (high 32 bits) | closed flag (bit 31) | tasks allowed
// (bits 24-30) | workers joined (low 24 bits).
static _Atomic uint64_t state;
#define GEN(s) ((s) >> 32)
#define CLOSED ((uint64_t)1 << 31)
#define TASKS(s) ((int)(((s) >> 24) & 0x7f))
#define JOINED(s) ((s) & 0xffffff)

static pthread_mutex_t busy = PTHREAD_MUTEX_INITIALIZER;   // one parallel job at a time
static pthread_mutex_t sleep_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t wake = PTHREAD_COND_INITIALIZER;
static int sleepers;                 // guarded by sleep_lock
static int workers;                  // started so far; guarded by busy
static nk_task_fn job_fn;            // written under busy before the generation is bumped
static void *job_ctx;

static long now_ns(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (long)t.tv_sec * 1000000000L + t.tv_nsec;
}

static void *worker_main(void *arg) {
    int index = (int)(long)arg;      // 1-based; 0 is the caller
    uint64_t seen = GEN(atomic_load(&state));
    for (;;) {
        long start = now_ns();
        uint64_t s = atomic_load_explicit(&state, memory_order_acquire);
        while (GEN(s) == seen) {
            for (int i = 0; i < 64 && GEN(s) == seen; i++) {
                NK_PAUSE();
                s = atomic_load_explicit(&state, memory_order_acquire);
            }
            if (GEN(s) != seen) continue;
            long spun = now_ns() - start;
            // Past the first microseconds, spin by yielding: on a loaded machine this worker may
            // share a core with the thread that will post the next job, and must not slow it down.
            if (spun >= NK_YIELD_AFTER_NANOSECONDS) sched_yield();
            if (spun < NK_SPIN_NANOSECONDS) continue;
            pthread_mutex_lock(&sleep_lock);
            sleepers++;
            while (GEN(s = atomic_load_explicit(&state, memory_order_acquire)) == seen)
                pthread_cond_wait(&wake, &sleep_lock);
            sleepers--;
            pthread_mutex_unlock(&sleep_lock);
        }
        seen = GEN(s);
        // Join the job if it is still open and has room for this worker.
        while (GEN(s) == seen && !(s & CLOSED) && index < TASKS(s)) {
            if (atomic_compare_exchange_weak_explicit(&state, &s, s + 1, memory_order_acquire, memory_order_acquire)) {
                job_fn(job_ctx, index);
                atomic_fetch_sub_explicit(&state, 1, memory_order_release);
                break;
            }
        }
    }
    return NULL;
}

// A worker reads its starting generation from `state` when it starts, which may be after the
// first job is published; so workers are started when the job before is closed, never during one.
static void start_workers(int wanted) {
    while (workers < wanted && workers < NK_MAX_WORKERS) {
        pthread_t thread;
        pthread_attr_t attr;
        pthread_attr_init(&attr);
        pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
        int failed = pthread_create(&thread, &attr, worker_main, (void *)(long)(workers + 1));
        pthread_attr_destroy(&attr);
        if (failed) return;
        workers++;
    }
}

void nk_parallel_run(nk_task_fn fn, void *ctx, int tasks) {
    if (tasks > NK_MAX_WORKERS + 1) tasks = NK_MAX_WORKERS + 1;
    if (tasks <= 1 || pthread_mutex_trylock(&busy) != 0) {
        fn(ctx, 0);
        return;
    }
    start_workers(tasks - 1);
    job_fn = fn;
    job_ctx = ctx;
    uint64_t s = atomic_load_explicit(&state, memory_order_relaxed);
    atomic_store_explicit(&state, ((GEN(s) + 1) << 32) | ((uint64_t)tasks << 24), memory_order_release);
    pthread_mutex_lock(&sleep_lock);
    if (sleepers > 0) pthread_cond_broadcast(&wake);
    pthread_mutex_unlock(&sleep_lock);

    fn(ctx, 0);
    s = atomic_fetch_or_explicit(&state, CLOSED, memory_order_acq_rel);
    // A joined worker normally finishes its last piece within microseconds; one that does not
    // has been descheduled (a loaded machine), and spinning here would keep the core from it.
    // So after a short spin, yield the core on every check.
    long waited = 0;
    while (JOINED(atomic_load_explicit(&state, memory_order_acquire)) != 0) {
        if (waited < NK_WAIT_SPINS) { NK_PAUSE(); waited++; } else sched_yield();
    }
    pthread_mutex_unlock(&busy);
}

// MARK: - Pieces with owners

void nk_pieces_init(nk_pieces *p, long count, int tasks) {
    p->count = count;
    p->tasks = tasks;
    for (long i = 0; i < count; i++) atomic_init(&p->taken[i], 0);
}

// Task t owns the contiguous pieces [t·count/tasks, (t+1)·count/tasks): it takes them first, in
// order, then any piece still untaken. So on a quiet machine the same thread computes the same
// part of a matrix job after job (the first rows of a weight matrix in the forward product, the
// gradient product and the optimizer's update), and its cache lines never cross to the other
// core; a late or descheduled task's pieces are still done by whoever gets there first.
long nk_pieces_next(nk_pieces *p, int task, long *cursor) {
    long own0 = (long)task * p->count / p->tasks, own1 = (long)(task + 1) * p->count / p->tasks;
    for (long c; (c = *cursor) < p->count + (own1 - own0); (*cursor)++) {
        long piece = c < own1 - own0 ? own0 + c : c - (own1 - own0);
        if (c >= own1 - own0 && piece >= own0 && piece < own1) continue;   // own pieces were tried
        if (!atomic_exchange_explicit(&p->taken[piece], 1, memory_order_relaxed)) {
            (*cursor)++;
            return piece;
        }
    }
    return -1;
}

// MARK: - Parallel loops over ranges

typedef struct {
    nk_range_fn fn;
    void *ctx;
    long count, chunks;
    int level;               // the caller's kernel level: a worker runs its ranges at that level
    nk_pieces pieces;
} range_job;

static void run_ranges(void *ctx, int index) {
    range_job *job = ctx;
    int previous = index == 0 ? 0 : nk_set_kernel_level(job->level);
    long cursor = 0;
    for (long c; (c = nk_pieces_next(&job->pieces, index, &cursor)) >= 0;)
        job->fn(job->ctx, c * job->count / job->chunks, (c + 1) * job->count / job->chunks);
    if (index != 0) nk_set_kernel_level(previous);
}

void nk_parallel_for(nk_range_fn fn, void *ctx, long count, long grain) {
    if (count <= 0) return;
    if (grain < 1) grain = 1;
    int threads = nk_effective_thread_count();
    if (threads <= 1 || count < 2 * grain) {
        fn(ctx, 0, count);
        return;
    }
    // A few chunks per thread, so that a late or descheduled worker leaves little undone, and a
    // multiple of the thread count, so that each thread owns as many (64 rows of a batch gathered
    // with a grain of 20 were 3 chunks: one thread copied twice the rows of the other).
    long chunks = count / grain;
    if (chunks > 4L * threads) chunks = 4L * threads;
    if (chunks > threads) chunks -= chunks % threads;
    range_job job = {fn, ctx, count, chunks, nk_kernel_level()};
    int tasks = chunks < threads ? (int)chunks : threads;
    nk_pieces_init(&job.pieces, chunks, tasks);
    nk_parallel_run(run_ranges, &job, tasks);
}
