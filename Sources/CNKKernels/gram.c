// The Gram matrix of centred rows, C = alpha · (X − 1μᵀ)ᵀ(X − 1μᵀ): PCA's covariance.
//
// A symmetric product needs only its upper triangle: half the flops of a GEMM. Rows are taken
// KC at a time; each block is centred into a scratch buffer (kc × d, row-major), which then
// serves as both operands of the GEMM micro-kernel: packed once as B (16-column panels), and read
// as A = blockᵀ: 6 columns of the block side by side (row stride 1), from the packed panel that
// holds them (column stride 16), or from the block itself (stride d) for strips across two panels.
// Only the 6 × 16 tiles that reach the diagonal or above are computed; the lower triangle is
// mirrored at the end.
//
// Determinism: the blocks of rows are dealt into GRAM_GROUPS fixed groups (block b to group
// b mod GRAM_GROUPS); a thread claims whole groups from an atomic counter and accumulates each one,
// block by block in order, into that group's own d × d matrix; the caller then sums the groups in
// order. Which thread runs a group changes nothing, so C is the same from run to run and for any
// thread count.
#include "nk_internal.h"

#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { GRAM_KC = 256, GRAM_NC = 256, GRAM_GROUPS = 4 };


typedef struct {
    long n, d, ldx;
    const long *columns;      // the columns of x used, or NULL for the first d
    const float *x, *mean;
    float **acc;              // one d × d accumulator per group (acc[0] is the caller's C)
    nk_kernel_fn kernel;
    nk_pack_fn pack;
    long blocks, groups;
    _Atomic long next;        // the next group to claim
} gram_job;

// Adds the upper-triangle tiles of blockᵀ·block (kc rows starting at row `first`) to acc.
static void gram_block(const gram_job *job, long first, float *acc, int overwrite) {
    long d = job->d, kc = job->n - first < GRAM_KC ? job->n - first : GRAM_KC;
    long panels = (d + NK_NR - 1) / NK_NR;
    float *block = nk_scratch(2, (size_t)(kc * d) * sizeof(float));
    float *packed = nk_scratch(0, (size_t)(kc * panels * NK_NR) * sizeof(float));
    for (long i = 0; i < kc; i++) {
        const float *src = job->x + (first + i) * job->ldx;
        float *dst = block + i * d;
        const long *cols = job->columns;
        if (cols) {
            for (long j = 0; j < d; j++) dst[j] = src[cols[j]] - (job->mean ? job->mean[j] : 0);
        } else if (job->mean) {
            for (long j = 0; j < d; j++) dst[j] = src[j] - job->mean[j];
        } else {
            memcpy(dst, src, (size_t)d * sizeof(float));
        }
    }
    job->pack(0, kc, d, block, d, packed);
    float beta = overwrite ? 0 : 1;
    // Column blocks of GRAM_NC keep the packed panels they use in L2 while 6-row strips of A pass.
    for (long jc = 0; jc < d; jc += GRAM_NC) {
        long jend = d - jc < GRAM_NC ? d : jc + GRAM_NC;
        for (long ir = 0; ir < jend; ir += NK_MR) {
            int mr = d - ir < NK_MR ? (int)(d - ir) : NK_MR;
            long fromPanel = ir / NK_NR * NK_NR;       // the panel holding column ir: the diagonal
            // The strip's 6 columns of the block, read from their packed panel (contiguous, kc × 16)
            // when they lie in one, else in place (stride d).
            const float *a = block + ir;
            long csA = d;
            if (ir % NK_NR + mr <= NK_NR) { a = packed + fromPanel * kc + ir % NK_NR; csA = NK_NR; }
            long j0 = fromPanel > jc ? fromPanel : jc;
            for (long jr = j0; jr < jend; jr += NK_NR) {
                int nr = jend - jr < NK_NR ? (int)(jend - jr) : NK_NR;
                job->kernel(kc, a, 1, csA, packed + (jr / NK_NR) * kc * NK_NR,
                            acc + ir * d + jr, d, 1, 1, beta, mr, nr);
            }
        }
    }
}

static void gram_task(void *ctx, int index) {
    (void)index;
    gram_job *job = ctx;
    for (;;) {
        long g = atomic_fetch_add_explicit(&job->next, 1, memory_order_relaxed);
        if (g >= job->groups) return;
        for (long b = g; b < job->blocks; b += job->groups) gram_block(job, b * GRAM_KC, job->acc[g], b == g);
    }
}

void nk_gram(long n, long d, const float *x, long ldx, const long *columns, const float *mean, float alpha, float *c) {
    if (d <= 0) return;
    if (n <= 0) { memset(c, 0, (size_t)(d * d) * sizeof(float)); return; }
    int level = nk_kernel_level();
    gram_job job;
    job.n = n; job.d = d; job.ldx = ldx; job.x = x; job.mean = mean; job.columns = columns;
    job.kernel = nk_kernel_at(level);
    job.pack = nk_pack_b_at(level);
    job.blocks = (n + GRAM_KC - 1) / GRAM_KC;
    job.groups = job.blocks < GRAM_GROUPS ? job.blocks : GRAM_GROUPS;
    atomic_init(&job.next, 0);
    float *accs[GRAM_GROUPS];
    accs[0] = c;
    for (long g = 1; g < job.groups; g++) {
        accs[g] = malloc((size_t)(d * d) * sizeof(float));
        if (!accs[g]) {                     // out of memory: one group (deterministic, but another sum order)
            for (long h = 1; h < g; h++) free(accs[h]);
            job.groups = 1;
            break;
        }
    }
    job.acc = accs;
    int threads = nk_effective_thread_count();
    double work = (double)n * (double)d * (double)d / 2;
    int tasks = threads;
    if (work < (double)nk_min_parallel_work() || job.groups < 2) tasks = 1;
    if (tasks > job.groups) tasks = (int)job.groups;
    nk_parallel_run(gram_task, &job, tasks);
    // Sum the groups' upper triangles into C, in group order.
    for (long g = 1; g < job.groups; g++) {
        for (long i = 0; i < d; i++) {
            float *ci = c + i * d;
            const float *ai = accs[g] + i * d;
            for (long j = i; j < d; j++) ci[j] += ai[j];
        }
        free(accs[g]);
    }
    for (long i = 0; i < d; i++) {
        float *ci = c + i * d;
        for (long j = i; j < d; j++) ci[j] *= alpha;
        for (long j = 0; j < i; j++) ci[j] = c[j * d + i];
    }
}
