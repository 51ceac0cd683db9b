// MemoryBudget: how many bytes NeuralKit may allocate, and refusing work that would need more.

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// The memory a NeuralKit process may use, checked *before* a large allocation — a model's
/// parameters, a dataset, a gzip file's contents, an algorithm's working set — so that a size from
/// outside (model notation, a file header, an option) that needs more gives one clear error with the
/// estimate instead of an abort after gigabytes.
///
/// The budget is `NEURALKIT_MEMORY_LIMIT` when set (bytes, or with a suffix K, M, G or T in powers
/// of 1024, e.g. `8G`), else the memory the system reports available (`MemAvailable` of
/// `/proc/meminfo`, lowered to a cgroup's `memory.max` when one applies), else the physical memory.
/// Estimates are deliberately rough (they count the big buffers, not every small one).
///
/// ```swift
/// try MemoryBudget.check(try MemoryBudget.bytes(elements: [n, n], scalarSize: 8), for: "exact t-SNE of \(n) points")
/// ```
public enum MemoryBudget {
    /// The environment variable that sets the budget.
    public static let variable = "NEURALKIT_MEMORY_LIMIT"

    /// A budget for the current task and the tasks it starts, in place of the process-wide one
    /// (tests: `MemoryBudget.$override.withValue(1 << 20) { … }`; no global state is touched).
    @TaskLocal public static var override: Int?

    /// The budget in bytes (see the type's documentation); an invalid `NEURALKIT_MEMORY_LIMIT` is
    /// ignored here (`environmentProblem` reports it).
    public static var limit: Int {
        if let override { return override }
        if let text = environment(variable), let bytes = parseBytes(text) { return bytes }
        return systemAvailable()
    }

    /// Throws `NeuralKitError(.memory, …)` when `bytes` exceed the budget, naming `what`, the
    /// estimate and the budget.
    public static func check(_ bytes: Int, for what: String) throws {
        let budget = limit
        guard bytes > budget else { return }
        if override != nil || environment(variable).flatMap(parseBytes) != nil {
            throw NeuralKitError(.memory, "\(what) needs about \(describe(bytes)), more than the \(describe(budget)) that \(variable) allows.")
        }
        throw NeuralKitError(.memory, "\(what) needs about \(describe(bytes)), more than the \(describe(budget)) of memory available; make it smaller (or set \(variable) if the estimate is wrong).")
    }

    /// The bytes of `elements` (a shape, or counts to multiply) of `scalarSize` bytes each, or an
    /// error when the product overflows (it could not be allocated anyway).
    public static func bytes(elements: [Int], scalarSize: Int = 4, what: String = "a tensor") throws -> Int {
        try Shape.count(elements + [scalarSize], what: what)
    }

    /// `12.5 GB`, `340 MB`, `512 B` (powers of 1000).
    public static func describe(_ bytes: Int) -> String {
        let units: [(Double, String)] = [(1e12, "TB"), (1e9, "GB"), (1e6, "MB"), (1e3, "kB")]
        for (size, unit) in units where Double(bytes) >= size {
            let value = Double(bytes) / size
            let rounded = (value * 10).rounded() / 10
            return (rounded == rounded.rounded() ? "\(Int(rounded))" : "\(rounded)") + " " + unit
        }
        return "\(bytes) B"
    }

    /// `8G` → 8·1024³; plain digits are bytes; nil for anything else (or zero).
    static func parseBytes(_ text: String) -> Int? {
        var digits = Substring(text)
        var factor = 1
        if let last = digits.last, let power = ["K": 1, "M": 2, "G": 3, "T": 4][String(last).uppercased()] {
            digits = digits.dropLast()
            factor = 1 << (10 * power)
        }
        guard let value = Int(digits), value > 0 else { return nil }
        let (bytes, overflow) = value.multipliedReportingOverflow(by: factor)
        return overflow ? nil : bytes
    }

    /// The value of the environment variable `name`, or nil.
    public static func environment(_ name: String) -> String? {
        guard let value = getenv(name) else { return nil }
        return String(cString: value)
    }

    /// MemAvailable (Linux), capped by the cgroup limit; else the physical memory.
    static func systemAvailable() -> Int {
        var available = readMemInfo("MemAvailable:") ?? physicalMemory()
        if let cgroupLimit = readNumber("/sys/fs/cgroup/memory.max"), let used = readNumber("/sys/fs/cgroup/memory.current") {
            available = min(available, max(cgroupLimit - used, 0))
        }
        return available
    }

    static func physicalMemory() -> Int {
        let pages = sysconf(Int32(_SC_PHYS_PAGES)), size = sysconf(Int32(_SC_PAGESIZE))
        return pages > 0 && size > 0 ? pages * size : Int.max
    }

    /// The value in kB of a `/proc/meminfo` line, in bytes.
    static func readMemInfo(_ key: String) -> Int? {
        readSmallFile("/proc/meminfo").flatMap { ResidentMemory.kilobyteField(key, in: $0) }
    }

    /// A file holding one number (`max` means no limit: nil).
    static func readNumber(_ path: String) -> Int? {
        guard let text = readSmallFile(path) else { return nil }
        return Int(text.split(separator: "\n").first.map(String.init) ?? "")
    }

    static func readSmallFile(_ path: String) -> String? {
        guard let file = fopen(path, "r") else { return nil }
        defer { fclose(file) }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while bytes.count < 1 << 16 {
            let n = fread(&buffer, 1, buffer.count, file)
            if n <= 0 { break }
            bytes += buffer[0..<n]
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}

/// Checked arithmetic on sizes that come from outside (model notation, file headers, options).
public enum Shape {
    /// The product of `dims`, or `NeuralKitError.argument` naming `what` when one is negative or the
    /// product overflows.
    public static func count(_ dims: [Int], what: String) throws -> Int {
        var product = 1
        for d in dims {
            guard d >= 0 else { throw NeuralKitError.argument("\(what): a size of \(d) is negative.") }
            let (p, overflow) = product.multipliedReportingOverflow(by: d)
            guard !overflow else {
                throw NeuralKitError.argument("\(what): the sizes \(describeShape(dims)) multiply beyond \(Int.max); no memory could hold that.")
            }
            product = p
        }
        return product
    }

    /// `a + b` for sizes, or an error naming `what` on overflow.
    public static func sum(_ a: Int, _ b: Int, what: String) throws -> Int {
        let (s, overflow) = a.addingReportingOverflow(b)
        guard !overflow else { throw NeuralKitError.argument("\(what): \(a) + \(b) overflows.") }
        return s
    }
}
