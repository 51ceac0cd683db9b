// PathKind: whether a path names nothing, a file or a folder.

import Foundation

/// What a path names (a link is followed).
public enum PathKind: Sendable, Equatable {
    case missing, file, folder

    public init(_ path: String) {
        var isFolder: ObjCBool = false
        self = FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) ? (isFolder.boolValue ? .folder : .file) : .missing
    }
}
