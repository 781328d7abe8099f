import Foundation

/// 学习教育 — the rules of study (RULES.md §10 and §7): class hours by completion, never by time online.

/// The parts of a video or audio lesson the player reports as played, in seconds. Ranges overlap, repeat and arrive out
/// of order (seeking back, a dropped connection); only the union counts, clipped to the lesson's length, so that
/// playing the same minute ten times counts once and leaving a phone running does not count at all.
public struct PlayedRanges: Sendable, Equatable, Codable {
    public private(set) var ranges: [ClosedRange<Double>]

    public init(_ ranges: [(from: Double, to: Double)] = []) {
        self.ranges = []
        for range in ranges { add(from: range.from, to: range.to) }
    }

    /// Adds one reported range (`from`–`to` seconds), as the player sent it: nonsense (negative, reversed, not a
    /// number) is ignored, never trusted and never a crash.
    public mutating func add(from: Double, to: Double) {
        guard from.isFinite, to.isFinite, from >= 0, to > from else { return }
        var merged = from...to
        var kept: [ClosedRange<Double>] = []
        for existing in ranges {
            if existing.upperBound < merged.lowerBound || existing.lowerBound > merged.upperBound {
                kept.append(existing)
            } else {
                merged = min(existing.lowerBound, merged.lowerBound)...max(existing.upperBound, merged.upperBound)
            }
        }
        kept.append(merged)
        ranges = kept.sorted { $0.lowerBound < $1.lowerBound }
    }

    /// Seconds of the lesson played at least once.
    public func covered(of duration: Double) -> Double {
        guard duration > 0 else { return 0 }
        return ranges.reduce(0) { total, range in
            let low = min(range.lowerBound, duration), high = min(range.upperBound, duration)
            return total + max(0, high - low)
        }
    }

    /// Whether at least `percent` of `duration` was played.
    public func completes(duration: Double, percent: Int) -> Bool {
        duration > 0 && covered(of: duration) * 100 >= duration * Double(percent)
    }
}

/// What completing a lesson takes.
public enum LessonKind: String, ChineseLabelled {
    case text, pdf, video, audio

    public var chinese: String {
        switch self {
        case .text: "图文"
        case .pdf: "文档"
        case .video: "视频"
        case .audio: "音频"
        }
    }

    public var isPlayed: Bool { self == .video || self == .audio }
}

/// One member's progress in one lesson.
public struct LessonProgress: Sendable, Equatable {
    public var readToEnd: Bool
    public var played: PlayedRanges
    /// nil when the lesson has no check questions.
    public var checkPassed: Bool?

    public init(readToEnd: Bool = false, played: PlayedRanges = PlayedRanges(), checkPassed: Bool? = nil) {
        self.readToEnd = readToEnd
        self.played = played
        self.checkPassed = checkPassed
    }

    /// A text or PDF lesson completes when read to the end and its check questions are passed; a video or audio lesson
    /// when the server has seen the rule's share of its length played (and its questions passed, if it has any).
    public func isComplete(kind: LessonKind, durationSeconds: Double, rules: RuleBook) -> Bool {
        let consumed = kind.isPlayed
            ? played.completes(duration: durationSeconds, percent: rules.value(.learningPlayedPercent))
            : readToEnd
        return consumed && checkPassed != false
    }
}

/// 学时: a member's class hours of a year, from completed lessons and from the 党课 and study meetings already recorded in
/// organizational life (entered once), against the requirement for who they are.
public struct ClassHours: Sendable, Equatable {
    /// Tenths of a 学时, so that a 15-minute 微党课 (0.3) adds up exactly.
    public struct Credit: Sendable, Equatable {
        public let source: String
        public let tenths: Int
        public let on: CalendarDate

        public init(source: String, tenths: Int, on: CalendarDate) {
            self.source = source
            self.tenths = tenths
            self.on = on
        }
    }

    public let year: Int
    public let requiredTenths: Int
    public let credits: [Credit]

    public var earnedTenths: Int { credits.reduce(0) { $0 + $1.tenths } }
    public var met: Bool { earnedTenths >= requiredTenths }
    public var shortTenths: Int { max(0, requiredTenths - earnedTenths) }

    /// `32`, `12.5`
    public static func text(_ tenths: Int) -> String { tenths % 10 == 0 ? "\(tenths / 10)" : "\(tenths / 10).\(tenths % 10)" }

    /// The year's requirement: 56 学时 for 基层党组织书记和班子成员, 32 for every other member (rule data).
    public static func required(isLeader: Bool, rules: RuleBook) -> Int {
        rules.value(isLeader ? .learningLeaderHours : .learningMemberHours) * 10
    }

    /// A lesson's 学时 from its length: one 学时 per hour of study (rounded to tenths, at least 0.1).
    public static func lessonTenths(seconds: Double, rules: RuleBook) -> Int {
        let minutes = Double(rules.value(.learningMinutesPerHour))
        let tenths = seconds / 60 / max(minutes, 1) * 10
        return tenths.isFinite ? max(1, Int(min(tenths, 1e9).rounded())) : 1
    }

    /// A training of several days that spans two years is split between them by its days (RULES.md §10).
    public static func split(tenths: Int, from start: CalendarDate, to end: CalendarDate) -> [(year: Int, tenths: Int)] {
        guard end.year > start.year, start <= end else { return [(start.year, tenths)] }
        let days = start.days(until: end) + 1
        var result: [(year: Int, tenths: Int)] = []
        var given = 0
        for year in start.year...end.year {
            let first = max(start, CalendarDate.firstDay(ofYear: year)), last = min(end, CalendarDate.lastDay(ofYear: year))
            let share = year == end.year ? tenths - given : tenths * (first.days(until: last) + 1) / days
            result.append((year, share))
            given += share
        }
        return result
    }

    public init(year: Int, requiredTenths: Int, credits: [Credit]) {
        self.year = year
        self.requiredTenths = requiredTenths
        self.credits = credits.filter { $0.on.year == year }
    }
}

/// 必学 as to-dos: for the member as the due date nears, and for the branch once it has passed.
public struct RequiredStudyToDos: ToDoRule {
    public struct Facts: Sendable {
        public let assignmentID: Int
        public let course: String
        public let due: CalendarDate
        public let memberID: Int
        public let memberName: String
        public let completed: Bool
        /// The caller is the member (their own reminder) rather than the branch.
        public let own: Bool

        public init(assignmentID: Int, course: String, due: CalendarDate, memberID: Int, memberName: String, completed: Bool, own: Bool) {
            self.assignmentID = assignmentID
            self.course = course
            self.due = due
            self.memberID = memberID
            self.memberName = memberName
            self.completed = completed
            self.own = own
        }
    }

    public let rules: RuleBook

    public init(rules: RuleBook) { self.rules = rules }

    public func todos(for facts: Facts, today: CalendarDate) -> [ToDo] {
        guard !facts.completed else { return [] }
        let subject = ToDo.Subject.member(id: facts.memberID, name: facts.memberName)
        if facts.own {
            guard today >= facts.due.adding(days: -rules.value(.learningWarningDays)) else { return [] }
            return [ToDo(kind: "learning.required", title: "完成必学课程《\(facts.course)》", subject: subject, due: facts.due,
                         rule: rules[.learningWarningDays], link: "/learning/required/\(facts.assignmentID)")]
        }
        guard facts.due < today else { return [] }
        return [ToDo(kind: "learning.overdue", title: "督促完成逾期的必学课程《\(facts.course)》", subject: subject, due: facts.due,
                     rule: rules[.learningWarningDays], link: "/learning/required/\(facts.assignmentID)")]
    }

    /// The branch's one reminder for an overdue 必学: how many of its members have not completed it, not a to-do each.
    public func branch(assignmentID: Int, course: String, due: CalendarDate, organizationID: Int, organizationName: String,
                       behind: Int, today: CalendarDate) -> [ToDo] {
        guard behind > 0, due < today else { return [] }
        return [ToDo(kind: "learning.overdue", title: "督促 \(behind) 名党员完成逾期的必学课程《\(course)》",
                     subject: .organization(id: organizationID, name: organizationName), due: due, rule: rules[.learningWarningDays],
                     link: "/learning/required/\(assignmentID)")]
    }
}
