// Process control the Swift side cannot express: prctl(2) is variadic.

#include "CNKKernels.h"

#if defined(__linux__)
#include <signal.h>
#include <sys/prctl.h>
#include <unistd.h>
#endif

int nk_die_with_parent(int parent) {
#if defined(__linux__)
    if (prctl(PR_SET_PDEATHSIG, SIGKILL) != 0) return 0;
    // The parent may have died before the request: then this process already has another parent.
    if (getppid() != parent) raise(SIGKILL);
    return 1;
#else
    (void)parent;
    return 0;
#endif
}
