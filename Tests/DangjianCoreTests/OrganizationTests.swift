import Testing
@testable import DangjianCore

@Suite("组织树路径")
struct OrgPathTests {
    @Test("builds, parses and refuses paths")
    func parsing() {
        #expect(OrgPath(ids: [1, 5, 23]).value == "/1/5/23/")
        #expect(OrgPath("/1/5/23/")?.ids == [1, 5, 23])
        #expect(OrgPath("/")?.depth == 0)
        for bad in ["1/5/", "/1/5", "/1//5/", "/01/", "/a/", "", "/1/-5/"] {
            #expect(OrgPath(bad) == nil, "\(bad) should be refused")
        }
    }

    @Test("a subtree is the half-open byte range [path, upperBound)")
    func subtreeRange() {
        let town = OrgPath(ids: [1, 5])
        #expect(town.upperBound == "/1/50")
        let inside = ["/1/5/", "/1/5/23/", "/1/5/9999/1/"]
        let outside = ["/1/", "/1/50/", "/1/51/", "/1/6/", "/1/4/99/", "/2/5/"]
        for path in inside {
            #expect(path >= town.value && path < town.upperBound)
            #expect(town.contains(OrgPath(path)!))
        }
        for path in outside {
            #expect(!(path >= town.value && path < town.upperBound), "\(path) is not under /1/5/")
            #expect(!town.contains(OrgPath(path)!))
        }
    }

    @Test("moving a subtree rebases every path under it")
    func rebase() {
        let moved = OrgPath(ids: [1, 5, 23, 40]).rebased(from: OrgPath(ids: [1, 5, 23]), to: OrgPath(ids: [1, 7, 23]))
        #expect(moved == OrgPath(ids: [1, 7, 23, 40]))
    }

    @Test("the minimal cover drops paths inside others")
    func minimalCover() {
        let cover = OrgPath.minimalCover([OrgPath(ids: [1, 5, 9]), OrgPath(ids: [1, 5]), OrgPath(ids: [1, 50]), OrgPath(ids: [1, 5])])
        #expect(cover == [OrgPath(ids: [1, 5]), OrgPath(ids: [1, 50])])
    }

    @Test("organization forms nest as the branch regulation describes")
    func nesting() {
        #expect(OrganizationKind.committee.canContain(.branch))
        #expect(OrganizationKind.generalBranch.canContain(.branch))
        #expect(OrganizationKind.branch.canContain(.group))
        #expect(OrganizationKind.group.canContain(.memberHousehold))
        #expect(!OrganizationKind.branch.canContain(.committee))
        #expect(!OrganizationKind.branch.canContain(.branch))
        #expect(!OrganizationKind.memberHousehold.canContain(.group))
        #expect(!OrganizationKind.committee.canContain(.memberHousehold))
    }
}

@Suite("组织设置与换届规则")
struct StructureCheckTests {
    let check = StructureCheck(rules: .national)
    let today = CalendarDate(year: 2026, month: 11, day: 25)!

    func facts(_ kind: OrganizationKind = .branch, sector: UnitSector = .government, full: Int, members: Int? = nil,
               committee: Int = 1, secretary: Bool = true, units: Int? = nil, term: CommitteeTerm? = nil) -> OrganizationFacts {
        OrganizationFacts(kind: kind, sector: sector, fullMembers: full, members: members ?? full, committeeSize: committee,
                          hasSecretary: secretary, coveredUnits: units,
                          term: term ?? CommitteeTerm(electedOn: CalendarDate(year: 2025, month: 6, day: 1)!, years: 3))
    }

    func codes(_ facts: OrganizationFacts) -> Set<Finding.Code> { Set(check.findings(for: facts, today: today).map(\.code)) }

    @Test("a branch needs 3 full members: 2 warns, 3 does not")
    func minimumFullMembers() {
        #expect(codes(facts(full: 2, members: 5)).contains(.tooFewFullMembers))
        #expect(!codes(facts(full: 3)).contains(.tooFewFullMembers))
    }

    @Test("a branch has no more than 50 members: 51 warns, 50 does not")
    func maximumMembers() {
        #expect(!codes(facts(full: 45, members: 50, committee: 5)).contains(.tooManyMembers))
        #expect(codes(facts(full: 45, members: 51, committee: 5)).contains(.tooManyMembers))
    }

    @Test("7 or more full members need a committee of at least 3; 6 do not")
    func committeeThreshold() {
        #expect(codes(facts(full: 7, committee: 0, secretary: false)).contains(.committeeMissing))
        #expect(codes(facts(full: 7, committee: 2)).contains(.committeeTooSmall))
        #expect(!codes(facts(full: 7, committee: 3)).contains(.committeeTooSmall))
        #expect(!codes(facts(full: 6, committee: 1)).contains(.committeeMissing))
        #expect(codes(facts(full: 30, committee: 8)).contains(.committeeTooLarge))
        #expect(!codes(facts(full: 30, committee: 7)).contains(.committeeTooLarge))
    }

    @Test("a temporary branch is not asked for a committee or a term")
    func temporaryBranch() {
        let found = codes(facts(.temporaryBranch, full: 9, committee: 0, secretary: false))
        #expect(!found.contains(.committeeMissing))
        #expect(!found.contains(.termMissing))
        #expect(!found.contains(.secretaryMissing))
    }

    @Test("a joint branch covers at most 5 units")
    func jointBranchUnits() {
        #expect(codes(facts(.jointBranch, full: 9, committee: 3, units: 6)).contains(.jointBranchTooManyUnits))
        #expect(!codes(facts(.jointBranch, full: 9, committee: 3, units: 5)).contains(.jointBranchTooManyUnits))
    }

    @Test("terms: 5 years for committees and village branches, 3 for other branches")
    func termLengths() {
        #expect(check.termYears(kind: .committee, sector: .government).value == 5)
        #expect(check.termYears(kind: .branch, sector: .village).value == 5)
        #expect(check.termYears(kind: .branch, sector: .community).value == 5)
        #expect(check.termYears(kind: .branch, sector: .school).value == 3)
        #expect(check.termYears(kind: .generalBranch, sector: .hospital).value == 3)
    }

    @Test("term warnings at the boundaries: 91 days left is quiet, 90 is due, the day after the end is overdue")
    func termBoundaries() {
        func term(endingIn days: Int) -> CommitteeTerm {
            CommitteeTerm(electedOn: today.adding(days: days).adding(years: -3), years: 3)
        }
        #expect(codes(facts(full: 5, term: term(endingIn: 91))).isDisjoint(with: [.termDue, .termOverdue]))
        #expect(codes(facts(full: 5, term: term(endingIn: 90))).contains(.termDue))
        #expect(codes(facts(full: 5, term: term(endingIn: 0))).contains(.termDue))
        #expect(codes(facts(full: 5, term: term(endingIn: -1))).contains(.termOverdue))
        let overdue = check.findings(for: facts(full: 5, term: term(endingIn: -10)), today: today).first { $0.code == .termOverdue }
        #expect(overdue?.message.contains("已超期 10 天") == true)
        #expect(overdue?.rule.source.contains("任期") == true)
    }

    @Test("a missing term is a notice; a missing secretary a warning")
    func missingData() {
        let found = check.findings(for: OrganizationFacts(kind: .branch, sector: .school, fullMembers: 4, members: 4,
                                                          committeeSize: 0, hasSecretary: false), today: today)
        #expect(found.contains { $0.code == .termMissing && $0.severity == .notice })
        #expect(found.contains { $0.code == .secretaryMissing && $0.severity == .warning })
    }

    @Test("a deployment overrides a rule with its own source, and unknown rules are refused")
    func overrides() throws {
        let book = try RuleBook.national.applying([.init(id: "term.warning-days", value: 120, source: "某省换届工作规定", effective: nil)])
        #expect(book.value(.termWarningDays) == 120)
        #expect(book[.termWarningDays].citation.contains("某省换届工作规定"))
        #expect(throws: RuleBook.OverrideProblem.unknownRule("nope")) { try RuleBook.national.applying([.init(id: "nope", value: 1)]) }
        #expect(throws: RuleBook.OverrideProblem.negativeValue("term.branch-years")) {
            try RuleBook.national.applying([.init(id: "term.branch-years", value: -1)])
        }
        let widened = StructureCheck(rules: book)
        let term = CommitteeTerm(electedOn: today.adding(days: 100).adding(years: -3), years: 3)
        #expect(widened.findings(for: facts(full: 5, term: term), today: today).contains { $0.code == .termDue })
    }

    @Test("every rule names its source document")
    func sources() {
        for rule in RuleBook.national.all {
            #expect(rule.source.contains("《") || rule.isPractice, "\(rule.id) needs a document")
            #expect(!rule.title.isEmpty)
        }
    }
}

@Suite("Stored paths and years from outside")
struct StoredPathTests {
    @Test("a damaged stored path is in no scope and its subtree range is empty")
    func nowhere() {
        let damaged = OrgPath(stored: "/1/x/")
        #expect(damaged == .nowhere)
        #expect(!OrgPath.root.contains(damaged) && !OrgPath(ids: [1]).contains(damaged))
        #expect(!damaged.contains(OrgPath(ids: [1, 5])) && !damaged.contains(.root))
        #expect(!(damaged.value < damaged.upperBound), "the range [value, upperBound) is empty")
        #expect(OrgPath(stored: "/1/5/") == OrgPath(ids: [1, 5]))
    }

    @Test("date and month arithmetic never traps, whatever the year")
    func farYears() {
        let late = CalendarDate(year: 9999, month: 12, day: 31)
        #expect(late?.adding(months: 1).year == 10_000)
        #expect(CalendarDate.firstDay(ofYear: 1).adding(days: -1).year == 0)
        #expect(DuesMonth.january(9999).adding(months: 12).year == 10_000)
        #expect(DuesPeriod.year(2026).months.count == 12)
        #expect(DuesMonth.december(2026).endOfQuarter == DuesMonth(year: 2026, month: 12))
        #expect(DuesMonth(year: 2026, month: 5)?.endOfQuarter == DuesMonth(year: 2026, month: 6))
        #expect(AcceptedYears.range(today: CalendarDate(year: 2026, month: 11, day: 30)!) == 1949...2027)
    }
}

@Suite("The level above")
struct LevelAboveTests {
    static let chain = [OrgNode(id: 1, kind: .committee), OrgNode(id: 5, kind: .committee), OrgNode(id: 9, kind: .generalBranch),
                        OrgNode(id: 23, kind: .branch), OrgNode(id: 40, kind: .group), OrgNode(id: 41, kind: .memberHousehold)]

    @Test("a member in a 党小组 or 党员中心户 is held by the branch; the level above is the 总支, the committee above is the 党委")
    func throughCells() {
        #expect(LevelAbove.holder(Self.chain) == OrgPath(ids: [1, 5, 9, 23]))
        #expect(LevelAbove.organization(Self.chain) == OrgPath(ids: [1, 5, 9]))
        #expect(LevelAbove.committee(Self.chain) == OrgPath(ids: [1, 5]))
        #expect(LevelAbove.organization(Array(Self.chain.prefix(4))) == OrgPath(ids: [1, 5, 9]), "the same without the cells")
    }

    @Test("a member filed at a committee is decided by the one above it; the root has none")
    func atCommittees() {
        #expect(LevelAbove.organization(Array(Self.chain.prefix(2))) == OrgPath(ids: [1]))
        #expect(LevelAbove.committee(Array(Self.chain.prefix(2))) == OrgPath(ids: [1]))
        #expect(LevelAbove.organization(Array(Self.chain.prefix(1))) == nil)
        #expect(LevelAbove.committee([OrgNode(id: 3, kind: .branch)]) == nil)
    }
}

@Suite("Late records")
struct LateRecordTests {
    @Test("more than 30 days back needs a reason of 4 to 200 characters; 30 days does not")
    func reasons() throws {
        let rule = LateRecordRule(rules: .national)
        let today = CalendarDate(year: 2026, month: 11, day: 30)!
        #expect(try rule.reason(nil, for: today.adding(days: -30), today: today) == nil)
        #expect(throws: DevelopmentRefusal.self) { try rule.reason(nil, for: today.adding(days: -31), today: today) }
        #expect(throws: DevelopmentRefusal.self) { try rule.reason("补录", for: today.adding(days: -31), today: today) }
        #expect(try rule.reason("  收据遗失后补登  ", for: today.adding(days: -31), today: today) == "收据遗失后补登")
    }
}
