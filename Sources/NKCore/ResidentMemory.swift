// ResidentMemory: how much physical memory this process holds now and at its peak (Linux /proc).

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// The resident memory of the running process, read from `/proc/self/status` (Linux): `VmRSS`,
/// the pages it holds now, and `VmHWM`, the most it has held at once since it started (or since
/// `resetPeak()`). Both are process-wide: every thread and every earlier piece of work counts.
/// Elsewhere (no `/proc`) the readers return nil.
///
/// ```swift
/// ResidentMemory.resetPeak()
/// try work()
/// print(MemoryBudget.describe(ResidentMemory.peak() ?? 0))     // e.g. 312 MB
/// ```
public enum ResidentMemory {
    /// The resident set size now (`VmRSS`), in bytes.
    public static func current() -> Int? {
        MemoryBudget.readSmallFile("/proc/self/status").flatMap { kilobyteField("VmRSS:", in: $0) }
    }

    /// The peak resident set size (`VmHWM`, the high-water mark), in bytes.
    public static func peak() -> Int? {
        MemoryBudget.readSmallFile("/proc/self/status").flatMap { kilobyteField("VmHWM:", in: $0) }
    }

    /// Lowers the high-water mark to the current resident size (writes `5` to
    /// `/proc/self/clear_refs`, Linux 4.0 and later); false where that is not possible. Memory the
    /// allocator kept from earlier work still counts as resident after it.
    @discardableResult
    public static func resetPeak() -> Bool {
        guard let file = fopen("/proc/self/clear_refs", "w") else { return false }
        defer { fclose(file) }
        return fputs("5", file) >= 0 && fflush(file) == 0
    }

    /// The value of the line `key` (e.g. `VmHWM:`) of a `/proc` text in the
    /// `Key:   1234 kB` layout of `/proc/self/status` and `/proc/meminfo`, in bytes; nil when the
    /// line is missing or malformed. A pure function, so it is tested on sample texts.
    public static func kilobyteField(_ key: String, in text: String) -> Int? {
        for line in text.split(separator: "\n") where line.hasPrefix(key) {
            let fields = line.dropFirst(key.count).split(whereSeparator: { $0 == " " || $0 == "\t" })
            guard let first = fields.first, let kB = Int(first), kB >= 0 else { return nil }
            guard fields.count == 1 || fields[1] == "kB" else { return nil }
            let (bytes, overflow) = kB.multipliedReportingOverflow(by: 1024)
            return overflow ? nil : bytes
        }
        return nil
    }
}
