// `neuralkit datasets`: every registered dataset with its status; downloads on request.

import ArgumentParser
import Dispatch
import Foundation
import NeuralKit

struct DatasetsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "datasets",
        abstract: "List the datasets --data knows, with their status, sizes and sample counts; download them.",
        discussion: """
            Datasets live in --data-dir, else $NEURALKIT_DATA, else ~/.cache/neuralkit, one folder each.
            Examples:
              neuralkit datasets --data-dir ../shared/data --verify
              neuralkit datasets --download usps
            """
    )

    @Option(name: .long, help: ArgumentHelp("Where datasets live (default: $NEURALKIT_DATA, else ~/.cache/neuralkit).", valueName: "dir"))
    var dataDir: String?

    @Flag(name: .long, help: "Check every file's SHA-256 (reads all files).")
    var verify = false

    @Option(name: .long, help: ArgumentHelp("Download this dataset's missing files, check their SHA-256 and store them.", valueName: "name"))
    var download: String?

    func validate() throws {
        if let download, !DatasetRegistry.entries.contains(where: { $0.name == download }) {
            throw ValidationError("--download: unknown dataset '\(download)'; known: \(DatasetRegistry.entries.map(\.name).joined(separator: ", ")).")
        }
    }

    mutating func run() throws {
        let directory = DatasetRegistry.dataDirectory(explicit: dataDir)
        if let download {
            let entry = try DatasetRegistry.entry(named: download)
            let fetched = try blocking { try await DatasetDownloader().download(entry, to: directory) { print($0) } }
            print(fetched.isEmpty ? "\(download): every file was already there." : "\(download): downloaded \(fetched.joined(separator: ", ")).")
            return
        }
        print("Data directory: \(directory.path)")
        let header = ["name", "status", "size", "train", "test", "sample shape", "title"]
        let rows = DatasetRegistry.entries.map { e in
            [
                e.name, shortStatus(DatasetRegistry.status(of: e, in: directory, verify: verify)),
                String(format: "%.1f MB", Double(e.totalSize) / 1e6), ModelSummary.groupedThousands(e.trainCount),
                e.testCount.map(ModelSummary.groupedThousands) ?? "–", describeShape(e.sampleShape), e.title,
            ]
        }
        var widths = header.map(\.count)
        for row in rows { for (i, cell) in row.enumerated() { widths[i] = max(widths[i], cell.count) } }
        for row in [header] + rows {
            print(row.enumerated().map { i, c in c + String(repeating: " ", count: widths[i] - c.count) }.joined(separator: "  "))
        }
    }
}

/// The status in a table cell: long lists of files become a count.
func shortStatus(_ status: DatasetStatus) -> String {
    switch status {
    case .missing(let files) where files.count > 2: "missing (\(files.count) files)"
    case .corrupt(let files) where files.count > 2: "corrupt (\(files.count) files)"
    default: status.description
    }
}

/// Runs an async operation to completion from synchronous code (the CLI's commands are synchronous).
func blocking<T: Sendable>(_ operation: @escaping @Sendable () async throws -> T) throws -> T {
    let box = ResultBox<T>(), done = DispatchSemaphore(value: 0)
    Task {
        do { box.result = .success(try await operation()) } catch { box.result = .failure(error) }
        done.signal()
    }
    done.wait()
    return try box.result!.get()
}

/// Carries a result out of a task; written once before the semaphore is signalled, read after.
private final class ResultBox<T>: @unchecked Sendable { var result: Result<T, any Error>? }
