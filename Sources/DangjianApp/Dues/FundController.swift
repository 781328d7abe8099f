import DangjianCore
import DangjianDocuments
import Vapor

/// 经费 pages: the year's 党建经费 by purpose with spending and receipts, and the 党内温暖工程 fund.
struct FundPages: RouteCollection {
    static let uploadLimit = 11 * 1_048_576

    func boot(routes: any RoutesBuilder) throws {
        let funds = routes.grouped("funds")
        funds.get(use: index).requires(.duesRead)
        funds.post("budgets", use: budget).requires(.duesWrite)
        funds.on(.POST, "spendings", body: .collect(maxSize: "11mb"), use: spend).requires(.duesWrite).acceptsBody(upTo: Self.uploadLimit)
        funds.get("warmth", use: warmth).requires(.duesRead)
        funds.post("warmth", "donations", use: receive).requires(.duesWrite)
        funds.post("warmth", "grants", use: apply).requires(.ownRecord)
        funds.post("warmth", "grants", ":id", "decision", use: decide).requires(.duesWrite)
    }

    struct Query: Content {
        var organization: Int?
        var year: Int?
        var format: String?
    }

    struct IndexPage {
        let layout: Layout
        let ledger: FundWork.Ledger
        let purposes: [SelectOption]
        let budget: FundWork.BudgetInput
        let spend: SpendEcho
        let today: CalendarDate
        let xlsxLink: String
        let errors: [FieldError]
    }

    /// What was typed into the spending form (the file itself cannot be sent back to the browser).
    struct SpendEcho {
        var purpose: String?
        var amount: String?
        var spentOn: String?
        var payee: String?
        var description: String?
        var overrideReason: String?
        var needsReason = false
    }

    func renderIndex(_ request: Request, _ organization: OrganizationModel, year: Int, budget: FundWork.BudgetInput = .init(),
                     spend: SpendEcho = .init(), errors: [FieldError] = []) async throws -> Page {
        let ledger = try await FundWork.ledger(organization, year: year, on: request)
        return Page(IndexPage(
            layout: Layout(request, title: "\(organization.name) · \(year)年党建经费"), ledger: ledger,
            purposes: FundPurpose.allCases.map { SelectOption(value: $0.rawValue, label: $0.chinese, selected: $0.rawValue == (spend.purpose ?? budget.purpose)) },
            budget: budget, spend: spend, today: request.today, xlsxLink: request.link(setting: "format", to: "xlsx"), errors: errors).node)
    }

    @Sendable func index(_ request: Request) async throws -> Response {
        let query = try request.query.decode(Query.self)
        let organization = try await duesOrganization(query.organization, for: .duesRead, on: request)
        let year = try request.year(query.year)
        if query.format == "xlsx" { return try await Self.download(try await FundWork.ledger(organization, year: year, on: request), on: request) }
        return try await renderIndex(request, organization, year: year).encodeResponse(for: request)
    }

    @Sendable func budget(_ request: Request) async throws -> Response {
        let input = try request.content.decode(FundWork.BudgetInput.self)
        do {
            let ledger = try await FundWork.setBudget(input, on: request)
            return request.redirect(to: "/funds?organization=\(ledger.organizationID)&year=\(ledger.year)&notice=saved")
        } catch let problems as FormProblems {
            let organization = try await OrganizationStore.find(input.organizationID, for: .duesWrite, on: request)
            return try await renderIndex(request, organization, year: (try? request.year(input.year)) ?? request.today.year, budget: input, errors: problems.errors)
                .encodeResponse(status: .unprocessableEntity, for: request)
        }
    }

    @Sendable func spend(_ request: Request) async throws -> Response {
        try AttachmentStore.refuseOversized(request, maximumBytes: DevelopmentWork.maximumDocumentBytes)
        let input = try request.content.decode(FundWork.SpendInput.self)
        do {
            let spending = try await FundWork.spend(input, on: request)
            return request.redirect(to: "/funds?organization=\(input.organizationID ?? 0)&year=\(spending.spentOn.year)&notice=saved")
        } catch let problems as FormProblems {
            let organization = try await OrganizationStore.find(input.organizationID, for: .duesWrite, on: request)
            let echo = SpendEcho(purpose: input.purpose, amount: input.amount, spentOn: input.spentOn, payee: input.payee, description: input.description,
                                 overrideReason: input.overrideReason, needsReason: problems.errors.contains { $0.field == "purpose" || $0.field == "overrideReason" })
            return try await renderIndex(request, organization, year: request.today.year, spend: echo, errors: problems.errors)
                .encodeResponse(status: .unprocessableEntity, for: request)
        }
    }

    static func download(_ ledger: FundWork.Ledger, on request: Request) async throws -> Response {
        let url = try Downloads.temporaryFile("xlsx", request.services)
        let title = "\(ledger.organization)\(ledger.year)年党建经费收支"
        try await request.application.threadPool.runIfActive {
            let writer = try XLSXWriter(url: url, sheetName: "经费收支", widths: [24, 14, 14, 14, 12, 24, 40, 30])
            try writer.write(["用途", "预算（元）", "已支出（元）", "结余（元）"])
            for line in ledger.lines { try writer.write([line.label, line.budget ?? "未编预算", line.spent, line.balance ?? ""]) }
            try writer.write(["合计", ledger.budget, ledger.spent, ""])
            try writer.write([])
            try writer.write(["用途", "支出日期", "金额（元）", "", "", "收款方", "事项", "超出用途或预算的列支理由"])
            for spending in ledger.spendings {
                try writer.write([spending.label, spending.spentOn.description, spending.amount, "", "", spending.payee, spending.description,
                                  spending.overrideReason ?? ""])
            }
            try writer.finish()
        }
        try await request.write { _ in ((), AuditEvent("fund.report", target: "organization", id: ledger.organizationID, organization: ledger.organizationID,
                                                      detail: "下载\(title)")) }
        return try await Downloads.respond(url, name: "\(title).xlsx", fallback: "funds.xlsx", type: Downloads.xlsx, on: request)
    }

    // MARK: 党内温暖工程

    struct WarmthPage {
        let layout: Layout
        let fund: WarmthWork.Fund
        let sources: [SelectOption]
        let donation: WarmthWork.DonationInput
        let today: CalendarDate
        let errors: [FieldError]
    }

    func renderWarmth(_ request: Request, _ organization: OrganizationModel, donation: WarmthWork.DonationInput = .init(),
                      errors: [FieldError] = []) async throws -> Page {
        Page(WarmthPage(
            layout: Layout(request, title: "\(organization.name) · 党内温暖工程"), fund: try await WarmthWork.fund(organization, on: request),
            sources: WarmthSource.allCases.map { SelectOption(value: $0.rawValue, label: $0.chinese, selected: $0.rawValue == donation.source) },
            donation: donation, today: request.today, errors: errors).node)
    }

    @Sendable func warmth(_ request: Request) async throws -> Page {
        try await renderWarmth(request, try await duesOrganization(try request.query.decode(Query.self).organization, for: .duesRead, on: request))
    }

    @Sendable func receive(_ request: Request) async throws -> Response {
        let input = try request.content.decode(WarmthWork.DonationInput.self)
        do {
            let entry = try await WarmthWork.receive(input, on: request)
            return request.redirect(to: "/funds/warmth?organization=\(entry.organizationID)&notice=saved")
        } catch let problems as FormProblems {
            let organization = try await OrganizationStore.find(input.organizationID, for: .duesWrite, on: request)
            return try await renderWarmth(request, organization, donation: input, errors: problems.errors).encodeResponse(status: .unprocessableEntity, for: request)
        }
    }

    /// Filed from a member's dues page; a refusal goes back there with what was typed.
    @Sendable func apply(_ request: Request) async throws -> Response {
        let input = try request.content.decode(WarmthWork.GrantInput.self)
        let actorMemberID = try request.requireActor().memberID
        let memberID = input.memberID ?? actorMemberID
        do {
            _ = try await WarmthWork.apply(input, on: request)
            return request.redirect(to: "/dues/members/\(memberID ?? 0)?notice=saved")
        } catch let problems as FormProblems {
            let member = try await DuesWork.member(memberID, for: .duesRead, on: request)
            var forms = DuesPages.LedgerForms()
            forms.warmth = input
            return try await DuesPages().renderLedger(request, member, year: nil, forms: forms, errors: problems.errors)
                .encodeResponse(status: .unprocessableEntity, for: request)
        }
    }

    @Sendable func decide(_ request: Request) async throws -> Response {
        let input = try request.content.decode(WarmthWork.DecisionInput.self)
        do {
            let entry = try await WarmthWork.decide(request.parameters.get("id", as: Int.self), input, on: request)
            return request.redirect(to: "/funds/warmth?organization=\(entry.organizationID)&notice=saved")
        } catch let problems as FormProblems {
            guard let row = try await WarmthEntryModel.find(request.parameters.get("id", as: Int.self), on: request.db),
                  let organization = try await OrganizationModel.find(row.organizationID, on: request.db) else { throw problems }
            return try await renderWarmth(request, organization, errors: problems.errors).encodeResponse(status: .unprocessableEntity, for: request)
        }
    }
}

/// `/api/v1/funds`.
struct FundAPI: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let funds = routes.grouped("funds")
        funds.api(.GET, requires: .duesRead, summary: "党建经费：某年的预算、支出与凭证", query: Query.self, use: ledger)
        funds.api(.POST, "budgets", requires: .duesWrite, summary: "编制某用途的年度预算", body: FundWork.BudgetInput.self, use: budget)
        funds.api(.POST, "spendings", requires: .duesWrite, summary: "登记一笔支出（超出用途或预算须写明理由；可附凭证）",
                  body: FundWork.SpendInput.self, status: .created, leadsTo: ["/api/v1/funds/spendings/{id}"], maximumBytes: FundPages.uploadLimit,
                  use: spend)
        funds.upload("spendings", ":id", "attachments", requires: .duesWrite, summary: "上传支出凭证（图片或 PDF，最大 10 MB）", fields: ["caption"],
                     maximumBytes: FundPages.uploadLimit, use: attach)
        funds.api(.GET, "warmth", requires: .duesRead, summary: "党内温暖工程基金：收入、救助与余额", query: Query.self, use: warmth)
        funds.api(.POST, "warmth", "donations", requires: .duesWrite, summary: "登记基金收入", body: WarmthWork.DonationInput.self, status: .created,
                  use: receive)
        funds.api(.POST, "warmth", "grants", requires: .ownRecord, summary: "申请救助", body: WarmthWork.GrantInput.self, status: .created,
                  leadsTo: ["/api/v1/funds/warmth/grants/{id}"], use: apply)
        funds.api(.POST, "warmth", "grants", ":id", "decision", requires: .duesWrite, summary: "审批救助申请（不能审批本人提交的）",
                  body: WarmthWork.DecisionInput.self, use: decide)
    }

    struct Query: Content, APISchemaHints {
        var organizationID: Int?
        var year: Int?
        static var schemaHints: [String: Schema] { ["organizationID": .integer(minimum: 1), "year": .yearHint] }
    }

    @Sendable func ledger(_ request: Request, _ query: Query) async throws -> FundWork.Ledger {
        let organization = try await duesOrganization(query.organizationID, for: .duesRead, on: request)
        return try await FundWork.ledger(organization, year: try request.year(query.year), on: request)
    }

    @Sendable func budget(_ request: Request, _ input: FundWork.BudgetInput) async throws -> FundWork.Ledger {
        try await FundWork.setBudget(input, on: request)
    }

    @Sendable func spend(_ request: Request, _ input: FundWork.SpendInput) async throws -> FundWork.Spending {
        try AttachmentStore.refuseOversized(request, maximumBytes: DevelopmentWork.maximumDocumentBytes)
        return try await FundWork.spend(input, on: request)
    }

    @Sendable func attach(_ request: Request) async throws -> AttachmentView {
        AttachmentView(try await FundWork.attach(request, to: request.parameters.get("id", as: Int.self)), prefix: "/api/v1")
    }

    @Sendable func warmth(_ request: Request, _ query: Query) async throws -> WarmthWork.Fund {
        try await WarmthWork.fund(try await duesOrganization(query.organizationID, for: .duesRead, on: request), on: request)
    }

    @Sendable func receive(_ request: Request, _ input: WarmthWork.DonationInput) async throws -> WarmthWork.Entry {
        try await WarmthWork.receive(input, on: request)
    }

    @Sendable func apply(_ request: Request, _ input: WarmthWork.GrantInput) async throws -> WarmthWork.Entry {
        try await WarmthWork.apply(input, on: request)
    }

    @Sendable func decide(_ request: Request, _ input: WarmthWork.DecisionInput) async throws -> WarmthWork.Entry {
        try await WarmthWork.decide(request.parameters.get("id", as: Int.self), input, on: request)
    }
}
