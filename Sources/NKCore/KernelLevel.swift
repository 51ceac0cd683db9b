// Which kernel implementation runs: AVX-512, AVX2/FMA or portable C (a test hook).

import CNKKernels

/// The instruction-set level of the C kernels. The default is the best the CPU supports, capped by
/// the environment variable `NEURALKIT_KERNEL` (`generic` or `avx2`).
public enum KernelLevel: Int32, Sendable {
    /// Portable C, correct on any CPU.
    case generic = 0
    /// AVX2 and FMA (x86-64 from 2013 on).
    case avx2 = 1
    /// AVX-512 F and VL (x86-64 from 2017 on): GEMM's unpacked small-matrix path; every other
    /// kernel runs its AVX2 version at this level.
    case avx512 = 2

    /// The level the calling thread uses now.
    public static var current: KernelLevel { KernelLevel(rawValue: nk_kernel_level()) ?? .generic }

    /// Runs `body` on the calling thread with the kernels forced to `level` (a level the CPU lacks
    /// falls back to the best one below it) and, optionally, with GEMM forced onto `threads` threads from
    /// `parallelWork` (m·n·k) up. Other threads are not affected, so tests may run in parallel.
    static func with<R>(_ level: KernelLevel?, threads: Int = 0, parallelWork: Int = -1, _ body: () throws -> R) rethrows -> R {
        let previous = nk_set_kernel_level(level.map { $0.rawValue } ?? -1)
        nk_set_thread_overrides(Int32(clamping: threads), parallelWork)
        defer {
            nk_set_kernel_level(previous)
            nk_set_thread_overrides(0, -1)
        }
        return try body()
    }

    /// How many tasks the calling thread's last GEMM was split into (1: not split).
    static var lastGEMMTasks: Int { Int(nk_last_gemm_tasks()) }
}
