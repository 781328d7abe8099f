/// 三务公开 — what a village's or community's Party organization publishes to the people it serves (RULES.md §10).
public enum PublicityKind: String, ChineseLabelled {
    /// 党务公开
    case party
    /// 村务公开 (居务公开 in a community)
    case affairs
    /// 财务公开 — income and spending lines that add up.
    case finance

    public var chinese: String {
        switch self {
        case .party: "党务公开"
        case .affairs: "村（居）务公开"
        case .finance: "财务公开"
        }
    }

    /// The name the people of a village or a community use.
    public func chinese(in sector: UnitSector) -> String {
        switch (self, sector) {
        case (.affairs, .village): "村务公开"
        case (.affairs, .community): "居务公开"
        default: chinese
        }
    }

    /// How often it must be published in an organization of this sector (0 when it need not be), as rule data.
    public func frequencyRule(in sector: UnitSector) -> RuleID? {
        switch (self, sector) {
        case (.party, .village): .publicityVillagePartyMonths
        case (.affairs, .village): .publicityVillageAffairsMonths
        case (.finance, .village): .publicityVillageFinanceMonths
        case (.party, .community): .publicityCommunityPartyMonths
        case (.affairs, .community): .publicityCommunityAffairsMonths
        case (.finance, .community): .publicityCommunityFinanceMonths
        default: nil
        }
    }
}

/// The period a publication covers: a month (`2026-11`), a quarter (`2026-Q4`), a year (`2026`) — the regular
/// publications the frequency rules ask for — or one day (`2026-11-20`) for a major matter published at once (专项公开).
public struct PublicityPeriod: Sendable, Hashable, Codable {
    public let start: CalendarDate
    public let end: CalendarDate

    public init(start: CalendarDate, end: CalendarDate) {
        self.start = start
        self.end = end
    }

    /// `2026-11`, `2026-Q4` (or `2026年第四季度`), `2026`, `2026-11-20`; nil for anything else.
    public init?(typed text: String) {
        let value = text.trimmed.uppercased()
        if let date = CalendarDate(parsing: value) {
            self.init(start: date, end: date)
            return
        }
        let parts = value.split(separator: "-", omittingEmptySubsequences: false).map(String.init)
        guard let first = parts.first, first.count == 4, first.isASCIIDigits, let year = Int(first), (1949...9999).contains(year) else { return nil }
        if parts.count == 1 {
            self.init(start: .firstDay(ofYear: year), end: .lastDay(ofYear: year))
        } else if parts.count == 2, parts[1].hasPrefix("Q"), let quarter = Int(parts[1].dropFirst()), (1...4).contains(quarter),
                  let start = CalendarDate(year: year, month: quarter * 3 - 2, day: 1) {
            self.init(start: start, end: start.adding(months: 3).adding(days: -1))
        } else if parts.count == 2, parts[1].count <= 2, parts[1].isASCIIDigits, let month = Int(parts[1]),
                  let start = CalendarDate(year: year, month: month, day: 1) {
            self.init(start: start, end: start.adding(months: 1).adding(days: -1))
        } else {
            return nil
        }
    }

    /// The aligned period of `months` (1, 2, 3, 4, 6 or 12) that contains `date`.
    public static func aligned(months: Int, containing date: CalendarDate) -> PublicityPeriod {
        let span = [1, 2, 3, 4, 6, 12].contains(months) ? months : 1
        let firstMonth = (date.month - 1) / span * span + 1
        let start = CalendarDate(year: date.year, month: firstMonth, day: 1) ?? date
        return PublicityPeriod(start: start, end: start.adding(months: span).adding(days: -1))
    }

    /// A month, a quarter or a year: what counts toward the frequency rules; a single day is a 专项公开.
    public var isRegular: Bool { start != end }

    public var months: Int { (end.year - start.year) * 12 + end.month - start.month + 1 }

    /// The typed form, as `init(typed:)` reads it back.
    public var typed: String {
        guard isRegular else { return start.description }
        let month = start.month < 10 ? "0\(start.month)" : "\(start.month)"
        switch months {
        case 1: return "\(start.year)-\(month)"
        case 3 where start.month % 3 == 1: return "\(start.year)-Q\((start.month + 2) / 3)"
        case 12 where start.month == 1: return "\(start.year)"
        default: return "\(start)～\(end)"
        }
    }

    /// `2026年11月`, `2026年第四季度`, `2026年度`, `2026年11月20日（专项）`
    public var chinese: String {
        guard isRegular else { return start.chinese + "（专项）" }
        switch months {
        case 1: return "\(start.year)年\(start.month)月"
        case 3 where start.month % 3 == 1: return "\(start.year)年第\(["一", "二", "三", "四"][(start.month - 1) / 3])季度"
        case 12 where start.month == 1: return "\(start.year)年度"
        default: return "\(start.chinese)至\(end.chinese)"
        }
    }

    /// Whether a regular publication of this period answers for `required` (it covers the required period's last day).
    public func covers(_ required: PublicityPeriod) -> Bool { isRegular && start <= required.end && end >= required.end }
}

/// One line of a 财务公开: income or spending, what for, how much.
public struct FinanceLine: Sendable, Hashable, Codable {
    public enum Direction: String, ChineseLabelled {
        case income, spending
        public var chinese: String { self == .income ? "收入" : "支出" }
    }

    public let direction: Direction
    public let subject: String
    public let amount: Fen

    public init(direction: Direction, subject: String, amount: Fen) {
        self.direction = direction
        self.subject = subject
        self.amount = amount
    }
}

/// A 财务公开's accounts: the balance brought forward, the lines, the balance carried — which must add up, as the
/// committee vouches for what it publishes (村民委员会组织法 art. 30).
public struct FinanceAccount: Sendable, Hashable, Codable {
    public let opening: Fen
    public let lines: [FinanceLine]
    public let closing: Fen

    public init(opening: Fen, lines: [FinanceLine], closing: Fen) {
        self.opening = opening
        self.lines = lines
        self.closing = closing
    }

    public var income: Fen { Fen(lines.filter { $0.direction == .income }.reduce(0) { $0 + $1.amount.value }) }
    public var spending: Fen { Fen(lines.filter { $0.direction == .spending }.reduce(0) { $0 + $1.amount.value }) }
    /// What the balance carried should be: brought forward + income − spending.
    public var expectedClosing: Fen { Fen(opening.value + income.value - spending.value) }
    public var addsUp: Bool { expectedClosing == closing }
}

public enum PublicationState: String, ChineseLabelled {
    /// 草稿 — being written; can be changed.
    case draft
    /// 已审核 — the committee has reviewed this text; publishing is one step away; any change returns it to a draft.
    case reviewed
    /// 已公开
    case published
    /// 已更正 — a later version replaced it; it stays visible beside the correction.
    case superseded

    public var chinese: String {
        switch self {
        case .draft: "草稿"
        case .reviewed: "已审核，待公开"
        case .published: "已公开"
        case .superseded: "已更正（原版本）"
        }
    }
}

public enum PublicationRefusal: Error, Equatable, Sendable {
    case notDraft(PublicationState)
    case notReviewed
    case reviewerIsAuthor
    case notPublished
    case correctionPending
    case accountsDoNotAddUp(expected: Fen, stated: Fen)
    case noContent

    public var message: String {
        switch self {
        case .notDraft(let state): "这份公开\(state.chinese)，不能再修改；已公开的内容只能通过“更正”发布新版本"
        case .notReviewed: "公开前须经党组织（两委）审核：请先由另一位班子成员审核"
        case .reviewerIsAuthor: "起草人不能审核自己起草的公开，请由另一位班子成员审核"
        case .notPublished: "只有已公开的内容才能更正"
        case .correctionPending: "这份公开已有一份待公开的更正稿，请先完成它"
        case .accountsDoNotAddUp(let expected, let stated):
            "账目不平：上期结余加本期收入减本期支出应为 \(expected) 元，填写的本期结余是 \(stated) 元"
        case .noContent: "请至少填写一项公开内容"
        }
    }
}

/// Where one publication stands and who may move it: drafted, reviewed by another committee member, published; a
/// published one is corrected only by a new version, which replaces it when it is itself published (the old one stays).
public struct PublicationFlow: Sendable, Equatable {
    public private(set) var state: PublicationState
    public let authorID: Int
    public private(set) var reviewerID: Int?

    public init(state: PublicationState, authorID: Int, reviewerID: Int?) {
        self.state = state
        self.authorID = authorID
        self.reviewerID = reviewerID
    }

    public static func drafted(by author: Int) -> PublicationFlow { PublicationFlow(state: .draft, authorID: author, reviewerID: nil) }

    /// A change to the text: only before publishing, and it undoes an earlier review.
    public mutating func edit() throws(PublicationRefusal) {
        guard state == .draft || state == .reviewed else { throw .notDraft(state) }
        state = .draft
        reviewerID = nil
    }

    public mutating func review(by account: Int) throws(PublicationRefusal) {
        guard state == .draft else { throw .notDraft(state) }
        guard account != authorID else { throw .reviewerIsAuthor }
        state = .reviewed
        reviewerID = account
    }

    public mutating func publish() throws(PublicationRefusal) {
        guard state == .reviewed else { throw state == .draft ? .notReviewed : .notDraft(state) }
        state = .published
    }

    /// The published version a correction replaces.
    public mutating func supersede() throws(PublicationRefusal) {
        guard state == .published else { throw .notPublished }
        state = .superseded
    }
}

/// The 三务公开 an organization owes: for each kind its frequency rule asks for, the latest completed period, whether a
/// regular publication covers it, and by when it is due (the period's end plus the grace days).
public struct PublicitySchedule: Sendable {
    public struct Duty: Sendable, Hashable {
        public let kind: PublicityKind
        public let period: PublicityPeriod
        public let due: CalendarDate
        public let covered: Bool
        public let rule: Rule
    }

    public let rules: RuleBook

    public init(rules: RuleBook) { self.rules = rules }

    /// `published`: the regular periods already published per kind (published or corrected versions).
    public func duties(sector: UnitSector, published: [PublicityKind: [PublicityPeriod]], today: CalendarDate) -> [Duty] {
        PublicityKind.allCases.compactMap { kind in
            guard let id = kind.frequencyRule(in: sector) else { return nil }
            let months = rules.value(id)
            guard months > 0 else { return nil }
            let current = PublicityPeriod.aligned(months: months, containing: today)
            let last = PublicityPeriod.aligned(months: months, containing: current.start.adding(days: -1))
            let covered = (published[kind] ?? []).contains { $0.covers(last) }
            return Duty(kind: kind, period: last, due: last.end.adding(days: rules.value(.publicityGraceDays)), covered: covered, rule: rules[id])
        }
    }
}

/// 三务公开 and the questions on it as to-dos: for the organization that publishes, what is owed and what was asked; for
/// the levels above, 督促 once a publication is overdue.
public struct PublicityToDos: ToDoRule {
    public struct Facts: Sendable {
        public let organizationID: Int
        public let organizationName: String
        public let sector: UnitSector
        public let duties: [PublicitySchedule.Duty]
        /// Unanswered questions: the publication's id, its title, and the day asked.
        public let questions: [(publicationID: Int, title: String, askedOn: CalendarDate)]
        public let supervising: Bool

        public init(organizationID: Int, organizationName: String, sector: UnitSector, duties: [PublicitySchedule.Duty],
                    questions: [(publicationID: Int, title: String, askedOn: CalendarDate)], supervising: Bool) {
            self.organizationID = organizationID
            self.organizationName = organizationName
            self.sector = sector
            self.duties = duties
            self.questions = questions
            self.supervising = supervising
        }
    }

    public let rules: RuleBook

    public init(rules: RuleBook) { self.rules = rules }

    public func answerBy(askedOn: CalendarDate) -> CalendarDate { askedOn.adding(days: 1).endOfWorkingDays(rules.value(.publicityAnswerWorkingDays)) }

    public func todos(for facts: Facts, today: CalendarDate) -> [ToDo] {
        let subject = ToDo.Subject.organization(id: facts.organizationID, name: facts.organizationName)
        var result: [ToDo] = []
        for duty in facts.duties where !duty.covered {
            let name = "\(duty.period.chinese)\(duty.kind.chinese(in: facts.sector))"
            if facts.supervising {
                guard duty.due < today else { continue }
                result.append(ToDo(kind: "publicity.supervise", title: "督促发布逾期的\(name)", subject: subject, due: duty.due, rule: duty.rule,
                                   link: "/publicity?organization=\(facts.organizationID)"))
            } else {
                result.append(ToDo(kind: "publicity.publish", title: "发布\(name)", subject: subject, due: duty.due, rule: duty.rule,
                                   link: "/publicity/new?organization=\(facts.organizationID)&kind=\(duty.kind.rawValue)&period=\(duty.period.typed)"))
            }
        }
        guard !facts.supervising else { return result }
        for question in facts.questions {
            result.append(ToDo(kind: "publicity.answer", title: "答复群众对“\(question.title)”的提问", subject: subject,
                               due: answerBy(askedOn: question.askedOn), rule: rules[.publicityAnswerWorkingDays], link: "/publicity/\(question.publicationID)"))
        }
        return result
    }
}
