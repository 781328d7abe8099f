import Foundation

/// 学习资料库 — who a course is for, and what a lesson credits (RULES.md §10), free of storage.

/// Who a course or a 必学 assignment is for. Stored as its raw value (`all`, `leaders`, `category:farmer` …).
public enum StudyAudience: Sendable, Hashable, Codable, CaseIterable, RawRepresentable {
    /// 全体党员
    case all
    /// 基层党组织书记和班子成员
    case leaders
    /// 预备党员
    case probationary
    /// 流动党员
    case mobile
    /// 老党员 (from the rule's age)
    case elderly
    /// A member category (农民, 离退休人员 …)
    case category(MemberCategory)

    public static var allCases: [StudyAudience] {
        [.all, .leaders, .probationary, .mobile, .elderly] + MemberCategory.allCases.map { .category($0) }
    }

    public init?(rawValue: String) {
        switch rawValue {
        case "all": self = .all
        case "leaders": self = .leaders
        case "probationary": self = .probationary
        case "mobile": self = .mobile
        case "elderly": self = .elderly
        default:
            guard rawValue.hasPrefix("category:"), let category = MemberCategory(rawValue: String(rawValue.dropFirst(9))) else { return nil }
            self = .category(category)
        }
    }

    public var rawValue: String {
        switch self {
        case .all: "all"
        case .leaders: "leaders"
        case .probationary: "probationary"
        case .mobile: "mobile"
        case .elderly: "elderly"
        case .category(let category): "category:\(category.rawValue)"
        }
    }

    public var chinese: String {
        switch self {
        case .all: "全体党员"
        case .leaders: "书记和班子成员"
        case .probationary: "预备党员"
        case .mobile: "流动党员"
        case .elderly: "老党员"
        case .category(let category): category.chinese
        }
    }

    /// What the audience test needs to know of a member.
    public struct Facts: Sendable {
        public let membership: Membership
        public let status: MemberStatus
        public let category: MemberCategory?
        public let birthDate: CalendarDate
        public let isLeader: Bool

        public init(membership: Membership, status: MemberStatus, category: MemberCategory?, birthDate: CalendarDate, isLeader: Bool) {
            self.membership = membership
            self.status = status
            self.category = category
            self.birthDate = birthDate
            self.isLeader = isLeader
        }
    }

    public func includes(_ member: Facts, today: CalendarDate, rules: RuleBook) -> Bool {
        switch self {
        case .all: true
        case .leaders: member.isLeader
        case .probationary: member.membership == .probationary
        case .mobile: member.status == .mobile
        case .elderly: member.birthDate.wholeYears(until: today) >= rules.value(.learningElderlyAge)
        case .category(let category): member.category == category
        }
    }
}

/// How long a lesson takes, as its 学时: the length of a played lesson, the reading time its author gives for text and PDF.
public enum LessonCredit {
    /// A lesson's 学时 in tenths; a played lesson by its length, a read one by the minutes its author set.
    public static func tenths(kind: LessonKind, durationSeconds: Double, readingMinutes: Int, rules: RuleBook) -> Int {
        ClassHours.lessonTenths(seconds: kind.isPlayed ? durationSeconds : Double(max(1, readingMinutes)) * 60, rules: rules)
    }

    /// Whether a check was passed: at least the rule's share of its questions answered right.
    public static func passes(correct: Int, of total: Int, rules: RuleBook) -> Bool {
        total > 0 && correct * 100 >= total * rules.value(.learningCheckPassPercent)
    }

    /// `12:05`, `1:02:03`
    public static func clock(_ seconds: Double) -> String {
        // Clamped before converting: a length nobody checked must not stop the process.
        let whole = seconds.isFinite ? Int(min(max(seconds, 0), 1e12).rounded()) : 0
        let (hours, minutes, rest) = (whole / 3600, whole % 3600 / 60, whole % 60)
        let two = { (value: Int) in value < 10 ? "0\(value)" : "\(value)" }
        return hours > 0 ? "\(hours):\(two(minutes)):\(two(rest))" : "\(minutes):\(two(rest))"
    }
}

/// A course's standing for one member: how many of its lessons are complete.
public struct CourseStanding: Sendable, Equatable {
    public let lessons: Int
    public let completed: Int

    public init(lessons: Int, completed: Int) {
        self.lessons = lessons
        self.completed = min(completed, lessons)
    }

    public var isComplete: Bool { lessons > 0 && completed >= lessons }
    public var percent: Int { lessons == 0 ? 0 : completed * 100 / lessons }
}
