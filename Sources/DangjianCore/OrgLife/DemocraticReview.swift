/// 民主评议党员 grades (RULES.md §6).
public enum ReviewGrade: String, Sendable, Codable, CaseIterable {
    case excellent
    case qualified
    case basicallyQualified = "basically-qualified"
    case unqualified

    public var chinese: String {
        switch self {
        case .excellent: "优秀"
        case .qualified: "合格"
        case .basicallyQualified: "基本合格"
        case .unqualified: "不合格"
        }
    }
}

public enum ReviewProblem: Error, Sendable, Equatable {
    case probationaryGraded(String)
    case tooManyExcellent(excellent: Int, graded: Int, maximum: Int, citation: String)
    case nobodyGraded

    public var message: String {
        switch self {
        case .probationaryGraded(let name): "\(name)是预备党员，参加评议但不评定等次"
        case .tooManyExcellent(let excellent, let graded, let maximum, let citation):
            "评为优秀的 \(excellent) 人，超过参评正式党员 \(graded) 人的限额（最多 \(maximum) 人），\(citation)"
        case .nobodyGraded: "没有评定等次的党员"
        }
    }
}

/// The grades the committee or general meeting sets at the end of the appraisal.
public struct DemocraticReviewRules: Sendable {
    public let rules: RuleBook

    public init(rules: RuleBook) { self.rules = rules }

    /// How many may be 优秀 among `graded` full members: at most one in `divisor` (a third by default).
    public func excellentMaximum(graded: Int) -> Int { graded / max(1, rules.value(.excellentShareDivisor)) }

    public struct Entry: Sendable {
        public let memberID: Int
        public let name: String
        public let isProbationary: Bool
        public let grade: ReviewGrade?

        public init(memberID: Int, name: String, isProbationary: Bool, grade: ReviewGrade?) {
            self.memberID = memberID
            self.name = name
            self.isProbationary = isProbationary
            self.grade = grade
        }
    }

    public func check(_ entries: [Entry]) throws(ReviewProblem) {
        if let person = entries.first(where: { $0.isProbationary && $0.grade != nil }) { throw .probationaryGraded(person.name) }
        let graded = entries.filter { !$0.isProbationary && $0.grade != nil }
        guard !graded.isEmpty else { throw .nobodyGraded }
        let excellent = graded.count { $0.grade == .excellent }
        let maximum = excellentMaximum(graded: graded.count)
        if excellent > maximum {
            throw .tooManyExcellent(excellent: excellent, graded: graded.count, maximum: maximum, citation: rules[.excellentShareDivisor].citation)
        }
    }
}
