import DangjianCore
import NIOCore

/// A piece of an HTML page, built in Swift and checked by the compiler: a misspelled field does not compile, where a
/// template would render it empty.
///
/// Text is escaped when it is written, always: the only markup that is not escaped is `Node.markup`, which takes a
/// `StaticString` — a literal in our own source, never anything a request or the database could supply — and
/// `Node.svg`, which takes a drawing only Core's chart renderers can make. Rendering
/// writes the bytes straight into a `ByteBuffer`, with no interpreter between the page and the socket.
public indirect enum Node: Sendable {
    /// `<name attributes>children</name>`.
    case element(StaticString, [Attribute], [Node])
    /// An element without an end tag or content: `<input>`, `<meta>`, `<link>`, `<br>`.
    case void(StaticString, [Attribute])
    /// Text, escaped.
    case text(String)
    /// Markup written in our source, as it is.
    case markup(StaticString)
    /// A chart drawn by our own renderers (`SVGDocument`), as it is.
    case svg(SVGDocument)
    /// Several nodes in a row.
    case nodes([Node])

    public static let empty = Node.nodes([])

    /// The page as UTF-8, for tests and the error pages.
    public var rendered: String {
        var buffer = ByteBufferAllocator().buffer(capacity: 4096)
        render(into: &buffer)
        return String(buffer: buffer)
    }

    public func render(into buffer: inout ByteBuffer) {
        switch self {
        case .element(let name, let attributes, let children):
            Self.open(name, attributes, into: &buffer)
            for child in children { child.render(into: &buffer) }
            buffer.writeStaticString("</")
            buffer.writeStaticString(name)
            buffer.writeInteger(UInt8(ascii: ">"))
        case .void(let name, let attributes):
            Self.open(name, attributes, into: &buffer)
        case .text(let text):
            Escaping.write(text, into: &buffer, inAttribute: false)
        case .markup(let markup):
            buffer.writeStaticString(markup)
        case .svg(let document):
            buffer.writeString(document.markup)
        case .nodes(let nodes):
            for node in nodes { node.render(into: &buffer) }
        }
    }

    private static func open(_ name: StaticString, _ attributes: [Attribute], into buffer: inout ByteBuffer) {
        buffer.writeInteger(UInt8(ascii: "<"))
        buffer.writeStaticString(name)
        for attribute in attributes { attribute.render(into: &buffer) }
        buffer.writeInteger(UInt8(ascii: ">"))
    }
}

/// One attribute of an element. Its value is escaped when written; a flag (`selected`, `hidden`) is written only
/// when set, and an absent value (`nil`) leaves the attribute out.
public struct Attribute: Sendable {
    enum Value: Sendable {
        case text(String)
        case flag(Bool)
        case none
    }

    let name: StaticString
    let value: Value

    public init(_ name: StaticString, _ value: String?) {
        self.name = name
        self.value = value.map(Value.text) ?? .none
    }

    /// A boolean attribute, present when `on`.
    public static func flag(_ name: StaticString, _ on: Bool) -> Attribute { Attribute(name, value: .flag(on)) }

    init(_ name: StaticString, value: Value) {
        self.name = name
        self.value = value
    }

    func render(into buffer: inout ByteBuffer) {
        switch value {
        case .text(let text):
            buffer.writeInteger(UInt8(ascii: " "))
            buffer.writeStaticString(name)
            buffer.writeStaticString("=\"")
            Escaping.write(text, into: &buffer, inAttribute: true)
            buffer.writeInteger(UInt8(ascii: "\""))
        case .flag(true):
            buffer.writeInteger(UInt8(ascii: " "))
            buffer.writeStaticString(name)
        case .flag(false), .none:
            break
        }
    }
}

enum Escaping {
    /// Writes `text` with `&`, `<` and `>` escaped, and in an attribute also `"` and `'`.
    static func write(_ text: String, into buffer: inout ByteBuffer, inAttribute: Bool) {
        var text = text
        text.withUTF8 { bytes in
            var start = 0
            for index in bytes.indices {
                let replacement: StaticString
                switch bytes[index] {
                case UInt8(ascii: "&"): replacement = "&amp;"
                case UInt8(ascii: "<"): replacement = "&lt;"
                case UInt8(ascii: ">"): replacement = "&gt;"
                case UInt8(ascii: "\"") where inAttribute: replacement = "&quot;"
                case UInt8(ascii: "'") where inAttribute: replacement = "&#39;"
                default: continue
                }
                buffer.writeBytes(UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: bytes[start..<index])))
                buffer.writeStaticString(replacement)
                start = index + 1
            }
            buffer.writeBytes(UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: bytes[start..<bytes.endIndex])))
        }
    }
}
