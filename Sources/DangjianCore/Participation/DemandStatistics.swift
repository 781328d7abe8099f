/// What a set of requests adds up to: how many, how many answered and how fast, how many still open and late, and
/// how the submitters rated the answers.
public struct DemandFigures: Sendable, Codable, Equatable {
    public var submitted = 0
    /// Answered at least once and not waiting for the organization now.
    public var answered = 0
    /// Waiting for the organization (to acknowledge or answer).
    public var open = 0
    /// Of those, past a limit today.
    public var overdue = 0
    /// Rated satisfied or unsatisfied (not closed unrated).
    public var rated = 0
    public var satisfied = 0
    /// Calendar days from submission to the answer, summed over `answered`.
    public var answerDays = 0

    public init() {}

    /// Average days to answer, one decimal; nil before any answer.
    public var averageDaysToAnswer: Double? {
        answered == 0 ? nil : (Double(answerDays) / Double(answered) * 10).rounded() / 10
    }

    /// Satisfied among those rated, in whole percent; nil before any rating.
    public var satisfactionPercent: Int? {
        rated == 0 ? nil : Int((Double(satisfied) * 100 / Double(rated)).rounded())
    }

    mutating func add(_ item: DemandStatistics.Item, today: CalendarDate, rules: RuleBook) {
        submitted += 1
        if item.flow.state.awaitsOrganization {
            open += 1
            if item.flow.overdue(today: today, rules: rules) != nil { overdue += 1 }
        } else if let answeredOn = item.flow.answeredOn {
            answered += 1
            answerDays += max(0, item.submittedOn.days(until: answeredOn))
        }
        if let verdict = item.flow.verdict, verdict != .unrated {
            rated += 1
            if verdict == .satisfied { satisfied += 1 }
        }
    }
}

/// Requests counted for a subtree: by the organization one level below its top (the top's own requests under the top),
/// and by category.
public enum DemandStatistics {
    public struct Item: Sendable {
        public let path: OrgPath
        public let category: DemandCategory
        public let submittedOn: CalendarDate
        public let flow: DemandFlow

        public init(path: OrgPath, category: DemandCategory, submittedOn: CalendarDate, flow: DemandFlow) {
            self.path = path
            self.category = category
            self.submittedOn = submittedOn
            self.flow = flow
        }
    }

    public struct Tally: Sendable, Equatable {
        public var total = DemandFigures()
        /// Keyed by the id of the organization one level below the top, or the top's own id.
        public var byOrganization: [Int: DemandFigures] = [:]
        public var byCategory: [DemandCategory: DemandFigures] = [:]
    }

    public static func tally(_ items: [Item], under top: OrgPath, today: CalendarDate, rules: RuleBook) -> Tally {
        var tally = Tally()
        let depth = top.depth
        for item in items where top.contains(item.path) {
            let ids = item.path.ids
            guard let key = ids.count > depth ? ids[depth] : top.lastID else { continue }
            tally.total.add(item, today: today, rules: rules)
            tally.byOrganization[key, default: DemandFigures()].add(item, today: today, rules: rules)
            tally.byCategory[item.category, default: DemandFigures()].add(item, today: today, rules: rules)
        }
        return tally
    }
}
