// Test support: parses SVG text with Foundation's XML parser into a flat list of elements.
import Foundation
#if canImport(FoundationXML)
    import FoundationXML
#endif

/// One element of a parsed SVG: its name, attributes, text content and the classes of its ancestors.
struct SVGElement {
    var name: String
    var attributes: [String: String]
    var text = ""
    var ancestorClasses: [String]

    subscript(_ key: String) -> String? { attributes[key] }
    func number(_ key: String) -> Double? { attributes[key].flatMap(Double.init) }
    var classes: [String] { (attributes["class"] ?? "").split(separator: " ").map(String.init) }
    func has(class c: String) -> Bool { classes.contains(c) }
    func inside(_ c: String) -> Bool { ancestorClasses.contains(c) }
}

/// A parsed SVG document; parsing fails the test (throws) on malformed XML.
struct ParsedSVG {
    var root: SVGElement
    var elements: [SVGElement]

    init(_ text: String) throws {
        let delegate = Collector()
        let parser = XMLParser(data: Data(text.utf8))
        parser.delegate = delegate
        guard parser.parse(), let first = delegate.elements.first else {
            throw PNGDecodeError("SVG does not parse: \(parser.parserError.map { "\($0)" } ?? "no elements")")
        }
        root = first
        elements = delegate.elements
    }

    func all(_ name: String? = nil, class c: String? = nil) -> [SVGElement] {
        elements.filter { (name == nil || $0.name == name) && (c == nil || $0.has(class: c!)) }
    }

    func first(_ name: String? = nil, class c: String) -> SVGElement? { all(name, class: c).first }

    /// Parses `"x1,y1 x2,y2"`.
    static func points(_ s: String) -> [(Double, Double)] {
        s.split(separator: " ").map { pair in
            let p = pair.split(separator: ",").map { Double($0)! }
            return (p[0], p[1])
        }
    }
}

private final class Collector: NSObject, XMLParserDelegate {
    var elements: [SVGElement] = []
    var stack: [Int] = []

    func parser(
        _ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
        attributes: [String: String] = [:]
    ) {
        let ancestors = stack.flatMap { elements[$0].classes }
        elements.append(SVGElement(name: name, attributes: attributes, ancestorClasses: ancestors))
        stack.append(elements.count - 1)
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        if let top = stack.last { elements[top].text += string }
    }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        stack.removeLast()
    }
}
