public enum DuesFixingProblem: Error, Sendable, Equatable {
    case year(String)
    case reasonNeeded

    public var message: String {
        switch self {
        case .year(let message): message
        case .reasonNeeded: "党费年初核定后一般不作调整；确需调整的，请写明调整原因"
        }
    }
}

/// 核定 — the year's monthly amount, fixed at the start of the year and generally not changed within it.
public struct DuesFixingRules: Sendable {
    public let rules: RuleBook

    public init(rules: RuleBook) { self.rules = rules }

    /// Last year (to open the ledger when the platform arrives mid-way), this year and next year may be fixed; an
    /// amount already fixed changes only with a reason.
    public func check(year: Int, today: CalendarDate, alreadyFixed: Bool, reason: String?) throws(DuesFixingProblem) {
        guard (today.year - 1...today.year + 1).contains(year) else {
            throw .year("只能核定\(today.year - 1)年、\(today.year)年或\(today.year + 1)年的党费")
        }
        if alreadyFixed && (reason?.trimmed.count ?? 0) < 2 { throw .reasonNeeded }
    }

    /// Where the category is not recorded, the member's occupation suggests one.
    public static func suggestedCategory(for category: MemberCategory?) -> DuesCategory {
        switch category {
        case .farmer: .farmer
        case .student: .student
        case .retired: .retired
        case .unemployed: .unemployed
        default: .salaried
        }
    }
}

/// 困难党员少交或免交党费 — the member applies, the branch decides, the committee one level up approves.
public enum DuesReductionState: String, ChineseLabelled {
    case applied
    case branchAgreed
    case approved
    case refused

    public var chinese: String {
        switch self {
        case .applied: "已申请，待支部研究"
        case .branchAgreed: "支部同意，待上级党组织审批"
        case .approved: "已批准"
        case .refused: "未同意"
        }
    }
}

public enum DuesReductionProblem: Error, Sendable, Equatable {
    case period(String)
    case amount(String)
    case reason
    case state(String)

    public var message: String {
        switch self {
        case .period(let message), .amount(let message), .state(let message): message
        case .reason: "请写明家庭困难的情况（4–300 字）"
        }
    }
}

public struct DuesReductionRules: Sendable {
    public let rules: RuleBook

    public init(rules: RuleBook) { self.rules = rules }

    /// An application: for months from this one on, at most the rule's number of months, for less than the amount
    /// fixed (nothing is an exemption).
    public func checkApplication(period: DuesPeriod, monthly: Fen, fixed: Fen?, reason: String, today: CalendarDate) throws(DuesReductionProblem) {
        let limit = rules[.duesReductionMaximumMonths]
        guard period.from <= period.through else { throw .period("起始月份不能晚于截止月份") }
        guard period.from >= DuesMonth(today) else { throw .period("少交或免交从申请的当月或以后的月份开始，不能追溯") }
        guard period.months.count <= limit.value else { throw .period("一次最多申请 \(limit.value) 个月，期满后可重新申请") }
        if let fixed, monthly >= fixed { throw .amount("申请的每月金额应少于核定的 \(fixed) 元（免交填 0）") }
        guard (4...300).contains(reason.trimmed.count) else { throw .reason }
    }

    /// The branch decides an application it has received.
    public func branchDecision(from state: DuesReductionState, agree: Bool) throws(DuesReductionProblem) -> DuesReductionState {
        guard state == .applied else { throw .state("该申请已经由支部研究过（\(state.chinese)）") }
        return agree ? .branchAgreed : .refused
    }

    /// The committee one level up decides what the branch agreed.
    public func higherDecision(from state: DuesReductionState, approve: Bool) throws(DuesReductionProblem) -> DuesReductionState {
        guard state == .branchAgreed else {
            throw .state(state == .applied ? "须先由支部研究同意，再报上级党组织审批" : "该申请已经办结（\(state.chinese)）")
        }
        return approve ? .approved : .refused
    }
}

/// Arrears as to-dos: a reminder at three consecutive unpaid months, and at six the branch's handling under 党章
/// art. 9 (自行脱党). Each stays until the branch records how it handled that run of months.
public struct DuesArrearsToDos: ToDoRule {
    public struct Facts: Sendable {
        public let memberID: Int
        public let name: String
        public let arrears: DuesLedger.Arrears
        /// The longest run the branch has recorded its handling for, counted from the same first month.
        public let handledAt: Int?

        public init(memberID: Int, name: String, arrears: DuesLedger.Arrears, handledAt: Int?) {
            self.memberID = memberID
            self.name = name
            self.arrears = arrears
            self.handledAt = handledAt
        }
    }

    public let rules: RuleBook

    public init(rules: RuleBook) { self.rules = rules }

    public func todos(for facts: Facts, today: CalendarDate) -> [ToDo] {
        guard let since = facts.arrears.since else { return [] }
        let lapse = rules[.duesLapseMonths], warning = rules[.duesArrearsWarningMonths]
        let handled = facts.handledAt ?? 0
        let count = facts.arrears.consecutive
        let subject = ToDo.Subject.member(id: facts.memberID, name: facts.name)
        let link = "/dues/members/\(facts.memberID)"
        if count >= lapse.value && handled < lapse.value {
            return [ToDo(kind: "dues.lapse", title: "连续 \(count) 个月未交纳党费（\(since.chinese)起），按党章处理：了解原因，无正当理由的按自行脱党除名",
                         subject: subject, due: since.adding(months: lapse.value).lastDay, rule: lapse, link: link)]
        }
        if count >= warning.value && handled < warning.value {
            return [ToDo(kind: "dues.arrears", title: "连续 \(count) 个月未交纳党费（\(since.chinese)起），谈话提醒",
                         subject: subject, due: since.adding(months: warning.value).lastDay, rule: warning, link: link)]
        }
        return []
    }
}

/// Members without this year's amount as one to-do per branch, due at the end of the fixing month (or, for someone
/// admitted later, at the end of the month after admission).
public struct DuesFixingToDos: ToDoRule {
    public struct Facts: Sendable {
        public let organizationID: Int
        public let name: String
        /// When each member still without an amount for this year started owing dues.
        public let unfixedSince: [CalendarDate]

        public init(organizationID: Int, name: String, unfixedSince: [CalendarDate]) {
            self.organizationID = organizationID
            self.name = name
            self.unfixedSince = unfixedSince
        }
    }

    public let rules: RuleBook

    public init(rules: RuleBook) { self.rules = rules }

    public func todos(for facts: Facts, today: CalendarDate) -> [ToDo] {
        guard !facts.unfixedSince.isEmpty else { return [] }
        let rule = rules[.duesFixingMonth]
        let deadline = DuesMonth(year: today.year, month: min(12, max(1, rule.value)))!.lastDay
        let due = facts.unfixedSince.map { max(deadline, DuesMonth($0).adding(months: 1).lastDay) }.min()!
        return [ToDo(kind: "dues.fixing", title: "核定 \(facts.unfixedSince.count) 名党员\(today.year)年每月应交党费",
                     subject: .organization(id: facts.organizationID, name: facts.name), due: due, rule: rule,
                     link: "/dues/fixing?organization=\(facts.organizationID)&year=\(today.year)")]
    }
}
