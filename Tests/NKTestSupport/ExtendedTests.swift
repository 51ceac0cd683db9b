// The extended test set: long end-to-end runs that `swift test` skips unless NEURALKIT_EXTENDED_TESTS=1
// (CI sets it).

import Foundation
import Testing

/// Tests that take minutes in a debug build are `.enabled(if: ExtendedTests.enabled, ExtendedTests.reason)`:
/// reported as skipped, with the way to run them, in a plain `swift test`.
public enum ExtendedTests {
    /// Whether `NEURALKIT_EXTENDED_TESTS` is `1`.
    public static let enabled = ProcessInfo.processInfo.environment["NEURALKIT_EXTENDED_TESTS"] == "1"
    /// The skip reason.
    public static let reason = Comment(rawValue: "an extended test: run it with NEURALKIT_EXTENDED_TESTS=1 swift test (CI does)")
}
