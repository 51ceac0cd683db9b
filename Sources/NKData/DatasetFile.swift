// DatasetFile: one file of a registered dataset, with its size, sha256 and where to download it.

/// A file a registered dataset needs: its name inside the dataset's folder, its exact size and
/// SHA-256, and the URLs it can be downloaded from (canonical location first, then mirrors).
public struct DatasetFile: Sendable, Equatable {
    /// The file name inside the dataset folder, e.g. `train-images-idx3-ubyte.gz`.
    public var name: String
    /// The size in bytes.
    public var size: Int
    /// The lowercase hex SHA-256; nil when no checksum is pinned (the file is then only "present").
    public var sha256: String?
    /// Download URLs, tried in order. Empty when the file comes out of an archive the user unpacks.
    public var urls: [String]

    /// A file description.
    public init(_ name: String, size: Int, sha256: String?, urls: [String]) {
        self.name = name
        self.size = size
        self.sha256 = sha256
        self.urls = urls
    }
}
