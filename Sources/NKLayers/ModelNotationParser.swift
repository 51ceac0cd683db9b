// ModelNotationParser: turns a model spec string into layer calls (names and arguments).

import NKCore

/// The syntax of the model notation, without knowing any layer:
/// `spec := layer (" - " layer)*`, `layer := Name [ "(" [arg ("," arg)*] ")" ]`,
/// `arg := [keyword "="] value`, `value := number | true | false | name`.
/// Columns are 1-based character positions, used by error messages.
struct ModelNotationParser {
    /// One argument as written.
    struct Argument {
        var keyword: String?
        var text: String
        var column: Int
    }

    /// One layer as written: `Name(args…)`.
    struct Call {
        var name: String
        var column: Int
        var arguments: [Argument]
    }

    private enum Token: Equatable {
        case name(String), number(String), open, close, comma, equals, dash, end
    }

    private let spec: String
    private var tokens: [(token: Token, column: Int)] = []
    private var position = 0

    init(_ spec: String) { self.spec = spec }

    /// The layer calls of the whole spec, or an error pointing at the offending column.
    mutating func parse() throws -> [Call] {
        tokens = try tokenize()
        guard tokens.first?.token != .end else {
            throw ModelNotation.error("empty model spec; write layers joined by ' - ', e.g. 'Linear(2, 8) - TanH() - Linear(8, 1)'",
                                      spec: spec, column: nil)
        }
        var calls = [try call()]
        while true {
            switch tokens[position].token {
            case .end: return calls
            case .dash:
                position += 1
                calls.append(try call())
            default:
                throw unexpected("' - ' between layers or the end of the spec")
            }
        }
    }

    // MARK: - Grammar

    private mutating func call() throws -> Call {
        guard case .name(let name) = tokens[position].token else { throw unexpected("a layer name") }
        var result = Call(name: name, column: tokens[position].column, arguments: [])
        position += 1
        guard tokens[position].token == .open else { return result }    // `TanH` alone means `TanH()`
        position += 1
        if tokens[position].token == .close { position += 1; return result }
        while true {
            result.arguments.append(try argument())
            switch tokens[position].token {
            case .comma:
                position += 1
                if tokens[position].token == .close { position += 1; return result }   // trailing comma
            case .close: position += 1; return result
            default: throw unexpected("',' or ')' in the arguments of \(name)")
            }
        }
    }

    private mutating func argument() throws -> Argument {
        var keyword: String?
        if case .name(let k) = tokens[position].token, tokens[position + 1].token == .equals {
            keyword = k
            position += 2
        }
        let column = tokens[position].column
        switch tokens[position].token {
        case .number(let text), .name(let text):
            position += 1
            return Argument(keyword: keyword, text: text, column: column)
        default:
            throw unexpected(keyword.map { "a value for '\($0)'" } ?? "an argument")
        }
    }

    private func unexpected(_ expected: String) -> NeuralKitError {
        let (token, column) = tokens[position]
        let found: String
        switch token {
        case .name(let s), .number(let s): found = "'\(s)'"
        case .open: found = "'('"
        case .close: found = "')'"
        case .comma: found = "','"
        case .equals: found = "'='"
        case .dash: found = "'-'"
        case .end: found = "end of the spec"
        }
        return ModelNotation.error("unexpected \(found) at column \(column); expected \(expected)", spec: spec, column: column)
    }

    // MARK: - Tokens

    private func tokenize() throws -> [(token: Token, column: Int)] {
        let chars = Array(spec)
        var result: [(token: Token, column: Int)] = []
        var i = 0, depth = 0
        func isNameChar(_ c: Character) -> Bool { c.isLetter || c.isNumber || c == "_" }
        while i < chars.count {
            let c = chars[i], column = i + 1
            if c.isWhitespace { i += 1; continue }
            let signedNumber = (c == "-" || c == "+") && depth > 0 && i + 1 < chars.count
                && (chars[i + 1].isNumber || chars[i + 1] == ".")
            if c.isNumber || c == "." || signedNumber {
                var j = i + 1
                while j < chars.count, isNameChar(chars[j]) || chars[j] == "."
                        || ((chars[j] == "-" || chars[j] == "+") && (chars[j - 1] == "e" || chars[j - 1] == "E")) {
                    j += 1
                }
                let text = String(chars[i..<j])
                guard Double(text) != nil else {
                    throw ModelNotation.error("bad number '\(text)' at column \(column)", spec: spec, column: column)
                }
                result.append((.number(text), column))
                i = j
                continue
            }
            if c.isLetter || c == "_" {
                var j = i + 1
                while j < chars.count, isNameChar(chars[j]) { j += 1 }
                result.append((.name(String(chars[i..<j])), column))
                i = j
                continue
            }
            switch c {
            case "(": result.append((.open, column)); depth += 1
            case ")": result.append((.close, column)); depth -= 1
            case ",": result.append((.comma, column))
            case "=": result.append((.equals, column))
            case "-": result.append((.dash, column))
            default:
                throw ModelNotation.error("unexpected character '\(c)' at column \(column)", spec: spec, column: column)
            }
            i += 1
        }
        result.append((.end, chars.count + 1))
        return result
    }
}
