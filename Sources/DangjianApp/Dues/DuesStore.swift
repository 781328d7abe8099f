import DangjianCore
import Fluent
import SQLKit
import Vapor

/// Reading dues: a member's ledger facts, and arrears across a subtree.
enum DuesStore {
    /// Lists look back to January of last year: older months can no longer be paid back (six months at most) and have
    /// been handled under 党章 art. 9 by then.
    static func windowStart(today: CalendarDate) -> DuesMonth { .january(today.year - 1) }

    /// Subtrees larger than this are summed by their organizations below rather than member by member.
    static let arrearsMemberLimit = 20_000

    struct MemberRow: Decodable, Sendable {
        let id: Int
        let name: String
        let organization_id: Int
        let path: String
        let joined_on: CalendarDate
        let status: MemberStatus
        let status_since: CalendarDate?
        let last_paid: String?
        /// Months paid from the window's start through last month.
        let paid_count: Int
    }

    /// The day a member's dues stop: the day they left the register.
    static func endsOn(status: MemberStatus, since: CalendarDate?) -> CalendarDate? {
        status.isInRegister ? nil : since
    }

    /// Ledger facts for members, from `window` on (nil: all their history).
    static func facts(memberIDs: [Int], starts: [Int: (CalendarDate, CalendarDate?)], window: DuesMonth?,
                      on database: any Database) async throws -> [Int: DuesLedger.Facts] {
        var fixed: [Int: [Int: Fen]] = [:]
        var paid: [Int: [DuesMonth: Fen]] = [:]
        var reductions: [Int: [DuesLedger.Reduction]] = [:]
        for slice in memberIDs.chunked(into: 900) {
            let chunk = Array(slice)
            var assessments = DuesAssessmentModel.query(on: database).filter(\.$memberID ~~ chunk)
            if let window { assessments = assessments.filter(\.$year >= window.year) }
            for row in try await assessments.all() { fixed[row.memberID, default: [:]][row.year] = Fen(row.monthlyFen) }
            struct Paid: Decodable { let member_id: Int; let month: String; let amount_fen: Int }
            var payments = database.sql.select().columns("member_id", "month", "amount_fen").from(DuesPaymentModel.schema)
                .where("member_id", .in, SQLBind.group(chunk))
            if let window { payments = payments.where("month", .greaterThanOrEqual, SQLBind(window.description)) }
            for row in try await payments.all(decoding: Paid.self) {
                guard let month = DuesMonth(parsing: row.month) else { continue }
                paid[row.member_id, default: [:]][month] = Fen(row.amount_fen)
            }
            for row in try await DuesReductionModel.query(on: database).filter(\.$memberID ~~ chunk).filter(\.$state == .approved).sort(\.$id).all() {
                reductions[row.memberID, default: []].append(.init(period: row.period, monthly: Fen(row.monthlyFen)))
            }
        }
        var result: [Int: DuesLedger.Facts] = [:]
        for id in memberIDs {
            guard let (startsOn, endsOn) = starts[id] else { continue }
            result[id] = DuesLedger.Facts(startsOn: startsOn, endsOn: endsOn, fixed: fixed[id] ?? [:], reductions: reductions[id] ?? [],
                                          paid: paid[id] ?? [:])
        }
        return result
    }

    static func ledger(_ member: MemberModel, on database: any Database) async throws -> DuesLedger {
        let facts = try await facts(memberIDs: [member.id!], starts: [member.id!: (member.joinedOn, endsOn(status: member.status, since: member.statusSince))],
                                    window: nil, on: database)
        return DuesLedger(facts[member.id!] ?? DuesLedger.Facts(startsOn: member.joinedOn, fixed: [:], paid: [:]))
    }

    /// Members in the register under `path`, each with the last month they paid for and how many months they paid
    /// from `window` through `lastGone`.
    static func members(under path: OrgPath, window: DuesMonth, lastGone: DuesMonth, on database: any Database) async throws -> [MemberRow] {
        func payments(_ select: any SQLSubqueryClauseBuilder) -> any SQLSubqueryClauseBuilder {
            select.from(SQLAlias(SQLIdentifier(DuesPaymentModel.schema), as: SQLIdentifier("p")))
                .where(SQLColumn("member_id", table: "p"), .equal, SQLColumn("id", table: MemberModel.schema))
        }
        return try await database.sql.select()
            .columns("id", "name", "organization_id", "path", "joined_on", "status", "status_since")
            .column(SQLSubquery.select { payments($0.column(SQLFunction("max", args: SQLColumn("month", table: "p")))) }, as: "last_paid")
            .column(SQLSubquery.select {
                payments($0.column(SQLAlias(SQLQueryString("CAST(COUNT(*) AS BIGINT)"), as: SQLIdentifier("n"))))
                    .where(SQLColumn("month", table: "p"), .greaterThanOrEqual, SQLBind(window.description))
                    .where(SQLColumn("month", table: "p"), .lessThanOrEqual, SQLBind(lastGone.description))
            }, as: "paid_count")
            .from(MemberModel.schema)
            .where("path", .greaterThanOrEqual, SQLBind(path.value)).where("path", .lessThan, SQLBind(path.upperBound))
            .where("status", .in, SQLBind.group(MemberStatus.inRegister.map(\.rawValue)))
            .orderBy("path").orderBy("id")
            .limit(arrearsMemberLimit + 1)
            .all(decoding: MemberRow.self)
    }

    struct Owing: Sendable {
        let member: MemberRow
        let arrears: DuesLedger.Arrears
    }

    /// Everyone under `path` who owes for a month gone by; with `minimumRun`, only those whose unbroken run is at
    /// least that long (found cheaply from the last month each paid).
    static func arrears(under path: OrgPath, today: CalendarDate, minimumRun: Int = 0, on database: any Database) async throws -> [Owing]? {
        let lastGone = DuesMonth(today).adding(months: -1)
        let window = windowStart(today: today)
        let rows = try await members(under: path, window: window, lastGone: lastGone, on: database)
        guard rows.count <= arrearsMemberLimit else { return nil }
        // Someone who paid every month since the window opened (or since joining) owes nothing; only the others are
        // worked out month by month.
        let candidates = minimumRun == 0
            ? rows.filter { $0.paid_count < max(window, DuesMonth($0.joined_on)).months(until: lastGone) + 1 }
            : rows.filter { row in row.last_paid.map { $0 < lastGone.adding(months: -(minimumRun - 1)).description } ?? true }
        let facts = try await facts(memberIDs: candidates.map(\.id),
                                    starts: Dictionary(uniqueKeysWithValues: candidates.map { ($0.id, ($0.joined_on, endsOn(status: $0.status, since: $0.status_since))) }),
                                    window: window, on: database)
        return candidates.compactMap { row in
            guard let facts = facts[row.id] else { return nil }
            let arrears = DuesLedger(facts).arrears(on: today)
            guard !arrears.isEmpty, arrears.consecutive >= minimumRun else { return nil }
            return Owing(member: row, arrears: arrears)
        }
    }

    /// For each member, the longest run the branch has recorded its handling of, for runs starting in `since`.
    static func handled(_ owing: [Owing], on database: any Database) async throws -> [Int: Int] {
        var result: [Int: Int] = [:]
        for slice in owing.chunked(into: 900) {
            let since = Dictionary(uniqueKeysWithValues: slice.compactMap { item in item.arrears.since.map { (item.member.id, $0.description) } })
            guard !since.isEmpty else { continue }
            for review in try await DuesArrearsReviewModel.query(on: database).filter(\.$memberID ~~ Array(since.keys)).all()
            where since[review.memberID] == review.sinceMonth {
                result[review.memberID] = max(result[review.memberID] ?? 0, review.months)
            }
        }
        return result
    }
}

/// The dues to-dos of a scope: runs of unpaid months, and members whose amount for this year is not fixed. Like the
/// organizational-life to-dos, only for scopes of at most 50 branches: above that, leaders read the arrears list and the
/// totals, and every page's to-do count stays cheap.
enum DuesToDoService {
    static let branchLimit = 50

    static func todos(under scope: OrgPath, today: CalendarDate, rules: RuleBook, branchLimit: Int = branchLimit,
                      on database: any Database) async throws -> [ToDo] {
        guard try await OrganizationStore.totals(under: scope, on: database).branches <= branchLimit else { return [] }
        var result: [ToDo] = []
        let warning = rules.value(.duesArrearsWarningMonths)
        if let owing = try await DuesStore.arrears(under: scope, today: today, minimumRun: warning, on: database) {
            let handled = try await DuesStore.handled(owing, on: database)
            let engine = DuesArrearsToDos(rules: rules)
            for item in owing {
                result += engine.todos(for: .init(memberID: item.member.id, name: item.member.name, arrears: item.arrears,
                                                  handledAt: handled[item.member.id]), today: today)
            }
        }
        struct Unfixed: Decodable { let organization_id: Int; let joined_on: CalendarDate }
        let unfixed = try await database.sql.select().columns("organization_id", "joined_on").from(MemberModel.schema)
            .where("path", .greaterThanOrEqual, SQLBind(scope.value)).where("path", .lessThan, SQLBind(scope.upperBound))
            .where("status", .in, SQLBind.group(MemberStatus.inRegister.map(\.rawValue)))
            .where(SQLRaw("NOT EXISTS (SELECT 1 FROM \(DuesAssessmentModel.schema) a WHERE a.member_id = \(MemberModel.schema).id AND a.year = \(today.year))"))
            .limit(DuesStore.arrearsMemberLimit).all(decoding: Unfixed.self)
        let byOrganization = Dictionary(grouping: unfixed, by: \.organization_id)
        guard !byOrganization.isEmpty else { return result }
        let names = try await OrganizationModel.query(on: database).filter(\.$id ~~ Array(byOrganization.keys)).all()
        let engine = DuesFixingToDos(rules: rules)
        for organization in names {
            let starts = (byOrganization[organization.id!] ?? []).map { max($0.joined_on, CalendarDate.firstDay(ofYear: today.year)) }
            result += engine.todos(for: .init(organizationID: organization.id!, name: organization.name, unfixedSince: starts), today: today)
        }
        return result
    }
}
