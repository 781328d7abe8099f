import Foundation

/// 翻页游标 — where the next page of a keyset-paginated list starts: the sort key of the last row shown.
/// Opaque to clients (base64url), so that pages stay fast at any depth (no OFFSET).
public struct PageCursor: Sendable, Hashable {
    /// The row's sort key before its path, in lists that sort by one (a name search sorts by the name it matched).
    public let key: String?
    public let path: String
    public let id: Int

    public init(key: String? = nil, path: String, id: Int) {
        self.key = key
        self.path = path
        self.id = id
    }

    /// Separates the key from the path in the token; it cannot occur in either.
    static let keySeparator: Character = "\u{1F}"

    public var token: String {
        Data(((key.map { $0 + String(Self.keySeparator) } ?? "") + "\(path)|\(id)").utf8).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    public init?(token: String) {
        guard token.count <= 400 else { return nil }
        var base64 = token.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while base64.count % 4 != 0 { base64 += "=" }
        guard let data = Data(base64Encoded: base64), var text = String(data: data, encoding: .utf8) else { return nil }
        var key: String?
        if let separator = text.firstIndex(of: Self.keySeparator) {
            let typed = String(text[..<separator])
            guard !typed.isEmpty, typed.count <= 60, !typed.unicodeScalars.contains(where: { $0.properties.generalCategory == .control })
            else { return nil }
            key = typed
            text = String(text[text.index(after: separator)...])
        }
        guard let bar = text.lastIndex(of: "|"), let id = Int(text[text.index(after: bar)...]),
              OrgPath(String(text[..<bar])) != nil else { return nil }
        self.key = key
        self.path = String(text[..<bar])
        self.id = id
    }
}
