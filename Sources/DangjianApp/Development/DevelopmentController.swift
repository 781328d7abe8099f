import DangjianCore
import Fluent
import Vapor

/// 发展党员 pages.
struct DevelopmentPages: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let development = routes.grouped("development")
        development.get(use: index).requires(.memberRead)
        development.get("new", use: newForm).requires(.memberWrite)
        development.post(use: create).requires(.memberWrite)
        development.get(":id", use: show).requires(.memberRead)
        development.post(":id", "steps", use: recordStep).requires(.memberWrite)
        development.post(":id", "reviews", use: review).requires(.memberWrite)
        development.post(":id", "extension", use: extend).requires(.memberWrite)
        development.post(":id", "stop", use: stop).requires(.memberWrite)
        development.get(":id", "notice", use: noticeForm).requires(.memberWrite)
        development.post(":id", "notices", use: publish).requires(.memberWrite)
        development.post(":id", "leaving", use: leaving).requires(.memberWrite)
        development.on(.POST, ":id", "attachments", body: .collect(maxSize: "11mb"), use: attach).requires(.memberWrite)
            .acceptsBody(upTo: 11 * 1_048_576)
        routes.get("notices", use: board).requires(.authenticated)
        routes.get("notices", ":id", use: printNotice).requires(.authenticated)
        routes.post("notices", ":id", "withdraw", use: withdraw).requires(.memberWrite)
        routes.get("todos", use: todos).requires(.authenticated)
    }

    struct IndexPage {
        let layout: Layout
        let funnel: DevelopmentFunnel
        let stage: Int?
        let organization: Int?
        let canWrite: Bool
    }

    @Sendable func index(_ request: Request) async throws -> Page {
        let stage = request.query[Int.self, at: "stage"]
        let organization = request.query[Int.self, at: "org"]
        let funnel = try await DevelopmentViews.funnel(request, organization: organization, stage: stage)
        return Page(IndexPage(layout: Layout(request, title: "发展党员"), funnel: funnel, stage: stage, organization: organization,
                              canWrite: try request.policy.holds(.memberWrite)).node)
    }

    struct NewPage {
        let layout: Layout
        let organizations: [SelectOption]
        /// What was typed into a refused form, or the defaults.
        let typed: ApplicationInput
        let errors: [FieldError]
    }

    func renderNew(_ request: Request, input: ApplicationInput, errors: [FieldError]) async throws -> Page {
        let organizations = try await OrganizationStore.inScope(for: .memberWrite, on: request) {
            $0.filter(\.$kind ~~ [.branch, .jointBranch, .generalBranch, .committee, .workingCommittee])
        }
        return Page(NewPage(layout: Layout(request, title: "登记入党申请"),
                            organizations: SelectOption.organizations(organizations, selected: input.organizationID?.value), typed: input,
                            errors: errors).node)
    }

    @Sendable func newForm(_ request: Request) async throws -> Page {
        try await renderNew(request, input: ApplicationInput(appliedOn: request.today.description), errors: [])
    }

    @Sendable func create(_ request: Request) async throws -> Response {
        let input = try request.content.decode(ApplicationInput.self)
        do {
            let model = try await DevelopmentWork.register(input, on: request)
            return request.redirect(to: "/development/\(model.id!)?notice=created")
        } catch let problems as FormProblems {
            return try await renderNew(request, input: input, errors: problems.errors).encodeResponse(status: .unprocessableEntity, for: request)
        } catch let refusal as RuleRefusal {
            return try await renderNew(request, input: input, errors: [FieldError(field: "appliedOn", message: refusal.reason)])
                .encodeResponse(status: .unprocessableEntity, for: request)
        }
    }

    struct ShowPage {
        let layout: Layout
        let detail: DevelopmentDetail
        let next: Int?
        let nextLabel: String?
        let needsPeople: Bool
        let peopleLabel: String
        let needsConclusion: Bool
        let needsTraining: Bool
        let needsVote: Bool
        /// The roll of a meeting vote: the branch's members with a vote (and, shown apart, those without).
        let voters: [Voter]
        let nonVoters: [Voter]
        let candidates: [SelectOption]
        let canWrite: Bool
        let canReview: Bool
        let canExtendProbation: Bool
        let canExtendApproval: Bool
        let today: CalendarDate
        let errors: [FieldError]
        let earliest: CalendarDate?
    }

    struct Voter {
        let id: Int
        let name: String
        let why: String?
    }

    func renderShow(_ request: Request, model: DevelopmentCaseModel, errors: [FieldError], earliest: CalendarDate? = nil) async throws -> Page {
        let detail = try await DevelopmentViews.detail(model, on: request)
        let development = model.development
        let next = model.closed ? nil : development.nextStep
        let canWrite = try request.policy.allows(.memberWrite, at: OrgPath(stored: model.path))
        var candidates: [SelectOption] = []
        if canWrite, next == .contactsAssigned || next == .sponsorsAssigned {
            let page = try await MemberStore.list(MemberFilter(org: model.organizationID, status: "active", limit: 200), on: request)
            candidates = page.items.filter { $0.membership == .full }.map { SelectOption(value: "\($0.id)", label: $0.name, selected: false) }
        }
        var voters: [Voter] = [], nonVoters: [Voter] = []
        if canWrite, next == .admissionMeeting || next == .conversionMeeting {
            for member in try await DevelopmentWork.voters(branch: model.organizationID, on: request.db) {
                if member.membership != .full {
                    nonVoters.append(Voter(id: member.id!, name: member.name, why: "预备党员，没有表决权"))
                } else if member.disciplinaryProbation?.isInForce(on: request.today) == true {
                    nonVoters.append(Voter(id: member.id!, name: member.name, why: "留党察看期间，没有表决权"))
                } else {
                    voters.append(Voter(id: member.id!, name: member.name, why: nil))
                }
            }
        }
        return Page(ShowPage(
            layout: Layout(request, title: "发展党员：\(model.name)"), detail: detail, next: next?.rawValue,
            nextLabel: next.map { "第 \($0.rawValue) 步 \($0.chinese)" },
            needsPeople: next == .contactsAssigned || next == .sponsorsAssigned,
            peopleLabel: next == .sponsorsAssigned ? "入党介绍人（2 名正式党员）" : "培养联系人（1–2 名正式党员）",
            needsConclusion: next == .politicalReview || next == .applicationTalk || next == .higherTalk,
            needsTraining: next == .intensiveTraining,
            needsVote: next == .admissionMeeting || next == .conversionMeeting, voters: voters, nonVoters: nonVoters,
            candidates: candidates, canWrite: canWrite,
            canReview: canWrite && development.date(.activistRecommendation) != nil && development.date(.candidateDetermination) == nil,
            canExtendProbation: canWrite && development.date(.admissionApproval) != nil && development.date(.conversionMeeting) == nil
                && development.probationExtensionMonths == nil,
            canExtendApproval: canWrite && development.date(.admissionMeeting) != nil && development.date(.admissionApproval) == nil,
            today: request.today, errors: errors, earliest: earliest).node)
    }

    @Sendable func show(_ request: Request) async throws -> Page {
        try await renderShow(request, model: try await DevelopmentWork.find(request.parameters.get("id", as: Int.self), for: .memberRead, on: request), errors: [])
    }

    func onCase(_ request: Request, _ work: (DevelopmentCaseModel) async throws -> Void) async throws -> Response {
        let model = try await DevelopmentWork.find(request.parameters.get("id", as: Int.self), for: .memberWrite, on: request)
        do {
            try await work(model)
            return request.redirect(to: "/development/\(model.id!)?notice=saved")
        } catch let problems as FormProblems {
            let fresh = try await DevelopmentWork.find(model.id, for: .memberWrite, on: request)
            return try await renderShow(request, model: fresh, errors: problems.errors).encodeResponse(status: .unprocessableEntity, for: request)
        } catch let refusal as RuleRefusal {
            let fresh = try await DevelopmentWork.find(model.id, for: .memberWrite, on: request)
            return try await renderShow(request, model: fresh, errors: [FieldError(field: "rule", message: refusal.reason)],
                                        earliest: refusal.refusal.earliest).encodeResponse(status: .unprocessableEntity, for: request)
        }
    }

    @Sendable func recordStep(_ request: Request) async throws -> Response {
        try await onCase(request) { try await DevelopmentWork.record(try request.content.decode(StepInput.self), for: $0, on: request) }
    }

    @Sendable func review(_ request: Request) async throws -> Response {
        try await onCase(request) { try await DevelopmentWork.review(try request.content.decode(DevelopmentWork.ReviewInput.self), for: $0, on: request) }
    }

    @Sendable func extend(_ request: Request) async throws -> Response {
        try await onCase(request) { try await DevelopmentWork.extend(try request.content.decode(DevelopmentWork.ExtensionInput.self), for: $0, on: request) }
    }

    @Sendable func stop(_ request: Request) async throws -> Response {
        try await onCase(request) { try await DevelopmentWork.stop(try request.content.decode(DevelopmentWork.StopInput.self), for: $0, on: request) }
    }

    @Sendable func leaving(_ request: Request) async throws -> Response {
        try await onCase(request) { try await DevelopmentWork.leaving(try request.content.decode(DevelopmentWork.LeavingInput.self), for: $0, on: request) }
    }

    @Sendable func attach(_ request: Request) async throws -> Response {
        try await onCase(request) { _ = try await DevelopmentWork.attach(request, to: $0) }
    }

    struct NoticeFormPage {
        let layout: Layout
        let detail: DevelopmentDetail
        let title: String?
        let body: String?
        let startsOn: CalendarDate
        let endsOn: CalendarDate?
        let errors: [FieldError]
    }

    func renderNoticeForm(_ request: Request, model: DevelopmentCaseModel, input: DevelopmentNotices.Input, errors: [FieldError]) async throws -> Page {
        let detail = try await DevelopmentViews.detail(model, on: request)
        let startsOn = input.startsOn.flatMap(CalendarDate.init(parsing:)) ?? request.today
        let draft = DevelopmentNotices.draft(for: model, organizationName: detail.summary.organizationName, startsOn: startsOn,
                                             rules: request.services.rules)
        return Page(NoticeFormPage(
            layout: Layout(request, title: draft?.1 ?? "公示"), detail: detail, title: draft?.1, body: input.body ?? draft?.2,
            startsOn: startsOn, endsOn: draft?.3, errors: errors).node)
    }

    /// 公示 — the draft of the notice due now, to adjust and publish.
    @Sendable func noticeForm(_ request: Request) async throws -> Page {
        let model = try await DevelopmentWork.find(request.parameters.get("id", as: Int.self), for: .memberWrite, on: request)
        return try await renderNoticeForm(request, model: model, input: .init(), errors: [])
    }

    @Sendable func publish(_ request: Request) async throws -> Response {
        let model = try await DevelopmentWork.find(request.parameters.get("id", as: Int.self), for: .memberWrite, on: request)
        let input = try request.content.decode(DevelopmentNotices.Input.self)
        do {
            let notice = try await DevelopmentNotices.publish(input, for: model, on: request)
            return request.redirect(to: "/notices/\(notice.id!)?notice=saved")
        } catch let problems as FormProblems {
            return try await renderNoticeForm(request, model: model, input: input, errors: problems.errors)
                .encodeResponse(status: .unprocessableEntity, for: request)
        }
    }

    struct BoardPage {
        let layout: Layout
        let notices: [NoticeView]
    }

    @Sendable func board(_ request: Request) async throws -> Page {
        Page(BoardPage(layout: Layout(request, title: "公示栏"), notices: try await DevelopmentNotices.board(on: request)).node)
    }

    struct PrintPage {
        let layout: Layout
        let notice: NoticeView
        let canWithdraw: Bool
        let errors: [FieldError]
    }

    func renderNotice(_ request: Request, _ notice: DevelopmentNoticeModel, errors: [FieldError]) async throws -> Page {
        let view = try await DevelopmentNotices.views([notice], on: request)[0]
        let canWithdraw = try !notice.withdrawn && request.policy.allows(.memberWrite, at: OrgPath(stored: notice.path))
        return Page(PrintPage(layout: Layout(request, title: notice.title), notice: view, canWithdraw: canWithdraw, errors: errors).node)
    }

    @Sendable func printNotice(_ request: Request) async throws -> Page {
        try await renderNotice(request, try await DevelopmentNotices.find(request.parameters.get("id", as: Int.self), on: request), errors: [])
    }

    @Sendable func withdraw(_ request: Request) async throws -> Response {
        let notice = try await DevelopmentNotices.find(request.parameters.get("id", as: Int.self), on: request)
        guard try request.policy.allows(.memberWrite, at: OrgPath(stored: notice.path)) else {
            await request.auditDenied("notice.withdraw", target: "notice", id: notice.id, detail: "超出管理范围（维护党员）")
            throw Abort(.notFound, reason: "没有找到该公示")
        }
        do {
            try await DevelopmentNotices.withdraw(notice, try request.content.decode(DevelopmentNotices.WithdrawInput.self), on: request)
            return request.redirect(to: "/notices/\(notice.id!)?notice=saved")
        } catch let problems as FormProblems {
            return try await renderNotice(request, notice, errors: problems.errors).encodeResponse(status: .unprocessableEntity, for: request)
        }
    }

    struct ToDoPage {
        let layout: Layout
        let items: [ToDoService.Item]
    }

    @Sendable func todos(_ request: Request) async throws -> Page {
        Page(ToDoPage(layout: Layout(request, title: "待办"), items: try await ToDoService.todos(on: request)).node)
    }
}

/// `/api/v1/development` and `/api/v1/todos`.
