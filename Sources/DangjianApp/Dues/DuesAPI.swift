import DangjianCore
import Vapor

/// `/api/v1/dues` — the same work as the pages, with the same permissions.
struct DuesAPI: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let dues = routes.grouped("dues")
        dues.post("calculate", use: calculate).requires(.authenticated)
        dues.get("sheet", use: sheet).requires(.duesRead)
        dues.post("collections", use: collect).requires(.duesWrite)
        dues.get("fixing", use: fixing).requires(.duesWrite)
        dues.post("assessments", use: fix).requires(.duesWrite)
        dues.get("members", ":id", use: ledger).requires(.ownRecord)
        dues.post("members", ":id", "payments", use: pay).requires(.duesWrite)
        dues.post("members", ":id", "payments", "void", use: void).requires(.duesWrite)
        dues.post("members", ":id", "voluntary", use: voluntary).requires(.duesWrite)
        dues.post("members", ":id", "arrears-review", use: review).requires(.duesWrite)
        dues.get("arrears", use: arrears).requires(.duesRead)
        dues.get("reductions", use: reductions).requires(.ownRecord)
        dues.post("reductions", use: apply).requires(.ownRecord)
        dues.post("reductions", ":id", "branch", use: branchDecision).requires(.duesWrite)
        dues.post("reductions", ":id", "approve", use: approval).requires(.duesWrite)
        dues.get("remittances", use: remittances).requires(.duesRead)
        dues.post("remittances", use: remit).requires(.duesWrite)
        dues.get("report", use: report).requires(.duesRead)
        dues.get("publication", use: publication).requires(.ownRecord)
    }

    struct Query: Content {
        var organizationID: Int?
        var month: String?
        var year: Int?
        var from: String?
        var through: String?
        var open: Bool?
    }

    @Sendable func calculate(_ request: Request) async throws -> DuesCalculation.Output {
        try DuesCalculation.calculate(try request.content.decode(DuesCalculation.Input.self), rules: request.services.rules)
    }

    @Sendable func sheet(_ request: Request) async throws -> DuesViews.Sheet {
        let query = try request.query.decode(Query.self)
        let organization = try await duesOrganization(query.organizationID, for: .duesRead, on: request)
        guard organization.kind.isBranchLike else { throw FormProblems(field: "organizationID", "按月收缴表按党支部查看，\(organization.name)请查看汇总（/api/v1/dues/report）") }
        return try await DuesViews.sheet(organization, month: try request.month(query.month) ?? DuesMonth(request.today), on: request)
    }

    @Sendable func collect(_ request: Request) async throws -> Response {
        try await DuesWork.collect(try request.content.decode(DuesWork.CollectInput.self), on: request).encodeResponse(status: .created, for: request)
    }

    @Sendable func fixing(_ request: Request) async throws -> DuesViews.FixingSheet {
        let query = try request.query.decode(Query.self)
        let organization = try await duesOrganization(query.organizationID, for: .duesWrite, on: request)
        return try await DuesViews.fixingSheet(organization, year: try request.year(query.year), cipher: request.services.cipher, on: request.db)
    }

    @Sendable func fix(_ request: Request) async throws -> DuesWork.FixResult {
        try await DuesWork.fix(try request.content.decode(DuesWork.FixInput.self), on: request)
    }

    @Sendable func ledger(_ request: Request) async throws -> DuesViews.MemberLedger {
        let member = try await DuesWork.member(request.parameters.get("id", as: Int.self), for: .duesRead, hosted: true, on: request)
        return try await DuesViews.ledger(member, year: try request.year(try request.query.decode(Query.self).year), on: request)
    }

    func member(_ request: Request, hosted: Bool = false) async throws -> MemberModel {
        try await DuesWork.member(request.parameters.get("id", as: Int.self), for: .duesWrite, hosted: hosted, on: request)
    }

    @Sendable func pay(_ request: Request) async throws -> Response {
        try await DuesWork.pay(try await member(request, hosted: true), try request.content.decode(DuesWork.PayInput.self), on: request)
            .encodeResponse(status: .created, for: request)
    }

    @Sendable func void(_ request: Request) async throws -> DuesViews.MemberLedger {
        let member = try await member(request, hosted: true)
        try await DuesWork.void(member, try request.content.decode(DuesWork.VoidInput.self), on: request)
        return try await DuesViews.ledger(member, year: nil, on: request)
    }

    @Sendable func voluntary(_ request: Request) async throws -> Response {
        try await DuesWork.voluntary(try await member(request), try request.content.decode(DuesWork.VoluntaryInput.self), on: request)
            .encodeResponse(status: .created, for: request)
    }

    @Sendable func review(_ request: Request) async throws -> DuesViews.MemberLedger {
        let member = try await member(request)
        try await DuesWork.review(member, try request.content.decode(DuesWork.ReviewInput.self), on: request)
        return try await DuesViews.ledger(member, year: nil, on: request)
    }

    @Sendable func arrears(_ request: Request) async throws -> DuesViews.ArrearsList {
        let organization = try await duesOrganization(try request.query.decode(Query.self).organizationID, for: .duesRead, on: request)
        return try await DuesViews.arrearsList(organization, on: request)
    }

    @Sendable func reductions(_ request: Request) async throws -> [DuesReductions.View] {
        try await DuesReductions.list(open: try request.query.decode(Query.self).open ?? false, on: request)
    }

    @Sendable func apply(_ request: Request) async throws -> Response {
        try await DuesReductions.apply(try request.content.decode(DuesReductions.ApplyInput.self), on: request).encodeResponse(status: .created, for: request)
    }

    func decide(_ request: Request, higher: Bool) async throws -> DuesReductions.View {
        let row = try await DuesReductions.find(request.parameters.get("id", as: Int.self), on: request)
        return try await DuesReductions.decide(row, try request.content.decode(DuesReductions.DecideInput.self), higher: higher, on: request)
    }

    @Sendable func branchDecision(_ request: Request) async throws -> DuesReductions.View { try await decide(request, higher: false) }
    @Sendable func approval(_ request: Request) async throws -> DuesReductions.View { try await decide(request, higher: true) }

    @Sendable func remittances(_ request: Request) async throws -> [DuesReports.Remittance] {
        let query = try request.query.decode(Query.self)
        let organization = try await duesOrganization(query.organizationID, for: .duesRead, on: request)
        return try await DuesReports.remittances(of: organization, period: .year(try request.year(query.year)), on: request.db)
    }

    @Sendable func remit(_ request: Request) async throws -> Response {
        try await DuesReports.remit(try request.content.decode(DuesReports.RemitInput.self), on: request).encodeResponse(status: .created, for: request)
    }

    @Sendable func report(_ request: Request) async throws -> DuesReports.Report {
        let query = try request.query.decode(Query.self)
        let organization = try await duesOrganization(query.organizationID, for: .duesRead, on: request)
        let period = try DuesPages.period(DuesPages.Query(from: query.from, through: query.through), on: request)
        return try await DuesReports.report(organization, period: period, on: request.db)
    }

    @Sendable func publication(_ request: Request) async throws -> DuesReports.Publication {
        let query = try request.query.decode(Query.self)
        let organization = try await DuesPages.publicationOrganization(query.organizationID, on: request)
        return try await DuesReports.publication(organization, year: try request.year(query.year), today: request.today, on: request.db)
    }
}
