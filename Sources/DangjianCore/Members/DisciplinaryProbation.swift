/// 留党察看 — the disciplinary probation of 党章 art. 39: at most two years, during which the member has no right to
/// vote, elect or be elected (and so cannot sponsor an applicant). Rights come back only by a decision recorded when the
/// period ends; until then the member stays under it.
public struct DisciplinaryProbation: Sendable, Codable, Equatable {
    public var from: CalendarDate
    public var years: Int
    /// The day rights were restored (恢复党员权利), once decided.
    public var restoredOn: CalendarDate?

    public init(from: CalendarDate, years: Int, restoredOn: CalendarDate? = nil) {
        self.from = from
        self.years = years
        self.restoredOn = restoredOn
    }

    /// The end of the period, when the branch decides whether rights are restored.
    public var ends: CalendarDate { from.adding(years: years) }

    public func isInForce(on day: CalendarDate) -> Bool {
        guard day >= from else { return false }
        return restoredOn.map { day < $0 } ?? true
    }

    public enum Problem: Error, Sendable, Equatable {
        case period(String)
    }

    /// A new probation: one or two years (the maximum is rule data), not starting in the future.
    public static func validated(from: CalendarDate, years: Int, rules: RuleBook, today: CalendarDate) throws(Problem) -> DisciplinaryProbation {
        let maximum = rules[.disciplinaryProbationMaximumYears]
        guard (1...maximum.value).contains(years) else {
            throw .period("留党察看期限为 1 至 \(maximum.value) 年，\(maximum.citation)")
        }
        guard from <= today else { throw .period("处分决定日期不能晚于今天") }
        return DisciplinaryProbation(from: from, years: years)
    }

    /// Restoring rights is decided when the period ends, not before.
    public func restoring(on day: CalendarDate, rules: RuleBook) throws(Problem) -> DisciplinaryProbation {
        guard restoredOn == nil else { throw .period("已于 \(restoredOn!) 恢复党员权利") }
        guard day >= ends else {
            throw .period("留党察看期到 \(ends) 才满，期满后方可讨论恢复党员权利，\(rules[.disciplinaryProbationMaximumYears].citation)")
        }
        var restored = self
        restored.restoredOn = day
        return restored
    }
}
