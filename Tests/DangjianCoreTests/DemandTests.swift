import Testing
@testable import DangjianCore

@Suite("Suggestions and demands: the loop that ends with the submitter's verdict, and its time limits")
struct DemandTests {
    let rules = RuleBook.national
    /// A Friday.
    let friday = CalendarDate(year: 2026, month: 12, day: 4)!

    @Test("submitted on a Friday: acknowledged by Monday, answered by the Friday after (1 and 5 working days)")
    func limits() throws {
        let flow = DemandFlow(submittedOn: friday)
        #expect(flow.acknowledgeBy(rules) == CalendarDate(year: 2026, month: 12, day: 7))
        #expect(flow.answerBy(rules) == CalendarDate(year: 2026, month: 12, day: 11))
        #expect(flow.overdue(today: CalendarDate(year: 2026, month: 12, day: 7)!, rules: rules) == nil)
        #expect(flow.overdue(today: CalendarDate(year: 2026, month: 12, day: 8)!, rules: rules)
            == .acknowledge(dueOn: CalendarDate(year: 2026, month: 12, day: 7)!))
        var accepted = flow
        try accepted.accept(on: CalendarDate(year: 2026, month: 12, day: 8)!)
        #expect(accepted.overdue(today: CalendarDate(year: 2026, month: 12, day: 11)!, rules: rules) == nil)
        let late = try #require(accepted.overdue(today: CalendarDate(year: 2026, month: 12, day: 12)!, rules: rules))
        #expect(late == .answer(dueOn: CalendarDate(year: 2026, month: 12, day: 11)!))
        #expect(late.chinese == "应于 2026-12-11 前答复，已逾期")
    }

    @Test("a deployment with other limits says so in its rules")
    func localLimits() throws {
        let local = try rules.applying([RuleBook.Override(id: RuleID.demandAnswerWorkingDays.rawValue, value: 3, source: "县“接诉即办”规定", effective: nil)])
        #expect(DemandFlow(submittedOn: friday).answerBy(local) == CalendarDate(year: 2026, month: 12, day: 9))
    }

    @Test("passing on starts the clock again at the organization it goes to")
    func passOn() throws {
        var flow = DemandFlow(submittedOn: friday)
        try flow.accept(on: friday)
        let monday = CalendarDate(year: 2026, month: 12, day: 14)!
        try flow.passOn(on: monday)
        #expect(flow.state == .submitted && flow.acknowledgedOn == nil)
        #expect(flow.acknowledgeBy(rules) == CalendarDate(year: 2026, month: 12, day: 15))
        #expect(flow.overdue(today: CalendarDate(year: 2026, month: 12, day: 15)!, rules: rules) == nil)
    }

    @Test("satisfied closes; unsatisfied reopens once at the level above, and the second verdict closes whatever it is")
    func verdicts() throws {
        var satisfied = DemandFlow(submittedOn: friday)
        try satisfied.answer(on: friday)
        #expect(satisfied.acknowledgedOn == friday)
        let closing = try satisfied.rate(.satisfied, on: friday, hasLevelAbove: true)
        #expect(closing == .closed)
        #expect(satisfied.state == .closed && satisfied.verdict == .satisfied && satisfied.round == 1)

        var flow = DemandFlow(submittedOn: friday)
        try flow.accept(on: friday)
        try flow.answer(on: friday.adding(days: 3))
        let reopenedOn = friday.adding(days: 4)
        let first = try flow.rate(.unsatisfied, on: reopenedOn, hasLevelAbove: true)
        #expect(first == .reopened)
        #expect(flow.state == .reopened && flow.round == 2 && flow.verdict == nil && flow.answeredOn == nil)
        #expect(flow.answerBy(rules) == reopenedOn.adding(days: 1).endOfWorkingDays(5))
        try flow.answer(on: reopenedOn.adding(days: 2))
        let second = try flow.rate(.unsatisfied, on: reopenedOn.adding(days: 3), hasLevelAbove: true)
        #expect(second == .closed)
        #expect(flow.state == .closed && flow.verdict == .unsatisfied)

        var atTheTop = DemandFlow(submittedOn: friday)
        try atTheTop.answer(on: friday)
        let top = try atTheTop.rate(.unsatisfied, on: friday, hasLevelAbove: false)
        #expect(top == .closed)
        #expect(atTheTop.verdict == .unsatisfied)
    }

    @Test("steps out of order are refused with the reason")
    func refusals() throws {
        var flow = DemandFlow(submittedOn: friday)
        #expect(throws: DemandRefusal("这条诉求待受理，现在不能评价")) { try flow.rate(.satisfied, on: friday, hasLevelAbove: true) }
        try flow.accept(on: friday)
        #expect(throws: DemandRefusal("这条诉求办理中，不能再受理")) { try flow.accept(on: friday) }
        try flow.answer(on: friday)
        #expect(throws: DemandRefusal("这条诉求已答复，待评价，不能再转交；答复前才能转交")) { try flow.passOn(on: friday) }
        #expect(throws: DemandRefusal("请选择满意或不满意")) { try flow.rate(.unrated, on: friday, hasLevelAbove: true) }
        _ = try flow.rate(.satisfied, on: friday, hasLevelAbove: true)
        #expect(throws: DemandRefusal("这条诉求已办结，不能再答复")) { try flow.answer(on: friday) }
        #expect(flow.overdue(today: friday.adding(days: 60), rules: rules) == nil)
    }

    @Test("an answer nobody rates within the rating days closes as 逾期未评价")
    func unrated() throws {
        var flow = DemandFlow(submittedOn: friday)
        try flow.answer(on: friday)
        let early = flow.closeUnrated(today: friday.adding(days: 7), rules: rules)
        #expect(!early && flow.state == .answered)
        let due = flow.closeUnrated(today: friday.adding(days: 8), rules: rules)
        #expect(due)
        #expect(flow.state == .closed && flow.verdict == .unrated)
    }
}

@Suite("Tracking codes (查询码)")
struct TrackingCodeTests {
    @Test("a code reads back as printed, typed in lower case, with or without the dash and spaces")
    func roundTrip() throws {
        var generator = SeededGenerator(seed: 7)
        for _ in 0..<200 {
            let code = TrackingCode(using: &generator)
            #expect(code.value.count == 10 && code.description.count == 11)
            #expect(TrackingCode(typed: code.description) == code)
            #expect(TrackingCode(typed: code.value.lowercased()) == code)
            #expect(TrackingCode(typed: " " + code.value.prefix(3) + " " + code.value.dropFirst(3)) == code)
        }
        #expect(!TrackingCode.alphabet.contains { "0O1IL".contains($0) })
    }

    @Test("any one character changed, or two neighbours swapped, is refused; so are other lengths and characters")
    func typos() throws {
        var generator = SeededGenerator(seed: 11)
        for _ in 0..<50 {
            let characters = Array(TrackingCode(using: &generator).value)
            for index in characters.indices {
                for replacement in TrackingCode.alphabet where replacement != characters[index] {
                    var typo = characters
                    typo[index] = replacement
                    #expect(TrackingCode(typed: String(typo)) == nil)
                }
                if index + 1 < characters.count && characters[index] != characters[index + 1] {
                    var swapped = characters
                    swapped.swapAt(index, index + 1)
                    #expect(TrackingCode(typed: String(swapped)) == nil)
                }
            }
        }
        #expect(TrackingCode(typed: "") == nil)
        #expect(TrackingCode(typed: "ABCDE-FGHJ") == nil)
        #expect(TrackingCode(typed: "ABCDE-FGH0K") == nil)
        #expect(TrackingCode(typed: "诉求诉求诉求诉求诉求") == nil)
    }
}

@Suite("Request statistics: by organization one level down and by category")
struct DemandStatisticsTests {
    let rules = RuleBook.national
    let monday = CalendarDate(year: 2026, month: 11, day: 2)!

    func item(_ path: [Int], _ category: DemandCategory, answeredAfter days: Int?, verdict: DemandVerdict? = nil) throws -> DemandStatistics.Item {
        var flow = DemandFlow(submittedOn: monday)
        if let days {
            try flow.answer(on: monday.adding(days: days))
            if let verdict, verdict != .unrated { _ = try flow.rate(verdict, on: monday.adding(days: days + 1), hasLevelAbove: false) }
            if verdict == .unrated { _ = flow.closeUnrated(today: monday.adding(days: days + 30), rules: rules) }
        }
        return DemandStatistics.Item(path: OrgPath(ids: path), category: category, submittedOn: monday, flow: flow)
    }

    @Test("answered, open and late, rated and satisfied, days to answer; the town's own requests under the town; outside the top not counted")
    func tally() throws {
        let items = [
            try item([1, 5, 23], .infrastructure, answeredAfter: 2, verdict: .satisfied),
            try item([1, 5, 23], .environment, answeredAfter: 4, verdict: .unsatisfied),
            try item([1, 5, 24], .infrastructure, answeredAfter: 3, verdict: .unrated),
            try item([1, 5, 24, 40], .infrastructure, answeredAfter: nil),
            try item([1, 5], .dispute, answeredAfter: nil),
            try item([1, 6, 30], .infrastructure, answeredAfter: 1, verdict: .satisfied),
        ]
        let tally = DemandStatistics.tally(items, under: OrgPath(ids: [1, 5]), today: monday.adding(days: 20), rules: rules)
        #expect(tally.total.submitted == 5 && tally.total.answered == 3 && tally.total.open == 2 && tally.total.overdue == 2)
        #expect(tally.total.rated == 2 && tally.total.satisfied == 1 && tally.total.satisfactionPercent == 50)
        #expect(tally.total.averageDaysToAnswer == 3.0)
        #expect(tally.byOrganization[23]?.submitted == 2 && tally.byOrganization[24]?.submitted == 2 && tally.byOrganization[5]?.open == 1)
        #expect(tally.byOrganization[6] == nil && tally.byCategory[.infrastructure]?.submitted == 3)
        #expect(DemandFigures().averageDaysToAnswer == nil && DemandFigures().satisfactionPercent == nil)
    }
}
