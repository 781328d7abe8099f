import DangjianCore
import DangjianHTML
import Fluent
import Vapor

/// 监督举报: the public form (anyone, possibly anonymous) and the 纪检 role's pages.
struct SupervisionPages: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("reports", "new", use: form).requires(.public)
        routes.post("reports", use: submit).requires(.public)
        let supervision = routes.grouped("supervision")
        supervision.get(use: list).requires(.reportHandle)
        supervision.get(":id", use: show).requires(.reportHandle)
        supervision.post(":id", "step", use: step).requires(.reportHandle)
        supervision.post(":id", "reveal", use: reveal).requires(.reportHandle)
    }

    struct FormPage {
        let layout: Layout
        let organization: OrganizationModel?
        let signedIn: Bool
        let typed: SupervisionWork.Input
        let errors: [FieldError]
        let submitted: SupervisionWork.Submitted?
    }

    func renderForm(_ request: Request, typed: SupervisionWork.Input, errors: [FieldError] = [], submitted: SupervisionWork.Submitted? = nil,
                    status: HTTPStatus = .ok) async throws -> Response {
        let organization = try await typed.organizationID.asyncFlatMap { try await OrganizationModel.find($0, on: request.db) }
        var layout = Layout(request, title: "监督举报")
        // A form sent without signing in carries the double-submit token, as the login form does.
        let token = RandomToken.make()
        if request.actor == nil { layout = Layout(copying: layout, csrf: token) }
        let response = try await Page(FormPage(layout: layout, organization: organization, signedIn: request.actor != nil, typed: typed,
                                               errors: errors, submitted: submitted).node).encodeResponse(status: status, for: request)
        if request.actor == nil {
            response.cookies[SessionCookie.loginCSRF] = SessionCookie.make(token, secure: request.services.configuration.secureCookies)
        }
        return response
    }

    @Sendable func form(_ request: Request) async throws -> Response {
        let query = try request.query.decode(SupervisionWork.Input.self)
        return try await renderForm(request, typed: SupervisionWork.Input(organizationID: query.organizationID, anonymous: "1"))
    }

    @Sendable func submit(_ request: Request) async throws -> Response {
        let input = try request.content.decode(SupervisionWork.Input.self)
        do {
            let submitted = try await SupervisionWork.submit(input, on: request)
            return try await renderForm(request, typed: SupervisionWork.Input(organizationID: input.organizationID), submitted: submitted, status: .created)
        } catch let problems as FormProblems {
            return try await renderForm(request, typed: input, errors: problems.errors, status: .unprocessableEntity)
        }
    }

    struct ListPage {
        let layout: Layout
        let items: [SupervisionWork.Summary]
    }

    @Sendable func list(_ request: Request) async throws -> Page {
        Page(ListPage(layout: Layout(request, title: "监督举报"), items: try await SupervisionWork.list(on: request)).node)
    }

    struct ShowPage {
        let layout: Layout
        let report: SupervisionWork.View
        let errors: [FieldError]
    }

    func renderShow(_ request: Request, _ model: SupervisionReportModel, reporter: ReporterIdentity? = nil, errors: [FieldError] = []) async throws -> Page {
        let view = try await SupervisionWork.view(model, reporter: reporter, on: request)
        return Page(ShowPage(layout: Layout(request, title: "监督举报"), report: view, errors: errors).node)
    }

    @Sendable func show(_ request: Request) async throws -> Page {
        try await renderShow(request, try await SupervisionWork.find(request.parameters.get("id", as: Int.self), on: request))
    }

    @Sendable func step(_ request: Request) async throws -> Response {
        let model = try await SupervisionWork.find(request.parameters.get("id", as: Int.self), on: request)
        do {
            try await SupervisionWork.step(model, try request.content.decode(SupervisionWork.StepInput.self), on: request)
            return request.redirect(to: "/supervision/\(try model.requireID())?notice=saved")
        } catch let problems as FormProblems {
            return try await renderShow(request, model, errors: problems.errors).encodeResponse(status: .unprocessableEntity, for: request)
        }
    }

    @Sendable func reveal(_ request: Request) async throws -> Response {
        let model = try await SupervisionWork.find(request.parameters.get("id", as: Int.self), on: request)
        do {
            let identity = try await SupervisionWork.reveal(model, try request.content.decode(SupervisionWork.RevealInput.self), on: request)
            return try await renderShow(request, model, reporter: identity).encodeResponse(for: request)
        } catch let problems as FormProblems {
            return try await renderShow(request, model, errors: problems.errors).encodeResponse(status: .unprocessableEntity, for: request)
        }
    }
}

extension SupervisionPages.FormPage {
    var node: Node {
        Frame.page(layout) {
            section(.class("card narrow")) {
                h1 { "监督举报" }
                if let submitted {
                    div(.class("issued-code"), .role("status")) {
                        p { "举报已收到，由纪检委员核查。请记下查询码，凭它查看办理情况：" }
                        p(.class("big-code mono")) { submitted.trackingCode }
                        p(.class("muted small")) {
                            submitted.anonymous ? "您选择了匿名，系统没有记录您的身份。" : "您的身份已加密保存，只有纪检委员写明理由后才能查看，每次查看都记入审计日志。"
                        }
                        p { a(.href("/track")) { "查询办理情况" } }
                    }
                } else if organization == nil {
                    p(.class("errors")) { "请从党组织的公开页面点“监督举报”进入，以便举报送到负责的纪检委员。" }
                } else if let organization {
                    p(.class("muted")) { "举报涉及：\(organization.name)。可以匿名；匿名举报不记录您的任何身份信息，凭查询码查看办理情况。" }
                    Forms.errors(errors)
                    form(.method("post"), .action("/reports")) {
                        Forms.csrf(layout)
                        input(.type("hidden"), .name("organizationID"), .value("\(organization.id ?? 0)"))
                        fieldset {
                            legend { "举报对象" }
                            label(.class("check")) {
                                input(.type("radio"), .name("subject"), .value("organization"), .checked(typed.subject != "member")); " 党组织"
                            }
                            label(.class("check")) { input(.type("radio"), .name("subject"), .value("member"), .checked(typed.subject == "member")); " 党员" }
                        }
                        label { "被举报党员姓名（举报党员时填写）"; input(.name("subjectName"), .value(typed.subjectName), .maxlength(20)) }
                        label { "举报内容"; textarea(.name("text"), .rows(8), .maxlength(5000), .required()) { typed.text ?? "" } }
                        label(.class("check")) {
                            input(.type("checkbox"), .name("anonymous"), .value("1"), .checked(typed.anonymous == "1"))
                            " 匿名举报"
                        }
                        if !signedIn {
                            p(.class("muted small")) { "实名举报请留下姓名和电话，便于核实和反馈（加密保存，只有纪检委员能看到）：" }
                            label { "姓名"; input(.name("name"), .value(typed.name), .maxlength(20)) }
                            label { "电话"; input(.type("tel"), .name("phone"), .value(typed.phone), .maxlength(20)) }
                        }
                        button(.class("primary wide")) { "提交举报" }
                    }
                }
            }
        }
    }
}

extension SupervisionPages.ListPage {
    var node: Node {
        Frame.page(layout) {
            div(.class("heading")) { h1 { "监督举报" } }
            if items.isEmpty {
                p(.class("card muted")) { "没有举报。" }
            } else {
                table(.class("list cards")) {
                    thead { tr { for heading in ["收到日期", "涉及党组织", "对象", "内容", "方式", "状态"] { th { heading } } } }
                    tbody {
                        for item in items {
                            tr {
                                td(Attribute("data-label", "日期")) { a(.href("/supervision/\(item.id)")) { item.submittedOn } }
                                td(Attribute("data-label", "党组织")) { item.organizationName }
                                td(Attribute("data-label", "对象")) { item.subjectLabel + (item.subjectName.isEmpty ? "" : " \(item.subjectName)") }
                                td(Attribute("data-label", "内容")) { a(.href("/supervision/\(item.id)")) { item.excerpt } }
                                td(Attribute("data-label", "方式")) { item.anonymous ? "匿名" : "实名" }
                                td(Attribute("data-label", "状态")) { item.stateLabel }
                            }
                        }
                    }
                }
            }
        }
    }
}

extension SupervisionPages.ShowPage {
    var node: Node {
        Frame.page(layout) {
            div(.class("heading")) {
                h1 { "监督举报 · \(report.organizationName)" }
                div(.class("actions")) { a(.class("button"), .href("/supervision")) { "全部举报" } }
            }
            Forms.errors(errors)
            section(.class("card")) {
                dl(.class("fields")) {
                    dt { "状态" }; dd { report.stateLabel }
                    dt { "对象" }; dd { report.subjectLabel + (report.subjectName.isEmpty ? "" : " \(report.subjectName)") }
                    dt { "收到日期" }; dd { report.submittedOn }
                    dt { "方式" }; dd { report.anonymous ? "匿名" : "实名（身份加密保存）" }
                    if let reporter = report.reporter {
                        dt { "举报人" }
                        dd(.class("revealed")) {
                            [reporter.name, reporter.phone, reporter.accountID.map { "账号 \($0)" }].compactMap { $0 }.joined(separator: "，")
                        }
                    }
                }
                p(.class("demand-text")) { report.text }
                if let progress = report.progress { p { strong { "核查情况：" }; progress } }
                if let conclusion = report.conclusion { p { strong { "办结答复：" }; conclusion } }
            }
            if report.state != .concluded {
                section(.class("card")) {
                    h2 { "核查与答复（举报人凭查询码可见）" }
                    form(.method("post"), .action("/supervision/\(report.id)/step")) {
                        Forms.csrf(layout)
                        Forms.choice("状态", name: "state", [SelectOption(value: "checking", label: "核查中", selected: true),
                                                           SelectOption(value: "concluded", label: "已办结", selected: false)])
                        label { "告知举报人的情况"; textarea(.name("note"), .rows(4), .maxlength(2000), .required()) { "" } }
                        button(.class("primary")) { "保存" }
                    }
                }
            }
            if !report.anonymous && report.reporter == nil {
                section(.class("card")) {
                    h2 { "查看举报人身份" }
                    form(.method("post"), .action("/supervision/\(report.id)/reveal"), .class("row-form")) {
                        Forms.csrf(layout)
                        label(.class("grow")) { "理由（记入审计日志）"; input(.name("reason"), .maxlength(200), .required()) }
                        button { "查看" }
                    }
                }
            }
        }
    }
}
