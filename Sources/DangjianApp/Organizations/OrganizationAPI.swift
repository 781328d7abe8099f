import DangjianCore
import Fluent
import Vapor

/// `/api/v1/organizations` — the same operations as the pages, in JSON.
struct OrganizationAPI: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let organizations = routes.grouped("organizations")
        organizations.api(.GET, requires: .organizationRead, summary: "下级党组织（parent），或本人负责范围的顶层", query: ListQuery.self, use: list)
        organizations.api(.POST, requires: .organizationWrite, summary: "在上级党组织下新建党组织", body: CreateInput.self, status: .created,
                          leadsTo: ["/api/v1/organizations/{id}"], use: create)
        organizations.api(.GET, ":id", requires: .organizationRead, summary: "党组织详情：班子、下级、结构检查", use: read)
        organizations.api(.PATCH, ":id", requires: .organizationWrite, summary: "修改党组织信息", body: OrganizationInput.self, use: update)
        organizations.api(.POST, ":id", "move", requires: .organizationWrite, summary: "把党组织（连同下级）移到另一上级之下", body: MoveInput.self,
                          use: move)
        organizations.download(":id", "chart.svg", requires: .organizationRead, summary: "组织架构图（SVG）", produces: ["image/svg+xml"],
                               use: chart)
        organizations.api(.POST, ":id", "terms", requires: .committeeWrite, summary: "登记班子换届", body: TermInput.self, use: addTerm)
        organizations.api(.POST, ":id", "offices", requires: .committeeWrite, summary: "登记班子成员任职", body: OfficeInput.self, use: addOffice)
        organizations.api(.POST, ":id", "units", requires: .organizationWrite, summary: "登记大党委共建单位", body: ResidentUnitInput.self, use: addUnit)
        organizations.api(.POST, ":id", "pairings", requires: .organizationWrite, summary: "登记城乡支部结对", body: PairingInput.self, use: addPairing)
    }

    struct ListQuery: Content, APISchemaHints {
        var parent: Int?
        static var schemaHints: [String: Schema] { ["parent": .integer(minimum: 1)] }
    }

    struct Listing: Content {
        let parent: OrganizationSummary?
        let items: [OrganizationDetail.Child]
    }

    /// The children of `?parent=`, or the tops of the caller's scope.
    @Sendable func list(_ request: Request, _ query: ListQuery) async throws -> Listing {
        if let parentID = query.parent {
            let parent = try await OrganizationStore.find(parentID, for: .organizationRead, on: request)
            let children = try await OrganizationStore.children(of: parent.id!, on: request.db)
            let totals = try await OrganizationStore.childTotals(of: parent, on: request.db)
            return Listing(parent: OrganizationSummary(parent), items: children.map {
                .init(organization: OrganizationSummary($0), totals: totals[$0.id!] ?? SubtreeTotals(), warnings: 0)
            })
        }
        let roots = try await OrganizationStore.scopeRoots(for: .organizationRead, on: request)
        var items: [OrganizationDetail.Child] = []
        for root in roots {
            items.append(.init(organization: OrganizationSummary(root),
                               totals: try await OrganizationStore.totals(under: root.orgPath, on: request.db), warnings: 0))
        }
        return Listing(parent: nil, items: items)
    }

    @Sendable func read(_ request: Request) async throws -> OrganizationDetail {
        let organization = try await OrganizationStore.find(request.parameters.get("id", as: Int.self), for: .organizationRead, on: request)
        return try await OrganizationDetail.load(organization, on: request)
    }

    /// The organization's fields and, beside them, the parent it goes under.
    enum Under: PlacementKey { static let field = "parentID" }
    typealias CreateInput = Placed<Under, OrganizationInput>

    @Sendable func create(_ request: Request, _ input: CreateInput) async throws -> OrganizationSummary {
        guard let parentID = input.organizationID else { throw FormProblems(field: "parentID", "请指定上级党组织（parentID）") }
        let parent = try await OrganizationStore.find(parentID, for: .organizationWrite, on: request)
        return OrganizationSummary(try await OrganizationEditing.create(under: parent, input.input, on: request))
    }

    @Sendable func update(_ request: Request, _ input: OrganizationInput) async throws -> OrganizationSummary {
        let organization = try await OrganizationStore.find(request.parameters.get("id", as: Int.self), for: .organizationWrite, on: request)
        try await OrganizationEditing.update(organization, input, on: request)
        return OrganizationSummary(organization)
    }

    @Sendable func move(_ request: Request, _ input: MoveInput) async throws -> OrganizationSummary {
        let organization = try await OrganizationStore.find(request.parameters.get("id", as: Int.self), for: .organizationWrite, on: request)
        try await OrganizationEditing.move(organization, to: input.parentID?.value, on: request)
        return OrganizationSummary(try await OrganizationModel.find(organization.id, on: request.db) ?? organization)
    }

    @Sendable func chart(_ request: Request) async throws -> Response {
        let organization = try await OrganizationStore.find(request.parameters.get("id", as: Int.self), for: .organizationRead, on: request)
        return OrganizationChart.response(try await OrganizationChart.svg(for: organization, on: request.db).markup)
    }

    func committee(_ request: Request, permission: Permission,
                   _ work: (OrganizationModel) async throws -> Void) async throws -> CommitteeView {
        let organization = try await OrganizationStore.find(request.parameters.get("id", as: Int.self), for: permission, on: request)
        try await work(organization)
        return try await CommitteeStore.view(of: organization.id!, on: request.db)
    }

    @Sendable func addTerm(_ request: Request, _ input: TermInput) async throws -> CommitteeView {
        try await committee(request, permission: .committeeWrite) { try await CommitteeEditing.addTerm(to: $0, input, on: request) }
    }

    @Sendable func addOffice(_ request: Request, _ input: OfficeInput) async throws -> CommitteeView {
        try await committee(request, permission: .committeeWrite) { try await CommitteeEditing.addOffice(to: $0, input, on: request) }
    }

    @Sendable func addUnit(_ request: Request, _ input: ResidentUnitInput) async throws -> OrganizationDetail {
        let organization = try await OrganizationStore.find(request.parameters.get("id", as: Int.self), for: .organizationWrite, on: request)
        try await CommitteeEditing.addUnit(to: organization, input, on: request)
        return try await OrganizationDetail.load(organization, on: request)
    }

    @Sendable func addPairing(_ request: Request, _ input: PairingInput) async throws -> OrganizationDetail {
        let organization = try await OrganizationStore.find(request.parameters.get("id", as: Int.self), for: .organizationWrite, on: request)
        try await CommitteeEditing.addPairing(to: organization, input, on: request)
        return try await OrganizationDetail.load(organization, on: request)
    }
}
