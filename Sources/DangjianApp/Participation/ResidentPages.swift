import DangjianCore
import DangjianHTML
import Fluent
import Vapor

/// 群众注册 (public) and the office's 登记码 page.
struct ResidentPages: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("register", use: registerForm).requires(.public)
        routes.post("register", use: register).requires(.public)
        routes.get("registration-codes", use: codes).requires(.requestHandle)
        routes.post("registration-codes", use: issue).requires(.requestHandle)
    }

    // MARK: - Registration

    struct RegisterPage {
        let layout: Layout
        let typed: Residents.RegistrationInput
        let errors: [FieldError]
    }

    func renderRegister(_ request: Request, typed: Residents.RegistrationInput = .init(), errors: [FieldError] = [],
                        status: HTTPStatus = .ok) async throws -> Response {
        let token = RandomToken.make()
        let layout = Layout(copying: Layout(request, title: "群众注册"), csrf: token)
        let response = try await Page(RegisterPage(layout: layout, typed: typed, errors: errors).node).encodeResponse(status: status, for: request)
        response.cookies[SessionCookie.loginCSRF] = SessionCookie.make(token, secure: request.services.configuration.secureCookies)
        return response
    }

    @Sendable func registerForm(_ request: Request) async throws -> Response {
        if request.actor != nil { return request.redirect(to: "/") }
        return try await renderRegister(request)
    }

    @Sendable func register(_ request: Request) async throws -> Response {
        let input = try request.content.decode(Residents.RegistrationInput.self)
        do {
            _ = try await Residents.register(input, on: request)
            // Signed in at once with what was just typed: the same path as the login form, a new session.
            let result = try await Authentication.login(.init(username: input.phone ?? "", password: input.password ?? ""), kind: "web", on: request)
            let response = request.redirect(to: "/requests?notice=registered", redirectType: .normal)
            response.cookies[SessionCookie.name] = SessionCookie.make(result.token, secure: request.services.configuration.secureCookies)
            response.cookies[SessionCookie.loginCSRF] = SessionCookie.make("", secure: false, expires: 0)
            return response
        } catch let problems as FormProblems {
            var typed = input
            typed.password = nil
            typed.confirmPassword = nil
            return try await renderRegister(request, typed: typed, errors: problems.errors, status: .unprocessableEntity)
        }
    }

    // MARK: - Registration codes

    struct CodesPage {
        let layout: Layout
        let organizations: [SelectOption]
        let issued: Residents.IssuedCode?
        let codes: [Residents.CodeRow]
        let typed: Residents.CodeInput
        let errors: [FieldError]
    }

    func renderCodes(_ request: Request, issued: Residents.IssuedCode? = nil, typed: Residents.CodeInput = .init(),
                     errors: [FieldError] = []) async throws -> Page {
        let organizations = try await DemandWork.handledOrganizations(on: request)
        let selected = typed.organizationID ?? issued?.organizationID
        return Page(CodesPage(layout: Layout(request, title: "群众注册登记码"), organizations: SelectOption.organizations(organizations, selected: selected),
                              issued: issued, codes: try await Residents.codes(organizationID: nil, on: request), typed: typed, errors: errors).node)
    }

    @Sendable func codes(_ request: Request) async throws -> Page { try await renderCodes(request) }

    @Sendable func issue(_ request: Request) async throws -> Response {
        let input = try request.content.decode(Residents.CodeInput.self)
        do {
            let issued = try await Residents.issue(input, on: request)
            return try await renderCodes(request, issued: issued).encodeResponse(status: .created, for: request)
        } catch let problems as FormProblems {
            return try await renderCodes(request, typed: input, errors: problems.errors).encodeResponse(status: .unprocessableEntity, for: request)
        }
    }
}

extension ResidentPages.RegisterPage {
    var node: Node {
        Frame.page(layout) {
            section(.class("card narrow")) {
                h1 { "群众注册" }
                p(.class("muted")) { "注册后可以向本村（社区）提出诉求和意见建议，随时查看办理进度和答复。登记码请到村（社区）办公室领取，或打电话请办公室告诉您，7 天内有效，只能用一次。" }
                Forms.errors(errors)
                form(.method("post"), .action("/register"), .autocomplete("on")) {
                    Forms.csrf(layout)
                    label {
                        "手机号码"
                        input(.type("tel"), .name("phone"), .value(typed.phone), .inputmode("numeric"), .autocomplete("tel"), .maxlength(20), .required())
                        small { "登录时用手机号作用户名；号码加密保存，工作人员只看到 138****5678 这样的形式" }
                    }
                    label { "姓名"; input(.name("name"), .value(typed.name), .autocomplete("name"), .maxlength(20), .required()) }
                    label {
                        "登记码"
                        input(.name("code"), .value(typed.code), .inputmode("numeric"), .autocomplete("one-time-code"), .maxlength(12),
                              .placeholder("8 位数字"), .required())
                    }
                    label { "密码"; input(.type("password"), .name("password"), .autocomplete("new-password"), .required()) }
                    label { "再输一次密码"; input(.type("password"), .name("confirmPassword"), .autocomplete("new-password"), .required()) }
                    button(.class("primary wide")) { "注册并登录" }
                }
                p(.class("muted small")) {
                    "已经注册？"
                    a(.href("/login")) { "登录" }
                    " · 没有账号也可以凭查询码"
                    a(.href("/track")) { "查询办理进度" }
                }
            }
        }
    }
}

extension ResidentPages.CodesPage {
    var node: Node {
        Frame.page(layout) {
            div(.class("heading")) { h1 { "群众注册登记码" } }
            if let issued {
                section(.class("card issued-code"), .role("status")) {
                    h2 { "新登记码" }
                    p(.class("big-code mono")) { issued.code }
                    p {
                        "\(issued.organizationName)\(issued.label.map { " · \($0)" } ?? "")，\(issued.expiresOn) 前有效，只能注册一个账号。"
                    }
                    p(.class("muted small")) { "登记码只显示这一次：请当面或电话告诉群众本人，由本人在“群众注册”页面填写。" }
                }
            }
            section(.class("card")) {
                h2 { "发放登记码" }
                Forms.errors(errors)
                form(.method("post"), .action("/registration-codes"), .class("row-form")) {
                    Forms.csrf(layout)
                    Forms.choice("所在村（社区）党组织", name: "organizationID", organizations, required: true)
                    label { "备注（便于辨认，不写电话和证件号）"; input(.name("label"), .value(typed.label), .maxlength(30), .placeholder("如：三组 王家")) }
                    button(.class("primary")) { "发放" }
                }
            }
            section(.class("card")) {
                h2 { "已发放" }
                if codes.isEmpty {
                    p(.class("muted")) { "还没有发放过登记码。" }
                } else {
                    table(.class("list cards")) {
                        thead { tr { for heading in ["党组织", "备注", "发放日期", "有效期至", "状态"] { th { heading } } } }
                        tbody {
                            for code in codes {
                                tr {
                                    td(Attribute("data-label", "党组织")) { code.organizationName }
                                    td(Attribute("data-label", "备注")) { code.label ?? "" }
                                    td(Attribute("data-label", "发放")) { code.issuedOn }
                                    td(Attribute("data-label", "有效期至")) { code.expiresOn }
                                    td(Attribute("data-label", "状态")) { code.stateLabel }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}
