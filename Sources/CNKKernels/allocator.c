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
