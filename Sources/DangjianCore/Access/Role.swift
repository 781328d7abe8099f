/// 角色 — what an account may do, always within an organization scope.
public enum Role: String, ChineseLabelled {
    /// 组织部管理员 — organization department staff.
    case orgDepartmentAdmin
    /// 党委书记 — secretary of a committee (党委, 党工委, 党总支).
    case committeeSecretary
    /// 党委委员 — committee member.
    case committeeMember
    /// 支部书记 — branch secretary.
    case branchSecretary
    /// 支部委员 — branch committee member.
    case branchCommitteeMember
    /// 党员 — a member, who sees their own record.
    case member
    /// 系统管理员 — runs accounts and settings; reads no member data.
    case systemAdmin
    /// 安全管理员 — sets security policy and grants roles.
    case securityAdmin
    /// 审计管理员 — reads the audit trail.
    case auditAdmin
    /// 群众 — a resident registered with a code from their village or community office: reads public pages and
    /// follows their own requests, nothing else. Scoped to the organization of where they live.
    case resident
    /// 纪检委员 — handles supervision reports (监督举报) in their scope, and alone may read a reporter's sealed identity.
    case disciplineInspector

    public var chinese: String {
        switch self {
        case .orgDepartmentAdmin: "组织部管理员"
        case .committeeSecretary: "党委书记"
        case .committeeMember: "党委委员"
        case .branchSecretary: "支部书记"
        case .branchCommitteeMember: "支部委员"
        case .member: "党员"
        case .systemAdmin: "系统管理员"
        case .securityAdmin: "安全管理员"
        case .auditAdmin: "审计管理员"
        case .resident: "群众"
        case .disciplineInspector: "纪检委员"
        }
    }

    /// 三员 — the three separated administrator roles; an account holding one holds no other role.
    public var isSeparatedAdministrator: Bool {
        self == .systemAdmin || self == .securityAdmin || self == .auditAdmin
    }

    /// Whether a grant of this role needs an organization scope (三员 act on the whole system).
    public var needsScope: Bool { !isSeparatedAdministrator }

    public var permissions: Set<Permission> {
        switch self {
        case .orgDepartmentAdmin:
            [.organizationRead, .organizationWrite, .committeeWrite, .memberRead, .memberWrite, .memberReveal, .ownRecord, .activityRead, .activityWrite,
             .duesRead, .duesWrite, .ownRequests, .requestHandle, .publicityWrite, .learningWrite, .serviceWrite]
        case .committeeSecretary:
            [.organizationRead, .organizationWrite, .committeeWrite, .memberRead, .memberWrite, .memberReveal, .ownRecord, .activityRead, .activityWrite,
             .duesRead, .duesWrite, .ownRequests, .requestHandle, .publicityWrite, .learningWrite, .serviceWrite]
        case .committeeMember:
            [.organizationRead, .memberRead, .ownRecord, .activityRead, .duesRead, .ownRequests, .requestHandle, .publicityWrite, .learningWrite, .serviceWrite]
        case .branchSecretary:
            [.organizationRead, .organizationWrite, .committeeWrite, .memberRead, .memberWrite, .memberReveal, .ownRecord, .activityRead, .activityWrite,
             .duesRead, .duesWrite, .ownRequests, .requestHandle, .publicityWrite, .learningWrite, .serviceWrite]
        case .branchCommitteeMember:
            [.organizationRead, .memberRead, .memberWrite, .ownRecord, .activityRead, .activityWrite, .duesRead, .duesWrite, .ownRequests, .requestHandle, .publicityWrite, .learningWrite, .serviceWrite]
        case .member:
            [.ownRecord, .ownRequests]
        case .systemAdmin:
            [.accountManage]
        case .securityAdmin:
            [.roleGrant, .securityPolicy, .organizationRead]
        case .auditAdmin:
            [.auditRead]
        case .resident:
            [.ownRequests]
        case .disciplineInspector:
            [.organizationRead, .ownRecord, .ownRequests, .reportHandle]
        }
    }
}

/// 权限 — what a route needs. Every route declares exactly one (DESIGN: deny by default).
public enum Permission: String, Sendable, Codable, CaseIterable {
    /// No login needed: the login page, health, static information, the public pages of organizations.
    case `public`
    /// Any logged-in account, a resident's too: logout, changing one's own password, one's own files.
    case signedIn
    /// Any logged-in member or staff account (not a resident's): the home page, notices, to-dos, sign-in.
    case authenticated
    case organizationRead
    /// Create, rename, retype, move organizations; keep 大党委 units and pairings.
    case organizationWrite
    case committeeWrite
    case memberRead
    case memberWrite
    /// Show an ID number or phone unmasked (asks for a reason; audited).
    case memberReveal
    /// A member's own record.
    case ownRecord
    /// See planned and held activities (三会一课 …), compliance and the live board.
    case activityRead
    /// Plan activities, take attendance, record minutes, photos and follow-ups.
    case activityWrite
    /// See dues ledgers, arrears, reductions, remittances and reports.
    case duesRead
    /// Fix the year's dues, record payments, decide and approve reductions, record remittances.
    case duesWrite
    /// Submit suggestions and demands and follow one's own (members and residents).
    case ownRequests
    /// Accept, pass on and answer residents' and members' requests; give residents their registration codes.
    case requestHandle
    /// Handle supervision reports (监督举报) and, with a reason, read a reporter's sealed identity.
    case reportHandle
    /// Draft, review and publish 三务公开, answer the questions on it, and record 四议两公开.
    case publicityWrite
    /// Keep study courses, lessons and check questions, and assign 必学 to a subtree.
    case learningWrite
    /// Publish volunteer activities and confirm their hours, keep a 爱心超市's shelves and exchange points at its counter.
    case serviceWrite
    case auditRead
    case accountManage
    case roleGrant
    case securityPolicy

    public var chinese: String {
        switch self {
        case .public: "公开"
        case .signedIn: "已登录（含群众）"
        case .authenticated: "已登录"
        case .organizationRead: "查看组织"
        case .organizationWrite: "维护组织"
        case .committeeWrite: "维护班子"
        case .memberRead: "查看党员"
        case .memberWrite: "维护党员"
        case .memberReveal: "查看完整证件号码"
        case .ownRecord: "查看本人档案"
        case .activityRead: "查看组织生活"
        case .activityWrite: "记录组织生活"
        case .duesRead: "查看党费"
        case .duesWrite: "收缴党费"
        case .ownRequests: "提交和查看本人的诉求"
        case .requestHandle: "办理群众诉求"
        case .reportHandle: "办理监督举报"
        case .publicityWrite: "三务公开和村级议事"
        case .learningWrite: "学习资料和必学安排"
        case .serviceWrite: "志愿服务和爱心超市"
        case .auditRead: "查阅审计日志"
        case .accountManage: "管理账号"
        case .roleGrant: "授予角色"
        case .securityPolicy: "设置安全策略"
        }
    }

    /// Permissions checked against an organization scope rather than system-wide.
    public var isScoped: Bool {
        switch self {
        case .organizationRead, .organizationWrite, .committeeWrite, .memberRead, .memberWrite, .memberReveal, .activityRead, .activityWrite, .duesRead, .duesWrite,
             .requestHandle, .reportHandle, .publicityWrite, .learningWrite, .serviceWrite: true
        default: false
        }
    }
}
