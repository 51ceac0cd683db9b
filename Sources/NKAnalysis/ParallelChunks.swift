// Splitting a loop over rows into contiguous chunks run on the kernel threads.

import Foundation
import NKCore

/// A mutable buffer that concurrent chunks write disjoint parts of.
struct SharedBuffer<Element>: @unchecked Sendable {
    let base: UnsafeMutablePointer<Element>
    subscript(i: Int) -> Element {
        get { base[i] }
        nonmutating set { base[i] = newValue }
    }
}

enum ParallelChunks {
    /// How many chunks `run(count:_:)` uses: one per kernel thread, with at least 64 rows each.
    static func chunkCount(for count: Int) -> Int { max(1, min(Parallelism.threadCount, count / 64)) }

    /// Calls `body` on `Parallelism.threadCount` contiguous ranges covering `0..<count`, concurrently;
    /// `body` receives the chunk number and its range.
    static func run(count: Int, _ body: @Sendable (Int, Range<Int>) -> Void) {
        let chunks = chunkCount(for: count)
        if chunks == 1 { body(0, 0..<count); return }
        DispatchQueue.concurrentPerform(iterations: chunks) { c in
            body(c, (c * count / chunks)..<((c + 1) * count / chunks))
        }
    }
}
