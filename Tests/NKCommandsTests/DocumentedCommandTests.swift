// Every `neuralkit` command line shown in the README and in docs/ is accepted by the command-line parser
// (its options parse and its validation passes), so the documentation cannot drift from the tool.

import Foundation
import Testing
@testable import NKCommands

@Suite struct DocumentedCommandTests {
    /// The repository's root, from this file's path.
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The Markdown files that show commands.
    static var documents: [URL] {
        let docs = (try? FileManager.default.contentsOfDirectory(at: root.appendingPathComponent("docs"), includingPropertiesForKeys: nil)) ?? []
        return [root.appendingPathComponent("README.md")] + docs.filter { $0.pathExtension == "md" }.sorted { $0.path < $1.path }
    }

    /// The command lines in a document's code blocks: continuation lines joined, comments and a
    /// leading `$ ` or `swift run -c release ` dropped; synopsis lines (placeholders such as SPEC or
    /// `[--option …]`) left out.
    static func commands(in text: String) -> [String] {
        var inCode = false, pending = "", found: [String] = []
        for raw in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let line = String(raw)
            if line.hasPrefix("```") { inCode.toggle(); continue }
            guard inCode else { continue }
            var current = pending + line.trimmingCharacters(in: .whitespaces)
            if current.hasSuffix("\\") { pending = String(current.dropLast()) + " "; continue }
            pending = ""
            for prefix in ["$ ", "swift run -c release "] where current.hasPrefix(prefix) { current.removeFirst(prefix.count) }
            // The list of commands ("neuralkit train      train a model …") is prose, not a command.
            guard current.hasPrefix("neuralkit "), current.range(of: #"^neuralkit \S+ {2,}[A-Za-z]"#, options: .regularExpression) == nil else { continue }
            if let comment = current.range(of: "  #") { current = String(current[..<comment.lowerBound]) }
            let placeholder = current.range(of: #"\b(SPEC|SOURCE|NAME|FILE|DIR|EPOCHS|ID|STEP)\b|\[--|…|\.\.\."#, options: .regularExpression)
            if placeholder == nil { found.append(current.trimmingCharacters(in: .whitespaces)) }
        }
        return found
    }

    /// A shell line split into arguments (single and double quotes, no expansions).
    static func arguments(_ line: String) -> [String] {
        var args: [String] = [], current = "", quote: Character? = nil, started = false
        for c in line {
            if let q = quote { if c == q { quote = nil } else { current.append(c) }; continue }
            if c == "'" || c == "\"" { quote = c; started = true; continue }
            if c == " " { if started || !current.isEmpty { args.append(current) }; current = ""; started = false; continue }
            current.append(c)
        }
        if started || !current.isEmpty { args.append(current) }
        return args
    }

    @Test func everyDocumentedCommandParses() throws {
        var checked = 0
        for document in Self.documents {
            for line in Self.commands(in: try String(contentsOf: document, encoding: .utf8)) {
                let args = Array(Self.arguments(line).dropFirst())
                do {
                    _ = try NeuralKitCommand.parseAsRoot(args)
                    checked += 1
                } catch {
                    Issue.record("\(document.lastPathComponent): `\(line)`: \(NeuralKitCommand.fullMessage(for: error))")
                }
            }
        }
        #expect(checked >= 40, "found \(checked) commands")
    }

    /// Every relative link of the README and docs/ names a file of the repository.
    @Test func everyRelativeLinkNamesAFileOfTheRepository() throws {
        for document in Self.documents {
            let text = try String(contentsOf: document, encoding: .utf8)
            let links = text.matches(of: /\]\(([^)#\s]+)[^)]*\)/).map { String($0.output.1) }.filter { !$0.contains("://") }
            for link in links {
                let target = document.deletingLastPathComponent().appendingPathComponent(link).standardizedFileURL
                #expect(target.path.hasPrefix(Self.root.standardizedFileURL.path), "\(document.lastPathComponent): \(link) points outside the repository")
                #expect(FileManager.default.fileExists(atPath: target.path), "\(document.lastPathComponent): \(link) does not exist")
            }
        }
    }
}
