import DangjianCore
import Fluent
import Vapor

/// What the dues pages and the API show: a member's ledger, a branch's month, the year's fixing sheet, arrears.
enum DuesViews {
    // MARK: 党费账

    struct Assessment: Content {
        let year: Int
        let category: String
        let categoryLabel: String
        let base: String?
        let monthly: String
        let monthlyFen: Int
        let explanation: String
        let fixedOn: CalendarDate
        let reason: String?
    }

    struct Line: Content {
        let month: DuesMonth
        let label: String
        let due: String
        let dueFen: Int
        let paid: String?
        let state: DuesLedger.State
        let stateLabel: String
        let provisional: Bool
        let reduced: Bool
        let paidOn: CalendarDate?
        let method: String?
        let receipt: String?
        /// Why the payment was recorded more than 30 days after it was made.
        let lateReason: String?
        /// Offered in the payment form: within six months back and the current quarter, owed and not paid.
        let payable: Bool
    }

    struct Arrears: Content {
        let months: [String]
        let owed: String
        let owedFen: Int
        let consecutive: Int
        let since: DuesMonth?
    }

    struct Voluntary: Content {
        let amount: String
        let paidOn: CalendarDate
        let toCentre: Bool
        let note: String?
    }

    struct Review: Content {
        let since: DuesMonth
        let months: Int
        let reasonGiven: String
        let justified: Bool
        let decision: String
        let recordedOn: CalendarDate
    }

    struct Due: Content {
        let title: String
        let due: CalendarDate
        let overdue: Bool
        let rule: String
    }

    struct MemberLedger: Content {
        let memberID: Int
        let name: String
        let organizationID: Int
        let organization: String
        let membership: String
        let joinedOn: CalendarDate
        let year: Int
        let years: [Int]
        let assessments: [Assessment]
        let lines: [Line]
        let arrears: Arrears
        let voluntary: [Voluntary]
        let reductions: [DuesReductions.View]
        let reviews: [Review]
        /// 党内温暖工程 applications for this member.
        let warmth: [WarmthWork.Entry]
        let todos: [Due]
        let canWrite: Bool
        /// May record payments: the member's own keepers, or the 流入地 of a 流动党员.
        let canCollect: Bool
        let isOwn: Bool
    }

    static func arrears(_ value: DuesLedger.Arrears) -> Arrears {
        Arrears(months: value.months.map(\.chinese), owed: value.owed.description, owedFen: value.owed.value, consecutive: value.consecutive, since: value.since)
    }

    static func ledger(_ member: MemberModel, year wanted: Int?, on request: Request) async throws -> MemberLedger {
        let database = request.db
        let today = request.today
        let policy = try request.policy
        let ledger = try await DuesStore.ledger(member, on: database)
        let assessments = try await DuesAssessmentModel.query(on: database).filter(\.$memberID == member.id!).sort(\.$year, .descending).all()
        let years = Array(Set(assessments.map(\.year) + [today.year])).sorted(by: >)
        let year = wanted.flatMap { years.contains($0) ? $0 : nil } ?? today.year
        let payments = Dictionary(try await DuesPaymentModel.query(on: database).filter(\.$memberID == member.id!)
            .filter(\.$month >= "\(year)-01").filter(\.$month <= "\(year)-12").all().map { ($0.month, $0) }, uniquingKeysWith: { first, _ in first })
        let current = DuesMonth(today)
        let earliest = current.adding(months: -request.services.rules.value(.duesBackPaymentMonths))
        let lines = ledger.lines(through: .december(year), today: today).filter { $0.month.year == year }.map { line in
            let payment = payments[line.month.description]
            let payable = line.paid == nil && line.due.value > 0 && !line.provisional && line.month >= earliest && line.month <= current.endOfQuarter
            return Line(month: line.month, label: line.month.chinese, due: line.due.description, dueFen: line.due.value, paid: line.paid?.description,
                        state: line.state, stateLabel: line.state.chinese, provisional: line.provisional, reduced: line.reduced,
                        paidOn: payment?.paidOn, method: payment?.method.chinese, receipt: payment?.receipt,
                        lateReason: payment?.lateReason, payable: payable)
        }
        let arrears = ledger.arrears(on: today)
        let reviews = try await DuesArrearsReviewModel.query(on: database).filter(\.$memberID == member.id!).sort(\.$id, .descending).all()
        let handled = reviews.filter { $0.sinceMonth == arrears.since?.description }.map(\.months).max()
        let todos = DuesArrearsToDos(rules: request.services.rules)
            .todos(for: .init(memberID: member.id!, name: member.name, arrears: arrears, handledAt: handled), today: today)
        let organization = try await OrganizationModel.find(member.organizationID, on: database)
        let cipher = request.services.cipher
        let canWrite = policy.allows(.duesWrite, at: OrgPath(stored: member.path))
        var canCollect = canWrite
        if !canCollect, let host = try await DuesWork.host(of: member, on: database) { canCollect = policy.allows(.duesWrite, at: host.orgPath) }
        return MemberLedger(
            memberID: member.id!, name: member.name, organizationID: member.organizationID, organization: organization?.name ?? "",
            membership: member.membership.chinese, joinedOn: member.joinedOn, year: year, years: years,
            assessments: try assessments.map { row in
                Assessment(year: row.year, category: row.category.rawValue, categoryLabel: row.category.chinese, base: try row.base(cipher)?.description,
                           monthly: Fen(row.monthlyFen).description, monthlyFen: row.monthlyFen, explanation: try row.explanation(cipher),
                           fixedOn: row.fixedOn, reason: row.reason)
            },
            lines: lines, arrears: Self.arrears(arrears),
            voluntary: try await DuesVoluntaryModel.query(on: database).filter(\.$memberID == member.id!).sort(\.$paidOn, .descending).all().map {
                Voluntary(amount: Fen($0.amountFen).description, paidOn: $0.paidOn, toCentre: $0.toCentre, note: $0.note)
            },
            reductions: try await DuesReductions.views(try await DuesReductionModel.query(on: database).filter(\.$memberID == member.id!)
                .sort(\.$id, .descending).all(), on: request),
            reviews: reviews.compactMap { row in
                DuesMonth(parsing: row.sinceMonth).map {
                    Review(since: $0, months: row.months, reasonGiven: row.reasonGiven, justified: row.justified, decision: row.decision, recordedOn: row.recordedOn)
                }
            },
            warmth: try await WarmthWork.applications(of: member.id!, on: request),
            todos: todos.map { Due(title: $0.title, due: $0.due, overdue: $0.isOverdue(on: today), rule: $0.rule.citation) },
            canWrite: canWrite, canCollect: canCollect, isOwn: member.id == policy.actor.memberID)
    }

    // MARK: 按月收缴

    struct SheetRow: Content {
        let memberID: Int
        let name: String
        let membership: String
        let monthly: String?
        let state: DuesLedger.State?
        let stateLabel: String
        let paidOn: CalendarDate?
        let consecutive: Int
        let collectable: Bool
    }

    struct Sheet: Content {
        let organizationID: Int
        let organization: String
        let month: DuesMonth
        let year: Int
        let label: String
        let previous: DuesMonth
        let next: DuesMonth
        let rows: [SheetRow]
        let owingMembers: Int
        let paidMembers: Int
        let collected: String
        let outstanding: String
        let unfixed: Int
        let canWrite: Bool
    }

    /// The branch's members (filed directly in it) for one month: who has paid, who has not.
    static func sheet(_ organization: OrganizationModel, month: DuesMonth, on request: Request) async throws -> Sheet {
        let today = request.today
        let id = organization.id!
        let members = try await MemberModel.query(on: request.db)
            .group(.or) { $0.filter(\.$organizationID == id).group(.and) { $0.filter(\.$mobileHostID == id).filter(\.$status == .mobile) } }
            .filter(\.$status ~~ MemberStatus.inRegister).sort(\.$membership).sort(\.$id).all()
        let window = min(month, DuesStore.windowStart(today: today))
        let facts = try await DuesStore.facts(memberIDs: members.map { $0.id! },
                                              starts: Dictionary(uniqueKeysWithValues: members.map { ($0.id!, ($0.joinedOn, nil)) }),
                                              window: window, on: request.db)
        let payments = Dictionary(try await DuesPaymentModel.query(on: request.db).filter(\.$memberID ~~ members.map { $0.id! })
            .filter(\.$month == month.description).all().map { ($0.memberID, $0) }, uniquingKeysWith: { first, _ in first })
        let current = DuesMonth(today)
        let earliest = current.adding(months: -request.services.rules.value(.duesBackPaymentMonths))
        var collected = 0, outstanding = 0, paidMembers = 0, owingMembers = 0, unfixed = 0
        let rows = members.map { member -> SheetRow in
            let hosted = member.organizationID != id
            let memberFacts = facts[member.id!] ?? DuesLedger.Facts(startsOn: member.joinedOn, fixed: [:], paid: [:])
            let ledger = DuesLedger(memberFacts)
            let due = ledger.due(month)
            let line = ledger.lines(through: month, today: today).last { $0.month == month }
            if let paid = line?.paid { paidMembers += 1; collected += paid.value }
            if let line, line.paid == nil, line.due.value > 0, line.state != .upcoming { owingMembers += 1; outstanding += line.due.value }
            if !hosted && memberFacts.fixed[month.year] == nil { unfixed += 1 }
            let collectable = line.map { $0.paid == nil && $0.due.value > 0 } == true && due?.provisional == false
                && month >= earliest && month <= current.endOfQuarter
            return SheetRow(memberID: member.id!, name: member.name, membership: member.membership.chinese + (hosted ? " · 流动党员（在本支部交纳）" : ""),
                            monthly: due.map { $0.amount.description },
                            state: line?.state, stateLabel: line?.state.chinese ?? (ledger.facts.fixed.isEmpty ? "未核定" : "不在交纳期"),
                            paidOn: payments[member.id!]?.paidOn, consecutive: ledger.arrears(on: today).consecutive, collectable: collectable)
        }
        return Sheet(organizationID: organization.id!, organization: organization.name, month: month, year: month.year, label: month.chinese,
                     previous: month.adding(months: -1), next: month.adding(months: 1), rows: rows, owingMembers: owingMembers,
                     paidMembers: paidMembers, collected: Fen(collected).description, outstanding: Fen(outstanding).description, unfixed: unfixed,
                     canWrite: try request.policy.allows(.duesWrite, at: organization.orgPath))
    }

    // MARK: 核定

    struct FixingRow: Content {
        let memberID: Int
        let name: String
        let occupation: String?
        let category: String
        let base: String?
        let monthly: String?
        let explanation: String?
        let fixed: Bool
    }

    struct FixingSheet: Content {
        let organizationID: Int
        let organization: String
        let year: Int
        let rows: [FixingRow]
        let fixedCount: Int
    }

    static func fixingSheet(_ organization: OrganizationModel, year: Int, cipher: PersonalDataCipher, on database: any Database) async throws -> FixingSheet {
        let members = try await MemberModel.query(on: database).filter(\.$organizationID == organization.id!)
            .filter(\.$status ~~ MemberStatus.inRegister).sort(\.$id).all()
        let ids = members.map { $0.id! }
        let assessments = try await DuesAssessmentModel.query(on: database).filter(\.$memberID ~~ ids).filter(\.$year >= year - 1).filter(\.$year <= year).all()
        let this = Dictionary(assessments.filter { $0.year == year }.map { ($0.memberID, $0) }, uniquingKeysWith: { first, _ in first })
        let last = Dictionary(assessments.filter { $0.year == year - 1 }.map { ($0.memberID, $0) }, uniquingKeysWith: { first, _ in first })
        let rows = try members.map { member -> FixingRow in
            let current = this[member.id!], previous = last[member.id!]
            let source = current ?? previous
            return FixingRow(memberID: member.id!, name: member.name, occupation: member.category?.chinese,
                             category: (source?.category ?? DuesFixingRules.suggestedCategory(for: member.category)).rawValue,
                             base: try source?.base(cipher)?.description, monthly: current.map { Fen($0.monthlyFen).description },
                             explanation: try current?.explanation(cipher), fixed: current != nil)
        }
        return FixingSheet(organizationID: organization.id!, organization: organization.name, year: year, rows: rows, fixedCount: this.count)
    }

    // MARK: 欠交

    struct OwingRow: Content {
        let memberID: Int
        let name: String
        let organizationID: Int
        let months: Int
        let owed: String
        let owedFen: Int
        let consecutive: Int
        let since: DuesMonth?
        let firstOwed: DuesMonth
        let handled: Bool
    }

    struct ArrearsList: Content {
        let organizationID: Int
        let organization: String
        let rows: [OwingRow]
        let owed: String
        /// The subtree is larger than one list reads: choose an organization lower down.
        let tooLarge: Bool
    }

    static func arrearsList(_ organization: OrganizationModel, on request: Request) async throws -> ArrearsList {
        guard let owing = try await DuesStore.arrears(under: organization.orgPath, today: request.today, on: request.db) else {
            return ArrearsList(organizationID: organization.id!, organization: organization.name, rows: [], owed: "0.00", tooLarge: true)
        }
        let handled = try await DuesStore.handled(owing, on: request.db)
        let rows = owing.compactMap { item -> OwingRow? in
            guard let firstOwed = item.arrears.months.first else { return nil }
            return OwingRow(memberID: item.member.id, name: item.member.name, organizationID: item.member.organization_id,
                            months: item.arrears.months.count, owed: item.arrears.owed.description, owedFen: item.arrears.owed.value,
                            consecutive: item.arrears.consecutive, since: item.arrears.since, firstOwed: firstOwed,
                            handled: (handled[item.member.id] ?? 0) >= item.arrears.consecutive)
        }.sorted { ($1.consecutive, $1.months, $0.memberID) < ($0.consecutive, $0.months, $1.memberID) }
        return ArrearsList(organizationID: organization.id!, organization: organization.name, rows: rows,
                           owed: Fen(rows.reduce(0) { $0 + $1.owedFen }).description, tooLarge: false)
    }
}
