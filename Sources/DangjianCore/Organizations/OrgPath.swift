/// The materialized path of an organization (`/1/5/23/`): the ids from the root down to the node, each followed by `/`.
/// "Everything under X" is the half-open range `[X.path, X.upperBound)` in byte order (DESIGN: Data).
public struct OrgPath: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    public let value: String

    public static let root = OrgPath(unchecked: "/")

    private init(unchecked value: String) { self.value = value }

    /// Accepts only the canonical form: a leading slash, positive integer ids each followed by a slash.
    public init?(_ value: String) {
        guard value.hasPrefix("/"), value.hasSuffix("/") else { return nil }
        let parts = value.dropFirst().dropLast().split(separator: "/", omittingEmptySubsequences: false)
        guard value == "/" || parts.allSatisfy({ part in
            !part.isEmpty && part.first != "0" && part.allSatisfy(\.isASCIIDigit) && Int(part) != nil
        }) else { return nil }
        self.value = value
    }

    /// A path read back from the database. One we did not write (a damaged row) becomes `nowhere` instead of
    /// stopping the process: out of every scope, and an empty range in every subtree query.
    public init(stored value: String) {
        self = OrgPath(value) ?? .nowhere
    }

    /// Contained by no scope (not even the root's) and containing no real path; its subtree range `[~, 0)` is empty.
    public static let nowhere = OrgPath(unchecked: "~")

    public init(ids: [Int]) {
        self.value = "/" + ids.map { "\($0)/" }.joined()
    }

    public var ids: [Int] { value.split(separator: "/").compactMap { Int($0) } }

    public var depth: Int { ids.count }

    public var lastID: Int? { ids.last }

    public func appending(_ id: Int) -> OrgPath { OrgPath(unchecked: value + "\(id)/") }

    public var parent: OrgPath? {
        guard depth > 0 else { return nil }
        return OrgPath(ids: Array(ids.dropLast()))
    }

    /// The exclusive upper bound of the subtree: the trailing `/` (0x2F) replaced by `0` (0x30), the next byte.
    public var upperBound: String { String(value.dropLast()) + "0" }

    /// True for the node itself and every descendant.
    public func contains(_ other: OrgPath) -> Bool { other.value.hasPrefix(value) }

    public func strictlyContains(_ other: OrgPath) -> Bool { other != self && contains(other) }

    /// The path of `self` after the subtree at `from` has moved to `to`.
    /// A path outside `from` stays where it is.
    public func rebased(from: OrgPath, to: OrgPath) -> OrgPath {
        guard from.contains(self) else { return self }
        return OrgPath(unchecked: to.value + value.dropFirst(from.value.count))
    }

    /// Removes paths already covered by another in the list (a scope of `/1/` makes `/1/5/` redundant).
    public static func minimalCover(_ paths: [OrgPath]) -> [OrgPath] {
        let sorted = Set(paths).sorted()
        var result: [OrgPath] = []
        for path in sorted where !result.contains(where: { $0.contains(path) }) {
            result.append(path)
        }
        return result
    }

    public static func < (lhs: OrgPath, rhs: OrgPath) -> Bool { lhs.value.utf8.lexicographicallyPrecedes(rhs.value.utf8) }

    public var description: String { value }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let path = OrgPath(text) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "not an organization path: \(text)")
        }
        self = path
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(value)
    }
}
