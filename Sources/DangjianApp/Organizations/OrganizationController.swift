import DangjianCore
import Fluent
import Vapor

/// The organization pages.
struct OrganizationPages: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let organizations = routes.grouped("organizations")
        organizations.get(use: index).requires(.organizationRead)
        organizations.get(":id", use: show).requires(.organizationRead)
        organizations.get(":id", "chart", use: chart).requires(.organizationRead)
        organizations.get(":id", "chart.svg", use: chartSVG).requires(.organizationRead)
        organizations.get(":id", "new", use: newChild).requires(.organizationWrite)
        organizations.post(":id", "children", use: createChild).requires(.organizationWrite)
        organizations.get(":id", "edit", use: edit).requires(.organizationWrite)
        organizations.post(":id", "edit", use: update).requires(.organizationWrite)
        organizations.get(":id", "move", use: moveForm).requires(.organizationWrite)
        organizations.post(":id", "move", use: move).requires(.organizationWrite)
        organizations.post(":id", "terms", use: addTerm).requires(.committeeWrite)
        organizations.post(":id", "offices", use: addOffice).requires(.committeeWrite)
        organizations.post(":id", "offices", ":office", "end", use: endOffice).requires(.committeeWrite)
        organizations.post(":id", "units", use: addUnit).requires(.organizationWrite)
        organizations.post(":id", "pairings", use: addPairing).requires(.organizationWrite)
    }

    struct IndexPage {
        let layout: Layout
        let roots: [OrganizationSummary]
    }

    @Sendable func index(_ request: Request) async throws -> Response {
        let roots = try await OrganizationStore.scopeRoots(for: .organizationRead, on: request)
        if roots.count == 1 { return request.redirect(to: "/organizations/\(roots[0].id!)") }
        return try await Page(IndexPage(layout: Layout(request, title: "党组织"), roots: roots.map(OrganizationSummary.init)).node)
            .encodeResponse(for: request)
    }

    struct ShowPage {
        let layout: Layout
        let detail: OrganizationDetail
        let canWrite: Bool
        let canRestructure: Bool
        let canEditCommittee: Bool
        let canReadMembers: Bool
        let canAddMembers: Bool
        let hasTerm: Bool
        let offices: [SelectOption]
        let candidates: [SelectOption]
        /// Too many members to list: the form asks for the name (`CommitteeEditing.choosesByName`).
        let choosesByName: Bool
        let villages: [SelectOption]
        let isCommunityCommittee: Bool
        let errors: [FieldError]
    }

    @Sendable func show(_ request: Request) async throws -> Page {
        try await renderShow(request, errors: [])
    }

    func renderShow(_ request: Request, errors: [FieldError]) async throws -> Page {
        let organization = try await OrganizationStore.find(request.parameters.get("id", as: Int.self), for: .organizationRead, on: request)
        let detail = try await OrganizationDetail.load(organization, on: request)
        let policy = try request.policy
        let path = organization.orgPath
        let canEditCommittee = policy.allows(.committeeWrite, at: path)
        var candidates: [SelectOption] = []
        if canEditCommittee {
            let typed = request.method == .POST ? (try? request.content.decode(OfficeInput.self))?.memberName : nil
            candidates = try await CommitteeEditing.candidates(for: organization, named: typed, on: request).map {
                SelectOption(value: "\($0.id)", label: "\($0.name)（\($0.organizationName)）", selected: false)
            }
        }
        var villages: [SelectOption] = []
        let canWrite = policy.allows(.organizationWrite, at: path)
        if canWrite, organization.sector != .village, organization.kind.isBranch {
            let found = try await OrganizationStore.inScope(for: .organizationRead, on: request, limit: 500) {
                $0.filter(\.$sector == .village).filter(\.$kind == .branch)
            }
            villages = found.map { SelectOption(value: "\($0.id!)", label: $0.name, selected: false) }
        }
        let page = ShowPage(
            layout: Layout(request, title: organization.name), detail: detail, canWrite: canWrite,
            canRestructure: policy.allowsRestructuring(path), canEditCommittee: canEditCommittee,
            canReadMembers: policy.allows(.memberRead, at: path), canAddMembers: policy.allows(.memberWrite, at: path),
            hasTerm: organization.kind.hasElectedTerm,
            offices: CommitteeOffice.allCases.map { SelectOption(value: $0.rawValue, label: $0.chinese, selected: false) },
            candidates: candidates, choosesByName: CommitteeEditing.choosesByName(organization, on: request),
            villages: villages,
            isCommunityCommittee: organization.sector == .community && (organization.kind == .generalBranch || organization.kind.isCommittee),
            errors: errors)
        return Page(page.node)
    }

    struct ChartPage {
        let layout: Layout
        let organization: OrganizationSummary
        let svg: SVGDocument
    }

    @Sendable func chart(_ request: Request) async throws -> Page {
        let organization = try await OrganizationStore.find(request.parameters.get("id", as: Int.self), for: .organizationRead, on: request)
        let svg = try await OrganizationChart.svg(for: organization, on: request.db)
        return Page(ChartPage(layout: Layout(request, title: "\(organization.name) · 组织架构图"), organization: OrganizationSummary(organization),
                              svg: svg).node)
    }

    @Sendable func chartSVG(_ request: Request) async throws -> Response {
        let organization = try await OrganizationStore.find(request.parameters.get("id", as: Int.self), for: .organizationRead, on: request)
        return OrganizationChart.response(try await OrganizationChart.svg(for: organization, on: request.db).markup)
    }

    struct FormPage {
        let layout: Layout
        let organization: OrganizationSummary
        let parent: OrganizationSummary?
        /// What the form shows in its fields: the record, or what was typed.
        let typed: OrganizationInput
        let kinds: [SelectOption]
        let sectors: [SelectOption]
        let errors: [FieldError]
        let canRestructure: Bool
    }

    func renderForm(_ request: Request, organization: OrganizationModel, creating: Bool, input: OrganizationInput,
                    errors: [FieldError]) async throws -> Page {
        let canRestructure = try creating || request.policy.allowsRestructuring(organization.orgPath)
        let kinds = OrganizationKind.allCases.filter { !creating || organization.kind.canContain($0) }.map { ($0.rawValue, $0.chinese) }
        let page = FormPage(
            layout: Layout(request, title: creating ? "新建下级党组织" : "修改\(organization.name)"),
            organization: OrganizationSummary(organization), parent: creating ? OrganizationSummary(organization) : nil,
            typed: input, kinds: SelectOption.list(kinds, selected: input.kind, blank: "请选择"),
            sectors: SelectOption.list(UnitSector.allCases.map { ($0.rawValue, $0.chinese) }, selected: input.sector, blank: "请选择"),
            errors: errors, canRestructure: canRestructure)
        return Page(page.node)
    }

    @Sendable func newChild(_ request: Request) async throws -> Page {
        let parent = try await OrganizationStore.find(request.parameters.get("id", as: Int.self), for: .organizationWrite, on: request)
        return try await renderForm(request, organization: parent, creating: true,
                                    input: OrganizationInput(sector: parent.sector.rawValue), errors: [])
    }

    @Sendable func createChild(_ request: Request) async throws -> Response {
        let parent = try await OrganizationStore.find(request.parameters.get("id", as: Int.self), for: .organizationWrite, on: request)
        let input = try request.content.decode(OrganizationInput.self)
        do {
            let created = try await OrganizationEditing.create(under: parent, input, on: request)
            return request.redirect(to: "/organizations/\(created.id!)?notice=created")
        } catch let problems as FormProblems {
            return try await renderForm(request, organization: parent, creating: true, input: input, errors: problems.errors)
                .encodeResponse(status: .unprocessableEntity, for: request)
        }
    }

    @Sendable func edit(_ request: Request) async throws -> Page {
        let organization = try await OrganizationStore.find(request.parameters.get("id", as: Int.self), for: .organizationWrite, on: request)
        let input = OrganizationInput(name: organization.name, kind: organization.kind.rawValue, sector: organization.sector.rawValue,
                                      establishedOn: organization.establishedOn?.description,
                                      coveredUnits: organization.coveredUnits.map { "\($0)" })
        return try await renderForm(request, organization: organization, creating: false, input: input, errors: [])
    }

    @Sendable func update(_ request: Request) async throws -> Response {
        let organization = try await OrganizationStore.find(request.parameters.get("id", as: Int.self), for: .organizationWrite, on: request)
        let input = try request.content.decode(OrganizationInput.self)
        do {
            try await OrganizationEditing.update(organization, input, on: request)
            return request.redirect(to: "/organizations/\(organization.id!)?notice=saved")
        } catch let problems as FormProblems {
            return try await renderForm(request, organization: organization, creating: false, input: input, errors: problems.errors)
                .encodeResponse(status: .unprocessableEntity, for: request)
        }
    }

    struct MovePage {
        let layout: Layout
        let organization: OrganizationSummary
        let targets: [SelectOption]
        let errors: [FieldError]
    }

    func renderMove(_ request: Request, organization: OrganizationModel, errors: [FieldError]) async throws -> Page {
        let targets = try await OrganizationStore.inScope(for: .organizationWrite, on: request)
        let options = SelectOption.organizations(targets.filter { candidate in
            !organization.orgPath.contains(candidate.orgPath) && candidate.id != organization.parentID && candidate.kind.canContain(organization.kind)
        })
        return Page(MovePage(layout: Layout(request, title: "调整\(organization.name)的隶属关系"), organization: OrganizationSummary(organization),
                             targets: options, errors: errors).node)
    }

    @Sendable func moveForm(_ request: Request) async throws -> Page {
        let organization = try await OrganizationStore.find(request.parameters.get("id", as: Int.self), for: .organizationWrite, on: request)
        return try await renderMove(request, organization: organization, errors: [])
    }

    @Sendable func move(_ request: Request) async throws -> Response {
        let organization = try await OrganizationStore.find(request.parameters.get("id", as: Int.self), for: .organizationWrite, on: request)
        let input = try request.content.decode(MoveInput.self)
        do {
            try await OrganizationEditing.move(organization, to: input.parentID?.value, on: request)
            return request.redirect(to: "/organizations/\(organization.id!)?notice=moved")
        } catch let problems as FormProblems {
            return try await renderMove(request, organization: organization, errors: problems.errors)
                .encodeResponse(status: .unprocessableEntity, for: request)
        }
    }

    /// Runs one of the small forms on the organization page; on bad input the page comes back with the messages.
    func onPage(_ request: Request, permission: Permission,
                _ work: @escaping (OrganizationModel) async throws -> Void) async throws -> Response {
        let organization = try await OrganizationStore.find(request.parameters.get("id", as: Int.self), for: permission, on: request)
        do {
            try await work(organization)
            return request.redirect(to: "/organizations/\(organization.id!)?notice=saved")
        } catch let problems as FormProblems {
            return try await renderShow(request, errors: problems.errors).encodeResponse(status: .unprocessableEntity, for: request)
        }
    }

    @Sendable func addTerm(_ request: Request) async throws -> Response {
        try await onPage(request, permission: .committeeWrite) {
            try await CommitteeEditing.addTerm(to: $0, try request.content.decode(TermInput.self), on: request)
        }
    }

    @Sendable func addOffice(_ request: Request) async throws -> Response {
        try await onPage(request, permission: .committeeWrite) {
            try await CommitteeEditing.addOffice(to: $0, try request.content.decode(OfficeInput.self), on: request)
        }
    }

    @Sendable func endOffice(_ request: Request) async throws -> Response {
        try await onPage(request, permission: .committeeWrite) {
            try await CommitteeEditing.endOffice(request.parameters.get("office", as: Int.self) ?? 0, of: $0, on: request)
        }
    }

    @Sendable func addUnit(_ request: Request) async throws -> Response {
        try await onPage(request, permission: .organizationWrite) {
            try await CommitteeEditing.addUnit(to: $0, try request.content.decode(ResidentUnitInput.self), on: request)
        }
    }

    @Sendable func addPairing(_ request: Request) async throws -> Response {
        try await onPage(request, permission: .organizationWrite) {
            try await CommitteeEditing.addPairing(to: $0, try request.content.decode(PairingInput.self), on: request)
        }
    }
}

extension OrganizationChart {
    /// The chart as a standalone SVG document; its own `<style>` is allowed for this response only.
    static func response(_ svg: String) -> Response {
        let response = Response(status: .ok, body: .init(string: svg))
        response.headers.contentType = HTTPMediaType(type: "image", subType: "svg+xml", parameters: ["charset": "utf-8"])
        response.headers.replaceOrAdd(name: "X-Chart-CSP", value: "1")
        return response
    }
}
