// Where tests find the real datasets: $NEURALKIT_DATA (the variable the README documents), else
// ../shared/data beside the repository.

import Foundation
import NeuralKit
import Testing

/// The real-data folder, and whether a dataset is complete in it (tests that need a dataset are
/// `.enabled(if: SharedData.has("mnist"), SharedData.missing("mnist"))`, so they are reported as
/// skipped, with the reason, without it).
public enum SharedData {
    /// `$NEURALKIT_DATA`, else `<repo>/../shared/data` found from this file's path.
    public static let directory: URL = {
        if let env = ProcessInfo.processInfo.environment["NEURALKIT_DATA"], !env.isEmpty {
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

    /// The skip reason for a test that needs `names`.
    public static func missing(_ names: String...) -> Comment {
        Comment(rawValue: "\(names.joined(separator: ", ")) not found in \(directory.path) (set NEURALKIT_DATA to the folder that holds the datasets)")
    }
}
