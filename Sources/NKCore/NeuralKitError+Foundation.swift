// NeuralKitError+Foundation: Foundation's errors (file system, JSON decoding) told as one sentence.

import Foundation

extension NeuralKitError {
    /// The error for a file-system operation that failed with `underlying` (a `CocoaError`, an
    /// `NSError` of the POSIX domain, a `POSIXError`): one sentence naming `path`, what went wrong in
    /// words and what to do, never Foundation's `Error Domain=NSCocoaErrorDomain Code=513 …`.
    ///
    /// ```swift
    /// do { try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true) }
    /// catch { throw NeuralKitError.fileSystem(path: out, action: "create the folder", underlying: error) }
    /// // Cannot create the folder '/data/runs/a': permission denied; check the permissions of the
    /// // folders on its path, or choose another folder.
    /// ```
    ///
    /// - Parameters:
    ///   - path: the file or folder the operation was about.
    ///   - action: what was attempted, as a verb phrase after "Cannot" (`create the folder`, `read`).
    ///   - underlying: the error Foundation or the system gave.
    ///   - option: the option that named the path (`--out`), which then starts the message.
    public static func fileSystem(path: String, action: String, underlying: any Error, option: String? = nil) -> NeuralKitError {
        if let error = underlying as? NeuralKitError { return error }
        let code = errnoCode(of: underlying) ?? probe(path)
        return .file(
            describeFileError(
                path: path, action: action, errno: code, fallback: code == nil ? plainDescription(of: underlying) : nil, option: option))
    }

    /// The error for a system call on `path` that failed with `errno` `code`.
    public static func fileSystem(path: String, action: String, errno code: Int32, option: String? = nil) -> NeuralKitError {
        .file(describeFileError(path: path, action: action, errno: code, option: option))
    }

    /// `Cannot <action> '<path>': <reason>; <remedy>.` (or `<option> '<path>': cannot <action>: …`)
    /// for an errno value (`EACCES`, `ENOSPC`, …); `fallback` (or the system's text for the code)
    /// when the code has no remedy of its own.
    public static func describeFileError(
        path: String, action: String, errno code: Int32?, fallback: String? = nil, option: String? = nil
    ) -> String {
        let start = option.map { "\($0) '\(path)': cannot \(action)" } ?? "Cannot \(action) '\(path)'"
        guard let code else { return "\(start)\(fallback.map { ": \($0)" } ?? "")." }
        switch code {
        case EACCES, EPERM:
            return "\(start): permission denied; check the permissions of the folders on its path (write and search, `chmod u+wx`), or choose another place."
        case EROFS:
            return "\(start): the file system is read-only; choose a folder on a writable disk."
        case ENOSPC, EDQUOT:
            return "\(start): no space left on the device (or the disk quota is used up); free some space, or choose another disk."
        case ENOENT:
            return "\(start): it, or a folder on its path, does not exist; check the path, or create the folder first."
        case ENOTDIR:
            return "\(start): a part of the path is a file, not a folder; check the path."
        case EISDIR:
            return "\(start): it is a folder, not a file; give a file name."
        case EEXIST:
            return "\(start): something else already exists there; remove it, or choose another name."
        case ENAMETOOLONG:
            return "\(start): the path is too long; choose a shorter one."
        case ELOOP:
            return "\(start): its symbolic links form a loop; check the links on its path."
        case EMFILE, ENFILE:
            return "\(start): too many files are open; raise the limit (`ulimit -n`) or run fewer jobs at once."
        case EIO:
            return "\(start): an input/output error on the device; check the disk."
        default:
            return "\(start): \(fallback ?? String(cString: strerror(code)))."
        }
    }

    /// The error a file-system failure that escaped every `fileSystem(…)` wrapping becomes (the
    /// path from the error itself), or nil for errors that are not Foundation's or the system's.
    public static func fromFoundation(_ error: any Error) -> NeuralKitError? {
        guard !(error is NeuralKitError) else { return nil }
        let ns = error as NSError
        guard error is POSIXError || ns.domain == NSCocoaErrorDomain || ns.domain == NSPOSIXErrorDomain else { return nil }
        let path = (ns.userInfo[NSFilePathErrorKey] as? String) ?? (ns.userInfo[NSURLErrorKey] as? URL)?.path ?? "a file"
        return fileSystem(path: path, action: "use", underlying: error)
    }

    /// `error` as one sentence for a message: a `NeuralKitError`'s own, a JSON decoding error as the
    /// field and what is wrong with it (`at 'training.epochs': expected a number`), a file-system
    /// error in words; never a dump of an enum or of Foundation's `userInfo`.
    public static func describe(_ error: any Error) -> String {
        if let error = error as? NeuralKitError { return error.message }
        if let decoding = error as? DecodingError { return describeDecoding(decoding) }
        if errnoCode(of: error) != nil || (error as NSError).domain == NSCocoaErrorDomain { return plainDescription(of: error) }
        return "\(error)"
    }

    /// A decoding error as the JSON field it is about and what is wrong.
    static func describeDecoding(_ error: DecodingError) -> String {
        func at(_ path: [any CodingKey], _ key: (any CodingKey)? = nil) -> String {
            let names = (path + (key.map { [$0] } ?? [])).map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }
            return names.isEmpty ? "at the top level" : "at '\(names.joined(separator: ".").replacingOccurrences(of: ".[", with: "["))'"
        }
        switch error {
        case .keyNotFound(let key, let context): return "\(at(context.codingPath, key)): missing"
        case .typeMismatch(let type, let context): return "\(at(context.codingPath)): expected \(typeName(type))"
        case .valueNotFound(let type, let context): return "\(at(context.codingPath)): expected \(typeName(type)), found null"
        case .dataCorrupted(let context):
            guard !context.codingPath.isEmpty else { return "not valid JSON" }
            return "\(at(context.codingPath)): \(context.debugDescription)"
        @unknown default: return "\(error)"
        }
    }

    /// A Swift type as a message names it: `a number`, `a string`, `a list`, `an object`.
    private static func typeName(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: return "a string"
        case is Bool.Type: return "true or false"
        case is Int.Type, is Int64.Type, is Int32.Type, is UInt64.Type, is UInt32.Type: return "a whole number"
        case is Float.Type, is Double.Type: return "a number"
        default:
            let name = "\(type)"
            if name.hasPrefix("Array<") { return "a list" }
            if name.hasPrefix("Dictionary<") { return "an object" }
            return "a \(name)"
        }
    }

    /// The likely errno of a failed operation on `path` whose error does not say (Foundation on
    /// Linux reports some failures as "unknown", code 512): a file where a folder on its path should
    /// be, or a nearest existing folder that refuses new entries or lies on a read-only file system.
    static func probe(_ path: String) -> Int32? {
        var ancestor = path
        var info = stat()
        while stat(ancestor, &info) != 0 {
            if errno == ENOTDIR { return ENOTDIR }
            guard let slash = ancestor.lastIndex(of: "/") else { ancestor = "."; break }
            ancestor = slash == ancestor.startIndex ? "/" : String(ancestor[..<slash])
        }
        guard stat(ancestor, &info) == 0 else { return nil }
        if info.st_mode & S_IFMT != S_IFDIR { return ancestor == path ? nil : ENOTDIR }
        if access(ancestor, W_OK | X_OK) != 0 { return errno == EROFS ? EROFS : EACCES }
        return nil
    }

    /// The errno behind a Foundation or POSIX error, or nil when it has none.
    static func errnoCode(of error: any Error) -> Int32? {
        if let posix = error as? POSIXError { return posix.code.rawValue }
        let ns = error as NSError
        if ns.domain == NSPOSIXErrorDomain { return Int32(ns.code) }
        if let underlying = ns.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain {
            return Int32(underlying.code)
        }
        guard ns.domain == NSCocoaErrorDomain else { return nil }
        switch CocoaError.Code(rawValue: ns.code) {
        case .fileReadNoPermission, .fileWriteNoPermission: return EACCES
        case .fileNoSuchFile, .fileReadNoSuchFile: return ENOENT
        case .fileWriteOutOfSpace: return ENOSPC
        case .fileWriteVolumeReadOnly: return EROFS
        case .fileWriteFileExists: return EEXIST
        default: return nil
        }
    }

    /// An error's own sentence, without Foundation's domain and code dump.
    static func plainDescription(of error: any Error) -> String {
        let ns = error as NSError
        if let reason = ns.userInfo[NSLocalizedFailureReasonErrorKey] as? String { return reason }
        let text = ns.localizedDescription
        return text.hasPrefix("The operation could not be completed") || text.contains("Error Domain=") ? "\(ns.domain) error \(ns.code)" : text
    }
}
