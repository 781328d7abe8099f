import DangjianCore
import Fluent
import Vapor

/// Login, logout and password pages, and the same in the API.
struct AuthPages: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("login", use: loginForm).requires(.public)
        routes.post("login", use: login).requires(.public)
        routes.post("logout", use: logout).requires(.signedIn)
        routes.get("password", use: passwordForm).requires(.signedIn)
        routes.post("password", use: changePassword).requires(.signedIn)
    }

    struct LoginPage {
        let layout: Layout
        let username: String
        let next: String
        let error: String?
    }

    /// Only paths on this site are followed after login.
    /// Only a path on this site: browsers drop tabs and line breaks and read a backslash as a slash, so `/\t/x.cn`
    /// or `/\\x.cn` would leave the site; any of them, or `//`, sends the user home instead.
    static func safeNext(_ text: String?) -> String {
        guard let text, text.hasPrefix("/"), text.utf8.count <= 1024,
              !text.unicodeScalars.contains(where: { $0.value < 0x21 || $0.value == 0x7F || $0 == "\\" || $0.properties.isWhitespace }),
              !text.hasPrefix("//") else { return "/" }
        return text
    }

    /// The page asked for when the account may open it, its home page otherwise: a member sent on to `/members`
    /// would land on a refusal. (A page in scope of the permission but outside the account's subtree still answers
    /// 404 there, like a missing one.)
    static func landing(_ next: String, for actor: Actor, among routes: Routes) -> String {
        let path = next.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init) ?? next
        let parts = path.split(separator: "/").map { String($0).removingPercentEncoding ?? String($0) }
        guard let route = routes.all.first(where: { $0.method == .GET && Self.route($0.path, matches: parts) }),
              let permission = route.requiredPermission, AccessPolicy(actor).holds(permission) else { return actor.isResident ? "/requests" : "/" }
        return next
    }

    private static func route(_ components: [PathComponent], matches parts: [String]) -> Bool {
        for (index, component) in components.enumerated() {
            switch component {
            case .catchall: return parts.count > index
            case .constant(let text): guard index < parts.count, parts[index] == text else { return false }
            case .parameter, .anything: guard index < parts.count else { return false }
            }
        }
        return components.count == parts.count
    }

    func renderLogin(_ request: Request, username: String, next: String, error: String?, status: HTTPStatus) async throws -> Response {
        let token = RandomToken.make()
        var layout = Layout(request, title: "登录")
        layout = Layout(copying: layout, csrf: token)
        let response = try await Page(LoginPage(layout: layout, username: username, next: next, error: error)
            .node(county: request.services.localizer.text("app.county")))
            .encodeResponse(status: status, for: request)
        response.cookies[SessionCookie.loginCSRF] = SessionCookie.make(token, secure: request.services.configuration.secureCookies)
        return response
    }

    @Sendable func loginForm(_ request: Request) async throws -> Response {
        if request.actor != nil { return request.redirect(to: "/") }
        return try await renderLogin(request, username: "", next: Self.safeNext(request.query[String.self, at: "next"]),
                                     error: nil, status: .ok)
    }

    struct LoginForm: Content {
        var username: String?
        var password: String?
        var otp: String?
        var next: String?
    }

    @Sendable func login(_ request: Request) async throws -> Response {
        let form = try request.content.decode(LoginForm.self)
        let next = Self.safeNext(form.next)
        do {
            let result = try await Authentication.login(.init(username: form.username ?? "", password: form.password ?? "", otp: form.otp),
                                                        kind: "web", on: request)
            let landing = request.actor.map { Self.landing(next, for: $0, among: request.application.routes) } ?? "/"
            let response = request.redirect(to: landing, redirectType: .normal)
            response.cookies[SessionCookie.name] = SessionCookie.make(result.token, secure: request.services.configuration.secureCookies)
            response.cookies[SessionCookie.loginCSRF] = SessionCookie.make("", secure: false, expires: 0)
            return response
        } catch let abort as any AbortError where [.unauthorized, .tooManyRequests, .badRequest].contains(abort.status) {
            return try await renderLogin(request, username: form.username ?? "", next: next, error: abort.reason, status: abort.status)
        }
    }

    @Sendable func logout(_ request: Request) async throws -> Response {
        try await Authentication.logout(request)
        let response = request.redirect(to: "/login?notice=loggedOut")
        response.cookies[SessionCookie.name] = SessionCookie.make("", secure: request.services.configuration.secureCookies, expires: 0)
        return response
    }

    struct PasswordPage {
        let layout: Layout
        let errors: [FieldError]
        let minimumLength: Int
    }

    @Sendable func passwordForm(_ request: Request) async throws -> Page {
        let policy = try await SecurityPolicy.load(on: request.db)
        return Page(PasswordPage(layout: Layout(request, title: "修改密码"), errors: [], minimumLength: policy.minimumPasswordLength).node)
    }

    @Sendable func changePassword(_ request: Request) async throws -> Response {
        do {
            try await Authentication.changePassword(try request.content.decode(Authentication.PasswordChange.self), on: request)
            return request.redirect(to: "/?notice=passwordChanged")
        } catch let problems as FormProblems {
            let policy = try await SecurityPolicy.load(on: request.db)
            return try await Page(PasswordPage(layout: Layout(request, title: "修改密码"), errors: problems.errors,
                                               minimumLength: policy.minimumPasswordLength).node)
                .encodeResponse(status: .unprocessableEntity, for: request)
        }
    }
}

struct AuthAPI: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let auth = routes.grouped("auth")
        auth.api(.POST, "login", requires: .public, summary: "登录，取得访问令牌", body: Authentication.Credentials.self, use: login)
        auth.api(.POST, "logout", requires: .signedIn, summary: "退出登录，令牌作废", use: logout)
        auth.api(.POST, "password", requires: .signedIn, summary: "修改本人密码", body: Authentication.PasswordChange.self, use: changePassword)
        routes.api(.GET, "me", requires: .signedIn, summary: "当前账号及其角色、范围", use: me)
    }

    struct TokenResponse: Content {
        let token: String
        let tokenType: String
        let expiresIn: Int
        let idleTimeout: Int
        let me: Me
    }

    struct Me: Content {
        struct GrantInfo: Content {
            let role: Role
            let roleLabel: String
            let organizationPath: String?
        }
        let accountID: Int
        let username: String
        let displayName: String
        let memberID: Int?
        let grants: [GrantInfo]

        init(_ actor: Actor) {
            accountID = actor.accountID
            username = actor.username
            displayName = actor.displayName
            memberID = actor.memberID
            grants = actor.grants.map { GrantInfo(role: $0.role, roleLabel: $0.role.chinese, organizationPath: $0.scope?.value) }
        }
    }

    @Sendable func login(_ request: Request, _ credentials: Authentication.Credentials) async throws -> TokenResponse {
        let result = try await Authentication.login(credentials, kind: "api", on: request)
        let configuration = request.services.configuration
        return TokenResponse(token: result.token, tokenType: "Bearer", expiresIn: Int(configuration.sessionAbsoluteTimeout),
                             idleTimeout: Int(configuration.sessionIdleTimeout), me: Me(try request.requireActor()))
    }

    @Sendable func logout(_ request: Request) async throws -> NoContent {
        try await Authentication.logout(request)
        return NoContent()
    }

    @Sendable func changePassword(_ request: Request, _ change: Authentication.PasswordChange) async throws -> NoContent {
        try await Authentication.changePassword(change, on: request)
        return NoContent()
    }

    @Sendable func me(_ request: Request) async throws -> Me { Me(try request.requireActor()) }
}
