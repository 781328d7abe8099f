/// 监督举报 — a report about a Party organization or a member, possibly anonymous. Only the 纪检 role handles it; the
/// reporter follows it with the tracking code alone.
public enum SupervisionState: String, ChineseLabelled {
    /// 已收到: not yet taken up.
    case received
    /// 核查中.
    case checking
    /// 已办结: concluded, with what the reporter is told.
    case concluded

    public var chinese: String {
        switch self {
        case .received: "已收到，待核查"
        case .checking: "核查中"
        case .concluded: "已办结"
        }
    }
}

/// What a report is about.
public enum SupervisionSubject: String, ChineseLabelled {
    case organization, member

    public var chinese: String {
        switch self {
        case .organization: "党组织"
        case .member: "党员"
        }
    }
}

/// Who made a report, as the 纪检 role may read it after giving a reason: nothing for an anonymous report.
public struct ReporterIdentity: Sendable, Codable, Equatable {
    public var name: String?
    public var phone: String?
    /// The account the report was sent from, when it was sent signed in and not anonymous.
    public var accountID: Int?

    public init(name: String?, phone: String?, accountID: Int?) {
        self.name = name
        self.phone = phone
        self.accountID = accountID
    }

    public var isAnonymous: Bool { name == nil && phone == nil && accountID == nil }
}

/// The steps of a report: taken up, noted, concluded — in that order, and nothing after the conclusion.
public enum SupervisionFlow {
    public static func check(_ state: SupervisionState, to next: SupervisionState) throws(DemandRefusal) {
        switch (state, next) {
        case (.received, .checking), (.received, .concluded), (.checking, .concluded), (.checking, .checking): return
        case (.concluded, _): throw DemandRefusal("这件举报已办结，不能再更改")
        default: throw DemandRefusal("这件举报\(state.chinese)，不能改为“\(next.chinese)”")
        }
    }
}
