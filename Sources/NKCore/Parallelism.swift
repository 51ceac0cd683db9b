// How many threads NeuralKit's kernels use, and the persistent pool behind them.

import CNKKernels

/// Process-wide threading settings of the compute kernels.
///
/// GEMMs large enough to gain (`m·n·k ≥ 400,000`) are split over `threadCount` threads, the
/// calling one included, drawn from a persistent pool whose workers spin for 0.2 ms after each
/// job before sleeping (waking a sleeping thread costs tens of microseconds). Smaller products,
/// and batch-1 products, run on the calling thread. Kernels may be called from several threads at
/// once: a call that finds the pool busy runs on its own thread.
///
/// ```swift
/// Parallelism.threadCount = 1   // e.g. for timing a single core
/// ```
public enum Parallelism {
    /// The number of threads a kernel may use (≥ 1, at most 64). Defaults to the environment
    /// variable `NEURALKIT_THREADS` when set, else the number of online cores.
    public static var threadCount: Int {
        get { Int(nk_thread_count()) }
        set { nk_set_thread_count(Int32(clamping: newValue)) }
    }
}
