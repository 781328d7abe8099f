import DangjianCore
import DangjianHTML
import Fluent
import Vapor

/// 我的诉求 (members and residents) and 诉求办理 (the organization): the pages of the suggestion-and-demand loop.
struct DemandPages: RouteCollection {
    static let uploadLimit = DemandWork.maximumPhotos * DemandWork.maximumPhotoBytes + 1_048_576

    func boot(routes: any RoutesBuilder) throws {
        let requests = routes.grouped("requests")
        requests.get(use: mine).requires(.ownRequests)
        requests.get("new", use: newForm).requires(.ownRequests)
        requests.on(.POST, body: .collect(maxSize: ByteCount(value: Self.uploadLimit)), use: submit).requires(.ownRequests)
            .acceptsBody(upTo: Self.uploadLimit)
        requests.get(":id", use: showOwn).requires(.ownRequests)
        requests.post(":id", "rate", use: rate).requires(.ownRequests)
        let demands = routes.grouped("demands")
        demands.get(use: handling).requires(.requestHandle)
        demands.get("report", use: report).requires(.requestHandle)
        demands.get(":id", use: showHandled).requires(.requestHandle)
        demands.post(":id", "accept", use: accept).requires(.requestHandle)
        demands.post(":id", "pass", use: passOn).requires(.requestHandle)
        demands.post(":id", "answer", use: answer).requires(.requestHandle)
    }

    // MARK: - The submitter's pages

    struct MinePage {
        let layout: Layout
        let items: [DemandWork.Summary]
    }

    @Sendable func mine(_ request: Request) async throws -> Page {
        Page(MinePage(layout: Layout(request, title: "我的诉求"), items: try await DemandWork.mine(on: request)).node)
    }

    struct FormPage {
        let layout: Layout
        let kinds: [SelectOption]
        let categories: [SelectOption]
        let organizations: [SelectOption]
        let typed: DemandWork.SubmitInput
        let errors: [FieldError]
    }

    struct PhotoUpload: Content {
        var photos: [File]?
    }

    func renderForm(_ request: Request, typed: DemandWork.SubmitInput = .init(), errors: [FieldError] = []) async throws -> Page {
        let organizations = try await DemandWork.addressable(by: try request.requireActor(), on: request.db)
        return Page(FormPage(
            layout: Layout(request, title: "提交诉求或建议"),
            kinds: SelectOption.list(DemandKind.allCases.map { ($0.rawValue, $0.chinese) }, selected: typed.kind ?? DemandKind.demand.rawValue),
            categories: SelectOption.list(DemandCategory.allCases.map { ($0.rawValue, $0.chinese) }, selected: typed.category, blank: "请选择"),
            organizations: organizations.enumerated().map { index, organization in
                SelectOption(value: "\(organization.id ?? 0)", label: (index == 0 ? "本村（社区）：" : "上级：") + organization.name,
                             selected: organization.id == (typed.organizationID ?? organizations.first?.id))
            },
            typed: typed, errors: errors).node)
    }

    @Sendable func newForm(_ request: Request) async throws -> Page { try await renderForm(request) }

    @Sendable func submit(_ request: Request) async throws -> Response {
        try AttachmentStore.refuseOversized(request, maximumBytes: Self.uploadLimit)
        let input = try request.content.decode(DemandWork.SubmitInput.self)
        let photos = (try? request.content.decode(PhotoUpload.self).photos) ?? []
        do {
            let (model, _) = try await DemandWork.submit(input, photos: photos, on: request)
            return request.redirect(to: "/requests/\(try model.requireID())?notice=submitted")
        } catch let problems as FormProblems {
            return try await renderForm(request, typed: input, errors: problems.errors).encodeResponse(status: .unprocessableEntity, for: request)
        }
    }

    struct ShowPage {
        let layout: Layout
        let demand: DemandWork.View
        /// The submitter's page (rating) or the organization's (handling).
        let own: Bool
        let passTargets: [SelectOption]
        let errors: [FieldError]
        /// What was typed into a form that was refused, shown again.
        var typedRate = DemandWork.RateInput()
        var typedAnswer = DemandWork.AnswerInput()
        var typedPass = DemandWork.PassOnInput()
        /// A matter for the village to decide by 四议两公开 may start from this request.
        var canPropose = false
    }

    func renderShow(_ request: Request, _ model: DemandModel, own: Bool, errors: [FieldError] = [],
                    typed: (inout ShowPage) -> Void = { _ in }) async throws -> Page {
        let view = try await DemandWork.view(model, own: own, on: request)
        var targets: [SelectOption] = []
        if !own && view.canPassOn {
            targets = SelectOption.organizations(try await DemandWork.handledOrganizations(on: request).filter { $0.id != model.organizationID })
        }
        var page = ShowPage(layout: Layout(request, title: view.kindLabel + " · " + view.categoryLabel), demand: view, own: own,
                            passTargets: targets, errors: errors)
        page.canPropose = try !own && request.policy.allows(.publicityWrite, at: OrgPath(stored: model.path))
        typed(&page)
        return Page(page.node)
    }

    @Sendable func showOwn(_ request: Request) async throws -> Page {
        try await renderShow(request, try await DemandWork.findOwn(request.parameters.get("id", as: Int.self), on: request), own: true)
    }

    @Sendable func rate(_ request: Request) async throws -> Response {
        let model = try await DemandWork.findOwn(request.parameters.get("id", as: Int.self), on: request)
        let input = try request.content.decode(DemandWork.RateInput.self)
        do {
            try await DemandWork.rate(model, input, on: request)
            return request.redirect(to: "/requests/\(try model.requireID())?notice=rated")
        } catch let problems as FormProblems {
            return try await renderShow(request, model, own: true, errors: problems.errors) { $0.typedRate = input }
                .encodeResponse(status: .unprocessableEntity, for: request)
        }
    }

    // MARK: - The organization's pages

    struct HandlingPage {
        let layout: Layout
        let state: String
        let items: [DemandWork.Summary]
    }

    @Sendable func handling(_ request: Request) async throws -> Response {
        let query = try request.query.decode(DemandWork.ListQuery.self)
        do {
            let items = try await DemandWork.handling(query, on: request)
            return try await Page(HandlingPage(layout: Layout(request, title: "诉求办理"), state: query.state ?? "open", items: items).node)
                .encodeResponse(for: request)
        } catch let problems as FormProblems {
            throw Abort(.badRequest, reason: problems.errors.map(\.message).joined(separator: "；"))
        }
    }

    @Sendable func showHandled(_ request: Request) async throws -> Page {
        try await renderShow(request, try await DemandWork.findHandled(request.parameters.get("id", as: Int.self), on: request), own: false)
    }

    /// One handling step from a form: back to the request with a notice, or the page again with what to correct.
    private func handle(_ request: Request, notice: String, typed: @escaping (inout ShowPage) -> Void = { _ in },
                        _ work: @Sendable (DemandModel) async throws -> Void) async throws -> Response {
        let model = try await DemandWork.findHandled(request.parameters.get("id", as: Int.self), on: request)
        do {
            try await work(model)
            return request.redirect(to: "/demands/\(try model.requireID())?notice=\(notice)")
        } catch let problems as FormProblems {
            return try await renderShow(request, model, own: false, errors: problems.errors, typed: typed)
                .encodeResponse(status: .unprocessableEntity, for: request)
        }
    }

    @Sendable func accept(_ request: Request) async throws -> Response {
        try await handle(request, notice: "accepted") { try await DemandWork.accept($0, on: request) }
    }

    @Sendable func passOn(_ request: Request) async throws -> Response {
        let input = try request.content.decode(DemandWork.PassOnInput.self)
        return try await handle(request, notice: "passedOn", typed: { $0.typedPass = input }) { try await DemandWork.passOn($0, input, on: request) }
    }

    @Sendable func answer(_ request: Request) async throws -> Response {
        let input = try request.content.decode(DemandWork.AnswerInput.self)
        return try await handle(request, notice: "answered", typed: { $0.typedAnswer = input }) { try await DemandWork.answer($0, input, on: request) }
    }
}

// MARK: - Views

extension DemandPages {
    static func list(_ items: [DemandWork.Summary], link: (Int) -> String) -> Node {
        table(.class("list cards")) {
            thead { tr { for heading in ["提交日期", "类别", "地点", "内容", "办理单位", "状态"] { th { heading } } } }
            tbody {
                for item in items {
                    tr {
                        td(Attribute("data-label", "日期")) { a(.href(link(item.id))) { item.submittedOn } }
                        td(Attribute("data-label", "类别")) { "\(item.kindLabel) · \(item.categoryLabel)" }
                        td(Attribute("data-label", "地点")) { item.place }
                        td(Attribute("data-label", "内容")) { a(.href(link(item.id))) { item.excerpt } }
                        td(Attribute("data-label", "办理")) { item.organizationName }
                        td(Attribute("data-label", "状态")) {
                            item.stateLabel
                            if let overdue = item.overdue { " "; span(.class("badge")) { overdue } }
                        }
                    }
                }
            }
        }
    }
}

extension DemandPages.MinePage {
    var node: Node {
        Frame.page(layout) {
            div(.class("heading")) {
                h1 { "我的诉求" }
                div(.class("actions")) { a(.class("button primary"), .href("/requests/new")) { "提交诉求或建议" } }
            }
            if items.isEmpty {
                p(.class("card muted")) { "您还没有提交过诉求或意见建议。遇到需要村（社区）帮忙解决的事，或有好的建议，点“提交诉求或建议”。" }
            } else {
                DemandPages.list(items) { "/requests/\($0)" }
            }
        }
    }
}

extension DemandPages.FormPage {
    var node: Node {
        Frame.page(layout) {
            section(.class("card narrow")) {
                h1 { "提交诉求或建议" }
                p(.class("muted")) { "提交后会得到一个查询码，可以随时查看办理进度。村（社区）一般 1 个工作日内受理、5 个工作日内答复；答复后请您评价，不满意的由上级重新办理。" }
                Forms.errors(errors)
                form(.method("post"), .action("/requests"), .enctype("multipart/form-data")) {
                    Forms.csrf(layout)
                    Forms.choice("类型", name: "kind", kinds, required: true)
                    Forms.choice("类别", name: "category", categories, required: true)
                    Forms.choice("向谁提出", name: "organizationID", organizations, required: true)
                    label { "地点"; input(.name("place"), .value(typed.place), .maxlength(60), .placeholder("如：三组村道东头")) }
                    label {
                        "内容"
                        textarea(.name("text"), .rows(6), .maxlength(2000), .required()) { typed.text ?? "" }
                    }
                    label {
                        "照片（可选，最多 3 张，每张不超过 10 MB）"
                        input(.type("file"), .name("photos[]"), .accept("image/jpeg,image/png,image/gif,image/webp"), .multiple())
                    }
                    button(.class("primary wide")) { "提交" }
                }
            }
        }
    }
}

extension DemandPages.ShowPage {
    var node: Node {
        Frame.page(layout) {
            div(.class("heading")) {
                h1 { "\(demand.kindLabel) · \(demand.categoryLabel)" }
                div(.class("actions")) { a(.class("button"), .href(own ? "/requests" : "/demands")) { own ? "我的诉求" : "诉求办理" } }
            }
            Forms.errors(errors)
            section(.class("card")) {
                dl(.class("fields")) {
                    if let code = demand.trackingCode { dt { "查询码" }; dd(.class("mono")) { code } }
                    dt { "状态" }
                    dd {
                        demand.stateLabel
                        if let overdue = demand.overdue { " "; span(.class("badge")) { overdue } }
                    }
                    dt { "办理单位" }; dd { demand.organizationName }
                    if let submitter = demand.submitter { dt { "提交人" }; dd { submitter } }
                    dt { "提交日期" }; dd { demand.submittedOn }
                    if demand.state.awaitsOrganization { dt { "答复期限" }; dd { demand.answerBy } }
                    if !demand.place.isEmpty { dt { "地点" }; dd { demand.place } }
                }
                p(.class("demand-text")) { demand.text }
                if !demand.photos.isEmpty {
                    div(.class("photos")) {
                        for photo in demand.photos {
                            a(.href(photo.url), .target("_blank"), .rel("noopener")) { img(.src(photo.url), .alt(photo.fileName), Attribute("loading", "lazy")) }
                        }
                    }
                }
            }
            if let answer = demand.answer {
                section(.class("card")) {
                    h2 { "答复" }
                    p { answer }
                    if let on = demand.answeredOn { p(.class("muted small")) { "\(demand.organizationName) · \(on)" } }
                    if let verdict = demand.verdictLabel { p { "评价：\(verdict)\(demand.verdictReason.map { "（\($0)）" } ?? "")" } }
                }
            }
            if demand.canRate { rating }
            if !own { actions }
            section(.class("card")) {
                h2 { "办理经过" }
                ol(.class("timeline")) {
                    for event in demand.history {
                        li {
                            strong { event.stepLabel }
                            " · \(event.organizationName) · "
                            small(.class("muted")) { event.at }
                            if let note = event.note { p { note } }
                        }
                    }
                }
            }
        }
    }

    private var rating: Node {
        section(.class("card")) {
            h2 { "评价答复" }
            form(.method("post"), .action("/requests/\(demand.id)/rate")) {
                Forms.csrf(layout)
                fieldset {
                    legend { "您对答复满意吗？" }
                    label(.class("check")) {
                        input(.type("radio"), .name("verdict"), .value("satisfied"), .required(), .checked(typedRate.verdict == "satisfied")); " 满意"
                    }
                    label(.class("check")) {
                        input(.type("radio"), .name("verdict"), .value("unsatisfied"), .checked(typedRate.verdict == "unsatisfied")); " 不满意"
                    }
                }
                label {
                    "原因（不满意时必填，上级据此重新办理）"
                    textarea(.name("reason"), .rows(3), .maxlength(500)) { typedRate.reason ?? "" }
                }
                button(.class("primary")) { "提交评价" }
            }
        }
    }

    private var actions: Node {
        group {
            if demand.canAccept {
                section(.class("card")) {
                    form(.method("post"), .action("/demands/\(demand.id)/accept"), .class("row-form")) {
                        Forms.csrf(layout)
                        span { "受理后提交人能看到“办理中”。" }
                        button(.class("primary")) { "受理" }
                    }
                }
            }
            if demand.canAnswer {
                section(.class("card")) {
                    h2 { "答复" }
                    form(.method("post"), .action("/demands/\(demand.id)/answer")) {
                        Forms.csrf(layout)
                        label {
                            "办理结果（公开展示，不写提交人的姓名和电话）"
                            textarea(.name("answer"), .rows(5), .maxlength(2000), .required()) { typedAnswer.answer ?? "" }
                        }
                        button(.class("primary")) { "答复" }
                    }
                }
            }
            if canPropose {
                p(.class("muted")) {
                    "需要村里集体决定的事项，可以"
                    a(.href("/deliberations/new?demand=\(demand.id)")) { "按四议两公开提议" }
                    "。"
                }
            }
            if demand.canPassOn && !passTargets.isEmpty {
                section(.class("card")) {
                    h2 { "转交" }
                    form(.method("post"), .action("/demands/\(demand.id)/pass")) {
                        Forms.csrf(layout)
                        Forms.choice("转交给", name: "organizationID", passTargets, required: true)
                        label { "理由（提交人能看到）"; input(.name("note"), .value(typedPass.note), .maxlength(200), .required()) }
                        button { "转交" }
                    }
                }
            }
        }
    }
}

extension DemandPages.HandlingPage {
    var node: Node {
        Frame.page(layout) {
            div(.class("heading")) {
                h1 { "诉求办理" }
                div(.class("actions")) {
                    a(.class("button"), .href("/demands/report")) { "诉求统计" }
                    a(.class("button"), .href("/registration-codes")) { "群众注册登记码" }
                }
            }
            nav(.class("tabs")) {
                for (value, label) in [("open", "待办理"), ("answered", "已答复待评价"), ("closed", "已办结"), ("all", "全部")] {
                    a(.href("/demands?state=\(value)"), .class(value == state ? "current" : nil)) { label }
                }
            }
            if items.isEmpty {
                p(.class("card muted")) { "没有这类诉求。" }
            } else {
                DemandPages.list(items) { "/demands/\($0)" }
            }
        }
    }
}
