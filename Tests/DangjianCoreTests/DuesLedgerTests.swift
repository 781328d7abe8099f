import Testing
@testable import DangjianCore

@Suite("Party dues: the ledger, payments, arrears, reductions")
struct DuesLedgerTests {
    func day(_ text: String) -> CalendarDate { CalendarDate(parsing: text)! }
    func month(_ text: String) -> DuesMonth { DuesMonth(parsing: text)! }
    func paid(_ months: String...) -> [DuesMonth: Fen] { Dictionary(uniqueKeysWithValues: months.map { (month($0), Fen(9300)) }) }

    @Test("months step across year ends and read back as written")
    func months() {
        #expect(month("2025-11").adding(months: 3) == month("2026-02"))
        #expect(month("2026-01").adding(months: -1).description == "2025-12")
        #expect(month("2025-10").through(month("2026-02")).count == 5 && month("2026-02").through(month("2025-10")).isEmpty)
        #expect(month("2026-05").endOfQuarter == month("2026-06") && month("2026-02").lastDay == day("2026-02-28"))
        #expect(DuesMonth(parsing: "2026-13") == nil && DuesMonth(parsing: "26-01") == nil && DuesMonth(parsing: "2026-1") == month("2026-01"))
    }

    @Test("the year's fixed amount is owed from the admission month; a year not yet fixed is owed provisionally at the last amount")
    func dueAmounts() {
        let ledger = DuesLedger(.init(startsOn: day("2025-03-18"), fixed: [2025: Fen(3000), 2026: Fen(9300)], paid: [:]))
        #expect(ledger.firstMonth == month("2025-03"))
        #expect(ledger.due(month("2025-02")) == nil)
        #expect(ledger.due(month("2025-03"))?.amount == Fen(3000))
        #expect(ledger.due(month("2026-12"))?.amount == Fen(9300))
        let next = ledger.due(month("2027-01"))
        #expect(next?.amount == Fen(9300) && next?.provisional == true)
        // Unfixed months cannot be paid, so they are not held against the member.
        let unfixed = DuesLedger(.init(startsOn: day("2025-03-18"), fixed: [2026: Fen(9300)],
                                       paid: Dictionary(uniqueKeysWithValues: month("2026-01").through(month("2026-12")).map { ($0, Fen(9300)) })))
        let february = unfixed.arrears(on: day("2027-03-05"))
        #expect(february.months.isEmpty && february.consecutive == 0)
        let left = DuesLedger(.init(startsOn: day("2020-01-01"), endsOn: day("2026-04-10"), fixed: [2026: Fen(100)], paid: [:]))
        #expect(left.firstMonth == month("2026-01") && left.due(month("2026-04")) != nil && left.due(month("2026-05")) == nil)
    }

    @Test("arrears: every unpaid month gone by, and the unbroken run up to last month counted across the year end")
    func arrearsAcrossYearEnd() {
        let facts = DuesLedger.Facts(startsOn: day("2024-06-01"), fixed: [2025: Fen(9300), 2026: Fen(9300)],
                                     paid: paid("2025-01", "2025-02", "2025-03", "2025-05", "2025-06", "2025-07", "2025-08", "2025-09"))
        let arrears = DuesLedger(facts).arrears(on: day("2026-02-10"))
        #expect(arrears.months == [month("2025-04"), month("2025-10"), month("2025-11"), month("2025-12"), month("2026-01")])
        #expect(arrears.consecutive == 4 && arrears.since == month("2025-10") && arrears.owed == Fen(5 * 9300))
        // This month is due, not owed; paying last month breaks the run.
        var later = facts.paid
        later[month("2026-01")] = Fen(9300)
        let after = DuesLedger(.init(startsOn: facts.startsOn, fixed: facts.fixed, paid: later)).arrears(on: day("2026-02-28"))
        #expect(after.consecutive == 0 && after.since == nil && after.months.count == 4)
        // Someone who has left has no run running up to now.
        let gone = DuesLedger(.init(startsOn: facts.startsOn, endsOn: day("2025-12-05"), fixed: facts.fixed, paid: facts.paid))
        #expect(gone.arrears(on: day("2026-05-01")).consecutive == 0 && gone.arrears(on: day("2026-05-01")).months.count == 4)
    }

    @Test("an approved exemption breaks a run and is never owed; a reduction replaces the amount for its months")
    func reductions() {
        let exempt = DuesLedger.Reduction(period: DuesPeriod(from: month("2026-03"), through: month("2026-04")), monthly: Fen(0))
        let reduced = DuesLedger.Reduction(period: DuesPeriod(from: month("2026-05"), through: month("2026-05")), monthly: Fen(20))
        let ledger = DuesLedger(.init(startsOn: day("2020-01-01"), fixed: [2026: Fen(9300)], reductions: [exempt, reduced], paid: [:]))
        let arrears = ledger.arrears(on: day("2026-07-01"))
        #expect(arrears.months == [month("2026-01"), month("2026-02"), month("2026-05"), month("2026-06")])
        #expect(arrears.consecutive == 2 && arrears.owed == Fen(9300 * 3 + 20))
        let lines = ledger.lines(through: month("2026-12"), today: day("2026-07-01"))
        #expect(lines.first { $0.month == month("2026-03") }?.state == .exempt)
        #expect(lines.first { $0.month == month("2026-07") }?.state == .due && lines.last?.state == .upcoming)
    }

    let rules = DuesPaymentRules(rules: .national)
    let ledger = DuesLedger(.init(startsOn: CalendarDate(year: 2020, month: 1, day: 1)!, fixed: [2025: Fen(8000), 2026: Fen(9300)],
                                  paid: [DuesMonth(year: 2026, month: 2)!: Fen(9300)]))

    func check(_ months: [String], on date: String = "2026-08-15", method: DuesPaymentMethod = .cash, payer: String? = nil,
               approval: String? = nil) throws(DuesPaymentProblem) -> [(month: DuesMonth, amount: Fen)] {
        try rules.check(.init(months: months.map(month), paidOn: day(date), method: method, payer: payer, approval: approval),
                        ledger: ledger, today: day("2026-08-20"))
    }

    @Test("back payment: with the branch's approval, at most six months before the month of payment")
    func backPayment() throws {
        let current = try check(["2026-08"])
        #expect(current.map { $0.amount } == [Fen(9300)])
        #expect(throws: DuesPaymentProblem.approvalNeeded("补缴党费")) { try check(["2026-07"]) }
        let back = try check(["2026-03", "2026-07"], approval: "支委会同意")
        #expect(back.count == 2)
        #expect(throws: DuesPaymentProblem.tooFarBack(month("2026-01"), earliest: month("2026-02"), rule: RuleBook.national[.duesBackPaymentMonths])) {
            try check(["2026-01"], approval: "支委会同意")
        }
        // Six months back from a payment in January reaches July of the year before, at that year's amount.
        let january = try rules.check(.init(months: [month("2025-07"), month("2025-12")], paidOn: day("2026-01-05"), method: .transfer, approval: "同意"),
                                      ledger: ledger, today: day("2026-08-20"))
        #expect(january.map { $0.amount } == [Fen(8000), Fen(8000)])
        #expect(throws: DuesPaymentProblem.alreadyPaid(month("2026-02"))) { try check(["2026-02"], on: "2026-02-10") }
        #expect(throws: DuesPaymentProblem.futureDate) { try check(["2026-08"], on: "2026-08-21") }
        #expect(throws: DuesPaymentProblem.noMonths) { try check([]) }
    }

    @Test("quarterly payment ahead needs approval and ends with the quarter; payment by another needs approval and a name")
    func quarterlyAndProxy() throws {
        #expect(throws: DuesPaymentProblem.approvalNeeded("按季度交纳（预交）")) { try check(["2026-07", "2026-08", "2026-09"], on: "2026-07-03") }
        #expect(try check(["2026-07", "2026-08", "2026-09"], on: "2026-07-03", approval: "支部同意按季度交纳").count == 3)
        #expect(throws: DuesPaymentProblem.beyondQuarter(month("2026-10"), last: month("2026-09"))) {
            try check(["2026-08", "2026-09", "2026-10"], approval: "同意")
        }
        #expect(throws: DuesPaymentProblem.approvalNeeded("他人代交")) { try check(["2026-08"], method: .proxy, payer: "王芳") }
        #expect(throws: DuesPaymentProblem.payerNeeded) { try check(["2026-08"], method: .proxy, approval: "同意") }
        #expect(try check(["2026-08"], method: .proxy, payer: "王芳", approval: "支部同意").count == 1)
    }

    @Test("a month not yet fixed, outside the ledger or exempt is refused")
    func refusedMonths() {
        #expect(throws: DuesPaymentProblem.notFixed(month("2027-01"))) {
            try rules.check(.init(months: [month("2027-01")], paidOn: day("2027-01-05"), method: .cash), ledger: ledger, today: day("2027-01-05"))
        }
        let young = DuesLedger(.init(startsOn: day("2026-08-10"), fixed: [2026: Fen(50)], paid: [:]))
        #expect(throws: DuesPaymentProblem.outsideLedger(month("2026-07"))) {
            try rules.check(.init(months: [month("2026-07")], paidOn: day("2026-08-15"), method: .cash, approval: "同意"), ledger: young, today: day("2026-08-20"))
        }
        let exempt = DuesLedger(.init(startsOn: day("2020-01-01"), fixed: [2026: Fen(50)],
                                      reductions: [.init(period: DuesPeriod(from: month("2026-08"), through: month("2026-09")), monthly: Fen(0))], paid: [:]))
        #expect(throws: DuesPaymentProblem.exempt(month("2026-08"))) {
            try rules.check(.init(months: [month("2026-08")], paidOn: day("2026-08-15"), method: .cash), ledger: exempt, today: day("2026-08-20"))
        }
    }

    @Test("a single voluntary payment of 1,000 yuan or more goes to the Centre")
    func centre() {
        #expect(rules.goesToCentre(Fen(100_000)) && !rules.goesToCentre(Fen(99_999)))
    }

    @Test("the year is fixed for last, this or next year; changing a fixed amount needs a reason")
    func fixing() {
        let fixing = DuesFixingRules(rules: .national)
        #expect(throws: Never.self) { try fixing.check(year: 2025, today: day("2026-01-10"), alreadyFixed: false, reason: nil) }
        #expect(throws: DuesFixingProblem.self) { try fixing.check(year: 2024, today: day("2026-01-10"), alreadyFixed: false, reason: nil) }
        #expect(throws: DuesFixingProblem.reasonNeeded) { try fixing.check(year: 2026, today: day("2026-01-10"), alreadyFixed: true, reason: " ") }
        #expect(throws: Never.self) { try fixing.check(year: 2026, today: day("2026-06-10"), alreadyFixed: true, reason: "退休，改按离退休费核定") }
        #expect(DuesFixingRules.suggestedCategory(for: .retired) == .retired && DuesFixingRules.suggestedCategory(for: nil) == .salaried)
    }

    @Test("hardship: apply for months ahead below the fixed amount, the branch decides, one level up approves")
    func hardship() throws {
        let reduction = DuesReductionRules(rules: .national)
        let today = day("2026-08-20")
        let period = DuesPeriod(from: month("2026-08"), through: month("2027-07"))
        #expect(throws: Never.self) { try reduction.checkApplication(period: period, monthly: Fen(0), fixed: Fen(9300), reason: "大病住院，收入中断", today: today) }
        #expect(throws: DuesReductionProblem.self) {
            try reduction.checkApplication(period: DuesPeriod(from: month("2026-07"), through: month("2026-09")), monthly: Fen(0), fixed: nil, reason: "大病住院", today: today)
        }
        #expect(throws: DuesReductionProblem.self) {
            try reduction.checkApplication(period: DuesPeriod(from: month("2026-08"), through: month("2027-08")), monthly: Fen(0), fixed: nil, reason: "大病住院", today: today)
        }
        #expect(throws: DuesReductionProblem.self) { try reduction.checkApplication(period: period, monthly: Fen(9300), fixed: Fen(9300), reason: "大病住院", today: today) }
        #expect(throws: DuesReductionProblem.reason) { try reduction.checkApplication(period: period, monthly: Fen(0), fixed: nil, reason: "穷", today: today) }
        #expect(throws: DuesReductionProblem.self) { try reduction.higherDecision(from: .applied, approve: true) }
        let agreed = try reduction.branchDecision(from: .applied, agree: true)
        let approved = try reduction.higherDecision(from: agreed, approve: true)
        #expect(agreed == .branchAgreed && approved == .approved)
        #expect(try reduction.branchDecision(from: .applied, agree: false) == .refused)
        #expect(throws: DuesReductionProblem.self) { try reduction.branchDecision(from: .approved, agree: true) }
    }

    @Test("arrears to-dos: a reminder at three months, the 党章 handling at six, each until the branch records its handling")
    func arrearsToDos() {
        let engine = DuesArrearsToDos(rules: .national)
        func arrears(_ count: Int) -> DuesLedger.Arrears {
            DuesLedger.Arrears(months: [], owed: Fen(0), consecutive: count, since: count > 0 ? month("2025-09") : nil)
        }
        func kinds(_ count: Int, handled: Int? = nil) -> [String] {
            engine.todos(for: .init(memberID: 1, name: "张三", arrears: arrears(count), handledAt: handled), today: day("2026-03-01")).map(\.kind)
        }
        #expect(kinds(2) == [] && kinds(3) == ["dues.arrears"] && kinds(5) == ["dues.arrears"] && kinds(6) == ["dues.lapse"])
        #expect(kinds(4, handled: 3) == [] && kinds(6, handled: 3) == ["dues.lapse"] && kinds(7, handled: 6) == [])
        let lapse = engine.todos(for: .init(memberID: 1, name: "张三", arrears: arrears(6), handledAt: nil), today: day("2026-03-01"))[0]
        #expect(lapse.due == day("2026-03-31") && lapse.rule.source.contains("党章") && lapse.link == "/dues/members/1")
    }

    @Test("members without this year's amount: one to-do per branch, due at the end of January or after a later admission")
    func fixingToDos() {
        let engine = DuesFixingToDos(rules: .national)
        #expect(engine.todos(for: .init(organizationID: 3, name: "一支部", unfixedSince: []), today: day("2026-01-03")).isEmpty)
        let early = engine.todos(for: .init(organizationID: 3, name: "一支部", unfixedSince: [day("2010-07-01"), day("2026-05-10")]), today: day("2026-06-01"))
        #expect(early.count == 1 && early[0].due == day("2026-01-31") && early[0].title.contains("2 名"))
        let late = engine.todos(for: .init(organizationID: 3, name: "一支部", unfixedSince: [day("2026-05-10")]), today: day("2026-06-01"))
        #expect(late[0].due == day("2026-06-30"))
    }
}

@Suite("Funds: 专款专用 and the 党内温暖工程 fund")
struct FundRulesTests {
    let rules = FundRules()

    @Test("spending within its purpose's budget passes; outside any purpose or past the budget is refused unless a reason is stated")
    func spending() throws {
        let within = try rules.checkSpending(purpose: .training, amount: Fen(30_000), budget: Fen(100_000), spent: Fen(70_000), override: nil)
        #expect(within.overridden == nil && within.remainingAfter == Fen(0))
        #expect(throws: FundProblem.overBudget(.training, remaining: Fen(30_000))) {
            try rules.checkSpending(purpose: .training, amount: Fen(30_001), budget: Fen(100_000), spent: Fen(70_000), override: nil)
        }
        #expect(throws: FundProblem.outsidePurpose(.commendation)) {
            try rules.checkSpending(purpose: .commendation, amount: Fen(100), budget: nil, spent: Fen(0), override: nil)
        }
        #expect(throws: FundProblem.overrideReason) {
            try rules.checkSpending(purpose: .commendation, amount: Fen(100), budget: nil, spent: Fen(0), override: "急用")
        }
        let overridden = try rules.checkSpending(purpose: .training, amount: Fen(50_000), budget: Fen(100_000), spent: Fen(70_000),
                                                 override: "县委组织部通知追加培训任务，预算调整报批中")
        #expect(overridden.overridden == .overBudget(.training, remaining: Fen(30_000)) && overridden.remainingAfter == Fen(-20_000))
        #expect(Fen(-20_000).description == "-200.00")
        #expect(throws: FundProblem.amount) { try rules.checkSpending(purpose: .training, amount: Fen(0), budget: Fen(1), spent: Fen(0), override: nil) }
    }

    @Test("a grant is paid only from what the fund holds")
    func grants() {
        #expect(throws: Never.self) { try rules.checkGrant(amount: Fen(50_000), balance: Fen(50_000)) }
        #expect(throws: FundProblem.insufficientFund(balance: Fen(49_999))) { try rules.checkGrant(amount: Fen(50_000), balance: Fen(49_999)) }
    }
}
