/// 建议 or 诉求 — what a member or resident asks of the organization where they live.
public enum DemandKind: String, ChineseLabelled {
    /// 意见建议: an idea for the village or the branch.
    case suggestion
    /// 诉求: something the person needs done or settled.
    case demand

    public var chinese: String {
        switch self {
        case .suggestion: "意见建议"
        case .demand: "诉求"
        }
    }
}

/// What a request is about; the statistics count by it.
public enum DemandCategory: String, ChineseLabelled {
    case infrastructure, environment, livelihood, dispute, villageAffairs, partyService, other

    public var chinese: String {
        switch self {
        case .infrastructure: "道路水电等基础设施"
        case .environment: "环境卫生"
        case .livelihood: "就业、医疗、养老等民生保障"
        case .dispute: "邻里矛盾纠纷"
        case .villageAffairs: "村（社区）务管理"
        case .partyService: "党员服务"
        case .other: "其他"
        }
    }
}

/// Where a request stands. The submitter's verdict closes it; one unsatisfied verdict sends it, once, to the level
/// above.
public enum DemandState: String, ChineseLabelled {
    /// 待受理: with the organization responsible, not yet acknowledged.
    case submitted
    /// 办理中: acknowledged, being handled.
    case accepted
    /// 已答复: answered publicly, waiting for the submitter's verdict.
    case answered
    /// 重新办理: the submitter was not satisfied; the level above handles it now.
    case reopened
    /// 已办结.
    case closed

    public var chinese: String {
        switch self {
        case .submitted: "待受理"
        case .accepted: "办理中"
        case .answered: "已答复，待评价"
        case .reopened: "不满意，上级重新办理"
        case .closed: "已办结"
        }
    }

    /// Still waiting for the organization (not for the submitter, not finished).
    public var awaitsOrganization: Bool { self == .submitted || self == .accepted || self == .reopened }
}

/// The submitter's verdict on an answer.
public enum DemandVerdict: String, ChineseLabelled {
    case satisfied, unsatisfied
    /// Nobody rated the answer within the rating period (`RuleID.demandRatingDays`).
    case unrated

    public var chinese: String {
        switch self {
        case .satisfied: "满意"
        case .unsatisfied: "不满意"
        case .unrated: "逾期未评价"
        }
    }
}

/// One thing done to a request, as its history shows it.
public enum DemandStep: String, ChineseLabelled {
    case submitted, accepted, passedOn, answered, rated, reopened, escalated, closed

    public var chinese: String {
        switch self {
        case .submitted: "提交"
        case .accepted: "受理"
        case .passedOn: "转交"
        case .answered: "答复"
        case .rated: "评价"
        case .reopened: "重新办理"
        case .escalated: "逾期，提请上级督办"
        case .closed: "办结"
        }
    }
}

/// A refusal with the reason in Chinese and, where a rule decides, the rule.
public struct DemandRefusal: Error, Sendable, Equatable {
    public let message: String
    public init(_ message: String) { self.message = message }
}

/// The life of one request: accept, pass on, answer, the submitter's verdict, one reopening at the level above, and
/// the time limits of `RuleBook` (RULES.md §10: acknowledge within 1 working day, answer within 5, as practice).
public struct DemandFlow: Sendable, Equatable {
    public private(set) var state: DemandState
    /// 1 while the first organization handles it; 2 after the submitter's unsatisfied verdict sent it up.
    public private(set) var round: Int
    /// The day the current clock started: submission, a passing on, or the reopening.
    public private(set) var clockStart: CalendarDate
    public private(set) var acknowledgedOn: CalendarDate?
    public private(set) var answeredOn: CalendarDate?
    public private(set) var verdict: DemandVerdict?

    public init(submittedOn date: CalendarDate) {
        state = .submitted
        round = 1
        clockStart = date
    }

    /// A flow read back from its stored columns.
    public init(state: DemandState, round: Int, clockStart: CalendarDate, acknowledgedOn: CalendarDate?, answeredOn: CalendarDate?,
                verdict: DemandVerdict?) {
        self.state = state
        self.round = round
        self.clockStart = clockStart
        self.acknowledgedOn = acknowledgedOn
        self.answeredOn = answeredOn
        self.verdict = verdict
    }

    /// 受理.
    public mutating func accept(on date: CalendarDate) throws(DemandRefusal) {
        guard state == .submitted else { throw DemandRefusal("这条诉求\(state.chinese)，不能再受理") }
        state = .accepted
        acknowledgedOn = date
    }

    /// 转交: another organization is responsible. Its clock starts again on `date`.
    public mutating func passOn(on date: CalendarDate) throws(DemandRefusal) {
        guard state == .submitted || state == .accepted else {
            throw DemandRefusal("这条诉求\(state.chinese)，不能再转交；答复前才能转交")
        }
        state = .submitted
        clockStart = date
        acknowledgedOn = nil
    }

    /// 答复 (public). Answering a request not yet acknowledged acknowledges it on the same day.
    public mutating func answer(on date: CalendarDate) throws(DemandRefusal) {
        guard state.awaitsOrganization else { throw DemandRefusal("这条诉求\(state.chinese)，不能再答复") }
        if acknowledgedOn == nil { acknowledgedOn = date }
        state = .answered
        answeredOn = date
    }

    /// What the verdict did.
    public enum Outcome: Sendable, Equatable {
        case closed
        /// Unsatisfied in the first round: the level above handles it now.
        case reopened
    }

    /// 评价: satisfied closes it; unsatisfied reopens it once at the level above (`hasLevelAbove`), then closes it.
    public mutating func rate(_ verdict: DemandVerdict, on date: CalendarDate, hasLevelAbove: Bool) throws(DemandRefusal) -> Outcome {
        guard state == .answered else { throw DemandRefusal("这条诉求\(state.chinese)，现在不能评价") }
        guard verdict != .unrated else { throw DemandRefusal("请选择满意或不满意") }
        if verdict == .unsatisfied && round == 1 && hasLevelAbove {
            state = .reopened
            round = 2
            clockStart = date
            acknowledgedOn = date
            answeredOn = nil
            return .reopened
        }
        self.verdict = verdict
        state = .closed
        return .closed
    }

    /// Closes an answer nobody rated within the rating period (`RuleID.demandRatingDays`).
    public mutating func closeUnrated(today: CalendarDate, rules: RuleBook) -> Bool {
        guard state == .answered, let answeredOn, today > answeredOn.adding(days: rules.value(.demandRatingDays)) else { return false }
        verdict = .unrated
        state = .closed
        return true
    }

    /// The last day to acknowledge: the acknowledge limit in working days, counted from the day after the clock started.
    public func acknowledgeBy(_ rules: RuleBook) -> CalendarDate {
        clockStart.adding(days: 1).endOfWorkingDays(rules.value(.demandAcknowledgeWorkingDays))
    }

    /// The last day to answer.
    public func answerBy(_ rules: RuleBook) -> CalendarDate {
        clockStart.adding(days: 1).endOfWorkingDays(rules.value(.demandAnswerWorkingDays))
    }

    /// What is late on `today`, if anything: the first limit passed that the organization still owes.
    public func overdue(today: CalendarDate, rules: RuleBook) -> Lateness? {
        guard state.awaitsOrganization else { return nil }
        if acknowledgedOn == nil && today > acknowledgeBy(rules) { return .acknowledge(dueOn: acknowledgeBy(rules)) }
        if today > answerBy(rules) { return .answer(dueOn: answerBy(rules)) }
        return nil
    }

    public enum Lateness: Sendable, Equatable {
        case acknowledge(dueOn: CalendarDate)
        case answer(dueOn: CalendarDate)

        public var dueOn: CalendarDate {
            switch self {
            case .acknowledge(let date), .answer(let date): date
            }
        }

        public var chinese: String {
            switch self {
            case .acknowledge(let date): "应于 \(date) 前受理，已逾期"
            case .answer(let date): "应于 \(date) 前答复，已逾期"
            }
        }
    }
}

/// The time limits of requests as to-dos: for the organization responsible, acknowledging and answering; for the level
/// above, once a limit has passed, 督办 (seeing that it is done).
public struct DemandToDos: ToDoRule {
    public struct Facts: Sendable {
        public let demandID: Int
        /// `环境卫生 · 三组村道`: what the request is about, without anything about who sent it.
        public let about: String
        public let organizationID: Int
        public let organizationName: String
        public let flow: DemandFlow
        /// Whether the caller stands above the organization responsible (supervising), rather than at it.
        public let supervising: Bool

        public init(demandID: Int, about: String, organizationID: Int, organizationName: String, flow: DemandFlow, supervising: Bool) {
            self.demandID = demandID
            self.about = about
            self.organizationID = organizationID
            self.organizationName = organizationName
            self.flow = flow
            self.supervising = supervising
        }
    }

    public let rules: RuleBook

    public init(rules: RuleBook) { self.rules = rules }

    public func todos(for facts: Facts, today: CalendarDate) -> [ToDo] {
        let flow = facts.flow
        guard flow.state.awaitsOrganization else { return [] }
        let subject = ToDo.Subject.organization(id: facts.organizationID, name: facts.organizationName)
        let link = "/demands/\(facts.demandID)"
        if facts.supervising {
            guard let late = flow.overdue(today: today, rules: rules) else { return [] }
            let rule: RuleID = if case .acknowledge = late { .demandAcknowledgeWorkingDays } else { .demandAnswerWorkingDays }
            return [ToDo(kind: "participation.supervise", title: "督办逾期诉求：\(facts.about)（\(late.chinese)）", subject: subject, due: late.dueOn,
                         rule: rules[rule], link: link)]
        }
        if flow.acknowledgedOn == nil {
            return [ToDo(kind: "participation.acknowledge", title: "受理群众诉求：\(facts.about)", subject: subject, due: flow.acknowledgeBy(rules),
                         rule: rules[.demandAcknowledgeWorkingDays], link: link)]
        }
        let title = flow.round > 1 ? "重新办理群众不满意的诉求：\(facts.about)" : "答复群众诉求：\(facts.about)"
        return [ToDo(kind: "participation.answer", title: title, subject: subject, due: flow.answerBy(rules), rule: rules[.demandAnswerWorkingDays],
                     link: link)]
    }
}
