/// 组织类别 — the organizational form of a node in the Party organization tree.
public enum OrganizationKind: String, Sendable, Codable, CaseIterable {
    /// 党委 — a committee (county, township, enterprise or other basic-level committee).
    case committee
    /// 党工委 — a working committee (街道党工委, 机关工委).
    case workingCommittee
    /// 党总支 — a general branch.
    case generalBranch
    /// 党支部 — a branch.
    case branch
    /// 联合党支部 — a branch shared by units with fewer than 3 full members each.
    case jointBranch
    /// 临时党支部 — a branch of a temporary body; it does not admit members, collect dues or hold elections.
    case temporaryBranch
    /// 党小组 — a group inside a branch.
    case group
    /// 党员中心户 — a member household, the lowest cell of the community grid.
    case memberHousehold

    public var chinese: String {
        switch self {
        case .committee: "党委"
        case .workingCommittee: "党工委"
        case .generalBranch: "党总支"
        case .branch: "党支部"
        case .jointBranch: "联合党支部"
        case .temporaryBranch: "临时党支部"
        case .group: "党小组"
        case .memberHousehold: "党员中心户"
        }
    }

    public init?(chinese: String) {
        guard let kind = Self.allCases.first(where: { $0.chinese == chinese }) else { return nil }
        self = kind
    }

    /// Branches in the sense of the branch regulation: the cells that hold members and their organizational life.
    public var isBranch: Bool { self == .branch || self == .jointBranch || self == .temporaryBranch }

    public var isCommittee: Bool { self == .committee || self == .workingCommittee }
    /// 党支部, 联合党支部, 临时党支部 and 党总支: the organizations that hold 三会一课.
    public var isBranchLike: Bool { [.branch, .jointBranch, .temporaryBranch, .generalBranch].contains(self) }

    /// Whether the organization is elected for a term (临时党支部, 党小组 and 党员中心户 are not).
    public var hasElectedTerm: Bool { isCommittee || self == .generalBranch || self == .branch || self == .jointBranch }

    /// Which forms may sit directly under this one.
    public func canContain(_ child: OrganizationKind) -> Bool {
        switch self {
        case .committee, .workingCommittee:
            child != .memberHousehold
        case .generalBranch:
            child.isBranch || child == .group
        case .branch, .jointBranch, .temporaryBranch:
            child == .group || child == .memberHousehold
        case .group:
            child == .memberHousehold
        case .memberHousehold:
            false
        }
    }
}

/// 单位类别 — the kind of unit or place an organization is set up in.
public enum UnitSector: String, Sendable, Codable, CaseIterable {
    case village, community, government, publicInstitution, school, hospital
    case stateEnterprise, privateEnterprise, socialOrganization, other

    public var chinese: String {
        switch self {
        case .village: "农村"
        case .community: "城市社区"
        case .government: "党政机关"
        case .publicInstitution: "事业单位"
        case .school: "学校"
        case .hospital: "医院"
        case .stateEnterprise: "国有企业"
        case .privateEnterprise: "非公有制企业"
        case .socialOrganization: "社会组织"
        case .other: "其他"
        }
    }
}

/// 委员会职务 — an office on a committee.
public enum CommitteeOffice: String, Sendable, Codable, CaseIterable {
    case secretary, deputySecretary, organization, propaganda, discipline, member

    public var chinese: String {
        switch self {
        case .secretary: "书记"
        case .deputySecretary: "副书记"
        case .organization: "组织委员"
        case .propaganda: "宣传委员"
        case .discipline: "纪检委员"
        case .member: "委员"
        }
    }

    /// Display order on the committee list.
    public var rank: Int { Self.allCases.firstIndex(of: self)! }
}
