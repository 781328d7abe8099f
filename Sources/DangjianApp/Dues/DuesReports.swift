import DangjianCore
import DangjianDocuments
import Fluent
import SQLKit
import Vapor

/// 上缴 and the sums of collection: what each organization passed up, and the totals per level for any period.
enum DuesReports {
    // MARK: 上缴

    struct RemitInput: Content {
        var organizationID: Int?
        var from: String?
        var through: String?
        var amount: String?
        var remittedOn: String?
        var note: String?
    }

    struct Remittance: Content {
        let id: Int
        let organizationID: Int
        let organization: String
        let toOrganizationID: Int
        let toOrganization: String
        let period: String
        let amount: String
        let amountFen: Int
        let remittedOn: CalendarDate
        let note: String?
    }

    static func remit(_ input: RemitInput, on request: Request) async throws -> Remittance {
        let organization = try await OrganizationStore.find(input.organizationID, for: .duesWrite, on: request)
        guard let parentID = organization.parentID, let parent = try await OrganizationModel.find(parentID, on: request.db) else {
            throw FormProblems(field: "organizationID", "\(organization.name)没有上级党组织，无需上缴")
        }
        var errors: [FieldError] = []
        let today = request.today
        let from = input.from.flatMap(DuesMonth.init(parsing:)), through = input.through.flatMap(DuesMonth.init(parsing:))
        if from == nil { errors.append(FieldError(field: "from", message: "请填写上缴党费所属的起始月份（如 2026-07）")) }
        if through == nil { errors.append(FieldError(field: "through", message: "请填写上缴党费所属的截止月份（如 2026-09）")) }
        if let from, let through, from > through { errors.append(FieldError(field: "through", message: "截止月份不能早于起始月份")) }
        if let through, through > DuesMonth(today) { errors.append(FieldError(field: "through", message: "不能上缴以后月份的党费")) }
        let amount = Fen(yuan: input.amount ?? "")
        if amount == nil || amount?.value == 0 { errors.append(FieldError(field: "amount", message: "请填写上缴金额（元，最多两位小数）")) }
        let remittedOn = CommitteeEditing.date(input.remittedOn ?? today.description, field: "remittedOn", label: "上缴日期", today: today, errors: &errors)
        let note = input.note?.trimmed ?? ""
        if note.count > 200 { errors.append(FieldError(field: "note", message: "说明最多 200 字")) }
        guard errors.isEmpty, let from, let through, let amount, let remittedOn else { throw FormProblems(errors) }
        let row = DuesRemittanceModel()
        row.organizationID = organization.id!
        row.path = organization.path
        row.toOrganizationID = parentID
        row.fromMonth = from.description
        row.throughMonth = through.description
        row.amountFen = amount.value
        row.remittedOn = remittedOn
        row.note = note.isEmpty ? nil : note
        row.accountID = try request.requireActor().accountID
        let period = DuesPeriod(from: from, through: through)
        try await request.write { database in
            try await row.create(on: database)
            return ((), AuditEvent("dues.remit", target: "organization", id: organization.id, organization: organization.id,
                                   detail: "\(organization.name)向\(parent.name)上缴\(period.chinese)党费 \(amount) 元"))
        }
        return view(row, names: [organization.id!: organization.name, parentID: parent.name])
    }

    static func view(_ row: DuesRemittanceModel, names: [Int: String]) -> Remittance {
        Remittance(id: row.id!, organizationID: row.organizationID, organization: names[row.organizationID] ?? "",
                   toOrganizationID: row.toOrganizationID, toOrganization: names[row.toOrganizationID] ?? "",
                   period: DuesPeriod(storedFrom: row.fromMonth, through: row.throughMonth).chinese,
                   amount: Fen(row.amountFen).description, amountFen: row.amountFen, remittedOn: row.remittedOn, note: row.note)
    }

    /// What `organization` passed up and what it received from below, remitted within `period`.
    static func remittances(of organization: OrganizationModel, period: DuesPeriod, on database: any Database) async throws -> [Remittance] {
        let rows = try await DuesRemittanceModel.query(on: database)
            .group(.or) { $0.filter(\.$organizationID == organization.id!).filter(\.$toOrganizationID == organization.id!) }
            .filter(\.$remittedOn >= period.from.firstDay).filter(\.$remittedOn <= period.through.lastDay)
            .sort(\.$remittedOn, .descending).sort(\.$id, .descending).limit(1000).all()
        let ids = Set(rows.flatMap { [$0.organizationID, $0.toOrganizationID] })
        let names = Dictionary(uniqueKeysWithValues: try await OrganizationModel.query(on: database).filter(\.$id ~~ Array(ids)).all().map { ($0.id!, $0.name) })
        return rows.map { view($0, names: names) }
    }

    // MARK: 汇总

    struct Sums: Content {
        let collectedFen: Int
        let collected: String
        let payments: Int
        let voluntaryFen: Int
        let voluntary: String
        let toCentreFen: Int
        let toCentre: String
        let remittedFen: Int
        let remitted: String
        let receivedFen: Int
        let received: String
        /// 党建经费 spent within the period by the organizations in the subtree.
        let spentFen: Int
        let spent: String
    }

    struct ReportRow: Content {
        let organizationID: Int
        let name: String
        let members: Int
        let sums: Sums
    }

    struct Report: Content {
        let organizationID: Int
        let name: String
        let period: String
        let from: DuesMonth
        let through: DuesMonth
        let total: ReportRow
        let rows: [ReportRow]
    }

    private struct Total: Decodable { let total: Int?; let count: Int }

    /// PostgreSQL sums a bigint column as numeric; cast back so that both engines answer an integer.
    static func sumOfFen() -> any SQLExpression { SQLQueryString("CAST(SUM(amount_fen) AS BIGINT)") }

    private static func sum(_ table: String, _ column: String, under path: OrgPath, dateColumn: String, period: DuesPeriod,
                            extra: ((SQLSelectBuilder) -> SQLSelectBuilder)? = nil, on database: any Database) async throws -> Total {
        var query = database.sql.select().column(SQLAlias(SQLQueryString("CAST(SUM(\(ident: column)) AS BIGINT)"), as: SQLIdentifier("total")))
            .column(SQLFunction("count", args: SQLLiteral.all), as: "count").from(table)
            .where("path", .greaterThanOrEqual, SQLBind(path.value)).where("path", .lessThan, SQLBind(path.upperBound))
            .where(SQLIdentifier(dateColumn), .greaterThanOrEqual, SQLBind(period.from.firstDay.description))
            .where(SQLIdentifier(dateColumn), .lessThanOrEqual, SQLBind(period.through.lastDay.description))
        if let extra { query = extra(query) }
        return try await query.first(decoding: Total.self) ?? Total(total: 0, count: 0)
    }

    static func sums(_ organization: OrganizationModel, period: DuesPeriod, on database: any Database) async throws -> Sums {
        let path = organization.orgPath
        let paid = try await sum(DuesPaymentModel.schema, "amount_fen", under: path, dateColumn: "paid_on", period: period, on: database)
        let voluntary = try await sum(DuesVoluntaryModel.schema, "amount_fen", under: path, dateColumn: "paid_on", period: period, on: database)
        let centre = try await sum(DuesVoluntaryModel.schema, "amount_fen", under: path, dateColumn: "paid_on", period: period,
                                   extra: { $0.where("to_centre", .equal, SQLBind(true)) }, on: database)
        func remittance(_ column: String) async throws -> Int {
            try await database.sql.select().column(SQLAlias(sumOfFen(), as: SQLIdentifier("total")))
                .column(SQLFunction("count", args: SQLLiteral.all), as: "count").from(DuesRemittanceModel.schema)
                .where(SQLIdentifier(column), .equal, SQLBind(organization.id!))
                .where("remitted_on", .greaterThanOrEqual, SQLBind(period.from.firstDay.description))
                .where("remitted_on", .lessThanOrEqual, SQLBind(period.through.lastDay.description))
                .first(decoding: Total.self)?.total ?? 0
        }
        let remitted = try await remittance("organization_id"), received = try await remittance("to_organization_id")
        let spent = try await sum(FundSpendingModel.schema, "amount_fen", under: path, dateColumn: "spent_on", period: period, on: database).total ?? 0
        let collected = paid.total ?? 0, voluntaryFen = voluntary.total ?? 0, centreFen = centre.total ?? 0
        return Sums(collectedFen: collected, collected: Fen(collected).description, payments: paid.count,
                    voluntaryFen: voluntaryFen, voluntary: Fen(voluntaryFen).description, toCentreFen: centreFen, toCentre: Fen(centreFen).description,
                    remittedFen: remitted, remitted: Fen(remitted).description, receivedFen: received, received: Fen(received).description,
                    spentFen: spent, spent: Fen(spent).description)
    }

    /// The organization's totals and each organization directly under it, for payments made within `period`.
    static func report(_ organization: OrganizationModel, period: DuesPeriod, on database: any Database) async throws -> Report {
        let children = try await OrganizationStore.children(of: organization.id!, on: database)
        let counts = try await OrganizationStore.childTotals(of: organization, on: database)
        var rows: [ReportRow] = []
        for child in children {
            rows.append(ReportRow(organizationID: child.id!, name: child.name, members: counts[child.id!]?.members ?? 0,
                                  sums: try await sums(child, period: period, on: database)))
        }
        let total = ReportRow(organizationID: organization.id!, name: organization.name,
                              members: try await OrganizationStore.totals(under: organization.orgPath, on: database).members, sums: try await sums(organization, period: period, on: database))
        return Report(organizationID: organization.id!, name: organization.name, period: period.chinese, from: period.from, through: period.through,
                      total: total, rows: rows)
    }

    static let reportHeaders = ["党组织", "党员数", "收缴党费（元）", "交纳笔数", "自愿多交（元）", "其中上缴中央（元）", "向上级上缴（元）", "收到下级上缴（元）", "党建经费支出（元）"]

    static func cells(_ row: ReportRow) -> [String] {
        [row.name, "\(row.members)", row.sums.collected, "\(row.sums.payments)", row.sums.voluntary, row.sums.toCentre, row.sums.remitted, row.sums.received, row.sums.spent]
    }

    /// The report as an .xlsx download, audited.
    static func download(_ report: Report, on request: Request) async throws -> Response {
        let url = try Downloads.temporaryFile("xlsx", request.services)
        let title = "\(report.name)党费收缴汇总（\(report.period)）"
        try await request.application.threadPool.runIfActive {
            let writer = try XLSXWriter(url: url, sheetName: "党费汇总", widths: [36, 8, 14, 10, 14, 16, 16, 16, 16])
            try writer.write(reportHeaders)
            for row in report.rows { try writer.write(cells(row)) }
            try writer.write(cells(ReportRow(organizationID: report.total.organizationID, name: "合计（\(report.name)）", members: report.total.members, sums: report.total.sums)))
            try writer.finish()
        }
        try await request.write { _ in ((), AuditEvent("dues.report", target: "organization", id: report.organizationID, organization: report.organizationID,
                                                      detail: "下载\(title)")) }
        return try await Downloads.respond(url, name: "\(title).xlsx", fallback: "dues-report.xlsx", type: Downloads.xlsx, on: request)
    }

    // MARK: 公示

    struct MonthRow: Content {
        let month: DuesMonth
        let label: String
        let payers: Int
        let amount: String
    }

    struct PurposeRow: Content {
        let label: String
        let count: Int
        let amount: String
    }

    struct Publication: Content {
        let organizationID: Int
        let name: String
        let year: Int
        let members: Int
        let fixedMembers: Int
        let months: [MonthRow]
        let sums: Sums
        let owing: Int?
        let remittances: [Remittance]
        /// What the organization spent from its 党建经费, by purpose.
        let spending: [PurposeRow]
        let spent: String
    }

    /// 党费收缴使用情况公示 — a year's collection by month covered, voluntary payments, what went up, who still owes.
    static func publication(_ organization: OrganizationModel, year: Int, today: CalendarDate, on database: any Database) async throws -> Publication {
        let path = organization.orgPath
        struct ByMonth: Decodable { let month: String; let payers: Int; let total: Int? }
        let byMonth = try await database.sql.select().column("month")
            .column(SQLFunction("count", args: SQLLiteral.all), as: "payers").column(SQLAlias(sumOfFen(), as: SQLIdentifier("total")))
            .from(DuesPaymentModel.schema)
            .where("path", .greaterThanOrEqual, SQLBind(path.value)).where("path", .lessThan, SQLBind(path.upperBound))
            .where("month", .greaterThanOrEqual, SQLBind(DuesMonth.january(year).description))
            .where("month", .lessThanOrEqual, SQLBind(DuesMonth.december(year).description))
            .groupBy("month").orderBy("month").all(decoding: ByMonth.self)
        let found = Dictionary(uniqueKeysWithValues: byMonth.map { ($0.month, $0) })
        let last = year < today.year ? 12 : (year == today.year ? today.month : 0)
        let months = (0..<last).map { offset -> MonthRow in
            let month = DuesMonth.january(year).adding(months: offset)
            let row = found[month.description]
            return MonthRow(month: month, label: month.chinese, payers: row?.payers ?? 0, amount: Fen(row?.total ?? 0).description)
        }
        let fixed = try await DuesAssessmentModel.query(on: database).filter(\.$path >= path.value).filter(\.$path < path.upperBound)
            .filter(\.$year == year).count()
        let period = DuesPeriod.year(year)
        let owing = year == today.year ? try await DuesStore.arrears(under: path, today: today, on: database)?.count : nil
        let spendings = try await FundSpendingModel.query(on: database).filter(\.$organizationID == organization.id!).filter(\.$year == year).all()
        let spending = FundPurpose.allCases.compactMap { purpose -> PurposeRow? in
            let rows = spendings.filter { $0.purpose == purpose }
            guard !rows.isEmpty else { return nil }
            return PurposeRow(label: purpose.chinese, count: rows.count, amount: Fen(rows.reduce(0) { $0 + $1.amountFen }).description)
        }
        return Publication(organizationID: organization.id!, name: organization.name, year: year,
                           members: try await OrganizationStore.totals(under: path, on: database).members, fixedMembers: fixed, months: months,
                           sums: try await sums(organization, period: period, on: database), owing: owing,
                           remittances: try await remittances(of: organization, period: period, on: database),
                           spending: spending, spent: Fen(spendings.reduce(0) { $0 + $1.amountFen }).description)
    }
}
