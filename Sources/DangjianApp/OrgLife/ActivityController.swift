import DangjianCore
import DangjianDocuments
import Fluent
import Vapor

/// Organizational life pages: plan, sign in, record, report, compliance.
struct ActivityPages: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let activities = routes.grouped("activities")
        activities.get(use: index).requires(.activityRead)
        activities.get("new", use: newForm).requires(.activityWrite)
        activities.post(use: create).requires(.activityWrite)
        activities.get("ledger", use: ledger).requires(.activityRead)
        activities.get(":id", use: show).requires(.activityRead)
        activities.get(":id", "edit", use: editForm).requires(.activityWrite)
        activities.post(":id", "edit", use: edit).requires(.activityWrite)
        activities.post(":id", "review", use: review).requires(.activityWrite)
        activities.post(":id", "open", use: open).requires(.activityWrite)
        activities.get(":id", "screen", use: screen).requires(.activityWrite)
        activities.post(":id", "attendance", use: attendance).requires(.activityWrite)
        activities.post(":id", "minutes", use: minutes).requires(.activityWrite)
        activities.post(":id", "followups", use: addFollowUp).requires(.activityWrite)
        activities.post(":id", "followups", ":item", "close", use: closeFollowUp).requires(.activityWrite)
        activities.on(.POST, ":id", "attachments", body: .collect(maxSize: "21mb"), use: attach).requires(.activityWrite)
            .acceptsBody(upTo: 21 * 1_048_576)
        activities.post(":id", "cancel", use: cancel).requires(.activityWrite)
        activities.post(":id", "guidance", use: guide).requires(.activityRead)
        activities.get(":id", "report", use: report).requires(.activityRead)
        activities.get(":id", "report.docx", use: reportDocument).requires(.activityRead)
        routes.get("checkin", use: checkInForm).requires(.authenticated)
        routes.post("checkin", use: checkIn).requires(.authenticated)
        routes.get("compliance", use: compliance).requires(.activityRead)
        routes.get("board", use: board).requires(.activityRead)
    }

    struct IndexPage {
        let layout: Layout
        let activities: [ActivitySummary]
        /// How many match the filter in all, and which of them this page shows.
        let total: Int
        let firstShown: Int
        let canWrite: Bool
        let kinds: [SelectOption]
        let states: [SelectOption]
        let filter: ActivityViews.Filter
        let nextLink: String?
        let firstLink: String?
    }

    @Sendable func index(_ request: Request) async throws -> Page {
        let filter = try request.query.decode(ActivityViews.Filter.self)
        let page = try await ActivityViews.page(filter, limit: 50, on: request)
        let shownBefore = (try? request.query.get(Int.self, at: "shown")) ?? 0
        var next = page.next.map { request.link(setting: "after", to: $0) }
        if let link = next, var components = URLComponents(string: link) {
            components.queryItems = (components.queryItems ?? []).filter { $0.name != "shown" } + [URLQueryItem(name: "shown", value: "\(shownBefore + page.items.count)")]
            next = components.string
        }
        return Page(IndexPage(
            layout: Layout(request, title: "组织生活"), activities: page.items, total: page.total,
            firstShown: min(max(shownBefore, 0), page.total) + (page.items.isEmpty ? 0 : 1),
            canWrite: try request.policy.holds(.activityWrite),
            kinds: SelectOption.list(ActivityKind.allCases.map { ($0.rawValue, $0.chinese) }, selected: filter.kind, blank: "全部类型"),
            states: SelectOption.list(ActivityModel.State.allCases.map { ($0.rawValue, $0.chinese) }, selected: filter.state, blank: "全部状态"),
            filter: filter, nextLink: next,
            firstLink: filter.after == nil ? nil : "/activities" + MemberPages.prefixed(request.query(without: ["after", "shown"]))).node)
    }

    struct FormPage {
        let layout: Layout
        let organizations: [SelectOption]
        let organizationID: Int?
        let kinds: [SelectOption]
        let members: [SelectOption]
        /// The same people, with the host, the recorder and the participants typed into a refused form chosen again.
        let hosts: [SelectOption]
        let recorders: [SelectOption]
        let participants: [SelectOption]
        /// What the form shows: what was typed into a refused form, or the choices so far.
        let typed: ActivityInput
        let today: CalendarDate
        let errors: [FieldError]
    }

    func renderForm(_ request: Request, input: ActivityInput, errors: [FieldError]) async throws -> Page {
        let organizations = try await OrganizationStore.inScope(for: .activityWrite, on: request, limit: 500) {
            $0.filter(\.$kind ~~ [OrganizationKind.branch, .jointBranch, .temporaryBranch, .generalBranch, .group, .committee, .workingCommittee])
        }
        let chosen = input.organizationID?.value ?? (organizations.count == 1 ? organizations[0].id : nil)
        var members: [SelectOption] = []
        if let chosen, let organization = organizations.first(where: { $0.id == chosen }) {
            members = try await MemberStore.choices(under: organization.orgPath, on: request.db)
                .map { SelectOption(value: "\($0.id)", label: $0.name, selected: false) }
        }
        return Page(FormPage(
            layout: Layout(request, title: "安排组织生活"), organizations: SelectOption.organizations(organizations, selected: chosen),
            organizationID: chosen, kinds: SelectOption.list(ActivityKind.allCases.map { ($0.rawValue, $0.chinese) }, selected: input.kind),
            members: members, hosts: Self.choosing(input.hostMemberID?.value, among: members),
            recorders: Self.choosing(input.recorderMemberID?.value, among: members),
            participants: members.map { option in
                SelectOption(value: option.value, label: option.label,
                             selected: (input.participants ?? []).contains { $0.value.map(String.init) == option.value })
            },
            typed: input, today: request.today, errors: errors).node)
    }

    static func choosing(_ id: Int?, among people: [SelectOption]) -> [SelectOption] {
        people.map { SelectOption(value: $0.value, label: $0.label, selected: id.map(String.init) == $0.value) }
    }

    @Sendable func newForm(_ request: Request) async throws -> Page {
        try await renderForm(request, input: try request.query.decode(ActivityInput.self), errors: [])
    }

    @Sendable func create(_ request: Request) async throws -> Response {
        let input = try request.content.decode(ActivityInput.self)
        do {
            let model = try await ActivityWork.plan(input, on: request)
            return request.redirect(to: "/activities/\(model.id!)?notice=created")
        } catch let problems as FormProblems {
            return try await renderForm(request, input: input, errors: problems.errors).encodeResponse(status: .unprocessableEntity, for: request)
        }
    }

    struct ShowPage {
        let layout: Layout
        /// What the forms show: the record, or what was typed into a refused form.
        let detail: ActivityDetail
        /// What is saved.
        let saved: ActivityDetail
        let canWrite: Bool
        let canGuide: Bool
        let canOpen: Bool
        let canEdit: Bool
        let canRecord: Bool
        /// A meeting whose sign-in has not opened: the roll is not shown yet (only how many are expected).
        let rollHidden: Bool
        let members: [SelectOption]
        let speakers: [SelectOption]
        let statuses: [SelectOption]
        let today: CalendarDate
        let errors: [FieldError]
    }

    func renderShow(_ request: Request, model: ActivityModel, errors: [FieldError], draft: MinutesInput? = nil) async throws -> Page {
        let saved = try await ActivityViews.detail(model, on: request)
        var detail = saved
        if let draft { detail.show(draft) }
        let path = OrgPath(stored: model.path)
        let policy = try request.policy
        let canWrite = policy.allows(.activityWrite, at: path)
        let canGuide = model.state == .open && policy.scopes(for: .activityRead).contains { $0.contains(path) && $0 != path }
        var members: [SelectOption] = []
        if canWrite {
            // The meeting carries its organization's path: the choices need nothing else of it.
            members = try await MemberStore.choices(under: path, on: request.db)
                .map { SelectOption(value: "\($0.id)", label: $0.name, selected: false) }
        }
        let opening = model.state == .planned
            ? ActivityWork.opening(of: model, rules: request.services.rules).verdict(at: .init(request.now, calendar: request.today)) : .over
        let canRecord = canWrite && model.state != .cancelled && model.onDate <= request.today
        let chosen = draft.map { Set(($0.speakers ?? []).compactMap(\.value)) }
        let speakers = detail.attendance.map { person in
            SelectOption(value: String(person.memberID), label: person.name,
                         selected: chosen.map { $0.contains(person.memberID) } ?? saved.speakers.contains(person.name))
        }
        return Page(ShowPage(
            layout: Layout(request, title: "\(model.kind.chinese)：\(model.topic)"), detail: detail, saved: saved, canWrite: canWrite,
            canGuide: canGuide, canOpen: canWrite && opening == .allowed, canEdit: canWrite && model.state == .planned, canRecord: canRecord,
            rollHidden: detail.signInOpens != nil && !canRecord, members: members, speakers: speakers,
            statuses: AttendanceStatus.allCases.filter { $0 != .expected }.map { SelectOption(value: $0.rawValue, label: $0.chinese, selected: false) },
            today: request.today, errors: errors).node)
    }

    @Sendable func show(_ request: Request) async throws -> Page {
        try await renderShow(request, model: try await ActivityWork.find(request.parameters.get("id", as: Int.self), for: .activityRead, on: request), errors: [])
    }

    func onActivity(_ request: Request, permission: Permission = .activityWrite, then target: ((ActivityModel) -> String)? = nil,
                    _ work: (ActivityModel) async throws -> Void) async throws -> Response {
        let model = try await ActivityWork.find(request.parameters.get("id", as: Int.self), for: permission, on: request)
        do {
            try await work(model)
            return request.redirect(to: target?(model) ?? "/activities/\(model.id!)?notice=saved")
        } catch let problems as FormProblems {
            let fresh = try await ActivityWork.find(model.id, for: permission, on: request)
            return try await renderShow(request, model: fresh, errors: problems.errors).encodeResponse(status: .unprocessableEntity, for: request)
        }
    }

    @Sendable func open(_ request: Request) async throws -> Response {
        try await onActivity(request, then: { "/activities/\($0.id!)/screen" }) { try await ActivityWork.open($0, on: request) }
    }

    @Sendable func attendance(_ request: Request) async throws -> Response {
        try await onActivity(request) { try await ActivityWork.mark(try request.content.decode(AttendanceInput.self), for: $0, on: request) }
    }

    /// The meeting page's one form: the roll and the record together. With nothing of the record filled in, only the
    /// roll is saved (before the minutes are written); a refused form comes back with everything as typed.
    @Sendable func minutes(_ request: Request) async throws -> Response {
        let input = try request.content.decode(MinutesInput.self)
        let model = try await ActivityWork.find(request.parameters.get("id", as: Int.self), for: .activityWrite, on: request)
        do {
            if input.recordsNothing && model.state != .held {
                try await ActivityWork.mark(AttendanceInput(attendance: input.attendance, reason: input.reason), for: model, on: request)
                return request.redirect(to: "/activities/\(model.id!)?notice=attendanceSaved")
            }
            try await ActivityWork.record(input, for: model, on: request)
            return request.redirect(to: "/activities/\(model.id!)?notice=saved")
        } catch let problems as FormProblems {
            let fresh = try await ActivityWork.find(model.id, for: .activityWrite, on: request)
            return try await renderShow(request, model: fresh, errors: problems.errors, draft: input)
                .encodeResponse(status: .unprocessableEntity, for: request)
        }
    }

    @Sendable func addFollowUp(_ request: Request) async throws -> Response {
        try await onActivity(request) { try await ActivityWork.addFollowUp(try request.content.decode(FollowUpInput.self), to: $0, on: request) }
    }

    @Sendable func closeFollowUp(_ request: Request) async throws -> Response {
        try await onActivity(request) { model in
            let item = try await ActivityAPI.followUp(request, of: model)
            try await ActivityWork.closeFollowUp(try request.content.decode(CloseFollowUpInput.self), item: item, on: request)
        }
    }

    @Sendable func attach(_ request: Request) async throws -> Response {
        try await onActivity(request) { _ = try await ActivityWork.attach(request, to: $0) }
    }

    @Sendable func review(_ request: Request) async throws -> Response {
        try await onActivity(request) { try await DemocraticReviewWork.record(try request.content.decode(DemocraticReviewWork.Input.self), for: $0, on: request) }
    }

    @Sendable func ledger(_ request: Request) async throws -> Response {
        try await ActivityLedger.respond(try request.query.decode(ActivityLedger.Query.self), on: request)
    }

    @Sendable func cancel(_ request: Request) async throws -> Response {
        try await onActivity(request) { try await ActivityWork.cancel(try request.content.decode(ActivityWork.CancelInput.self), for: $0, on: request) }
    }

    @Sendable func guide(_ request: Request) async throws -> Response {
        try await onActivity(request, permission: .activityRead, then: { _ in "/board?notice=saved" }) {
            try await ActivityWork.guide(try request.content.decode(ActivityWork.GuidanceInput.self), to: $0, on: request)
        }
    }

    struct ReportPage {
        let layout: Layout
        let id: Int
        let report: ActivityReportView
    }

    @Sendable func report(_ request: Request) async throws -> Page {
        let model = try await ActivityWork.find(request.parameters.get("id", as: Int.self), for: .activityRead, on: request)
        let report = try await ActivityReportView.build(model, on: request)
        return Page(ReportPage(layout: Layout(request, title: report.title), id: model.id!, report: report).node)
    }

    @Sendable func reportDocument(_ request: Request) async throws -> Response {
        try await ActivityReportView.document(try await ActivityWork.find(request.parameters.get("id", as: Int.self), for: .activityRead, on: request), on: request)
    }

    struct CompliancePage {
        let layout: Layout
        let grid: ComplianceGrid
        let months: [Int]
        /// This month when the grid is this year's (0 otherwise): a phone scrolls it next to the organization column.
        let currentMonth: Int
        let nextLink: String?
    }

    @Sendable func compliance(_ request: Request) async throws -> Page {
        let query = try request.query.decode(ActivityAPI.ComplianceQuery.self)
        let grid = try await ComplianceService.grid(request, organizationID: query.organizationID?.value, year: query.year, after: query.after)
        return Page(CompliancePage(
            layout: Layout(request, title: "组织生活落实情况"), grid: grid, months: Array(1...12),
            currentMonth: grid.year == request.today.year ? request.today.month : 0,
            nextLink: grid.next.map { request.link(setting: "after", to: $0) }).node)
    }

    struct BoardPage {
        let layout: Layout
        let board: [ActivityLive.Snapshot]
    }

    @Sendable func board(_ request: Request) async throws -> Page {
        Page(BoardPage(layout: Layout(request, title: "组织生活实时看板"), board: try await ActivityLive.board(on: request)).node)
    }
}

/// `/api/v1/activities`, `/api/v1/compliance`, `/api/v1/board`, `/api/v1/checkin`.
