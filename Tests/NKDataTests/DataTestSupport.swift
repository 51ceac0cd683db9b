// Helpers for the data tests: the shared real data folder, temporary folders, error expectations.

import Foundation
import Testing
import NeuralKit
import NKTestSupport

enum DataTestSupport {
    static var sharedData: URL { SharedData.directory }
    static func has(_ name: String) -> Bool { SharedData.has(name) }

    /// A fresh empty temporary folder.
    static func temporaryDirectory() throws -> URL {
        try TemporaryFolder.make("nkdata")
    }

    /// Expects `body` to throw a `NeuralKitError` whose message contains every one of `words`.
    static func expectError(_ words: String..., sourceLocation: SourceLocation = #_sourceLocation, _ body: () throws -> Void) {
        do {
            try body()
            Issue.record("expected an error mentioning \(words)", sourceLocation: sourceLocation)
        } catch let error as NeuralKitError {
            for w in words { #expect(error.message.contains(w), "\(error.message) should mention \(w)", sourceLocation: sourceLocation) }
        } catch {
            Issue.record("unexpected error type \(error)", sourceLocation: sourceLocation)
        }
    }

    /// Big-endian 32-bit bytes.
    static func be32(_ v: Int) -> [UInt8] { [24, 16, 8, 0].map { UInt8((v >> $0) & 0xFF) } }
}
