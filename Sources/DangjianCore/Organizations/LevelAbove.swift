/// One organization on the way from the root to a member's own, with its form.
public struct OrgNode: Sendable, Equatable {
    public let id: Int
    public let kind: OrganizationKind

    public init(id: Int, kind: OrganizationKind) {
        self.id = id
        self.kind = kind
    }
}

/// "The level above" that rules send decisions to (hardship reductions, 温暖工程 grants, 上级党委 steps of member
/// development). It is reckoned from the 党支部 — or 总支, 党委 — that holds the member: a 党小组 or 党员中心户 sits
/// inside a branch, and its secretary could create one, so it is never the holder nor the level above.
public enum LevelAbove {
    /// Where the organization holding a member filed at the end of `chain` (root first) stands in it.
    public static func holderIndex(_ chain: [OrgNode]) -> Int? {
        chain.lastIndex { $0.kind != .group && $0.kind != .memberHousehold }
    }

    /// The organization that holds the member.
    public static func holder(_ chain: [OrgNode]) -> OrgPath? {
        holderIndex(chain).map { OrgPath(ids: chain[...$0].map(\.id)) }
    }

    /// 上一级党组织: the organization directly above the holder; nil for the root.
    public static func organization(_ chain: [OrgNode]) -> OrgPath? {
        guard let holder = holderIndex(chain), holder > 0 else { return nil }
        return OrgPath(ids: chain[..<holder].map(\.id))
    }

    /// 上级党委: the nearest 党委 or 党工委 above the holder (a 党总支 does not approve admissions).
    public static func committee(_ chain: [OrgNode]) -> OrgPath? {
        guard let holder = holderIndex(chain), let committee = chain[..<holder].lastIndex(where: \.kind.isCommittee) else { return nil }
        return OrgPath(ids: chain[...committee].map(\.id))
    }
}
