import DangjianCore
import DangjianHTML
import Fluent
import Vapor

/// 四议两公开 pages: the village's matters, a new proposal (from a resident's request too), each later step, and the
/// public page of a matter's progress.
struct DeliberationPages: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let deliberations = routes.grouped("deliberations")
        deliberations.get(use: list).requires(.publicityWrite)
        deliberations.get("new", use: newForm).requires(.publicityWrite)
        deliberations.post(use: propose).requires(.publicityWrite)
        deliberations.get(":id", use: show).requires(.publicityWrite)
        deliberations.post(":id", "steps", use: step).requires(.publicityWrite)
        routes.get("public", "deliberations", ":id", use: publicPage).requires(.public)
    }

    struct ListPage {
        let layout: Layout
        let items: [DeliberationWork.Summary]
    }

    @Sendable func list(_ request: Request) async throws -> Page {
        Page(ListPage(layout: Layout(request, title: "四议两公开"), items: try await DeliberationWork.list(on: request)).node)
    }

    struct NewQuery: Content {
        var organization: Int?
        var demand: Int?
    }

    struct FormPage {
        let layout: Layout
        let organizations: [SelectOption]
        let typed: DeliberationWork.ProposalInput
        /// The request the proposal starts from, as its handler sees it.
        let demand: DemandWork.View?
        let errors: [FieldError]
    }

    func renderForm(_ request: Request, typed: DeliberationWork.ProposalInput, errors: [FieldError] = []) async throws -> Page {
        var organizations: [OrganizationModel] = []
        for scope in try request.policy.scopes(for: .publicityWrite) {
            organizations += try await PublicityViews.publishers(under: scope, on: request.db)
        }
        var demand: DemandWork.View?
        if let id = typed.demandID?.value {
            demand = try await DemandWork.view(try await DemandWork.findHandled(id, on: request), own: false, on: request)
        }
        return Page(FormPage(layout: Layout(request, title: "四议两公开：提议"),
                             organizations: SelectOption.organizations(organizations, selected: typed.organizationID?.value ?? demand?.organizationID),
                             typed: typed, demand: demand, errors: errors).node)
    }

    @Sendable func newForm(_ request: Request) async throws -> Page {
        let query = try request.query.decode(NewQuery.self)
        var typed = DeliberationWork.ProposalInput(organizationID: LenientID(query.organization), demandID: LenientID(query.demand), heldOn: request.today.description)
        if let id = query.demand {
            let demand = try await DemandWork.view(try await DemandWork.findHandled(id, on: request), own: false, on: request)
            typed.title = String("\(demand.categoryLabel)：\(demand.place.isEmpty ? demand.excerptForTitle : demand.place)".prefix(60))
        }
        return try await renderForm(request, typed: typed)
    }

    @Sendable func propose(_ request: Request) async throws -> Response {
        let input = try request.content.decode(DeliberationWork.ProposalInput.self)
        do {
            let model = try await DeliberationWork.propose(input, on: request)
            return request.redirect(to: "/deliberations/\(try model.requireID())?notice=saved")
        } catch let problems as FormProblems {
            return try await renderForm(request, typed: input, errors: problems.errors).encodeResponse(status: .unprocessableEntity, for: request)
        }
    }

    struct ShowPage {
        let layout: Layout
        let deliberation: DeliberationWork.View
        let typed: DeliberationWork.StepInput
        let errors: [FieldError]
    }

    func renderShow(_ request: Request, _ model: DeliberationModel, typed: DeliberationWork.StepInput? = nil, errors: [FieldError] = []) async throws -> Page {
        let view = try await DeliberationWork.view(model, on: request.db)
        return Page(ShowPage(layout: Layout(request, title: view.title), deliberation: view,
                             typed: typed ?? DeliberationWork.StepInput(heldOn: request.today.description), errors: errors).node)
    }

    @Sendable func show(_ request: Request) async throws -> Page {
        try await renderShow(request, try await DeliberationWork.find(request.parameters.get("id", as: Int.self), on: request))
    }

    @Sendable func step(_ request: Request) async throws -> Response {
        let model = try await DeliberationWork.find(request.parameters.get("id", as: Int.self), on: request)
        let input = try request.content.decode(DeliberationWork.StepInput.self)
        do {
            try await DeliberationWork.step(model, input, on: request)
            return request.redirect(to: "/deliberations/\(try model.requireID())?notice=saved")
        } catch let problems as FormProblems {
            return try await renderShow(request, model, typed: input, errors: problems.errors).encodeResponse(status: .unprocessableEntity, for: request)
        }
    }

    struct PublicPage {
        let layout: Layout
        let deliberation: DeliberationWork.View
    }

    @Sendable func publicPage(_ request: Request) async throws -> Response {
        let model = try await DeliberationWork.findPublic(request.parameters.get("id", as: Int.self), on: request.db)
        let view = try await DeliberationWork.view(model, on: request.db)
        let response = try await Page(PublicPage(layout: Layout(public: request, title: view.title), deliberation: view).node).encodeResponse(for: request)
        response.headers.replaceOrAdd(name: "X-Public-Page", value: "1")
        return response
    }
}

extension DemandWork.View {
    /// The first words of the request, for a proposal's title.
    var excerptForTitle: String { String(text.prefix(20)) }
}

// MARK: - Views

enum DeliberationParts {
    /// The six steps, taken and to come, each taken one with its meeting, votes and rule.
    static func steps(_ view: DeliberationWork.View, minutes: Bool) -> Node {
        ol(.class("timeline steps")) {
            for step in DeliberationStep.allCases {
                li {
                    if let taken = view.steps.first(where: { $0.step == step }) {
                        strong { taken.stepLabel }
                        " · \(taken.heldOn)"
                        if let assembly = taken.assemblyLabel { " · \(assembly)" }
                        " · "
                        span(.class(taken.passed ? nil : "badge")) { taken.step.isPublication ? "已公开" : taken.passed ? "通过" : "未通过" }
                        if let vote = taken.vote {
                            p { "应到 \(vote.roll) 人，实到 \(vote.present) 人；赞成 \(vote.yes)，反对 \(vote.no)，弃权 \(vote.abstain)" }
                        }
                        for reason in taken.reasons { p(.class("muted small")) { reason } }
                        if let publicationID = taken.publicationID {
                            p { a(.href("/public/publicity/\(publicationID)")) { "查看公开内容" } }
                        } else if minutes && !taken.text.isEmpty {
                            p { "纪要：\(taken.text)" }
                        }
                    } else {
                        span(.class("muted")) { step.chinese + (view.next == step ? "（下一步）" : "") }
                    }
                }
            }
        }
    }
}

extension DeliberationPages.ListPage {
    var node: Node {
        Frame.page(layout) {
            div(.class("heading")) {
                h1 { "四议两公开" }
                div(.class("actions")) { a(.class("button primary"), .href("/deliberations/new")) { "新的提议" } }
            }
            p(.class("muted")) { "村级重大事项依次经村党组织提议、村“两委”会议商议、党员大会审议、村民会议或村民代表会议决议，决议和实施结果公开（《中国共产党农村基层组织工作条例》）。" }
            if items.isEmpty {
                p(.class("card muted")) { "还没有议事记录。" }
            } else {
                table(.class("list cards")) {
                    thead { tr { for heading in ["事项", "村（社区）", "进度", "最近日期"] { th { heading } } } }
                    tbody {
                        for item in items {
                            tr {
                                td(Attribute("data-label", "事项")) { a(.href("/deliberations/\(item.id)")) { item.title } }
                                td(Attribute("data-label", "村（社区）")) { item.organizationName }
                                td(Attribute("data-label", "进度")) { item.progress }
                                td(Attribute("data-label", "日期")) { item.lastOn }
                            }
                        }
                    }
                }
            }
        }
    }
}

enum DeliberationForms {
    /// The roll, attendance and votes of one meeting.
    static func votes(rollCaption: String, roll: LenientID?, knownRoll: Int?, typed: (present: LenientID?, yes: LenientID?, no: LenientID?, abstain: LenientID?)) -> Node {
        div(.class("vote-grid")) {
            if let knownRoll {
                label { "\(rollCaption)（按党员名册）"; input(.type("number"), .name("roll"), .value("\(knownRoll)"), .readonly()) }
            } else {
                label { rollCaption; input(.type("number"), .name("roll"), .value(roll?.value.map(String.init)), .min("1"), .required()) }
            }
            label { "实到人数"; input(.type("number"), .name("present"), .value(typed.present?.value.map(String.init)), .min("0"), .required()) }
            label { "赞成"; input(.type("number"), .name("yes"), .value(typed.yes?.value.map(String.init)), .min("0"), .required()) }
            label { "反对"; input(.type("number"), .name("no"), .value(typed.no?.value.map(String.init)), .min("0")) }
            label { "弃权"; input(.type("number"), .name("abstain"), .value(typed.abstain?.value.map(String.init)), .min("0")) }
        }
    }
}

extension DeliberationPages.FormPage {
    var node: Node {
        Frame.page(layout) {
            section(.class("card")) {
                h1 { "四议两公开：村党组织提议" }
                p(.class("muted")) { "登记村党组织（支部委员会）研究提出议事事项的会议；以后各环节在事项页面依次登记。" }
                if let demand {
                    p(.class("card-note")) { "来自群众诉求：\(demand.kindLabel) · \(demand.categoryLabel) · \(demand.place)（\(demand.submittedOn)）" }
                }
                Forms.errors(errors)
                form(.method("post"), .action("/deliberations")) {
                    Forms.csrf(layout)
                    if let demandID = typed.demandID?.value { input(.type("hidden"), .name("demandID"), .value("\(demandID)")) }
                    Forms.choice("村（社区）党组织", name: "organizationID", organizations, required: true)
                    label { "议事事项"; input(.name("title"), .value(typed.title), .maxlength(60), .required(), .placeholder("如：村集体闲置厂房出租")) }
                    label { "提议内容（随决议公开）"; textarea(.name("summary"), .rows(6), .maxlength(3000), .required()) { typed.summary ?? "" } }
                    label { "会议日期"; input(.type("date"), .name("heldOn"), .value(typed.heldOn), .required()) }
                    DeliberationForms.votes(rollCaption: "应到会委员", roll: typed.roll, knownRoll: nil,
                                            typed: (typed.present, typed.yes, typed.no, typed.abstain))
                    label { "会议纪要摘要（可选，不公开）"; textarea(.name("text"), .rows(3), .maxlength(2000)) { typed.text ?? "" } }
                    Forms.submit("登记提议", cancel: "/deliberations")
                }
            }
        }
    }
}

extension DeliberationPages.ShowPage {
    var node: Node {
        Frame.page(layout) {
            div(.class("heading")) {
                h1 { deliberation.title }
                div(.class("actions")) {
                    a(.class("button"), .href("/deliberations")) { "四议两公开" }
                    a(.class("button"), .href("/public/deliberations/\(deliberation.id)")) { "公开页面" }
                }
            }
            Forms.errors(errors)
            section(.class("card")) {
                dl(.class("fields")) {
                    dt { "村（社区）" }; dd { deliberation.organizationName }
                    dt { "状态" }; dd { deliberation.stateLabel }
                    if let demandID = deliberation.demandID { dt { "来源" }; dd { a(.href("/demands/\(demandID)")) { "群众诉求" } } }
                }
                p(.class("demand-text")) { deliberation.summary }
            }
            section(.class("card")) {
                h2 { "议事环节" }
                DeliberationParts.steps(deliberation, minutes: true)
            }
            if let next = deliberation.next { nextStep(next) }
        }
    }

    private func nextStep(_ next: DeliberationStep) -> Node {
        section(.class("card")) {
            h2 { "登记：\(next.chinese)" }
            form(.method("post"), .action("/deliberations/\(deliberation.id)/steps")) {
                Forms.csrf(layout)
                input(.type("hidden"), .name("step"), .value(next.rawValue))
                label { next.isPublication ? "公开日期" : "会议日期"; input(.type("date"), .name("heldOn"), .value(typed.heldOn), .required()) }
                if next.isPublication {
                    p(.class("muted")) { "提交后立即作为村务公开（专项）发布在本村公开页面，附上各环节的会议和表决情况。" }
                    label {
                        next == .resolutionPublished ? "决议内容" : "实施结果（完成情况、资金使用）"
                        textarea(.name("text"), .rows(6), .maxlength(3000), .required()) { typed.text ?? "" }
                    }
                    button(.class("primary")) { "公开" }
                } else {
                    if next.assemblies.count > 1 {
                        Forms.choice("会议", name: "assembly", SelectOption.list(next.assemblies.map { ($0.rawValue, $0.chinese) },
                                                                               selected: typed.assembly ?? Assembly.representativeAssembly.rawValue), required: true)
                    } else if let assembly = next.assemblies.first {
                        p { "会议：\(assembly.chinese)（\(assembly.quorumText)方可作出决定）" }
                    }
                    DeliberationForms.votes(rollCaption: next.assemblies.count > 1 ? "应到人数（村民、户或村民代表）" : (next.assemblies.first?.rollName ?? "应到人数"),
                                            roll: typed.roll, knownRoll: deliberation.knownRoll, typed: (typed.present, typed.yes, typed.no, typed.abstain))
                    label { "会议纪要摘要（可选，不公开）"; textarea(.name("text"), .rows(3), .maxlength(2000)) { typed.text ?? "" } }
                    button(.class("primary")) { "登记" }
                }
            }
        }
    }
}

extension DeliberationPages.PublicPage {
    var node: Node {
        Frame.page(layout) {
            nav(.class("breadcrumb")) {
                a(.href("/public/organizations/\(deliberation.organizationID)#deliberations")) { deliberation.organizationName }; " › "; span { "四议两公开" }
            }
            div(.class("heading")) { h1 { deliberation.title } }
            section(.class("card")) {
                p { "状态：\(deliberation.stateLabel)" }
                p(.class("demand-text")) { deliberation.summary }
            }
            section(.class("card")) {
                h2 { "议事环节" }
                DeliberationParts.steps(deliberation, minutes: false)
            }
        }
    }
}
