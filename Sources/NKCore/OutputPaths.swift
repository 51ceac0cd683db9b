// OutputPaths: the outputs of one command compared before any work, so that none overwrites another.

import Foundation

/// Where a command's outputs will land, compared after resolving (`..`, `.`, symbolic links of the
/// folders that exist), so that `embed --out e.svg --figure e.svg` or `train --save` into a run
/// file of `--out` is refused before anything is computed.
public enum OutputPaths {
    /// `path` made absolute, with the existing part of its folder chain resolved through symbolic links.
    public static func resolved(_ path: String) -> String {
        let absolute = (path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path) as NSString
        let standard = absolute.standardizingPath as NSString
        var folder = standard.deletingLastPathComponent, tail = [standard.lastPathComponent]
        while !FileManager.default.fileExists(atPath: folder), folder != "/" {
            tail.insert((folder as NSString).lastPathComponent, at: 0)
            folder = (folder as NSString).deletingLastPathComponent
        }
        let real = (folder as NSString).resolvingSymlinksInPath
        return ([real] + tail).joined(separator: "/").replacingOccurrences(of: "//", with: "/")
    }

    /// Throws when two of `outputs` (option, path) name the same file.
    /// - Throws: `NeuralKitError.argument` naming both options.
    public static func checkDistinct(_ outputs: [(option: String, path: String)]) throws {
        var seen: [String: String] = [:]
        for (option, path) in outputs {
            let key = resolved(path)
            if let first = seen[key] {
                throw NeuralKitError.argument("\(first) and \(option) both write '\(path)'; give them different paths (one would overwrite the other).")
            }
            seen[key] = option
        }
    }

    /// Throws when `file` (written by `option`) lands directly inside `folder` (written by
    /// `folderOption`) under a name the folder's writer uses (`isReserved`).
    public static func checkOutside(_ file: String, option: String, folder: String, folderOption: String, isReserved: (String) -> Bool) throws {
        let path = resolved(file), directory = resolved(folder)
        let name = (path as NSString).lastPathComponent
        if path == directory || ((path as NSString).deletingLastPathComponent == directory && isReserved(name)) {
            throw NeuralKitError.argument(
                "\(option) '\(file)' collides with \(folderOption) '\(folder)': the run folder writes \(name) itself; give \(option) another name or folder.")
        }
    }
}
