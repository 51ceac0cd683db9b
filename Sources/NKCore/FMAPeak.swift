// The machine's multiply-add ceiling, measured with a loop that never touches memory.

import CNKKernels
import Dispatch
import Synchronization

/// The floating-point rate of a register-only multiply-add loop (`nk_fma_loop`: 12 independent
/// chains of 8-lane FMAs at the AVX2 level and above) run on `threads` kernel threads at once: the
/// most any kernel can reach on this machine now. Used to print how far a benchmark is from it.
public enum FMAPeak {
    /// Floating-point operations per second over `threads` threads (at most `Parallelism.threadCount`
    /// take part), best of five rounds of about 20 ms.
    public static func measure(threads: Int) -> Double {
        let steps = 1_000_000  // 192 Mflop per thread at the AVX2 level: about 2 ms
        var best = 0.0
        for _ in 0..<5 {
            let start = DispatchTime.now().uptimeNanoseconds
            let flops = Mutex(0.0)
            for _ in 0..<10 {
                Parallelism.forEachRange(count: max(threads, 1), grain: 1) { range in
                    var sink: Float = 1
                    var done = 0.0
                    for _ in range { done += nk_fma_loop(steps, &sink) }
                    let result = sink
                    flops.withLock { $0 += done + (result.isNaN ? 1 : 0) }
                }
            }
            let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
            best = max(best, flops.withLock { $0 } / seconds)
        }
        return best
    }
}
