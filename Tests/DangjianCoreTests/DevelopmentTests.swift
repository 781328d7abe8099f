import Testing
@testable import DangjianCore

@Suite("Member development: the 25 steps and their rules")
struct DevelopmentTests {
    let rules = DevelopmentRules(rules: .national)
    static let today = CalendarDate(year: 2026, month: 11, day: 26)!
    static func date(_ text: String) -> CalendarDate { CalendarDate(parsing: text)! }

    static let full1 = PersonFact(memberID: 1, name: "张建国", isFullMember: true)
    static let full2 = PersonFact(memberID: 2, name: "李秀英", isFullMember: true)
    static let probationary = PersonFact(memberID: 3, name: "王小明", isFullMember: false)
    static let disciplined = PersonFact(memberID: 4, name: "赵某", isFullMember: true, underDisciplinaryProbation: true)
    static let passingVote = VoteTally(entitled: 30, present: 17, yes: 15, no: 1, abstain: 1, writtenYes: 2)

    /// A case recorded up to (not including) `step`, with dates that satisfy every rule.
    static func caseBefore(_ step: DevelopmentStep, activist: String = "2023-03-01") -> DevelopmentCase {
        var development = DevelopmentCase(birthDate: date("1998-05-05"))
        var day = date("2022-09-01")
        for current in DevelopmentStep.allCases where current < step {
            switch current {
            case .activistRecommendation: day = date(activist)
            case .candidateDetermination: day = date(activist).adding(years: 1)
            case .admissionMeeting: day = date("2024-06-01")
            case .conversionMeeting: day = date("2025-06-01")
            default: day = day.adding(days: 3)
            }
            development.records.append(StepRecord(step: current, date: day, people: [full1, full2], conclusion: "政治上合格", passed: true,
                                                  trainingDays: 3, vote: passingVote))
        }
        return development
    }

    func refusal(_ record: StepRecord, _ development: DevelopmentCase) -> DevelopmentRefusal? {
        do { try rules.check(record, for: development, today: Self.today); return nil } catch { return error }
    }

    @Test("the 25 steps fall into the 5 stages in order")
    func steps() {
        #expect(DevelopmentStep.allCases.count == 25)
        #expect(DevelopmentStage.allCases.map { stage in DevelopmentStep.allCases.filter { $0.stage == stage }.count } == [2, 4, 5, 7, 7])
        #expect(DevelopmentStep.admissionMeeting.chinese.contains("支部大会"))
    }

    @Test("steps are recorded in order, never in the future, never before the step before")
    func order() {
        let development = Self.caseBefore(.applicationTalk)
        #expect(refusal(StepRecord(step: .activistRecommendation, date: Self.date("2022-10-01")), development)?.message.contains("请先完成第 2 步") == true)
        #expect(refusal(StepRecord(step: .application, date: Self.date("2022-10-01")), development)?.message.contains("已经记录") == true)
        #expect(refusal(StepRecord(step: .applicationTalk, date: Self.today.adding(days: 1)), development)?.message == "日期不能晚于今天")
        let applied = development.records[0].date
        #expect(refusal(StepRecord(step: .applicationTalk, date: applied.adding(days: -1)), development)?.earliest == applied)
        #expect(refusal(StepRecord(step: .applicationTalk, date: applied), development) == nil)
    }

    @Test("an applicant must be 18: refused the day before the birthday, accepted on it", arguments: [
        ("2016-05-04", false), ("2016-05-05", true), ("2016-05-06", true),
    ])
    func age(_ day: String, _ allowed: Bool) {
        let development = DevelopmentCase(birthDate: Self.date("1998-05-05"))
        let result = refusal(StepRecord(step: .application, date: Self.date(day)), development)
        #expect((result == nil) == allowed)
        if let result { #expect(result.earliest == Self.date("2016-05-05") && result.rule?.id == .minimumAdmissionAge) }
    }

    @Test("one year as activist before becoming a development candidate: the day before, the day of, the day after", arguments: [
        ("2024-02-29", false), ("2024-03-01", true), ("2024-03-02", true),
    ])
    func activistYear(_ day: String, _ allowed: Bool) {
        let development = Self.caseBefore(.candidateDetermination, activist: "2023-03-01")
        let result = refusal(StepRecord(step: .candidateDetermination, date: Self.date(day)), development)
        #expect((result == nil) == allowed)
        if let result {
            #expect(result.earliest == Self.date("2024-03-01"))
            #expect(result.message.contains("《中国共产党发展党员工作细则》第十三条"))
        }
    }

    @Test("培养联系人: one or two full members")
    func contacts() {
        let development = Self.caseBefore(.contactsAssigned)
        let day = development.records.last!.date
        #expect(refusal(StepRecord(step: .contactsAssigned, date: day, people: []), development) != nil)
        #expect(refusal(StepRecord(step: .contactsAssigned, date: day, people: [Self.full1]), development) == nil)
        #expect(refusal(StepRecord(step: .contactsAssigned, date: day, people: [Self.full1, Self.full2]), development) == nil)
        #expect(refusal(StepRecord(step: .contactsAssigned, date: day, people: [Self.full1, Self.full2, Self.probationary]), development) != nil)
        #expect(refusal(StepRecord(step: .contactsAssigned, date: day, people: [Self.probationary]), development)?.message.contains("不是正式党员") == true)
    }

    @Test("入党介绍人: two full members, none under 留党察看")
    func sponsors() {
        let development = Self.caseBefore(.sponsorsAssigned)
        let day = development.records.last!.date
        #expect(refusal(StepRecord(step: .sponsorsAssigned, date: day, people: [Self.full1]), development) != nil)
        #expect(refusal(StepRecord(step: .sponsorsAssigned, date: day, people: [Self.full1, Self.full1]), development) != nil)
        #expect(refusal(StepRecord(step: .sponsorsAssigned, date: day, people: [Self.full1, Self.probationary]), development) != nil)
        #expect(refusal(StepRecord(step: .sponsorsAssigned, date: day, people: [Self.full1, Self.disciplined]), development)?.message.contains("留党察看") == true)
        #expect(refusal(StepRecord(step: .sponsorsAssigned, date: day, people: [Self.full1, Self.full2]), development) == nil)
    }

    @Test("政治审查 needs a written conclusion and a pass")
    func politicalReview() {
        let development = Self.caseBefore(.politicalReview)
        let day = development.records.last!.date
        #expect(refusal(StepRecord(step: .politicalReview, date: day, conclusion: " ", passed: true), development) != nil)
        #expect(refusal(StepRecord(step: .politicalReview, date: day, conclusion: "有问题", passed: false), development) != nil)
        #expect(refusal(StepRecord(step: .politicalReview, date: day, conclusion: "政治上合格", passed: true), development) == nil)
    }

    @Test("short training: 3 days or 24 class hours, unless a special case", arguments: [
        (2, 23, false, false), (3, 0, false, true), (0, 24, false, true), (2, 23, true, true),
    ])
    func training(_ days: Int, _ hours: Int, _ special: Bool, _ allowed: Bool) {
        let development = Self.caseBefore(.intensiveTraining)
        let record = StepRecord(step: .intensiveTraining, date: development.records.last!.date, trainingDays: days, trainingHours: hours, specialCase: special)
        #expect((refusal(record, development) == nil) == allowed)
    }

    @Test("the admission meeting must pass by the rules of the vote")
    func admissionVote() {
        let development = Self.caseBefore(.admissionMeeting)
        let day = Self.date("2024-06-01")
        #expect(refusal(StepRecord(step: .admissionMeeting, date: day), development)?.message.contains("表决") == true)
        let failing = VoteTally(entitled: 30, present: 17, yes: 14, no: 2, abstain: 1, writtenYes: 1)
        #expect(refusal(StepRecord(step: .admissionMeeting, date: day, vote: failing), development)?.message.contains("未通过") == true)
        #expect(refusal(StepRecord(step: .admissionMeeting, date: day, vote: Self.passingVote), development) == nil)
    }

    @Test("a vote recorded with its roll: counts come from the names; a probationary member on the roll is refused")
    func voteRoll() throws {
        let development = Self.caseBefore(.admissionMeeting)
        let day = Self.date("2024-06-01")
        var entries = (1...9).map { VoteRollEntry(memberID: $0, name: "党员\($0)", isFullMember: true, attendance: .present) }
        entries[6].attendance = .writtenYes
        entries[7].attendance = .absent
        entries[8].attendance = .excluded
        let roll = VoteRoll(entries)
        let tally = try roll.tally(yes: 5, no: 1, abstain: 0)
        #expect(tally == VoteTally(entitled: 9, excluded: 1, present: 6, yes: 5, no: 1, abstain: 0, writtenYes: 1, writtenNo: 0))
        #expect(refusal(StepRecord(step: .admissionMeeting, date: day, vote: tally, roll: roll), development) == nil)
        // The same counts claimed with one more present than the roll shows.
        var claimed = tally
        claimed.present = 7
        #expect(refusal(StepRecord(step: .admissionMeeting, date: day, vote: claimed, roll: roll), development)?.message.contains("不一致") == true)
        // 6 of 8 counted present and 5 + 1 written yes of 8: passes; with two absent instead it fails the quorum (4 of 8).
        var thin = entries
        thin[0].attendance = .absent
        thin[1].attendance = .absent
        let thinTally = try VoteRoll(thin).tally(yes: 4, no: 0, abstain: 0)
        #expect(refusal(StepRecord(step: .admissionMeeting, date: day, vote: thinTally, roll: VoteRoll(thin)), development)?.message.contains("不能进行表决") == true)
        var withProbationary = entries
        withProbationary.append(VoteRollEntry(memberID: 10, name: "王小明", isFullMember: false, attendance: .present))
        #expect(throws: DevelopmentRefusal.self) { try VoteRoll(withProbationary).tally(yes: 5, no: 1, abstain: 0) }
        #expect(throws: DevelopmentRefusal.self) { try VoteRoll(entries + [entries[0]]).tally(yes: 5, no: 1, abstain: 0) }
    }

    @Test("a candidate leaving the unit within 3 months is not processed: the day before, the day of, the day after the limit", arguments: [
        ("2024-08-31", false), ("2024-09-01", true), ("2024-09-02", true), ("2024-05-01", false),
    ])
    func leavingUnit(_ leaving: String, _ allowed: Bool) {
        var development = Self.caseBefore(.admissionMeeting)
        development.leavingOn = Self.date(leaving)
        let result = refusal(StepRecord(step: .admissionMeeting, date: Self.date("2024-06-01"), vote: Self.passingVote), development)
        #expect((result == nil) == allowed)
        if let result { #expect(result.rule?.id == .leavingUnitMonths && result.message.contains("3 个月内离开")) }
        // Before 确定发展对象 the rule does not apply: the person may still be an activist here.
        var early = Self.caseBefore(.contactsAssigned)
        early.leavingOn = Self.date("2022-09-20")
        #expect(refusal(StepRecord(step: .contactsAssigned, date: early.records.last!.date, people: [Self.full1]), early) == nil)
    }

    @Test("approval within 3 months of the meeting; an extension reaches 6 months at most", arguments: [
        ("2024-09-01", nil as String?, true), ("2024-09-02", nil, false), ("2024-11-15", "2024-12-01", true), ("2024-12-02", "2025-03-01", false),
    ])
    func approval(_ day: String, _ extended: String?, _ allowed: Bool) {
        var development = Self.caseBefore(.admissionApproval)
        development.approvalExtendedTo = extended.map(Self.date)
        #expect((refusal(StepRecord(step: .admissionApproval, date: Self.date(day), passed: true), development) == nil) == allowed)
    }

    @Test("转正 is discussed when probation ends: one year from the admission meeting, plus an extension", arguments: [
        ("2025-05-31", nil as Int?, false), ("2025-06-01", nil, true), ("2025-11-30", 6, false), ("2025-12-01", 6, true),
    ])
    func conversion(_ day: String, _ extension: Int?, _ allowed: Bool) {
        var development = Self.caseBefore(.conversionMeeting)
        development.probationExtensionMonths = `extension`
        let result = refusal(StepRecord(step: .conversionMeeting, date: Self.date(day), vote: Self.passingVote), development)
        #expect((result == nil) == allowed)
        if let result { #expect(result.earliest != nil) }
    }

    @Test("probation is extended once, by 6 to 12 months")
    func probationExtension() throws {
        var development = Self.caseBefore(.oath)
        #expect(throws: DevelopmentRefusal.self) { try rules.checkExtension(months: 5, for: development) }
        #expect(throws: DevelopmentRefusal.self) { try rules.checkExtension(months: 13, for: development) }
        try rules.checkExtension(months: 6, for: development)
        try rules.checkExtension(months: 12, for: development)
        development.probationExtensionMonths = 6
        #expect(throws: DevelopmentRefusal.self) { try rules.checkExtension(months: 6, for: development) }
    }

    @Test("the register's membership follows the approvals")
    func membership() {
        #expect(Self.caseBefore(.admissionApproval).membership == nil)
        #expect(Self.caseBefore(.admissionRecord).membership == .probationary)
        #expect(Self.caseBefore(.archiving).membership == .full)
    }
}

@Suite("Branch meeting vote arithmetic")
struct VoteTests {
    let vote = VoteRules()

    @Test("the example from the API contract: quorate and passed")
    func example() throws {
        let outcome = try vote.evaluate(VoteTally(entitled: 30, present: 17, yes: 15, no: 1, abstain: 1, writtenYes: 2))
        #expect(outcome.quorate && outcome.passed)
        #expect(outcome.reasons.allSatisfy { $0.contains("第二十四条") })
    }

    @Test("quorum is more than half of those entitled: 15 of 30 is not enough, 16 is", arguments: [(15, false), (16, true)])
    func quorum(_ present: Int, _ quorate: Bool) throws {
        let outcome = try vote.evaluate(VoteTally(entitled: 30, present: present, yes: present, no: 0, abstain: 0))
        #expect(outcome.quorate == quorate)
        #expect(outcome.passed == quorate)
    }

    @Test("the majority is of those entitled, not of those present: 15 yes of 30 fails, 16 passes; written opinions count", arguments: [
        (15, 0, false), (16, 0, true), (14, 2, true), (14, 1, false),
    ])
    func majority(_ yes: Int, _ written: Int, _ passed: Bool) throws {
        let outcome = try vote.evaluate(VoteTally(entitled: 30, present: 20, yes: yes, no: 20 - yes, abstain: 0, writtenYes: written))
        #expect(outcome.passed == passed)
    }

    @Test("members excluded with approval leave the denominator")
    func excluded() throws {
        let outcome = try vote.evaluate(VoteTally(entitled: 30, excluded: 4, present: 14, yes: 14, no: 0, abstain: 0))
        #expect(outcome.quorate && outcome.passed)
        #expect(outcome.reasons[0].contains("按 26 人计算"))
    }

    @Test("inconsistent tallies are refused with the reason", arguments: [
        VoteTally(entitled: 0, present: 0, yes: 0, no: 0, abstain: 0),
        VoteTally(entitled: 10, present: 11, yes: 6, no: 0, abstain: 0),
        VoteTally(entitled: 10, present: 6, yes: 5, no: 1, abstain: 1),
        VoteTally(entitled: 10, present: 6, yes: 6, no: 0, abstain: 0, writtenYes: 5),
        VoteTally(entitled: 10, present: -1, yes: 0, no: 0, abstain: 0),
    ])
    func inconsistent(_ tally: VoteTally) {
        #expect(throws: VoteProblem.self) { try vote.evaluate(tally) }
    }
}

@Suite("To-do engine")
struct ToDoTests {
    let engine = DevelopmentToDos(rules: .national)
    static let today = CalendarDate(year: 2026, month: 11, day: 26)!

    @Test("an application asks for a talk within a month")
    func talk() {
        let development = DevelopmentCase(birthDate: DevelopmentTests.date("1990-01-01"),
                                          records: [StepRecord(step: .application, date: DevelopmentTests.date("2026-10-20"))])
        let todos = engine.todos(for: .init(caseID: 7, name: "周某", development: development), today: Self.today)
        #expect(todos.count == 1)
        #expect(todos[0].due == DevelopmentTests.date("2026-11-20"))
        #expect(todos[0].isOverdue(on: Self.today))
        #expect(todos[0].rule.id == .applicationTalkMonths && todos[0].link == "/development/7")
    }

    @Test("an activist is reviewed every six months and may become a candidate after a year")
    func activist() {
        var development = DevelopmentTests.caseBefore(.candidateDetermination, activist: "2026-01-10")
        development.reviews = [DevelopmentTests.date("2026-07-08")]
        let todos = engine.todos(for: .init(caseID: 1, name: "甲", development: development), today: Self.today)
        #expect(todos.map(\.kind).sorted() == ["development.candidate", "development.review"])
        #expect(todos.first { $0.kind == "development.review" }?.due == DevelopmentTests.date("2027-01-08"))
        #expect(todos.first { $0.kind == "development.candidate" }?.due == DevelopmentTests.date("2027-01-10"))
    }

    @Test("the approval limit and the end of probation are to-dos; recording the work clears them")
    func approvalAndProbation() {
        let waiting = DevelopmentTests.caseBefore(.higherTalk)
        #expect(engine.todos(for: .init(caseID: 1, name: "乙", development: waiting), today: Self.today).first?.due == DevelopmentTests.date("2024-09-01"))
        let probation = DevelopmentTests.caseBefore(.conversionApplication)
        #expect(engine.todos(for: .init(caseID: 1, name: "乙", development: probation), today: Self.today).first?.due == DevelopmentTests.date("2025-07-01"))
        let done = DevelopmentTests.caseBefore(.archiving)
        #expect(engine.todos(for: .init(caseID: 1, name: "乙", development: done), today: Self.today).isEmpty)
    }

    @Test("a term coming due within the warning period is a to-do; overdue ones sort first")
    func terms() {
        let terms = TermToDos(rules: .national)
        let soon = TermToDos.Facts(organizationID: 3, name: "东岗村党支部", kind: .branch, sector: .village,
                                   term: CommitteeTerm(electedOn: DevelopmentTests.date("2022-01-10"), years: 5))
        let late = TermToDos.Facts(organizationID: 4, name: "西岗村党支部", kind: .branch, sector: .village,
                                   term: CommitteeTerm(electedOn: DevelopmentTests.date("2021-06-01"), years: 5))
        let far = TermToDos.Facts(organizationID: 5, name: "南岗村党支部", kind: .branch, sector: .village,
                                  term: CommitteeTerm(electedOn: DevelopmentTests.date("2025-01-10"), years: 5))
        let all = ToDoList.ordered([soon, far, late].flatMap { terms.todos(for: $0, today: Self.today) })
        #expect(all.map(\.subjectName) == ["西岗村党支部", "东岗村党支部"])
        #expect(all[0].isOverdue(on: Self.today) && !all[1].isOverdue(on: Self.today))
    }
}

@Suite("Demo development cases")
struct DemoDevelopmentTests {
    @Test("the demo county has people at every stage, each recorded by the rules", arguments: [DemoCounty.Scale.small, .full])
    func everyStage(_ scale: DemoCounty.Scale) throws {
        let county = DemoCounty.generate(scale: scale)
        #expect(Set(county.developmentCases.map(\.development.stage)) == Set(DevelopmentStage.allCases))
        let rules = DevelopmentRules(rules: .national)
        for seed in county.developmentCases {
            var replay = DevelopmentCase(birthDate: seed.birthDate)
            for record in seed.development.records {
                try rules.check(record, for: replay, today: DemoCounty.asOf)
                replay.records.append(record)
            }
            #expect(try ResidentIDNumber(seed.idNumber, today: DemoCounty.asOf).gender == seed.gender)
        }
        #expect(county.developmentCases.contains { $0.development.nextStep == nil })
    }
}

@Suite("留党察看")
struct DisciplinaryProbationTests {
    static func date(_ text: String) -> CalendarDate { CalendarDate(parsing: text)! }
    let today = date("2026-11-26")

    @Test("one or two years; rights restored only when the period has ended: the day before, the day of", arguments: [
        ("2026-03-09", false), ("2026-03-10", true),
    ])
    func restoring(_ day: String, _ allowed: Bool) throws {
        let probation = try DisciplinaryProbation.validated(from: Self.date("2025-03-10"), years: 1, rules: .national, today: today)
        #expect(probation.isInForce(on: Self.date("2025-03-10")) && !probation.isInForce(on: Self.date("2025-03-09")))
        let restored = try? probation.restoring(on: Self.date(day), rules: .national)
        #expect((restored != nil) == allowed)
        if let restored {
            #expect(!restored.isInForce(on: Self.date(day)) && restored.isInForce(on: Self.date("2026-03-09")))
        }
    }

    @Test("periods outside 1–2 years or starting in the future are refused", arguments: [(0, "2025-01-01"), (3, "2025-01-01"), (1, "2026-11-27")])
    func invalid(_ years: Int, _ from: String) {
        #expect(throws: DisciplinaryProbation.Problem.self) {
            try DisciplinaryProbation.validated(from: Self.date(from), years: years, rules: .national, today: today)
        }
    }

    @Test("a member under 留党察看 has no vote: refused on the roll")
    func noVote() {
        let roll = VoteRoll([VoteRollEntry(memberID: 1, name: "张建国", isFullMember: true, attendance: .present),
                             VoteRollEntry(memberID: 2, name: "赵某", isFullMember: true, underDisciplinaryProbation: true, attendance: .present)])
        #expect(throws: DevelopmentRefusal.self) { try roll.tally(yes: 2, no: 0, abstain: 0) }
    }
}

@Suite("留党察看 to-dos")
struct DisciplineToDoTests {
    @Test("due when the period ends, shown from a month before, gone once rights are restored", arguments: [
        ("2026-02-09", false), ("2026-02-10", true), ("2026-03-11", true),
    ])
    func due(_ today: String, _ shown: Bool) {
        let engine = DisciplineToDos(rules: .national)
        let probation = DisciplinaryProbation(from: CalendarDate(parsing: "2025-03-10")!, years: 1)
        let todos = engine.todos(for: .init(memberID: 7, name: "赵某", probation: probation), today: CalendarDate(parsing: today)!)
        #expect(todos.isEmpty != shown)
        if shown { #expect(todos[0].due == CalendarDate(parsing: "2026-03-10")! && todos[0].rule.source.contains("第三十九条")) }
        var restored = probation
        restored.restoredOn = CalendarDate(parsing: "2026-03-10")
        #expect(engine.todos(for: .init(memberID: 7, name: "赵某", probation: restored), today: CalendarDate(parsing: "2026-03-11")!).isEmpty)
    }
}
