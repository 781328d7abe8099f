import DangjianHTML

/// The big numbers pages lead with: a value over its label, a link when it opens a list, marked when it warns.
enum Figures {
    static func figure(_ value: String, _ label: String, link: String? = nil, warn: Bool = false) -> Node {
        let content = group {
            span(.class("value")) { value }
            span(.class("label")) { label }
        }
        let kind = warn ? "figure warn" : "figure"
        if let link { return a(.class(kind), .href(link)) { content } }
        return div(.class(kind)) { content }
    }

    static func figure(_ value: Int, _ label: String, link: String? = nil, warn: Bool = false) -> Node {
        figure(String(value), label, link: link, warn: warn)
    }
}
