// TemporaryFolder: fresh folders for tests, all removed when the test process exits.

import Foundation

/// The one way tests make scratch folders: `TemporaryFolder.make("nk-cli")` creates
/// `$TMPDIR/nk-cli-<uuid>` and registers it, and every registered folder is removed when the test
/// process exits, so a test run leaves nothing behind (a test may also remove its own earlier).
public enum TemporaryFolder {
    private static let registry = Registry()

    /// A new, empty folder whose name starts with `prefix`.
    public static func make(_ prefix: String = "nk-test") throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        registry.add(url)
        return url
    }

    /// Registered folders, removed at exit.
    private final class Registry: @unchecked Sendable {
        private let lock = NSLock()
        private var folders: [URL] = []
        private var installed = false

        func add(_ url: URL) {
            lock.lock()
            defer { lock.unlock() }
            folders.append(url)
            if !installed {
                installed = true
                atexit { TemporaryFolder.registry.removeAll() }
            }
        }

        func removeAll() {
            lock.lock()
            defer { lock.unlock() }
            for url in folders { try? FileManager.default.removeItem(at: url) }
            folders.removeAll()
        }
    }
}
