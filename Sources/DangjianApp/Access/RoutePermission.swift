import DangjianCore
import Vapor

extension Route {
    /// Declares what a caller needs to reach this route. The authorization middleware refuses routes without one.
    @discardableResult
    func requires(_ permission: Permission) -> Route {
        userInfo[Self.permissionKey] = permission
        return self
    }

    var requiredPermission: Permission? { userInfo[Self.permissionKey] as? Permission }

    /// A route that reads its body as a stream (uploads): the middleware leaves the body alone, and a browser sends
    /// its CSRF token in the `X-CSRF-Token` header.
    @discardableResult
    func streamsBody() -> Route {
        userInfo[Self.streamsKey] = true
        return self
    }

    var readsBodyAsStream: Bool { userInfo[Self.streamsKey] as? Bool ?? false }

    /// A larger body cap than the default for this route (collected uploads from forms without JavaScript).
    @discardableResult
    func acceptsBody(upTo bytes: Int) -> Route {
        userInfo[Self.bodyLimitKey] = bytes
        return self
    }

    var bodyLimit: Int? { userInfo[Self.bodyLimitKey] as? Int }

    private static let permissionKey = "dangjian.permission"
    private static let streamsKey = "dangjian.streams"
    private static let bodyLimitKey = "dangjian.bodyLimit"
}

extension Request {
    private struct ActorKey: StorageKey {
        typealias Value = Actor
    }

    private struct SessionKey: StorageKey {
        typealias Value = SessionModel
    }

    /// The logged-in account, set by the session authenticator.
    var actor: Actor? {
        get { storage[ActorKey.self] }
        set { storage[ActorKey.self] = newValue }
    }

    /// The server-side session the request came with.
    var session: SessionModel? {
        get { storage[SessionKey.self] }
        set { storage[SessionKey.self] = newValue }
    }

    /// The actor of a route that requires a login; the authorization middleware guarantees there is one.
    func requireActor() throws -> Actor {
        guard let actor else { throw Abort(.unauthorized, reason: "请先登录") }
        return actor
    }

    var policy: AccessPolicy {
        get throws { AccessPolicy(try requireActor()) }
    }

    /// Whether the request speaks the JSON API (errors and refusals answer in JSON).
    var isAPI: Bool { url.path.hasPrefix("/api/") }
}

/// Deny by default: a route that declares no permission is refused; a route that needs a login sends anonymous
/// callers to the login page (or answers 401 on the API); a caller without the permission anywhere gets 403 and the
/// refusal is audited. Scope checks happen in the handlers, which answer 404 outside the scope.
struct AuthorizationMiddleware: AsyncMiddleware {
    /// What an account with an initial password may reach: changing it, logging out, reading who it is.
    static let allowedBeforeNewPassword: Set<String> = ["password", "logout", "api/v1/auth/password", "api/v1/auth/logout", "api/v1/me"]
    /// What an account that must set up two-step verification may reach meanwhile.
    static let allowedBeforeSecondFactor: Set<String> = allowedBeforeNewPassword.union(["security/otp", "api/v1/auth/otp/enroll",
                                                                                       "api/v1/auth/otp/confirm"])

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        guard let route = request.route else { return try await next.respond(to: request) }
        guard let permission = route.requiredPermission else {
            request.logger.critical("route \(route.method) \(route.path.string) declares no permission; refused")
            throw Abort(.forbidden, reason: "该功能未声明访问权限，已拒绝")
        }
        if permission == .public { return try await next.respond(to: request) }
        if let actor = request.actor, actor.mustChangePassword, !Self.allowedBeforeNewPassword.contains(route.path.string) {
            // An initial password given by the 系统管理员: the account changes it before doing anything else.
            if request.isAPI { throw Abort(.forbidden, reason: "请先修改系统管理员设置的初始密码（POST /api/v1/auth/password）") }
            return request.redirect(to: "/password?notice=initial")
        }
        if let actor = request.actor, actor.mustEnrollSecondFactor, !actor.mustChangePassword,
           !Self.allowedBeforeSecondFactor.contains(route.path.string) {
            // A role that holds the keys: two-step verification is set up before anything else.
            if request.isAPI { throw Abort(.forbidden, reason: "您的角色须先启用两步验证（POST /api/v1/auth/otp/enroll，再 /api/v1/auth/otp/confirm）") }
            return request.redirect(to: "/security/otp?notice=secondFactor")
        }
        guard let actor = request.actor else {
            if request.isAPI { throw Abort(.unauthorized, reason: "请先登录") }
            let target = request.url.query.map { "\(request.url.path)?\($0)" } ?? request.url.path
            let next = request.method == .GET ? "?next=\(target.addingPercentEncoding(withAllowedCharacters: .urlQueryAllowed) ?? "/")" : ""
            return request.redirect(to: "/login\(next)")
        }
        // A resident's home is their requests: the staff home page is not theirs, and a refusal would greet them.
        if actor.isResident, request.method == .GET, route.path.isEmpty { return request.redirect(to: "/requests") }
        guard AccessPolicy(actor).holds(permission) else {
            await request.auditDenied("access.denied", target: "route", id: "\(request.method) /\(route.path.string)",
                                      detail: "缺少权限：\(permission.chinese)")
            throw Abort(.forbidden, reason: "您没有“\(permission.chinese)”的权限")
        }
        return try await next.respond(to: request)
    }
}
