import Testing
@testable import DangjianCore

@Suite("三务公开: periods, accounts that add up, review before publishing, corrections as new versions, and what is owed")
struct PublicityTests {
    let rules = RuleBook.national

    func date(_ year: Int, _ month: Int, _ day: Int) -> CalendarDate { CalendarDate(year: year, month: month, day: day)! }

    @Test("a period is typed as a month, a quarter, a year or one day, and read back the same")
    func periods() throws {
        let month = try #require(PublicityPeriod(typed: "2026-11"))
        #expect(month.start == date(2026, 11, 1) && month.end == date(2026, 11, 30) && month.chinese == "2026年11月" && month.typed == "2026-11")
        let quarter = try #require(PublicityPeriod(typed: "2026-q4"))
        #expect(quarter.start == date(2026, 10, 1) && quarter.end == date(2026, 12, 31) && quarter.chinese == "2026年第四季度")
        #expect(PublicityPeriod(typed: quarter.typed) == quarter)
        let year = try #require(PublicityPeriod(typed: "2025"))
        #expect(year.end == date(2025, 12, 31) && year.chinese == "2025年度" && year.isRegular)
        let day = try #require(PublicityPeriod(typed: "2026-11-20"))
        #expect(!day.isRegular && day.chinese == "2026年11月20日（专项）")
        for wrong in ["", "2026-13", "2026-Q5", "26-11", "二〇二六年", "2026-11-31", "2026-1-1-1"] {
            #expect(PublicityPeriod(typed: wrong) == nil, "\(wrong)")
        }
        #expect(PublicityPeriod(typed: "2026-2")?.end == date(2026, 2, 28))
    }

    @Test("a quarterly publication answers for the months in it, a monthly one not for its quarter; a 专项公开 for nothing")
    func covering() throws {
        let november = PublicityPeriod.aligned(months: 1, containing: date(2026, 11, 15))
        let fourth = PublicityPeriod.aligned(months: 3, containing: date(2026, 11, 15))
        #expect(fourth.chinese == "2026年第四季度")
        #expect(fourth.covers(november) && !november.covers(fourth))
        #expect(!fourth.covers(PublicityPeriod.aligned(months: 1, containing: date(2027, 1, 1))))
        #expect(november.covers(november))
        #expect(!PublicityPeriod(start: date(2026, 11, 30), end: date(2026, 11, 30)).covers(november))
    }

    @Test("income and spending add up to the balance carried, or the publication is refused with the figures")
    func accounts() throws {
        let lines = [FinanceLine(direction: .income, subject: "村集体土地租金", amount: Fen(1_200_000)),
                     FinanceLine(direction: .spending, subject: "村道维修", amount: Fen(350_050)),
                     FinanceLine(direction: .spending, subject: "办公费", amount: Fen(20_000))]
        let right = FinanceAccount(opening: Fen(500_000), lines: lines, closing: Fen(1_329_950))
        #expect(right.income == Fen(1_200_000) && right.spending == Fen(370_050) && right.addsUp)
        let wrong = FinanceAccount(opening: Fen(500_000), lines: lines, closing: Fen(1_330_000))
        #expect(!wrong.addsUp && wrong.expectedClosing == Fen(1_329_950))
        #expect(PublicationRefusal.accountsDoNotAddUp(expected: wrong.expectedClosing, stated: wrong.closing).message.contains("13,299.50"))
    }

    @Test("published only after another committee member reviewed it; a change undoes the review; published text is never edited")
    func flow() throws {
        var flow = PublicationFlow.drafted(by: 7)
        #expect(throws: PublicationRefusal.notReviewed) { try flow.publish() }
        #expect(throws: PublicationRefusal.reviewerIsAuthor) { try flow.review(by: 7) }
        try flow.review(by: 8)
        #expect(flow.state == .reviewed && flow.reviewerID == 8)
        try flow.edit()
        #expect(flow.state == .draft && flow.reviewerID == nil)
        try flow.review(by: 9)
        try flow.publish()
        #expect(flow.state == .published)
        #expect(throws: PublicationRefusal.notDraft(.published)) { try flow.edit() }
        #expect(throws: PublicationRefusal.notDraft(.published)) { try flow.review(by: 8) }
        try flow.supersede()
        #expect(flow.state == .superseded)
        #expect(throws: PublicationRefusal.notPublished) { try flow.supersede() }
    }

    @Test("a village owes monthly 党务 and 财务 and quarterly 村务 publications, due ten days after each period")
    func villageDuties() throws {
        let schedule = PublicitySchedule(rules: rules)
        let today = date(2026, 12, 3)
        let duties = schedule.duties(sector: .village, published: [.finance: [try #require(PublicityPeriod(typed: "2026-11"))]], today: today)
        #expect(duties.map(\.kind) == [.party, .affairs, .finance])
        let party = try #require(duties.first { $0.kind == .party })
        #expect(party.period.chinese == "2026年11月" && party.due == date(2026, 12, 10) && !party.covered)
        let affairs = try #require(duties.first { $0.kind == .affairs })
        #expect(affairs.period.chinese == "2026年第三季度" && affairs.due == date(2026, 10, 10))
        #expect(duties.first { $0.kind == .finance }?.covered == true)
        #expect(schedule.duties(sector: .government, published: [:], today: today).isEmpty)
        // A community publishes quarterly; a deployment may switch one off with 0.
        let local = try rules.applying([RuleBook.Override(id: RuleID.publicityCommunityFinanceMonths.rawValue, value: 0, source: nil, effective: nil)])
        #expect(PublicitySchedule(rules: local).duties(sector: .community, published: [:], today: today).map(\.kind) == [.party, .affairs])
    }

    @Test("the village sees what to publish and which questions to answer; the town only what is overdue")
    func todos() throws {
        let engine = PublicityToDos(rules: rules)
        let today = date(2026, 12, 11)
        let duties = PublicitySchedule(rules: rules).duties(sector: .village, published: [:], today: today)
        let asked = date(2026, 12, 4)
        let own = engine.todos(for: .init(organizationID: 3, organizationName: "东岗村党支部", sector: .village, duties: duties,
                                          questions: [(publicationID: 12, title: "2026年11月财务公开", askedOn: asked)], supervising: false),
                               today: today)
        #expect(own.map(\.kind) == ["publicity.publish", "publicity.publish", "publicity.publish", "publicity.answer"])
        #expect(own[0].title == "发布2026年11月党务公开" && own[0].isOverdue(on: today))
        #expect(own[1].title == "发布2026年第三季度村务公开" && own[1].link.hasSuffix("kind=affairs&period=2026-Q3"))
        #expect(own[3].due == date(2026, 12, 11) && !own[3].isOverdue(on: today))
        let above = engine.todos(for: .init(organizationID: 3, organizationName: "东岗村党支部", sector: .village, duties: duties,
                                            questions: [(publicationID: 12, title: "x", askedOn: asked)], supervising: true),
                                 today: date(2026, 12, 10))
        #expect(above.map(\.title) == ["督促发布逾期的2026年第三季度村务公开"])
    }
}
