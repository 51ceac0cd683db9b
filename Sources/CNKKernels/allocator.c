// Allocator settings: keep batch-sized blocks on the heap instead of mmap'ing them per step.
#include "CNKKernels.h"
#include <stdlib.h>   // defines __GLIBC__ on glibc systems: test it only after a libc header
#if defined(__GLIBC__)
#include <malloc.h>
#endif

int nk_keep_freed_memory(void) {
#if defined(__GLIBC__)
    return mallopt(M_MMAP_THRESHOLD, 32 << 20) && mallopt(M_TRIM_THRESHOLD, 1 << 30);
#else
    return 0;
#endif
}

void nk_prefetch_rows(const float *base, const long *rows, long count, long row_floats, long lines) {
    long row_lines = (row_floats * (long)sizeof(float) + 63) / 64;
    if (lines > row_lines) lines = row_lines;
    for (long i = 0; i < count; i++) {
        const char *row = (const char *)(base + rows[i] * row_floats);
        for (long l = 0; l < lines; l++) __builtin_prefetch(row + 64 * l, 0, 3);
    }
}
