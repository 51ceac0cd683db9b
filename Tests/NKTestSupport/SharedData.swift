// Where tests find the real datasets: $NEURALKIT_SHARED_DATA, else ../shared/data beside the repository.

import Foundation
import NeuralKit

/// The shared real-data folder, and whether a dataset is complete in it (tests that need a dataset
/// are `.enabled(if: SharedData.has("mnist"), "reason")`, so they are reported as skipped without it).
public enum SharedData {
    /// `$NEURALKIT_SHARED_DATA`, else `<repo>/../shared/data` found from this file's path.
    public static let directory: URL = {
        if let env = ProcessInfo.processInfo.environment["NEURALKIT_SHARED_DATA"], !env.isEmpty {
            return URL(fileURLWithPath: env, isDirectory: true)
        }
        let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        return repo.deletingLastPathComponent().appendingPathComponent("shared/data", isDirectory: true)
    }()

    /// True when the dataset's folder holds every file the registry lists.
    public static func has(_ name: String) -> Bool {
        guard let entry = try? DatasetRegistry.entry(named: name) else { return false }
        return entry.files.allSatisfy { FileManager.default.fileExists(atPath: entry.directory(in: directory).appendingPathComponent($0.name).path) }
    }
}
