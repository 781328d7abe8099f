import DangjianCore
import DangjianHTML
import Fluent
import Vapor

/// 三务公开 pages: the committee's list and schedule, drafting, review, publishing and corrections, answering
/// questions; a member's or resident's question; the public page of one publication (the same for everyone).
struct PublicityPages: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let publicity = routes.grouped("publicity")
        publicity.get(use: list).requires(.publicityWrite)
        publicity.get("new", use: newForm).requires(.publicityWrite)
        publicity.post(use: create).requires(.publicityWrite)
        publicity.get("mine", use: mine).requires(.ownRequests)
        publicity.get(":id", use: show).requires(.publicityWrite)
        publicity.get(":id", "edit", use: editForm).requires(.publicityWrite)
        publicity.post(":id", "edit", use: edit).requires(.publicityWrite)
        publicity.post(":id", "review", use: review).requires(.publicityWrite)
        publicity.post(":id", "publish", use: publish).requires(.publicityWrite)
        publicity.post(":id", "correct", use: correct).requires(.publicityWrite)
        publicity.post("questions", ":question", "answer", use: answer).requires(.publicityWrite)
        publicity.get(":id", "ask", use: askForm).requires(.ownRequests)
        publicity.post(":id", "ask", use: ask).requires(.ownRequests)
        publicity.on(.POST, ":id", "attachments", body: .collect(maxSize: "11mb"), use: attach).requires(.publicityWrite)
        publicity.post(":id", "attachments", ":file", "delete", use: removeFile).requires(.publicityWrite)
        routes.get("public", "publicity", ":id", use: publicPage).requires(.public)
        routes.get("public", "publicity", ":id", "files", ":file", use: publicFile).requires(.public)
    }

    // MARK: - The committee's list

    struct ListPage {
        let layout: Layout
        let listing: PublicityViews.Listing
        let organizationID: Int?
    }

    @Sendable func list(_ request: Request) async throws -> Page {
        let query = try request.query.decode(PublicityViews.ListQuery.self)
        return Page(ListPage(layout: Layout(request, title: "三务公开"), listing: try await PublicityViews.listing(query, on: request),
                             organizationID: query.organizationID).node)
    }

    // MARK: - Drafting

    struct FormPage {
        let layout: Layout
        /// nil for a new draft.
        let id: Int?
        let organizations: [SelectOption]
        let kinds: [SelectOption]
        let typed: PublicityWork.Input
        let errors: [FieldError]
        /// The correction's reason, shown above the form of a corrected version.
        let correctionReason: String?
    }

    struct NewQuery: Content {
        var organization: Int?
        var kind: String?
        var period: String?
    }

    func renderForm(_ request: Request, id: Int?, typed: PublicityWork.Input, errors: [FieldError] = [], correctionReason: String? = nil) async throws -> Page {
        var organizations: [OrganizationModel] = []
        for scope in try request.policy.scopes(for: .publicityWrite) {
            organizations += try await PublicityViews.publishers(under: scope, on: request.db)
        }
        if organizations.isEmpty, let root = try await OrganizationStore.scopeRoots(for: .publicityWrite, on: request).first {
            organizations = [root]
        }
        return Page(FormPage(
            layout: Layout(request, title: id == nil ? "起草三务公开" : "修改三务公开"), id: id,
            organizations: SelectOption.organizations(organizations, selected: typed.organizationID ?? organizations.first?.id),
            kinds: SelectOption.list(PublicityKind.allCases.map { ($0.rawValue, $0.chinese) }, selected: typed.kind ?? PublicityKind.party.rawValue),
            typed: typed, errors: errors, correctionReason: correctionReason).node)
    }

    @Sendable func newForm(_ request: Request) async throws -> Page {
        let query = try request.query.decode(NewQuery.self)
        return try await renderForm(request, id: nil, typed: .init(organizationID: query.organization, kind: query.kind, period: query.period))
    }

    @Sendable func create(_ request: Request) async throws -> Response {
        let input = try request.content.decode(PublicityWork.FormInput.self).input
        do {
            let model = try await PublicityWork.create(input, on: request)
            return request.redirect(to: "/publicity/\(try model.requireID())?notice=drafted")
        } catch let problems as FormProblems {
            return try await renderForm(request, id: nil, typed: input, errors: problems.errors).encodeResponse(status: .unprocessableEntity, for: request)
        }
    }

    @Sendable func editForm(_ request: Request) async throws -> Page {
        let model = try await PublicityViews.find(request.parameters.get("id", as: Int.self), on: request)
        let view = try await PublicityViews.view(model, keeper: true, on: request)
        guard view.canEdit else { throw Abort(.conflict, reason: PublicationRefusal.notDraft(model.state).message) }
        return try await renderForm(request, id: view.id, typed: Self.typed(view), correctionReason: view.correctionReason)
    }

    /// A stored publication as the form shows it.
    static func typed(_ view: PublicityViews.View) -> PublicityWork.Input {
        PublicityWork.Input(
            organizationID: view.organizationID, kind: view.kind.rawValue, period: view.period, title: view.title,
            items: view.items.map { PublicityWork.Item(title: $0.title, text: $0.text) },
            opening: view.finance.map { $0.opening.replacingOccurrences(of: ",", with: "") },
            closing: view.finance.map { $0.closing.replacingOccurrences(of: ",", with: "") },
            lines: view.finance?.lines.map { PublicityWork.Line(direction: $0.direction.rawValue, subject: $0.subject,
                                                                amount: $0.amount.replacingOccurrences(of: ",", with: "")) })
    }

    @Sendable func edit(_ request: Request) async throws -> Response {
        let model = try await PublicityViews.find(request.parameters.get("id", as: Int.self), on: request)
        let input = try request.content.decode(PublicityWork.FormInput.self).input
        do {
            try await PublicityWork.edit(model, input, on: request)
            return request.redirect(to: "/publicity/\(try model.requireID())?notice=saved")
        } catch let problems as FormProblems {
            var typed = input
            typed.organizationID = model.organizationID
            return try await renderForm(request, id: model.id, typed: typed, errors: problems.errors, correctionReason: model.correctionReason)
                .encodeResponse(status: .unprocessableEntity, for: request)
        }
    }

    // MARK: - One publication, for the committee

    struct ShowPage {
        let layout: Layout
        let publication: PublicityViews.View
        let errors: [FieldError]
        var typedNote = ""
        var typedReason = ""
        var typedAnswers: [Int: String] = [:]
    }

    func renderShow(_ request: Request, _ model: PublicationModel, errors: [FieldError] = [], typed: (inout ShowPage) -> Void = { _ in }) async throws -> Page {
        let view = try await PublicityViews.view(model, keeper: true, on: request)
        var page = ShowPage(layout: Layout(request, title: view.title), publication: view, errors: errors)
        typed(&page)
        return Page(page.node)
    }

    @Sendable func show(_ request: Request) async throws -> Page {
        try await renderShow(request, try await PublicityViews.find(request.parameters.get("id", as: Int.self), on: request))
    }

    private func step(_ request: Request, notice: String, typed: @escaping (inout ShowPage) -> Void = { _ in },
                      _ work: @Sendable (PublicationModel) async throws -> Int) async throws -> Response {
        let model = try await PublicityViews.find(request.parameters.get("id", as: Int.self), on: request)
        do {
            let target = try await work(model)
            return request.redirect(to: "/publicity/\(target)?notice=\(notice)")
        } catch let problems as FormProblems {
            return try await renderShow(request, model, errors: problems.errors, typed: typed).encodeResponse(status: .unprocessableEntity, for: request)
        }
    }

    @Sendable func review(_ request: Request) async throws -> Response {
        let input = try request.content.decode(PublicityWork.ReviewInput.self)
        return try await step(request, notice: "reviewed", typed: { $0.typedNote = input.note ?? "" }) { model in
            try await PublicityWork.review(model, input, on: request)
            return try model.requireID()
        }
    }

    @Sendable func publish(_ request: Request) async throws -> Response {
        try await step(request, notice: "published") { model in
            try await PublicityWork.publish(model, on: request)
            return try model.requireID()
        }
    }

    @Sendable func attach(_ request: Request) async throws -> Response {
        try await step(request, notice: "saved") { model in
            _ = try await PublicityFiles.attach(request, to: model)
            return try model.requireID()
        }
    }

    @Sendable func removeFile(_ request: Request) async throws -> Response {
        try await step(request, notice: "saved") { model in
            try await PublicityFiles.remove(request, from: model, file: request.parameters.get("file", as: Int.self))
            return try model.requireID()
        }
    }

    @Sendable func publicFile(_ request: Request) async throws -> Response { try await PublicityFiles.servePublic(request) }

    @Sendable func correct(_ request: Request) async throws -> Response {
        let input = try request.content.decode(PublicityWork.CorrectInput.self)
        return try await step(request, notice: "corrected", typed: { $0.typedReason = input.reason ?? "" }) { model in
            try await PublicityWork.correct(model, input, on: request).requireID()
        }
    }

    @Sendable func answer(_ request: Request) async throws -> Response {
        let input = try request.content.decode(PublicityWork.AnswerInput.self)
        let questionID = request.parameters.get("question", as: Int.self)
        do {
            let model = try await PublicityWork.answer(questionID, input, on: request)
            return request.redirect(to: "/publicity/\(try model.requireID())?notice=replied")
        } catch let problems as FormProblems {
            guard let questionID, let question = try await PublicityQuestionModel.find(questionID, on: request.db) else { throw problems }
            let model = try await PublicityViews.find(question.publicationID, on: request)
            return try await renderShow(request, model, errors: problems.errors) { $0.typedAnswers[questionID] = input.answer ?? "" }
                .encodeResponse(status: .unprocessableEntity, for: request)
        }
    }

    // MARK: - Members and residents

    /// 三务公开 of the caller's own village or community: its public page.
    @Sendable func mine(_ request: Request) async throws -> Response {
        let actor = try request.requireActor()
        guard let home = try await DemandWork.home(of: actor, on: request.db) else {
            throw Abort(.notFound, reason: "您的账号没有所属的村（社区）或党组织")
        }
        let ids = home.orgPath.ids
        let found = try await OrganizationModel.query(on: request.db).filter(\.$id ~~ ids).all()
        let chain = ids.compactMap { id in found.first { $0.id == id } }
        // The top of the caller's village or community: the first one in it whose parent is of another sector.
        let publisher = chain.enumerated().first { index, organization in
            (organization.sector == .village || organization.sector == .community) && (index == 0 || chain[index - 1].sector != organization.sector)
        }?.element ?? home
        return request.redirect(to: "/public/organizations/\(try publisher.requireID())#publicity")
    }

    struct AskPage {
        let layout: Layout
        let publication: PublicityViews.View
        let typed: String
        let errors: [FieldError]
    }

    @Sendable func askForm(_ request: Request) async throws -> Page {
        let model = try await PublicityViews.findPublic(request.parameters.get("id", as: Int.self), on: request.db)
        return Page(AskPage(layout: Layout(request, title: "对公开内容提问"), publication: try await PublicityViews.view(model, keeper: false, on: request),
                            typed: "", errors: []).node)
    }

    @Sendable func ask(_ request: Request) async throws -> Response {
        let model = try await PublicityViews.findPublic(request.parameters.get("id", as: Int.self), on: request.db)
        let input = try request.content.decode(PublicityWork.QuestionInput.self)
        do {
            _ = try await PublicityWork.ask(model, input, on: request)
            return request.redirect(to: "/publicity/\(try model.requireID())/ask?notice=asked")
        } catch let problems as FormProblems {
            return try await Page(AskPage(layout: Layout(request, title: "对公开内容提问"),
                                          publication: try await PublicityViews.view(model, keeper: false, on: request),
                                          typed: input.text ?? "", errors: problems.errors).node)
                .encodeResponse(status: .unprocessableEntity, for: request)
        }
    }

    // MARK: - The public page

    struct PublicPage {
        let layout: Layout
        let publication: PublicityViews.View
    }

    @Sendable func publicPage(_ request: Request) async throws -> Response {
        let model = try await PublicityViews.findPublic(request.parameters.get("id", as: Int.self), on: request.db)
        let view = try await PublicityViews.view(model, keeper: false, on: request)
        let response = try await Page(PublicPage(layout: Layout(public: request, title: view.title), publication: view).node).encodeResponse(for: request)
        response.headers.replaceOrAdd(name: "X-Public-Page", value: "1")
        return response
    }
}
