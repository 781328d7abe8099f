import Foundation
import Testing
@testable import DangjianCore

@Suite("Organizational life: compliance with the rules of RULES.md §3")
struct ComplianceTests {
    let rules = ComplianceRules(rules: .national)
    static func date(_ text: String) -> CalendarDate { CalendarDate(parsing: text)! }
    static let branch = BranchFacts(organizationID: 9, name: "东岗村党支部", createdOn: date("2020-05-01"), hasCommittee: true, groups: 2)

    @Test("periods follow the calendar: months, quarters, the year", arguments: [
        ("2026-03-31", 3, "2026-01-01", "2026-03-31"), ("2026-04-01", 3, "2026-04-01", "2026-06-30"),
        ("2026-02-15", 1, "2026-02-01", "2026-02-28"), ("2024-02-15", 1, "2024-02-01", "2024-02-29"),
        ("2026-12-31", 12, "2026-01-01", "2026-12-31"),
    ])
    func periods(_ day: String, _ months: Int, _ start: String, _ end: String) {
        let period = CompliancePeriod.containing(Self.date(day), months: months)
        #expect(period.start == Self.date(start) && period.end == Self.date(end))
    }

    @Test("a quarterly general meeting: held on the last day of the quarter counts; on the first day of the next it does not")
    func quarterBoundary() {
        let quarter = CompliancePeriod.containing(Self.date("2026-02-10"), months: 3)
        let onTime = rules.check(.generalMeeting, count: 1, in: quarter, branch: Self.branch,
                                 held: [HeldActivity(kind: .generalMeeting, date: Self.date("2026-03-31"))], today: Self.date("2026-06-01"))
        #expect(onTime.state == .met)
        let late = rules.check(.generalMeeting, count: 1, in: quarter, branch: Self.branch,
                               held: [HeldActivity(kind: .generalMeeting, date: Self.date("2026-04-01"))], today: Self.date("2026-06-01"))
        #expect(late.state == .missed && late.rule.source.contains("支部工作条例"))
        let running = rules.check(.generalMeeting, count: 1, in: quarter, branch: Self.branch, held: [], today: Self.date("2026-03-31"))
        #expect(running.state == .open)
        let over = rules.check(.generalMeeting, count: 1, in: quarter, branch: Self.branch, held: [], today: Self.date("2026-04-01"))
        #expect(over.state == .missed)
    }

    @Test("a branch created mid-period owes nothing for that period, and everything from the next", arguments: [
        ("2026-02-15", ComplianceState.notRequired, ComplianceState.missed), ("2026-01-01", .missed, .missed),
    ])
    func createdMidPeriod(_ created: String, _ first: ComplianceState, _ second: ComplianceState) {
        let branch = BranchFacts(organizationID: 1, name: "新支部", createdOn: Self.date(created), hasCommittee: false, groups: 0)
        let today = Self.date("2026-08-01")
        let q1 = rules.check(.generalMeeting, count: 1, in: .containing(Self.date("2026-01-01"), months: 3), branch: branch, held: [], today: today)
        let q2 = rules.check(.generalMeeting, count: 1, in: .containing(Self.date("2026-04-01"), months: 3), branch: branch, held: [], today: today)
        #expect(q1.state == first && q2.state == second)
    }

    @Test("committee and group meetings are due only where there is a committee or groups; one per group")
    func requirements() {
        let plain = BranchFacts(organizationID: 1, name: "小支部", createdOn: nil, hasCommittee: false, groups: 0)
        #expect(!rules.requirements(for: plain).contains { $0.kind == .committeeMeeting || $0.kind == .groupMeeting })
        let groups = rules.requirements(for: Self.branch).first { $0.kind == .groupMeeting }
        #expect(groups?.count == 2)
        let month = CompliancePeriod.containing(Self.date("2026-05-01"), months: 1)
        let one = rules.check(.groupMeeting, count: 2, in: month, branch: Self.branch,
                              held: [HeldActivity(kind: .groupMeeting, date: Self.date("2026-05-09"))], today: Self.date("2026-06-02"))
        #expect(one.state == .missed && one.held == 1)
    }

    @Test("the grid: a month closes its monthly rules, a quarter's last month its quarterly ones; the current month shows what runs")
    func grid() {
        let held = [
            HeldActivity(kind: .themeDay, date: Self.date("2026-01-05")), HeldActivity(kind: .committeeMeeting, date: Self.date("2026-01-06")),
            HeldActivity(kind: .groupMeeting, date: Self.date("2026-01-07")), HeldActivity(kind: .groupMeeting, date: Self.date("2026-01-08")),
            HeldActivity(kind: .generalMeeting, date: Self.date("2026-02-20")), HeldActivity(kind: .partyLecture, date: Self.date("2026-03-02")),
        ]
        let cells = rules.grid(for: Self.branch, held: held, year: 2026, today: Self.date("2026-04-10"))
        #expect(cells[0].state == .met, "January: theme day, committee and both groups")
        #expect(cells[1].state == .missed, "February: no theme day")
        #expect(cells[2].checks.contains { $0.kind == .generalMeeting && $0.state == .met })
        #expect(cells[3].state == .open && cells[3].checks.contains { $0.kind == .generalMeeting && $0.period.start == Self.date("2026-04-01") })
        #expect(cells[4].state == nil, "May has not begun")
        #expect(cells[3].checks.contains { $0.kind == .lifeMeeting && $0.state == .open }, "the year's rules run in the current month")
    }

    @Test("to-dos appear for what is still missing once the end of the period is near", arguments: [
        ("2026-05-20", false), ("2026-05-21", true),
    ])
    func todos(_ today: String, _ shown: Bool) {
        let todos = rules.todos(for: Self.branch, held: [], today: Self.date(today))
        #expect(todos.contains { $0.kind == "orglife.theme-day" && $0.due == Self.date("2026-05-31") } == shown)
        let done = rules.todos(for: Self.branch, held: [HeldActivity(kind: .themeDay, date: Self.date("2026-05-03"))], today: Self.date("2026-05-30"))
        #expect(!done.contains { $0.kind == "orglife.theme-day" })
    }
}

@Suite("Sign-in code")
struct SignInCodeTests {
    /// RFC 4226 §5.4: the HMAC-SHA-1 value of its example truncates to 872921.
    @Test("dynamic truncation matches the RFC 4226 example")
    func truncation() {
        let mac: [UInt8] = [0x1f, 0x86, 0x98, 0x69, 0x0e, 0x02, 0xca, 0x16, 0x61, 0x85, 0x50, 0xef, 0x7f, 0x19, 0xda, 0x8e, 0x94, 0x5b, 0x55, 0x5a]
        #expect(SignInCode.truncate(mac) == "872921")
        #expect(SignInCode.counterBytes(0x0102) == [0, 0, 0, 0, 0, 0, 1, 2])
    }

    /// A stand-in keyed hash: different for every counter, like the real one.
    static func mac(_ counter: UInt64) -> [UInt8] { (0..<32).map { UInt8(truncatingIfNeeded: (counter &* 2_654_435_761 &+ UInt64($0) &* 40_503) >> 7) } }

    @Test("the code changes with the window; the current and the previous window are accepted, older ones and wrong codes are not")
    func windows() {
        let code = SignInCode(windowSeconds: 120)
        let start: Int64 = 1_800_000_000 - 1_800_000_000 % 120
        let first = code.code(atUnixTime: start, mac: Self.mac)
        #expect(code.code(atUnixTime: start + 119, mac: Self.mac) == first)
        #expect(code.code(atUnixTime: start + 120, mac: Self.mac) != first)
        #expect(code.accepts(first, atUnixTime: start + 200, mac: Self.mac), "the window before still counts")
        #expect(!code.accepts(first, atUnixTime: start + 240, mac: Self.mac), "two windows later it does not")
        #expect(code.accepts(" \(first.prefix(3)) \(first.suffix(3)) ", atUnixTime: start, mac: Self.mac), "spaces typed are ignored")
        #expect(!code.accepts("12345", atUnixTime: start, mac: Self.mac))
        #expect(code.secondsLeft(atUnixTime: start + 20) == 100)
    }
}

@Suite("民主评议党员")
struct DemocraticReviewTests {
    let review = DemocraticReviewRules(rules: .national)

    static func entries(excellent: Int, of graded: Int) -> [DemocraticReviewRules.Entry] {
        (0..<graded).map { DemocraticReviewRules.Entry(memberID: $0, name: "党员\($0)", isProbationary: false, grade: $0 < excellent ? .excellent : .qualified) }
    }

    @Test("优秀 at most one third of the graded members: 3 of 9 and 3 of 10 pass, 4 of 11 does not, 1 of 2 does not", arguments: [
        (3, 9, true), (3, 10, true), (4, 11, false), (4, 12, true), (1, 2, false),
    ])
    func ceiling(_ excellent: Int, _ graded: Int, _ allowed: Bool) {
        let passed = (try? review.check(Self.entries(excellent: excellent, of: graded))) != nil
        #expect(passed == allowed)
    }

    @Test("probationary members take part but are not graded, and do not count in the base")
    func probationary() {
        var entries = Self.entries(excellent: 3, of: 9)
        entries.append(.init(memberID: 100, name: "王小明", isProbationary: true, grade: .qualified))
        #expect(throws: ReviewProblem.probationaryGraded("王小明")) { try review.check(entries) }
        entries[9] = .init(memberID: 100, name: "王小明", isProbationary: true, grade: nil)
        #expect(throws: Never.self) { try review.check(entries) }
    }
}

@Suite("The generated activity report")
struct ActivityReportTests {
    @Test("attendance, absences with reasons, decisions and follow-ups come from the record")
    func content() {
        let facts = ActivityReport.Facts(
            kind: .generalMeeting, topic: "学习贯彻党的二十届四中全会精神", organizationName: "东岗村党支部",
            date: CalendarDate(parsing: "2026-11-20")!, time: "14:30", place: "村党群服务中心", host: "王忠春", recorder: "李秀英",
            present: ["王忠春", "李秀英", "张建国"], absences: [.init(name: "赵桂兰", status: .sick, reason: "住院")],
            minutes: "传达会议精神\n讨论冬季防火", decisions: ["成立冬季防火巡查小组"], speakers: ["张建国"],
            followUps: [.init(problem: "党员活动室消防器材过期", owner: "张建国", due: CalendarDate(parsing: "2026-11-25")!, closedOn: nil, outcome: nil)],
            photos: 3)
        let report = ActivityReport(facts, today: CalendarDate(parsing: "2026-11-26")!)
        let text = report.paragraphs.joined(separator: "\n")
        #expect(report.title == "东岗村党支部支部党员大会活动总结报告")
        #expect(text.contains("应到 4 人，实到 3 人，出席率 75%"))
        #expect(text.contains("赵桂兰（病假，住院）"))
        #expect(text.contains("1. 成立冬季防火巡查小组"))
        #expect(text.contains("党员活动室消防器材过期（责任人：张建国，期限：2026-11-25，已逾期，未完成）"))
        #expect(text.contains("讨论冬季防火") && text.contains("照片 3 张"))
    }
}

@Suite("Demo organizational life")
struct DemoActivityTests {
    @Test("the history stops before the day it is made for, uses only the branch's own members, and is the same every time")
    func history() {
        let county = DemoCounty.generate(scale: .small)
        let today = CalendarDate(parsing: "2026-11-26")!
        let activities = county.activities(through: today)
        #expect(!activities.isEmpty)
        #expect(activities.allSatisfy { $0.date < today && $0.date.year == 2026 })
        #expect(activities.allSatisfy { activity in activity.attendance.allSatisfy { county.members[$0.memberIndex].organizationKey == activity.organizationKey } })
        #expect(activities.filter { $0.kind == .committeeMeeting }.allSatisfy { meeting in
            meeting.attendance.count >= 3 && meeting.attendance.count { $0.status == .present } * 2 > meeting.attendance.count
        })
        #expect(county.activities(through: today).map(\.topic) == activities.map(\.topic))
        let rules = ComplianceRules(rules: .national)
        let missed = activities.isEmpty ? 0 : Set(activities.map(\.organizationKey)).count { key in
            let branch = BranchFacts(organizationID: key, name: "", createdOn: nil, hasCommittee: false, groups: 0)
            let held = activities.filter { $0.organizationKey == key }.map { HeldActivity(kind: $0.kind, date: $0.date) }
            return rules.grid(for: branch, held: held, year: 2026, today: today).contains { $0.state == .missed }
        }
        #expect(missed < Set(activities.map(\.organizationKey)).count, "most branches keep to the rules")
    }
}

@Suite("Meeting quorum")
struct MeetingQuorumTests {
    @Test("more than half of those entitled, never of those present; nobody entitled cannot decide")
    func arithmetic() {
        #expect(!MeetingQuorum(entitled: 36, present: 1).quorate)
        #expect(!MeetingQuorum(entitled: 36, present: 18).quorate)
        #expect(MeetingQuorum(entitled: 36, present: 19).quorate)
        #expect(MeetingQuorum(entitled: 5, present: 3).quorate && !MeetingQuorum(entitled: 5, present: 2).quorate)
        #expect(MeetingQuorum(entitled: 36, present: 1).shortBy == 18)
        #expect(!MeetingQuorum(entitled: 0, present: 0).quorate)
        #expect(MeetingQuorum(entitled: 3, present: 9).present == 3, "never more present than entitled")
    }
}

@Suite("When sign-in opens")
struct SignInOpeningTests {
    static let day = CalendarDate(parsing: "2026-12-01")!

    @Test("from the rule's minutes before the start until the end of the day", arguments: [
        ("09:00", 60, "2026-12-01", 7 * 60 + 59, "opens 2026-12-01 08:00"),
        ("09:00", 60, "2026-12-01", 8 * 60, "allowed"),
        ("09:00", 60, "2026-12-01", 23 * 60 + 59, "allowed"),
        ("09:00", 60, "2026-12-02", 0, "over"),
        ("09:00", 60, "2026-11-30", 20 * 60, "opens 2026-12-01 08:00"),
        ("00:30", 60, "2026-11-30", 23 * 60 + 30, "allowed"),
        ("00:30", 60, "2026-11-30", 23 * 60 + 29, "opens 2026-11-30 23:30"),
        ("", 60, "2026-12-01", 0, "allowed"),
        ("25:00", 60, "2026-11-30", 23 * 60, "opens 2026-12-01 00:00"),
        ("14:30", 0, "2026-12-01", 14 * 60 + 29, "opens 2026-12-01 14:30"),
    ])
    func window(_ start: String, _ before: Int, _ date: String, _ minute: Int, _ expected: String) throws {
        let opening = SignInOpening(date: Self.day, startTime: start, minutesBefore: before)
        let now = SignInOpening.Moment(date: try #require(CalendarDate(parsing: date)), minute: minute)
        let verdict: String = switch opening.verdict(at: now) {
        case .allowed: "allowed"
        case .over: "over"
        case .opensAt(let moment): "opens \(moment.text())"
        }
        #expect(verdict == expected)
    }

    @Test("a moment reads as today, tomorrow or a date")
    func text() {
        let moment = SignInOpening.Moment(date: Self.day, minute: 8 * 60 + 5)
        #expect(moment.text(relativeTo: Self.day) == "今天 08:05")
        #expect(moment.text(relativeTo: Self.day.adding(days: -1)) == "明天 08:05")
        #expect(moment.text(relativeTo: Self.day.adding(days: -2)) == "2026-12-01 08:05")
    }

    @Test("an instant on the platform's calendar: China Standard Time, the rehearsal calendar's date")
    func instant() throws {
        let instant = Date(timeIntervalSince1970: 1_764_547_200) // 2025-12-01 00:00 UTC = 08:00 CST
        let moment = SignInOpening.Moment(instant, calendar: Self.day)
        #expect(moment.date == Self.day && moment.minute == 8 * 60)
    }
}
