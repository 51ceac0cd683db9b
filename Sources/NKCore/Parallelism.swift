// How many threads NeuralKit's kernels use, and the persistent pool behind them.

import CNKKernels

/// Process-wide threading settings of the compute kernels.
///
/// GEMMs large enough to gain (`m·n·k ≥ 200,000`) are split over `threadCount` threads, the
/// calling one included, drawn from a persistent pool whose workers spin (yielding the core after
/// the first 5 µs, for a loaded machine) for 0.2 ms after each
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

    /// Calls `body` on contiguous ranges that together cover `0..<count` exactly once, spread over
    /// the kernel threads (the calling one included) when `count ≥ 2·grain`, else as one call on the
    /// calling thread. Returns when every range is done. The ranges differ in size by at most one
    /// and, when there are more of them than threads, come in a multiple of the thread count, so
    /// that each thread has an equal share.
    ///
    /// `body` runs concurrently on disjoint ranges: it must write only what its range owns. Kernels
    /// called from inside `body` (a GEMM) run on the thread that calls them.
    ///
    /// ```swift
    /// Parallelism.forEachRange(count: rows, grain: 16) { range in for r in range { … } }
    /// ```
    public static func forEachRange(count: Int, grain: Int, _ body: (Range<Int>) -> Void) {
        guard count > 0 else { return }
        if count < 2 * grain { body(0..<count); return }
        withoutActuallyEscaping(body) { body in
            var context = body
            withUnsafeMutablePointer(to: &context) { pointer in
                nk_parallel_for(
                    { context, begin, end in
                        context!.assumingMemoryBound(to: ((Range<Int>) -> Void).self).pointee(Int(begin)..<Int(end))
                    }, pointer, count, grain)
            }
        }
    }
}
