// Progress of long analysis steps (t-SNE iterations, k-means restarts, PCA) on standard error.

import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A status line on standard error, redrawn in place at most ten times a second when standard error
/// is a terminal, and silent otherwise (so logs and pipes stay clean). Thread-safe: workers may
/// report from any thread.
final class AnalysisProgress: @unchecked Sendable {
    private let enabled: Bool
    private let lock = NSLock()
    private var lastDraw = 0.0
    private var stageStart = Date()
    private var drawn = false

    /// - Parameter enabled: false silences it (e.g. `--quiet`); a non-terminal silences it anyway.
    init(enabled: Bool = true) {
        self.enabled = enabled && isatty(STDERR_FILENO) == 1
    }

    /// Starts a step: shows `text…` at once.
    func stage(_ text: String) {
        guard enabled else { return }
        lock.withLock {
            stageStart = Date()
            draw("\(text)…")
        }
    }

    /// `label done/total` with a bar and the elapsed seconds, throttled; always drawn when done == total.
    func update(_ label: String, done: Int, total: Int, detail: String = "") {
        guard enabled else { return }
        lock.withLock {
            let now = Date().timeIntervalSinceReferenceDate
            guard now - lastDraw >= 0.1 || done >= total else { return }
            lastDraw = now
            let bar = progressBar(done: done, total: total, width: 24)
            let elapsed = Date().timeIntervalSince(stageStart)
            draw(String(format: "%@ %@ %ld/%ld %@ %.0f s", label, bar, done, total, detail, elapsed))
        }
    }

    /// Clears the line (the command then prints its results).
    func finish() {
        guard enabled else { return }
        lock.withLock {
            if drawn { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
            drawn = false
        }
    }

    private func draw(_ text: String) {
        FileHandle.standardError.write(Data("\r\u{1B}[K\(text)".utf8))
        drawn = true
    }
}

/// `████····`: `width` cells, the share `done / total` of them filled (all of them for `total ≤ 0`).
func progressBar(done: Int, total: Int, width: Int) -> String {
    let filled = total <= 0 ? width : max(0, min(width, width * done / total))
    return String(repeating: "█", count: filled) + String(repeating: "·", count: width - filled)
}
