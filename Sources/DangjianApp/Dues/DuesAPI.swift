import DangjianCore
import Vapor

/// `/api/v1/dues` — the same work as the pages, with the same permissions.
struct DuesAPI: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let dues = routes.grouped("dues")
        dues.api(.POST, "calculate", requires: .authenticated, summary: "按中组发〔2008〕3号计算月缴党费", body: DuesCalculation.Input.self, use: calculate)
        dues.api(.GET, "sheet", requires: .duesRead, summary: "党支部某月的收缴表", query: Query.self, use: sheet)
        dues.api(.POST, "collections", requires: .duesWrite, summary: "按月登记多名党员交纳", body: DuesWork.CollectInput.self, status: .created,
                 use: collect)
        dues.api(.GET, "fixing", requires: .duesWrite, summary: "某年的党费核定表", query: Query.self, use: fixing)
        dues.api(.POST, "assessments", requires: .duesWrite, summary: "核定（或说明理由后调整）某年月缴党费", body: DuesWork.FixInput.self, use: fix)
        dues.api(.GET, "members", ":id", requires: .ownRecord, summary: "一名党员的党费账", query: Query.self, use: ledger)
        dues.api(.POST, "members", ":id", "payments", requires: .duesWrite, summary: "登记一名党员交纳党费", body: DuesWork.PayInput.self,
                 status: .created, use: pay)
        dues.api(.POST, "members", ":id", "payments", "void", requires: .duesWrite, summary: "按收据号撤销误录的交纳",
                 body: DuesWork.VoidInput.self, use: void)
        dues.api(.POST, "members", ":id", "voluntary", requires: .duesWrite, summary: "登记自愿多交党费", body: DuesWork.VoluntaryInput.self,
                 status: .created, use: voluntary)
        dues.api(.POST, "members", ":id", "arrears-review", requires: .duesWrite, summary: "登记支部对连续欠交的处理",
                 body: DuesWork.ReviewInput.self, use: review)
        dues.api(.GET, "arrears", requires: .duesRead, summary: "欠交党费名单", query: Query.self, use: arrears)
        dues.api(.GET, "reductions", requires: .ownRecord, summary: "少交、免交申请", query: Query.self, use: reductions)
        dues.api(.POST, "reductions", requires: .ownRecord, summary: "申请少交或免交党费", body: DuesReductions.ApplyInput.self, status: .created,
                 leadsTo: ["/api/v1/dues/reductions/{id}"], use: apply)
        dues.api(.POST, "reductions", ":id", "branch", requires: .duesWrite, summary: "党支部对少交、免交申请的意见",
                 body: DuesReductions.DecideInput.self, use: branchDecision)
        dues.api(.POST, "reductions", ":id", "approve", requires: .duesWrite, summary: "上级党组织审批少交、免交申请",
                 body: DuesReductions.DecideInput.self, use: approval)
        dues.api(.GET, "remittances", requires: .duesRead, summary: "某年向上级上缴党费的记录", query: Query.self, use: remittances)
        dues.api(.POST, "remittances", requires: .duesWrite, summary: "登记向上级上缴党费", body: DuesReports.RemitInput.self, status: .created,
                 use: remit)
        dues.api(.GET, "report", requires: .duesRead, summary: "党费收缴汇总（按下一级组织）", query: Query.self, use: report)
        dues.api(.GET, "publication", requires: .ownRecord, summary: "党费收缴使用情况年度公示", query: Query.self, use: publication)
    }

    struct Query: Content, APISchemaHints {
        var organizationID: Int?
        var month: String?
        var year: Int?
        var from: String?
        var through: String?
        var open: Bool?

        static var schemaHints: [String: Schema] {
            ["organizationID": .integer(minimum: 1), "year": .yearHint, "month": .monthHint, "from": .monthHint, "through": .monthHint]
        }
    }

    @Sendable func calculate(_ request: Request, _ input: DuesCalculation.Input) async throws -> DuesCalculation.Output {
        try DuesCalculation.calculate(input, rules: request.services.rules)
    }

    @Sendable func sheet(_ request: Request, _ query: Query) async throws -> DuesViews.Sheet {
        let organization = try await duesOrganization(query.organizationID, for: .duesRead, on: request)
        guard organization.kind.isBranchLike else { throw FormProblems(field: "organizationID", "按月收缴表按党支部查看，\(organization.name)请查看汇总（/api/v1/dues/report）") }
        return try await DuesViews.sheet(organization, month: try request.month(query.month) ?? DuesMonth(request.today), on: request)
    }

    @Sendable func collect(_ request: Request, _ input: DuesWork.CollectInput) async throws -> DuesWork.CollectResult {
        try await DuesWork.collect(input, on: request)
    }

    @Sendable func fixing(_ request: Request, _ query: Query) async throws -> DuesViews.FixingSheet {
        let organization = try await duesOrganization(query.organizationID, for: .duesWrite, on: request)
        return try await DuesViews.fixingSheet(organization, year: try request.year(query.year), cipher: request.services.cipher, on: request.db)
    }

    @Sendable func fix(_ request: Request, _ input: DuesWork.FixInput) async throws -> DuesWork.FixResult {
        try await DuesWork.fix(input, on: request)
    }

    @Sendable func ledger(_ request: Request, _ query: Query) async throws -> DuesViews.MemberLedger {
        let member = try await DuesWork.member(request.parameters.get("id", as: Int.self), for: .duesRead, hosted: true, on: request)
        return try await DuesViews.ledger(member, year: try request.year(query.year), on: request)
    }

    func member(_ request: Request, hosted: Bool = false) async throws -> MemberModel {
        try await DuesWork.member(request.parameters.get("id", as: Int.self), for: .duesWrite, hosted: hosted, on: request)
    }

    @Sendable func pay(_ request: Request, _ input: DuesWork.PayInput) async throws -> DuesWork.Receipt {
        try await DuesWork.pay(try await member(request, hosted: true), input, on: request)
    }

    @Sendable func void(_ request: Request, _ input: DuesWork.VoidInput) async throws -> DuesViews.MemberLedger {
        let member = try await member(request, hosted: true)
        try await DuesWork.void(member, input, on: request)
        return try await DuesViews.ledger(member, year: nil, on: request)
    }

    @Sendable func voluntary(_ request: Request, _ input: DuesWork.VoluntaryInput) async throws -> DuesWork.VoluntaryResult {
        try await DuesWork.voluntary(try await member(request), input, on: request)
    }

    @Sendable func review(_ request: Request, _ input: DuesWork.ReviewInput) async throws -> DuesViews.MemberLedger {
        let member = try await member(request)
        try await DuesWork.review(member, input, on: request)
        return try await DuesViews.ledger(member, year: nil, on: request)
    }

    @Sendable func arrears(_ request: Request, _ query: Query) async throws -> DuesViews.ArrearsList {
        let organization = try await duesOrganization(query.organizationID, for: .duesRead, on: request)
        return try await DuesViews.arrearsList(organization, on: request)
    }

    @Sendable func reductions(_ request: Request, _ query: Query) async throws -> [DuesReductions.View] {
        try await DuesReductions.list(open: query.open ?? false, on: request)
    }

    @Sendable func apply(_ request: Request, _ input: DuesReductions.ApplyInput) async throws -> DuesReductions.View {
        try await DuesReductions.apply(input, on: request)
    }

    func decide(_ request: Request, _ input: DuesReductions.DecideInput, higher: Bool) async throws -> DuesReductions.View {
        let row = try await DuesReductions.find(request.parameters.get("id", as: Int.self), on: request)
        return try await DuesReductions.decide(row, input, higher: higher, on: request)
    }

    @Sendable func branchDecision(_ request: Request, _ input: DuesReductions.DecideInput) async throws -> DuesReductions.View {
        try await decide(request, input, higher: false)
    }

    @Sendable func approval(_ request: Request, _ input: DuesReductions.DecideInput) async throws -> DuesReductions.View {
        try await decide(request, input, higher: true)
    }

    @Sendable func remittances(_ request: Request, _ query: Query) async throws -> [DuesReports.Remittance] {
        let organization = try await duesOrganization(query.organizationID, for: .duesRead, on: request)
        return try await DuesReports.remittances(of: organization, period: .year(try request.year(query.year)), on: request.db)
    }

    @Sendable func remit(_ request: Request, _ input: DuesReports.RemitInput) async throws -> DuesReports.Remittance {
        try await DuesReports.remit(input, on: request)
    }

    @Sendable func report(_ request: Request, _ query: Query) async throws -> DuesReports.Report {
        let organization = try await duesOrganization(query.organizationID, for: .duesRead, on: request)
        let period = try DuesPages.period(DuesPages.Query(from: query.from, through: query.through), on: request)
        return try await DuesReports.report(organization, period: period, on: request.db)
    }

    @Sendable func publication(_ request: Request, _ query: Query) async throws -> DuesReports.Publication {
        let organization = try await DuesPages.publicationOrganization(query.organizationID, member: try await DuesPages.ownMember(request), on: request)
        return try await DuesReports.publication(organization, year: try request.year(query.year), today: request.today, on: request.db)
    }
}
