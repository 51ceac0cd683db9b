// The allocator setting must take effect where it is supported (glibc), or W4 pays for page faults.

import Testing
import NKCore

@Suite struct AllocatorTests {
    /// On glibc the call reaches `mallopt` and both settings are accepted. (It once compiled to a
    /// no-op because the C file tested `__GLIBC__` before including any libc header.)
    @Test func keepFreedMemoryTakesEffectOnGlibc() {
        #if canImport(Glibc)
            #expect(Allocator.keepFreedMemory())
        #else
            #expect(!Allocator.keepFreedMemory())
        #endif
    }
}
