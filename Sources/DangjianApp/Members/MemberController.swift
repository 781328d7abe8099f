import DangjianCore
import Fluent
import Vapor

/// The member register pages.
struct MemberPages: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let members = routes.grouped("members")
        members.get(use: index).requires(.memberRead)
        members.get("new", use: newForm).requires(.memberWrite)
        members.post(use: create).requires(.memberWrite)
        members.get(":id", use: show).requires(.memberRead)
        members.get(":id", "edit", use: edit).requires(.memberWrite)
        members.post(":id", "edit", use: update).requires(.memberWrite)
        members.get(":id", "transfer", use: transferForm).requires(.memberWrite)
        members.post(":id", "transfer", use: transfer).requires(.memberWrite)
        members.get(":id", "status", use: statusForm).requires(.memberWrite)
        members.post(":id", "status", use: changeStatus).requires(.memberWrite)
        members.get(":id", "discipline", use: disciplineForm).requires(.memberWrite)
        members.post(":id", "discipline", use: discipline).requires(.memberWrite)
        members.get(":id", "reveal", use: revealForm).requires(.memberReveal)
        members.post(":id", "reveal", use: reveal).requires(.memberReveal)
        routes.get("me", use: me).requires(.ownRecord)
    }

    struct IndexPage {
        let layout: Layout
        let filter: MemberFilter
        let organization: OrganizationSummary?
        let page: MemberPage
        let nextLink: String?
        let statuses: [SelectOption]
        let categories: [SelectOption]
        let genders: [SelectOption]
        let ageBands: [SelectOption]
        let educations: [SelectOption]
        let canAdd: Bool
        let canReveal: Bool
        let exportLink: String
        let unmaskedLink: String
    }

    @Sendable func index(_ request: Request) async throws -> Page {
        var filter = try request.query.decode(MemberFilter.self)
        filter.limit = nil
        let page = try await MemberStore.list(filter, on: request)
        var organization: OrganizationModel?
        if let id = filter.org { organization = try await OrganizationModel.find(id, on: request.db) }
        let nextLink = page.next.map { request.link(setting: "after", to: $0) }
        let policy = try request.policy
        return Page(IndexPage(
            layout: Layout(request, title: "党员名册"), filter: filter, organization: organization.map(OrganizationSummary.init),
            page: page, nextLink: nextLink,
            statuses: SelectOption.list(MemberStatus.options + [("all", "全部（含出党、去世等）")], selected: filter.status, blank: "在册党员"),
            categories: SelectOption.list(MemberCategory.options, selected: filter.category, blank: "全部类别"),
            genders: SelectOption.list(Gender.options, selected: filter.gender, blank: "不限"),
            ageBands: SelectOption.list(AgeBand.options, selected: filter.ageBand, blank: "不限"),
            educations: SelectOption.list(Education.options, selected: filter.education, blank: "不限"),
            canAdd: policy.holds(.memberWrite), canReveal: policy.holds(.memberReveal),
            exportLink: "/members/export" + Self.prefixed(request.query(without: ["after", "limit", "format"])),
            unmaskedLink: "/members/export/unmasked" + Self.prefixed(request.query(without: ["after", "limit", "format"]))).node)
    }

    static func prefixed(_ query: String) -> String { query.isEmpty ? "" : "?" + query
    }

    struct ShowPage {
        let layout: Layout
        let member: MemberDetail
        let canWrite: Bool
        let canReveal: Bool
        let revealed: RevealedNumbers?
        let isOwn: Bool
        /// The member's 党费账 is open to the caller (their own, or within their dues scope).
        let canSeeDues: Bool
        /// The caller may open the page of the member's organization (a member may not: the link would answer 403).
        let canSeeOrganization: Bool
        /// 学习档案: what the member completed and mastered this year.
        let study: StudyRecord
    }

    func renderShow(_ request: Request, member: MemberModel, revealed: RevealedNumbers? = nil) async throws -> Page {
        let policy = try request.policy
        let path = OrgPath(stored: member.path)
        let detail = try await MemberDetail.load(member, on: request)
        return Page(ShowPage(
            layout: Layout(request, title: member.name), member: detail, canWrite: policy.allows(.memberWrite, at: path),
            canReveal: policy.allows(.memberReveal, at: path), revealed: revealed, isOwn: member.id == policy.actor.memberID,
            canSeeDues: member.id == policy.actor.memberID || policy.allows(.duesRead, at: path),
            canSeeOrganization: policy.allows(.organizationRead, at: path), study: try await StudyRecord.load(member, on: request)).node)
    }

    @Sendable func show(_ request: Request) async throws -> Page {
        let member = try await MemberStore.find(request.parameters.get("id", as: Int.self), for: .memberRead, on: request)
        return try await renderShow(request, member: member)
    }

    @Sendable func me(_ request: Request) async throws -> Response {
        guard let memberID = try request.requireActor().memberID else { throw Abort(.notFound, reason: "您的账号没有关联党员档案") }
        let member = try await MemberStore.find(memberID, for: .memberRead, on: request)
        return try await renderShow(request, member: member).encodeResponse(for: request)
    }

    struct FormPage {
        let layout: Layout
        let memberID: Int?
        let organization: OrganizationSummary?
        let organizations: [SelectOption]
        /// What the form shows in its fields: the record, or what was typed.
        let typed: MemberInput
        let errors: [FieldError]
        let idMask: String?
        let phoneMask: String?
        let genders: [SelectOption]
        let educations: [SelectOption]
        let categories: [SelectOption]
        let memberships: [SelectOption]
    }

    func renderForm(_ request: Request, member: MemberModel?, organization: OrganizationModel?, input: MemberInput,
                    errors: [FieldError]) async throws -> Page {
        var organizations: [SelectOption] = []
        if member == nil {
            let found = try await OrganizationStore.inScope(for: .memberWrite, on: request)
            organizations = SelectOption.organizations(found.filter { $0.kind != .memberHousehold }, selected: organization?.id)
        }
        func options<T: ChineseLabelled>(_ type: T.Type, _ selected: String) -> [SelectOption] {
            SelectOption.list(T.allCases.map { ($0.chinese, $0.chinese) }, selected: selected, blank: "请选择")
        }
        return Page(FormPage(
            layout: Layout(request, title: member.map { "修改\($0.name)的档案" } ?? "新增党员"),
            memberID: member?.id, organization: organization.map(OrganizationSummary.init), organizations: organizations,
            typed: input, errors: errors, idMask: member?.idMask, phoneMask: member?.phoneMask,
            genders: options(Gender.self, input.gender), educations: options(Education.self, input.education),
            categories: options(MemberCategory.self, input.category), memberships: options(Membership.self, input.membership)).node)
    }

    @Sendable func newForm(_ request: Request) async throws -> Page {
        var organization: OrganizationModel?
        if let id = request.query[Int.self, at: "org"] { organization = try await OrganizationStore.find(id, for: .memberWrite, on: request) }
        return try await renderForm(request, member: nil, organization: organization,
                                    input: MemberInput(ethnicity: "汉族", membership: Membership.full.chinese), errors: [])
    }

    struct CreateForm: Content {
        var organizationID: LenientID?
    }

    @Sendable func create(_ request: Request) async throws -> Response {
        let input = try request.content.decode(MemberInput.self)
        let organizationID = try request.content.decode(CreateForm.self).organizationID?.value
        guard let organizationID else {
            return try await renderForm(request, member: nil, organization: nil, input: input,
                                        errors: [FieldError(field: "organizationID", message: "请选择所在党组织")])
                .encodeResponse(status: .unprocessableEntity, for: request)
        }
        let organization = try await OrganizationStore.find(organizationID, for: .memberWrite, on: request)
        do {
            let member = try await MemberEditing.create(in: organization, input, on: request)
            return request.redirect(to: "/members/\(member.id!)?notice=created")
        } catch let failure as ValidationFailure {
            return try await renderForm(request, member: nil, organization: organization, input: input, errors: failure.errors)
                .encodeResponse(status: .unprocessableEntity, for: request)
        } catch let problems as FormProblems {
            return try await renderForm(request, member: nil, organization: organization, input: input, errors: problems.errors)
                .encodeResponse(status: .unprocessableEntity, for: request)
        }
    }

    @Sendable func edit(_ request: Request) async throws -> Page {
        let member = try await MemberStore.find(request.parameters.get("id", as: Int.self), for: .memberWrite, on: request)
        var input = MemberEditing.input(from: member)
        // The day of birth is shown only with the reveal permission; blank keeps the stored date.
        if !(try request.policy.reveals(at: member.orgPath)) { input.birthDate = "" }
        return try await renderForm(request, member: member, organization: nil, input: input, errors: [])
    }

    struct EditFlags: Content {
        var clearPhone: String?
    }

    @Sendable func update(_ request: Request) async throws -> Response {
        let member = try await MemberStore.find(request.parameters.get("id", as: Int.self), for: .memberWrite, on: request)
        let input = try request.content.decode(MemberInput.self)
        let clearPhone = (try? request.content.decode(EditFlags.self).clearPhone) != nil
        do {
            try await MemberEditing.update(member, input, clearPhone: clearPhone, on: request)
            return request.redirect(to: "/members/\(member.id!)?notice=saved")
        } catch let failure as ValidationFailure {
            return try await renderForm(request, member: member, organization: nil, input: input, errors: failure.errors)
                .encodeResponse(status: .unprocessableEntity, for: request)
        } catch let problems as FormProblems {
            return try await renderForm(request, member: member, organization: nil, input: input, errors: problems.errors)
                .encodeResponse(status: .unprocessableEntity, for: request)
        }
    }

    enum Action { case transfer, status, discipline, reveal }

    struct ActionPage {
        let action: Action
        let layout: Layout
        let member: MemberDetail
        let options: [SelectOption]
        let reasons: [SelectOption]
        /// 流入地党组织 choices for a 流动党员: the branches of the member's county.
        let hosts: [SelectOption]
        let today: CalendarDate
        let errors: [FieldError]
    }

    func renderAction(_ request: Request, _ action: Action, title: String, member: MemberModel, options: [SelectOption] = [],
                      errors: [FieldError] = []) async throws -> Page {
        let detail = try await MemberDetail.load(member, on: request)
        var hosts: [SelectOption] = []
        if action == .status {
            var query = OrganizationModel.query(on: request.db).filter(\.$kind ~~ [OrganizationKind.branch, .jointBranch, .temporaryBranch])
                .filter(\.$id != member.organizationID)
            if let county = member.countyID { query = query.filter(\.$countyID == county) }
            hosts = [SelectOption(value: "", label: "（不指定）", selected: member.mobileHostID == nil)]
                + SelectOption.organizations(try await query.sort(\.$path).limit(2000).all(), selected: member.mobileHostID)
        }
        return Page(ActionPage(
            action: action, layout: Layout(request, title: title), member: detail, options: options,
            reasons: SelectOption.list(LeaveReason.options, selected: nil, blank: "（仅出党时填写）"), hosts: hosts,
            today: request.today, errors: errors).node)
    }

    func transferTargets(_ request: Request, member: MemberModel) async throws -> [SelectOption] {
        let found = try await OrganizationStore.inScope(for: .memberWrite, on: request)
        return SelectOption.organizations(found.filter {
            $0.id != member.organizationID && $0.kind != .temporaryBranch && $0.kind != .memberHousehold
        })
    }

    @Sendable func transferForm(_ request: Request) async throws -> Page {
        let member = try await MemberStore.find(request.parameters.get("id", as: Int.self), for: .memberWrite, on: request)
        return try await renderAction(request, .transfer, title: "调整\(member.name)的所在党组织", member: member,
                                      options: transferTargets(request, member: member))
    }

    @Sendable func transfer(_ request: Request) async throws -> Response {
        let member = try await MemberStore.find(request.parameters.get("id", as: Int.self), for: .memberWrite, on: request)
        let input = try request.content.decode(TransferInput.self)
        do {
            try await MemberEditing.transfer(member, to: input.organizationID.flatMap { Int($0) }, on: request)
            return request.redirect(to: "/members/\(member.id!)?notice=transferred")
        } catch let problems as FormProblems {
            return try await renderAction(request, .transfer, title: "调整\(member.name)的所在党组织", member: member,
                                          options: transferTargets(request, member: member), errors: problems.errors)
                .encodeResponse(status: .unprocessableEntity, for: request)
        }
    }

    @Sendable func statusForm(_ request: Request) async throws -> Page {
        let member = try await MemberStore.find(request.parameters.get("id", as: Int.self), for: .memberWrite, on: request)
        return try await renderAction(request, .status, title: "变更\(member.name)的党籍状态", member: member,
                                      options: SelectOption.list(MemberStatus.options, selected: member.status.rawValue))
    }

    @Sendable func changeStatus(_ request: Request) async throws -> Response {
        let member = try await MemberStore.find(request.parameters.get("id", as: Int.self), for: .memberWrite, on: request)
        let input = try request.content.decode(StatusInput.self)
        do {
            try await MemberEditing.changeStatus(member, input, on: request)
            return request.redirect(to: "/members/\(member.id!)?notice=statusChanged")
        } catch let problems as FormProblems {
            return try await renderAction(request, .status, title: "变更\(member.name)的党籍状态", member: member,
                                          options: SelectOption.list(MemberStatus.options, selected: input.status), errors: problems.errors)
                .encodeResponse(status: .unprocessableEntity, for: request)
        }
    }

    @Sendable func disciplineForm(_ request: Request) async throws -> Page {
        let member = try await MemberStore.find(request.parameters.get("id", as: Int.self), for: .memberWrite, on: request)
        return try await renderAction(request, .discipline, title: "\(member.name)：留党察看", member: member)
    }

    @Sendable func discipline(_ request: Request) async throws -> Response {
        let member = try await MemberStore.find(request.parameters.get("id", as: Int.self), for: .memberWrite, on: request)
        do {
            try await MemberDiscipline.apply(try request.content.decode(MemberDiscipline.Input.self), to: member, on: request)
            return request.redirect(to: "/members/\(member.id!)?notice=saved")
        } catch let problems as FormProblems {
            let fresh = try await MemberStore.find(member.id, for: .memberWrite, on: request)
            return try await renderAction(request, .discipline, title: "\(member.name)：留党察看", member: fresh, errors: problems.errors)
                .encodeResponse(status: .unprocessableEntity, for: request)
        }
    }

    @Sendable func revealForm(_ request: Request) async throws -> Page {
        let member = try await MemberStore.find(request.parameters.get("id", as: Int.self), for: .memberReveal, on: request)
        return try await renderAction(request, .reveal, title: "查看完整号码", member: member)
    }

    @Sendable func reveal(_ request: Request) async throws -> Response {
        let member = try await MemberStore.find(request.parameters.get("id", as: Int.self), for: .memberReveal, on: request)
        do {
            let numbers = try await MemberEditing.reveal(member, try request.content.decode(RevealInput.self), on: request)
            return try await renderShow(request, member: member, revealed: numbers).encodeResponse(for: request)
        } catch let problems as FormProblems {
            return try await renderAction(request, .reveal, title: "查看完整号码", member: member, errors: problems.errors)
                .encodeResponse(status: .unprocessableEntity, for: request)
        }
    }
}

/// `/api/v1/members`.
struct MemberAPI: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let members = routes.grouped("members")
        members.api(.GET, requires: .memberRead, summary: "党员名册（负责范围内），可搜索、筛选、分页", query: MemberFilter.self, use: list)
        members.api(.POST, requires: .memberWrite, summary: "登记一名党员", body: CreateInput.self, status: .created,
                    leadsTo: ["/api/v1/members/{id}", "/api/v1/dues/members/{id}"], use: create)
        members.api(.GET, ":id", requires: .memberRead, summary: "党员档案（号码遮蔽）", use: read)
        members.api(.PATCH, ":id", requires: .memberWrite, summary: "修改党员档案：只改所给字段", body: MemberPatch.self, use: update)
        members.api(.POST, ":id", "transfer", requires: .memberWrite, summary: "把党员转到另一党组织（本系统内）", body: TransferBody.self, use: transfer)
        members.api(.POST, ":id", "status", requires: .memberWrite, summary: "登记党员状态变化（流动、出党等）", body: StatusInput.self, use: status)
        members.api(.POST, ":id", "discipline", requires: .memberWrite, summary: "登记留党察看或恢复党员权利", body: MemberDiscipline.Input.self,
                    use: discipline)
        members.api(.POST, ":id", "reveal", requires: .memberReveal, summary: "查看完整身份证号和手机号（须说明理由，留审计）",
                    body: RevealInput.self, use: reveal)
        routes.api(.GET, "me", "record", requires: .ownRecord, summary: "本人的党员档案", use: me)
    }

    @Sendable func list(_ request: Request, _ filter: MemberFilter) async throws -> MemberPage {
        try await MemberStore.list(filter, on: request)
    }

    @Sendable func read(_ request: Request) async throws -> MemberDetail {
        let member = try await MemberStore.find(request.parameters.get("id", as: Int.self), for: .memberRead, on: request)
        return try await MemberDetail.load(member, on: request)
    }

    @Sendable func me(_ request: Request) async throws -> MemberDetail {
        guard let memberID = try request.requireActor().memberID else { throw Abort(.notFound, reason: "您的账号没有关联党员档案") }
        let member = try await MemberStore.find(memberID, for: .memberRead, on: request)
        return try await MemberDetail.load(member, on: request)
    }

    /// The member's fields and, beside them, the organization they are filed in.
    enum FiledIn: PlacementKey { static let field = "organizationID" }
    typealias CreateInput = Placed<FiledIn, MemberInput>

    @Sendable func create(_ request: Request, _ input: CreateInput) async throws -> MemberDetail {
        guard let organizationID = input.organizationID else {
            throw FormProblems(field: "organizationID", "请指定所在党组织（organizationID）")
        }
        let organization = try await OrganizationStore.find(organizationID, for: .memberWrite, on: request)
        let member = try await MemberEditing.create(in: organization, input.input, on: request)
        return try await MemberDetail.load(member, on: request)
    }

    /// Some of the record's fields, each a text or null: the fields present replace the stored ones.
    struct MemberPatch: Decodable, Sendable, APISchemaProviding {
        let fields: [String: String?]

        init(from decoder: any Decoder) throws { fields = try [String: String?](from: decoder) }
        init(fields: [String: String?]) { self.fields = fields }

        static var apiSchema: Schema {
            Schema(type: ["object"], properties: Dictionary(uniqueKeysWithValues: MemberEditing.patchableFields.map { ($0, Schema(type: ["string", "null"])) }),
                   description: "只改所给字段；\"phone\": \"\" 删除手机号；不给 idNumber 则保留原号码")
        }

        static var apiExample: MemberPatch { MemberPatch(fields: [:]) }
    }

    /// Fields present replace the stored ones; `"phone": ""` removes the phone; a missing idNumber keeps it.
    @Sendable func update(_ request: Request, _ body: MemberPatch) async throws -> MemberDetail {
        let member = try await MemberStore.find(request.parameters.get("id", as: Int.self), for: .memberWrite, on: request)
        let patch = body.fields
        let input = MemberEditing.merged(MemberEditing.input(from: member), with: patch)
        let clearPhone = patch.keys.contains("phone") && (patch["phone"].flatMap { $0 }.map(\.isEmpty) ?? true)
        try await MemberEditing.update(member, input, clearPhone: clearPhone, on: request)
        return try await MemberDetail.load(member, on: request)
    }

    struct TransferBody: Content {
        var organizationID: LenientID?
    }

    @Sendable func transfer(_ request: Request, _ body: TransferBody) async throws -> MemberDetail {
        let member = try await MemberStore.find(request.parameters.get("id", as: Int.self), for: .memberWrite, on: request)
        try await MemberEditing.transfer(member, to: body.organizationID?.value, on: request)
        return try await MemberDetail.load(member, on: request)
    }

    @Sendable func status(_ request: Request, _ input: StatusInput) async throws -> MemberDetail {
        let member = try await MemberStore.find(request.parameters.get("id", as: Int.self), for: .memberWrite, on: request)
        try await MemberEditing.changeStatus(member, input, on: request)
        return try await MemberDetail.load(member, on: request)
    }

    @Sendable func discipline(_ request: Request, _ input: MemberDiscipline.Input) async throws -> MemberDetail {
        let member = try await MemberStore.find(request.parameters.get("id", as: Int.self), for: .memberWrite, on: request)
        try await MemberDiscipline.apply(input, to: member, on: request)
        return try await MemberDetail.load(member, on: request)
    }

    @Sendable func reveal(_ request: Request, _ input: RevealInput) async throws -> RevealedNumbers {
        let member = try await MemberStore.find(request.parameters.get("id", as: Int.self), for: .memberReveal, on: request)
        return try await MemberEditing.reveal(member, input, on: request)
    }
}
