import Foundation

/// 翻页游标 — where the next page of a keyset-paginated list starts: the sort key of the last row shown.
/// Opaque to clients (base64url), so that pages stay fast at any depth (no OFFSET).
public struct PageCursor: Sendable, Hashable {
    public let path: String
    public let id: Int

    public init(path: String, id: Int) {
        self.path = path
        self.id = id
    }

    public var token: String {
        Data("\(path)|\(id)".utf8).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    public init?(token: String) {
        var base64 = token.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while base64.count % 4 != 0 { base64 += "=" }
        guard let data = Data(base64Encoded: base64), let text = String(data: data, encoding: .utf8),
              let bar = text.lastIndex(of: "|"), let id = Int(text[text.index(after: bar)...]),
              OrgPath(String(text[..<bar])) != nil else { return nil }
        self.path = String(text[..<bar])
        self.id = id
    }
}
