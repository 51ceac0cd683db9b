// ModelNotationParser: turns a model spec string into layer calls (names and arguments).

import NKCore

/// The syntax of the model notation, without knowing any layer:
/// `spec := item (" - " item)*`, `item := layer | "[" spec "]" "*" count`,
/// `layer := Name [ "(" [arg ("," arg)*] ")" ]`, `arg := [keyword "="] value`,
/// `value := number | true | false | name`. A bracketed group repeated `count` times (0 included)
/// stands for its layers written that many times: `[Linear(200, 200) - Sigmoid()] * 4`.
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
        case openGroup, closeGroup, times
    }

    private let spec: String
    private var tokens: [(token: Token, column: Int)] = []
    private var position = 0

    init(_ spec: String) { self.spec = spec }

    /// The layer calls of the whole spec, or an error pointing at the offending column.
    mutating func parse() throws -> [Call] {
        tokens = try tokenize()
        guard tokens.first?.token != .end else {
            throw ModelNotation.error(
                "empty model spec; write layers joined by ' - ', e.g. 'Linear(2, 8) - TanH() - Linear(8, 1)'",
                spec: spec, column: nil)
        }
        let calls = try sequence(depth: 0)
        guard tokens[position].token == .end else { throw unexpected("' - ' between layers or the end of the spec") }
        guard !calls.isEmpty else {
            throw ModelNotation.error("the model has no layers (every group is repeated 0 times)", spec: spec, column: nil)
        }
        return calls
    }

    /// Limits on repetition, so that a short spec cannot ask for billions of layers.
    static let maximumLayers = 10_000, maximumNesting = 16

    // MARK: - Grammar

    /// `item (" - " item)*`, stopping before `]` or the end.
    private mutating func sequence(depth: Int) throws -> [Call] {
        var calls = try item(depth: depth)
        while tokens[position].token == .dash {
            position += 1
            calls += try item(depth: depth)
            guard calls.count <= Self.maximumLayers else {
                throw ModelNotation.error("more than \(Self.maximumLayers) layers", spec: spec, column: tokens[position].column)
            }
        }
        return calls
    }

    /// A layer, or a bracketed group and its repetition count.
    private mutating func item(depth: Int) throws -> [Call] {
        guard tokens[position].token == .openGroup else { return [try call()] }
        let column = tokens[position].column
        guard depth < Self.maximumNesting else {
            throw ModelNotation.error("groups nested more than \(Self.maximumNesting) deep at column \(column)", spec: spec, column: column)
        }
        position += 1
        let group = try sequence(depth: depth + 1)
        guard tokens[position].token == .closeGroup else { throw unexpected("']' closing the group opened at column \(column)") }
        position += 1
        guard tokens[position].token == .times else { throw unexpected("'*' and a count after the group at column \(column), e.g. [Linear(200, 200) - Sigmoid()] * 3") }
        position += 1
        guard case .number(let text) = tokens[position].token, let count = Int(text), count >= 0 else {
            throw unexpected("a repetition count (0 or more)")
        }
        let countColumn = tokens[position].column
        position += 1
        guard count <= Self.maximumLayers, group.count * count <= Self.maximumLayers else {
            throw ModelNotation.error("the group at column \(column) repeated \(count) times gives more than \(Self.maximumLayers) layers", spec: spec, column: countColumn)
        }
        return Array((0..<count).map { _ in group }.joined())
    }

    private mutating func call() throws -> Call {
        guard case .name(let name) = tokens[position].token else { throw unexpected("a layer name") }
        var result = Call(name: name, column: tokens[position].column, arguments: [])
        position += 1
        guard tokens[position].token == .open else { return result }  // `TanH` alone means `TanH()`
        position += 1
        if tokens[position].token == .close { position += 1; return result }
        while true {
            result.arguments.append(try argument())
            switch tokens[position].token {
            case .comma:
                position += 1
                if tokens[position].token == .close { position += 1; return result }  // trailing comma
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
        case .openGroup: found = "'['"
        case .closeGroup: found = "']'"
        case .times: found = "'*'"
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
            let signedNumber =
                (c == "-" || c == "+") && depth > 0 && i + 1 < chars.count
                && (chars[i + 1].isNumber || chars[i + 1] == ".")
            if c.isNumber || c == "." || signedNumber {
                var j = i + 1
                while j < chars.count,
                    isNameChar(chars[j]) || chars[j] == "."
                        || ((chars[j] == "-" || chars[j] == "+") && (chars[j - 1] == "e" || chars[j - 1] == "E"))
                {
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
            case "[": result.append((.openGroup, column))
            case "]": result.append((.closeGroup, column))
            case "*", "×": result.append((.times, column))
            default:
                throw ModelNotation.error("unexpected character '\(c)' at column \(column)", spec: spec, column: column)
            }
            i += 1
        }
        result.append((.end, chars.count + 1))
        return result
    }
}
