// DatasetStatus: whether a dataset's files are missing, present, verified or corrupt.

/// The state of a dataset's files in a data directory.
public enum DatasetStatus: Sendable, Equatable, CustomStringConvertible {
    /// Every file exists with the right size and its SHA-256 matches (or was not asked to be checked).
    case verified
    /// Every file exists with the right size; checksums not computed (a quick check).
    case present
    /// These files are absent.
    case missing([String])
    /// These files exist but have the wrong size or checksum.
    case corrupt([String])

    /// `verified`, `present`, `missing (a, b)`, `corrupt (a)`.
    public var description: String {
        switch self {
        case .verified: "verified"
        case .present: "present"
        case .missing(let files): "missing (\(files.joined(separator: ", ")))"
        case .corrupt(let files): "corrupt (\(files.joined(separator: ", ")))"
        }
    }
}
