/// Builds a node from statements: text (escaped), numbers, nodes, `if`, `switch` and `for`.
@resultBuilder
public enum HTMLBuilder {
    public static func buildExpression(_ node: Node) -> Node { node }
    public static func buildExpression(_ text: String) -> Node { .text(text) }
    public static func buildExpression(_ number: Int) -> Node { .text(String(number)) }
    public static func buildExpression(_ nodes: [Node]) -> Node { .nodes(nodes) }
    public static func buildBlock(_ nodes: Node...) -> Node { nodes.count == 1 ? nodes[0] : .nodes(nodes) }
    public static func buildOptional(_ node: Node?) -> Node { node ?? .empty }
    public static func buildEither(first node: Node) -> Node { node }
    public static func buildEither(second node: Node) -> Node { node }
    public static func buildArray(_ nodes: [Node]) -> Node { .nodes(nodes) }
    public static func buildLimitedAvailability(_ node: Node) -> Node { node }
}

extension Node {
    /// An element with content.
    public static func element(_ name: StaticString, _ attributes: [Attribute] = [], @HTMLBuilder _ content: () -> Node) -> Node {
        switch content() {
        case .nodes(let nodes): .element(name, attributes, nodes)
        case let node: .element(name, attributes, [node])
        }
    }
}

/// Nodes in a row, without an element around them.
public func group(@HTMLBuilder content: () -> Node) -> Node { content() }
