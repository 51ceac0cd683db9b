// SharedResume: what rank 0 of a data-parallel run sends the other ranks when it resumes a run folder.

import Foundation
import NKCore
import NKTrain

/// Only rank 0 opens a resumed run folder (it takes the folder's lock and may be the only rank that
/// sees it); it sends the others the folder's record (`config.json`) and the bytes of its resumable
/// checkpoint, so every rank continues from the same state.
public struct SharedResume {
    /// The run folder's record.
    public let record: RunFolder.Record
    /// The bytes of its `last.safetensors`.
    public let checkpoint: [UInt8]

    /// Rank 0: reads `checkpointPath` and sends it with `record` to every other rank of `group`.
    public static func send(record: RunFolder.Record, checkpointPath: String, group: any ProcessGroup) throws -> SharedResume {
        var bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: checkpointPath)))
        var encoded = Array(try JSONEncoder().encode(record))
        try group.broadcast(bytes: &encoded, from: 0)
        try group.broadcast(bytes: &bytes, from: 0)
        return SharedResume(record: record, checkpoint: bytes)
    }

    /// Another rank: receives what rank 0 sends (`send`).
    public static func receive(group: any ProcessGroup) throws -> SharedResume {
        var encoded: [UInt8] = [], bytes: [UInt8] = []
        try group.broadcast(bytes: &encoded, from: 0)
        try group.broadcast(bytes: &bytes, from: 0)
        return SharedResume(record: try JSONDecoder().decode(RunFolder.Record.self, from: Data(encoded)), checkpoint: bytes)
    }

    /// The checkpoint and trainer state, as `ResumeFile.read` gives them (`path` names it in messages).
    public func resumed(path: String) throws -> (checkpoint: RunCheckpoint, state: TrainerState) {
        try ResumeFile.decode(checkpoint, path: path)
    }
}
