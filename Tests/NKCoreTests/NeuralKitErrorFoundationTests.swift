// Tests for NeuralKitError+Foundation and AtomicFile's folder checks: Foundation's errors told as one
// sentence naming the path and what to do, and folders that take no new file refused up front.

import Foundation
import Testing
import NKCore
import NKTestSupport

@Suite struct NeuralKitErrorFoundationTests {
    /// Foundation's and the system's errors become one sentence naming the path, the problem and a
    /// remedy; no "Error Domain=…" or "Code=…" dump reaches the message.
    @Test func fileSystemErrorsNameThePathTheProblemAndTheRemedy() {
        let cases: [(any Error, [String])] = [
            (CocoaError(.fileWriteNoPermission), ["permission denied", "check the permissions", "choose another place"]),
            (CocoaError(.fileReadNoPermission), ["permission denied"]),
            (CocoaError(.fileWriteOutOfSpace), ["no space left", "free some space"]),
            (CocoaError(.fileWriteVolumeReadOnly), ["read-only", "writable disk"]),
            (CocoaError(.fileNoSuchFile), ["does not exist", "create the folder first"]),
            (POSIXError(.ENOSPC), ["no space left"]),
            (NSError(domain: NSPOSIXErrorDomain, code: Int(EROFS)), ["read-only"]),
            (NSError(domain: NSCocoaErrorDomain, code: 4, userInfo: [NSUnderlyingErrorKey: NSError(domain: NSPOSIXErrorDomain, code: Int(EACCES))]), ["permission denied"]),
        ]
        for (error, words) in cases {
            let message = NeuralKitError.fileSystem(path: "/data/runs/a", action: "create the folder", underlying: error).message
            #expect(message.hasPrefix("Cannot create the folder '/data/runs/a': "), "\(message)")
            for w in words { #expect(message.contains(w), "\(message)") }
            #expect(!message.contains("Domain=") && !message.contains("Code="), "\(message)")
        }
        // With the option that named the path, the message starts with it.
        let named = NeuralKitError.fileSystem(path: "/r", action: "create the folder", underlying: CocoaError(.fileWriteNoPermission), option: "--out")
        #expect(named.kind == .file && named.message.hasPrefix("--out '/r': cannot create the folder: permission denied"), "\(named.message)")
        // A NeuralKitError passes through unchanged.
        let own = NeuralKitError.data("x")
        #expect(NeuralKitError.fileSystem(path: "/p", action: "read", underlying: own) == own)
    }

    /// Foundation's "unknown" write error (code 512, as Linux reports a folder that cannot be made)
    /// is diagnosed from the path itself: here a file where a folder should be.
    @Test func anUnknownErrorIsDiagnosedFromThePath() throws {
        let dir = try TemporaryFolder.make("nk-core")
        let file = dir.appendingPathComponent("plain").path
        try "x".write(toFile: file, atomically: true, encoding: .utf8)
        let message = NeuralKitError.fileSystem(path: file + "/sub/deeper", action: "create the folder", underlying: CocoaError(.fileWriteUnknown)).message
        #expect(message.contains("a part of the path is a file, not a folder"), "\(message)")
        #expect(NeuralKitError.fromFoundation(CocoaError(.fileWriteNoPermission, userInfo: [NSFilePathErrorKey: "/x/y"]))?.message.contains("'/x/y': permission denied") == true)
        #expect(NeuralKitError.fromFoundation(NeuralKitError.data("mine")) == nil)
    }

    /// Decoding errors name the JSON field and what is wrong, instead of Swift's enum dump.
    @Test func decodingErrorsNameTheField() throws {
        struct Inner: Decodable { var epochs: Int }
        struct Outer: Decodable { var training: Inner; var names: [String] }
        func message(_ json: String) -> String {
            switch Result(catching: { try JSONDecoder().decode(Outer.self, from: Data(json.utf8)) }) {
            case .success: "decoded"
            case .failure(let error): NeuralKitError.describe(error)
            }
        }
        #expect(message(#"{"training":{"epochs":"ten"},"names":[]}"#) == "at 'training.epochs': expected a whole number")
        #expect(message(#"{"training":{},"names":[]}"#) == "at 'training.epochs': missing")
        #expect(message(#"{"training":{"epochs":1},"names":[1]}"#) == "at 'names[0]': expected a string")
        #expect(message("{") == "not valid JSON")
    }

    /// A folder with write but no search (execute) permission accepts no new file: the up-front
    /// check refuses it. Root passes every permission check, so the check is given a stand-in for
    /// access(2) that answers as the system does for such a folder to another user.
    @Test func aFolderWithoutSearchPermissionIsNotWritable() {
        let writeOnly: (String, Int32) -> Int32 = { _, mode in mode & X_OK != 0 ? -1 : 0 }
        let problem = AtomicFile.folderAccessProblem("/runs", check: writeOnly)
        #expect(problem?.contains("'/runs' is not writable (it lacks search (execute) permission)") == true, "\(problem ?? "accepted")")
        let readOnly: (String, Int32) -> Int32 = { _, mode in mode & W_OK != 0 ? -1 : 0 }
        #expect(AtomicFile.folderAccessProblem("/runs", check: readOnly)?.contains("lacks write permission") == true)
        #expect(AtomicFile.folderAccessProblem("/runs", check: { _, _ in 0 }) == nil)
    }

    /// The same with the real permission bits, where the process is not root.
    @Test(.enabled(if: getuid() != 0, "root passes every permission check"))
    func checkTargetRefusesAFolderWithoutSearchPermission() throws {
        let dir = try TemporaryFolder.make("nk-core").appendingPathComponent("write-only").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        #expect(chmod(dir, 0o300 & ~0o100) == 0)
        defer { chmod(dir, 0o700) }
        let message = TestSupport.errorMessage { try AtomicFile.checkTarget(dir + "/w.safetensors", what: "--save") }
        #expect(message?.contains("search (execute) permission") == true, "\(message ?? "accepted")")
    }
}
