// EnvironmentSettings: the environment variables NeuralKit reads, and what is wrong with them.

import CNKKernels

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// The environment variables that change NeuralKit's behaviour, checked in one place: the kernels
/// read them silently (C code, once per process), so a tool calls `problems()` at start-up and
/// refuses to run with a value that would otherwise be ignored.
///
/// - `NEURALKIT_THREADS`: kernel threads, an integer from 1 to 64 (default: the online cores).
/// - `NEURALKIT_KERNEL`: `generic` forces the portable kernels, `avx2` caps them at AVX2/FMA
///   (default `auto`: the best the CPU has, AVX-512 included).
/// - `NEURALKIT_MEMORY_LIMIT`: the memory budget (`MemoryBudget`).
/// - `NEURALKIT_DATA`: where datasets live (any folder).
/// - `NEURALKIT_SWEEP_PARENT`: set by a sweep for its trial processes: the sweep's pid; the trial
///   ends with it (`dieWithParent`).
public enum EnvironmentSettings {
    /// One sentence per variable whose value NeuralKit would ignore or misread; empty when all is well.
    ///
    /// - Parameter environment: reads a variable (default: the process environment).
    public static func problems(environment: (String) -> String? = MemoryBudget.environment) -> [String] {
        var problems: [String] = []
        if let threads = environment("NEURALKIT_THREADS") {
            if let n = Int(threads), (1...64).contains(n) {
            } else {
                problems.append("NEURALKIT_THREADS='\(NeuralKitError.excerpt(threads))' is not a thread count from 1 to 64.")
            }
        }
        if let kernel = environment("NEURALKIT_KERNEL"), !["generic", "avx2", "auto"].contains(kernel) {
            problems.append(
                "NEURALKIT_KERNEL='\(NeuralKitError.excerpt(kernel))' is not 'generic' (the portable kernels), 'avx2' (at most AVX2/FMA) or 'auto' (the default).")
        }
        if let memory = environment(MemoryBudget.variable), MemoryBudget.parseBytes(memory) == nil {
            problems.append("\(MemoryBudget.variable)='\(NeuralKitError.excerpt(memory))' is not a size in bytes (e.g. 8000000000, 512M or 8G).")
        }
        if let parent = environment(sweepParent), Int32(parent).map({ $0 > 1 }) != true {
            problems.append("\(sweepParent)='\(NeuralKitError.excerpt(parent))' is not a process id (a sweep sets it for its trials).")
        }
        return problems
    }

    /// The variable a sweep sets for its trial processes.
    public static let sweepParent = "NEURALKIT_SWEEP_PARENT"

    /// When `NEURALKIT_SWEEP_PARENT` names a pid: this process is killed when that process (its
    /// parent) ends, so a trial never outlives a killed sweep (Linux; nothing elsewhere).
    public static func dieWithParentWhenASweepSaysSo(environment: (String) -> String? = MemoryBudget.environment) {
        guard let text = environment(sweepParent), let parent = Int32(text), parent > 1 else { return }
        // The sweep ignores SIGINT and SIGTERM to stop its trials itself; a trial must not inherit that.
        signal(SIGINT, SIG_DFL)
        signal(SIGTERM, SIG_DFL)
        _ = nk_die_with_parent(parent)
    }
}
