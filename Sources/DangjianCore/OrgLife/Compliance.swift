/// One organization held to the rules of organizational life: what it is and what it has.
public struct BranchFacts: Sendable, Equatable {
    public let organizationID: Int
    public let name: String
    /// The day it was set up, when known: the rules start with the first full period after it.
    public let createdOn: CalendarDate?
    /// Has a 支部委员会 (otherwise only a secretary, and no committee meetings are due).
    public let hasCommittee: Bool
    /// 党小组 under it; each is to meet monthly.
    public let groups: Int

    public init(organizationID: Int, name: String, createdOn: CalendarDate?, hasCommittee: Bool, groups: Int) {
        self.organizationID = organizationID
        self.name = name
        self.createdOn = createdOn
        self.hasCommittee = hasCommittee
        self.groups = groups
    }
}

/// An activity that took place (its record kept), counted towards the period its date falls in.
public struct HeldActivity: Sendable, Equatable {
    public let kind: ActivityKind
    public let date: CalendarDate

    public init(kind: ActivityKind, date: CalendarDate) {
        self.kind = kind
        self.date = date
    }
}

/// A period of a rule: a month, a quarter or a year of the calendar.
public struct CompliancePeriod: Sendable, Hashable, Codable {
    public let start: CalendarDate
    public let months: Int

    public var end: CalendarDate { start.adding(months: months).adding(days: -1) }

    public func contains(_ date: CalendarDate) -> Bool { date >= start && date <= end }

    /// 2026年3月, 2026年第一季度, 2026年度.
    public var chinese: String {
        switch months {
        case 1: "\(start.year)年\(start.month)月"
        case 3: "\(start.year)年第\(["一", "二", "三", "四"][(start.month - 1) / 3])季度"
        case 12: "\(start.year)年度"
        default: "\(start) 至 \(end)"
        }
    }

    /// The period of `months` months (aligned to the calendar year) that contains `date`.
    public static func containing(_ date: CalendarDate, months: Int) -> CompliancePeriod {
        let size = max(1, min(12, months))
        let first = (date.month - 1) / size * size + 1
        return CompliancePeriod(start: CalendarDate(year: date.year, month: first, day: 1)!, months: size)
    }
}

public enum ComplianceState: String, Sendable, Codable, Comparable, CaseIterable {
    /// Not asked for (the organization did not yet exist for the whole period, or it has no committee or groups).
    case notRequired = "not-required"
    case met
    /// The period is running and the activity has not been held yet.
    case open
    case missed

    private var weight: Int { [.notRequired: 0, .met: 1, .open: 2, .missed: 3][self]! }
    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.weight < rhs.weight }

    public var chinese: String {
        switch self {
        case .notRequired: "不作要求"
        case .met: "已完成"
        case .open: "进行中"
        case .missed: "未完成"
        }
    }
}

/// One requirement in one period: how many were needed, how many were held, and the rule behind it.
public struct RequirementCheck: Sendable, Equatable {
    public let kind: ActivityKind
    public let period: CompliancePeriod
    public let required: Int
    public let held: Int
    public let state: ComplianceState
    public let rule: Rule

    public var explanation: String {
        let need = required > 1 ? "（\(required) 个党小组各一次）" : ""
        switch state {
        case .notRequired: return "\(period.chinese)\(kind.chinese)：成立当期不作要求"
        case .met: return "\(period.chinese)\(kind.chinese)：已开展 \(held) 次\(need)"
        case .open: return "\(period.chinese)\(kind.chinese)：尚未开展（已 \(held)/应 \(required)），\(period.end) 前完成\(need)"
        case .missed: return "\(period.chinese)\(kind.chinese)：未开展（已 \(held)/应 \(required)）\(need)"
        }
    }
}

/// A cell of the red/amber/green grid: the requirements that close in this month (and, for the current month, those
/// still running), with the worst of their states.
public struct MonthCell: Sendable, Equatable {
    public let year: Int
    public let month: Int
    public let checks: [RequirementCheck]
    /// nil for a month in the future or with nothing due.
    public var state: ComplianceState? { checks.map(\.state).max() }
}

/// The rules of RULES.md §3 applied to one organization (支部工作条例, 2018).
public struct ComplianceRules: Sendable {
    public let rules: RuleBook

    public init(rules: RuleBook) { self.rules = rules }

    /// What is due of each kind per period: one, or one per 党小组 for group meetings.
    public func requirements(for branch: BranchFacts) -> [(kind: ActivityKind, count: Int)] {
        ActivityKind.allCases.compactMap { kind in
            switch kind {
            case .committeeMeeting: branch.hasCommittee ? (kind, 1) : nil
            case .groupMeeting: branch.groups > 0 ? (kind, branch.groups) : nil
            default: (kind, 1)
            }
        }
    }

    public func period(of kind: ActivityKind, containing date: CalendarDate) -> CompliancePeriod {
        CompliancePeriod.containing(date, months: rules.value(kind.frequencyRule))
    }

    public func check(_ kind: ActivityKind, count: Int, in period: CompliancePeriod, branch: BranchFacts, held: [HeldActivity],
                      today: CalendarDate) -> RequirementCheck {
        let done = held.filter { $0.kind == kind && period.contains($0.date) }.count
        let state: ComplianceState
        if let created = branch.createdOn, created > period.start {
            state = .notRequired
        } else if done >= count {
            state = .met
        } else {
            state = today <= period.end ? .open : .missed
        }
        return RequirementCheck(kind: kind, period: period, required: count, held: done, state: state, rule: rules[kind.frequencyRule])
    }

    /// The twelve months of `year` for one organization.
    public func grid(for branch: BranchFacts, held: [HeldActivity], year: Int, today: CalendarDate) -> [MonthCell] {
        let requirements = requirements(for: branch)
        return (1...12).map { month in
            let first = CalendarDate(year: year, month: month, day: 1)!
            guard first <= today else { return MonthCell(year: year, month: month, checks: []) }
            let isCurrent = today.year == year && today.month == month
            let checks = requirements.compactMap { requirement -> RequirementCheck? in
                let period = period(of: requirement.kind, containing: first)
                let closesHere = period.end.month == month && period.end.year == year
                guard closesHere || isCurrent else { return nil }
                return check(requirement.kind, count: requirement.count, in: period, branch: branch, held: held, today: today)
            }
            return MonthCell(year: year, month: month, checks: checks)
        }
    }

    /// The running periods in which something is still to be held, once the end is near: to-dos for the secretary.
    public func todos(for branch: BranchFacts, held: [HeldActivity], today: CalendarDate) -> [ToDo] {
        let warning = rules.value(.orgLifeWarningDays)
        return requirements(for: branch).compactMap { requirement in
            let period = period(of: requirement.kind, containing: today)
            let check = check(requirement.kind, count: requirement.count, in: period, branch: branch, held: held, today: today)
            guard check.state == .open, today.days(until: period.end) <= warning else { return nil }
            return ToDo(kind: "orglife.\(requirement.kind.rawValue)", title: "\(period.chinese)\(requirement.kind.chinese)尚未开展（已 \(check.held)/应 \(check.required)）",
                        subject: .organization(id: branch.organizationID, name: branch.name), due: period.end, rule: check.rule,
                        link: "/activities/new?organizationID=\(branch.organizationID)&kind=\(requirement.kind.rawValue)")
        }
    }
}
