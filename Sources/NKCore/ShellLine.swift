// ShellLine: arguments written as one line a POSIX shell reads back as the same arguments.

import Foundation

/// `arguments` joined by spaces, each one that holds a space, quote or shell metacharacter (or is
/// empty) wrapped in single quotes (a single quote inside as `'\''`), so that pasting the line into
/// a shell runs the same command.
public func shellLine(_ arguments: [String]) -> String {
    arguments.map { argument in
        guard argument.isEmpty || argument.contains(where: { " \t\n\"'$`\\()*?[]{}|&;<>!#~".contains($0) }) else { return argument }
        return "'" + argument.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }.joined(separator: " ")
}
