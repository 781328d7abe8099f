/// One role held by an account, over an organization subtree.
public struct Grant: Sendable, Hashable, Codable {
    public let role: Role
    /// The organization at the top of the scope; nil for the 三员, whose roles are system-wide.
    public let scope: OrgPath?

    public init(role: Role, scope: OrgPath?) {
        self.role = role
        self.scope = scope
    }
}

/// 操作者 — who is asking: an account, the member it belongs to, and its grants.
public struct Actor: Sendable, Hashable {
    public let accountID: Int
    public let username: String
    public let displayName: String
    /// The member record the account belongs to, if any.
    public let memberID: Int?
    public let grants: [Grant]
    /// The password was set by the 系统管理员 and has not been changed yet: nothing else may be done.
    public let mustChangePassword: Bool
    /// A role that needs a second factor, and none enrolled yet: nothing else may be done.
    public let mustEnrollSecondFactor: Bool

    public init(accountID: Int, username: String, displayName: String, memberID: Int?, grants: [Grant], mustChangePassword: Bool = false,
                mustEnrollSecondFactor: Bool = false) {
        self.accountID = accountID
        self.username = username
        self.displayName = displayName
        self.memberID = memberID
        self.grants = grants
        self.mustChangePassword = mustChangePassword
        self.mustEnrollSecondFactor = mustEnrollSecondFactor
    }

    public var roles: Set<Role> { Set(grants.map(\.role)) }

    /// A resident's account (群众): public pages and their own requests only.
    public var isResident: Bool { grants.contains { $0.role == .resident } }
}

/// The one policy that both detail checks and list queries use (DESIGN: they must agree).
public struct AccessPolicy: Sendable {
    public let actor: Actor

    public init(_ actor: Actor) { self.actor = actor }

    /// Whether any grant carries `permission` at all, before any scope is looked at (the route-level check).
    public func holds(_ permission: Permission) -> Bool {
        switch permission {
        case .public, .signedIn: true
        case .authenticated: !actor.isResident
        default: actor.grants.contains { $0.role.permissions.contains(permission) }
        }
    }

    /// The subtrees in which `permission` holds, without overlaps. Empty means nowhere.
    public func scopes(for permission: Permission) -> [OrgPath] {
        OrgPath.minimalCover(actor.grants.compactMap { grant in
            grant.role.permissions.contains(permission) ? (grant.scope ?? (permission.isScoped ? nil : .root)) : nil
        })
    }

    /// Whether `permission` holds for a record filed at `path`.
    public func allows(_ permission: Permission, at path: OrgPath) -> Bool {
        scopes(for: permission).contains { $0.contains(path) }
    }

    /// Restructuring (rename, retype, move) needs the organization strictly inside a scope: a secretary does not
    /// restructure the organization they lead; the level above does.
    /// Whether full birth dates are shown and whole ID numbers searched for at `path`: only with the reveal
    /// permission there (without it, what is shown leaves at least 10,000 possible numbers, `IdentityCandidates`).
    public func reveals(at path: OrgPath) -> Bool { allows(.memberReveal, at: path) }

    public func allowsRestructuring(_ path: OrgPath) -> Bool {
        scopes(for: .organizationWrite).contains { $0.strictlyContains(path) }
    }
}

/// The rules for granting roles (三员分立, DESIGN: Access model).
public enum GrantRules {
    public enum Problem: Error, Sendable, Equatable {
        /// The account already holds one of the three administrator roles, or would hold one beside another role.
        case separationOfDuties(existing: Role, requested: Role)
        case scopeRequired(Role)
        case scopeNotAllowed(Role)
        case duplicate(Role)
        /// The member role needs the account tied to a member record.
        case memberRecordRequired
        /// A resident's account holds the resident role alone, and that role is given by registration, not granted.
        case residentAlone
    }

    public static func check(adding grant: Grant, to existing: [Grant], accountHasMember: Bool) throws(Problem) {
        if grant.role.needsScope && grant.scope == nil { throw .scopeRequired(grant.role) }
        if !grant.role.needsScope && grant.scope != nil { throw .scopeNotAllowed(grant.role) }
        if existing.contains(grant) { throw .duplicate(grant.role) }
        if grant.role == .member && !accountHasMember { throw .memberRecordRequired }
        if grant.role == .resident || existing.contains(where: { $0.role == .resident }) { throw .residentAlone }
        if let held = existing.first(where: { $0.role.isSeparatedAdministrator || grant.role.isSeparatedAdministrator }) {
            throw .separationOfDuties(existing: held.role, requested: grant.role)
        }
    }

    public static func message(for problem: Problem) -> String {
        switch problem {
        case .separationOfDuties(let existing, let requested):
            "三员分立：该账号已有“\(existing.chinese)”角色，不能再授予“\(requested.chinese)”。系统管理员、安全管理员、审计管理员须由不同账号担任，且不兼任其他角色"
        case .scopeRequired(let role): "“\(role.chinese)”角色须指定负责的党组织"
        case .scopeNotAllowed(let role): "“\(role.chinese)”是系统级角色，不指定党组织"
        case .duplicate(let role): "该账号在这个党组织已有“\(role.chinese)”角色"
        case .memberRecordRequired: "“党员”角色须先把账号关联到本人的党员档案"
        case .residentAlone: "群众账号由本人凭村（社区）登记码注册，只有“群众”一个角色；不能授予群众角色，也不能给群众账号授予其他角色"
        }
    }
}
