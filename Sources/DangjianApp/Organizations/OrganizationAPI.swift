import DangjianCore
import Fluent
import Vapor

/// `/api/v1/organizations` — the same operations as the pages, in JSON.
struct OrganizationAPI: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let organizations = routes.grouped("organizations")
        organizations.get(use: list).requires(.organizationRead)
        organizations.post(use: create).requires(.organizationWrite)
        organizations.get(":id", use: read).requires(.organizationRead)
        organizations.patch(":id", use: update).requires(.organizationWrite)
        organizations.post(":id", "move", use: move).requires(.organizationWrite)
        organizations.get(":id", "chart.svg", use: chart).requires(.organizationRead)
        organizations.post(":id", "terms", use: addTerm).requires(.committeeWrite)
        organizations.post(":id", "offices", use: addOffice).requires(.committeeWrite)
        organizations.post(":id", "units", use: addUnit).requires(.organizationWrite)
        organizations.post(":id", "pairings", use: addPairing).requires(.organizationWrite)
    }

    struct Listing: Content {
        let parent: OrganizationSummary?
        let items: [OrganizationDetail.Child]
    }

    /// The children of `?parent=`, or the tops of the caller's scope.
    @Sendable func list(_ request: Request) async throws -> Listing {
        if let parentID = request.query[Int.self, at: "parent"] {
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

    struct CreateInput: Content {
        var parentID: LenientID?
    }

    @Sendable func create(_ request: Request) async throws -> Response {
        let parentID = try request.content.decode(CreateInput.self).parentID?.value
        guard let parentID else { throw FormProblems(field: "parentID", "请指定上级党组织（parentID）") }
        let parent = try await OrganizationStore.find(parentID, for: .organizationWrite, on: request)
        let created = try await OrganizationEditing.create(under: parent, try request.content.decode(OrganizationInput.self), on: request)
        return try await OrganizationSummary(created).encodeResponse(status: .created, for: request)
    }

    @Sendable func update(_ request: Request) async throws -> OrganizationSummary {
        let organization = try await OrganizationStore.find(request.parameters.get("id", as: Int.self), for: .organizationWrite, on: request)
        try await OrganizationEditing.update(organization, try request.content.decode(OrganizationInput.self), on: request)
        return OrganizationSummary(organization)
    }

    @Sendable func move(_ request: Request) async throws -> OrganizationSummary {
        let organization = try await OrganizationStore.find(request.parameters.get("id", as: Int.self), for: .organizationWrite, on: request)
        try await OrganizationEditing.move(organization, to: try request.content.decode(MoveInput.self).parentID?.value, on: request)
        return OrganizationSummary(try await OrganizationModel.find(organization.id, on: request.db) ?? organization)
    }

    @Sendable func chart(_ request: Request) async throws -> Response {
        let organization = try await OrganizationStore.find(request.parameters.get("id", as: Int.self), for: .organizationRead, on: request)
        return OrganizationChart.response(try await OrganizationChart.svg(for: organization, on: request.db))
    }

    func committee(_ request: Request, permission: Permission,
                   _ work: (OrganizationModel) async throws -> Void) async throws -> CommitteeView {
        let organization = try await OrganizationStore.find(request.parameters.get("id", as: Int.self), for: permission, on: request)
        try await work(organization)
        return try await CommitteeStore.view(of: organization.id!, on: request.db)
    }

    @Sendable func addTerm(_ request: Request) async throws -> CommitteeView {
        try await committee(request, permission: .committeeWrite) {
            try await CommitteeEditing.addTerm(to: $0, try request.content.decode(TermInput.self), on: request)
        }
    }

    @Sendable func addOffice(_ request: Request) async throws -> CommitteeView {
        try await committee(request, permission: .committeeWrite) {
            try await CommitteeEditing.addOffice(to: $0, try request.content.decode(OfficeInput.self), on: request)
        }
    }

    @Sendable func addUnit(_ request: Request) async throws -> OrganizationDetail {
        let organization = try await OrganizationStore.find(request.parameters.get("id", as: Int.self), for: .organizationWrite, on: request)
        try await CommitteeEditing.addUnit(to: organization, try request.content.decode(ResidentUnitInput.self), on: request)
        return try await OrganizationDetail.load(organization, on: request)
    }

    @Sendable func addPairing(_ request: Request) async throws -> OrganizationDetail {
        let organization = try await OrganizationStore.find(request.parameters.get("id", as: Int.self), for: .organizationWrite, on: request)
        try await CommitteeEditing.addPairing(to: organization, try request.content.decode(PairingInput.self), on: request)
        return try await OrganizationDetail.load(organization, on: request)
    }
}
