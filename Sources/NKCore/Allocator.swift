// Allocator settings a training process may opt into.

import CNKKernels

/// The memory allocator's behaviour, for programs that train.
public enum Allocator {
    /// Keeps freed batch-sized buffers in the process instead of returning them to the system.
    ///
    /// Every training step allocates tensors the size of a batch (hundreds of kB to several MB).
    /// With glibc's defaults, blocks that large are mmap'ed and unmapped on every step, and each new
    /// one is faulted in page by page: for the Conv2D benchmark W4 that was half the run time. This
    /// raises the mmap threshold to 32 MB and the trim threshold to 1 GB (glibc only; elsewhere it
    /// does nothing and returns `false`). The `neuralkit` tool calls it at start-up; the library
    /// never changes the allocator by itself.
    @discardableResult
    public static func keepFreedMemory() -> Bool { nk_keep_freed_memory() != 0 }
}
