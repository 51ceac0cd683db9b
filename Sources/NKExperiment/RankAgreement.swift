// RankAgreement: the ranks of a data-parallel run check that they were asked for the same run.

import Foundation
import NKCore
import NKData

/// Before training, every rank of a data-parallel run publishes the SHA-256 of its specification
/// (JSON, sorted keys) and compares it with rank 0's: ranks started with different options (an
/// `mpirun` line with `:`-separated programs, a stale binary on one host) stop with one message
/// instead of hanging in a collective of the wrong size or training different models.
public enum RankAgreement {
    /// The error every rank throws when the specifications differ; rank 0 reports it.
    public struct Disagreement: Error, CustomStringConvertible {
        public let description: String
    }

    /// The fingerprint compared: SHA-256 of the specification's sorted-key JSON, in hex.
    public static func fingerprint(_ specification: RunSpecification) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return SHA256.hex(SHA256.digest(Array(try encoder.encode(specification))))
    }

    /// Returns when every rank of `group` holds the same specification as rank 0.
    /// - Throws: `Disagreement` (on every rank) naming the ranks whose specification differs.
    public static func check(_ specification: RunSpecification, group: any ProcessGroup) throws {
        let all = try group.allGather(bytes: Array(try fingerprint(specification).utf8))
        let differing = all.indices.filter { all[$0] != all[0] }
        guard differing.isEmpty else {
            let ranks = differing.map(String.init).joined(separator: ", ")
            throw Disagreement(
                description:
                    "The \(group.size) ranks were not given the same run: rank \(ranks) differ\(differing.count == 1 ? "s" : "") from rank 0 (specification SHA-256 \(String(decoding: all[differing[0]].prefix(12), as: UTF8.self))… against \(String(decoding: all[0].prefix(12), as: UTF8.self))…); start every rank with the same options."
            )
        }
    }
}
