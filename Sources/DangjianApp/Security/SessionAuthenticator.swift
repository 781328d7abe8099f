import DangjianCore
import Fluent
import SQLKit
import Vapor

enum SessionCookie {
    static let name = "dj_session"
    /// The double-submit token that protects the login form, before any session exists.
    static let loginCSRF = "dj_login_csrf"

    static func make(_ value: String, secure: Bool, expires: Int? = nil) -> HTTPCookies.Value {
        HTTPCookies.Value(string: value, maxAge: expires, path: "/", isSecure: secure, isHTTPOnly: true, sameSite: .strict)
    }
}

/// Finds the session a request carries (the `dj_session` cookie or an `Authorization: Bearer` token), ends it when
/// it has been idle or alive too long, and loads the actor with their grants.
struct SessionAuthenticator: AsyncMiddleware {
    /// A session is written back at most this often, so that reading pages does not turn every request into a write.
    static let touchInterval: TimeInterval = 60

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let token = request.headers.bearerAuthorization?.token ?? request.cookies[SessionCookie.name]?.string
        if let token, !token.isEmpty {
            try await authenticate(token: token, request: request)
        }
        return try await next.respond(to: request)
    }

    /// One query for the session with its account, one for the grants, both as plain rows: Fluent's decoding of the
    /// two models was a tenth of every request's CPU (`perf` under `scripts/bench`, BENCHMARKS run 12).
    private func authenticate(token: String, request: Request) async throws {
        let configuration = request.services.configuration
        let hash = RandomToken.digest(token)
        guard let found = try await request.db.sql.raw("""
            SELECT s.account_id, s.kind, s.csrf_token, s.created_at, s.last_seen_at, s.client_address, a.username, a.display_name,
            a.member_id, a.disabled, a.must_change_password, a.otp_enabled
            FROM sessions s JOIN accounts a ON a.id = s.account_id WHERE s.token_hash = \(bind: hash)
            """).first(decoding: SignedIn.self) else { return }
        let now = request.now.timeIntervalSince1970
        if now - found.last_seen_at > configuration.sessionIdleTimeout || now - found.created_at > configuration.sessionAbsoluteTimeout {
            try await request.writer.transaction(on: request.db) {
                try await $0.sql.delete(from: SessionModel.schema).where("token_hash", .equal, SQLBind(hash)).run()
            }
            return
        }
        guard !found.disabled else { return }
        request.actor = try await Self.actor(accountID: found.account_id, username: found.username, displayName: found.display_name,
                                             memberID: found.member_id, mustChangePassword: found.must_change_password,
                                             otpEnabled: found.otp_enabled, on: request.db)
        let session = SessionModel(tokenHash: hash, accountID: found.account_id, kind: found.kind, csrfToken: found.csrf_token,
                                   now: found.created_at, clientAddress: found.client_address)
        session.lastSeenAt = found.last_seen_at
        session.$id.exists = true
        request.session = session
        if now - found.last_seen_at > Self.touchInterval {
            // Never wait behind a long write (a roster import): the touch is retried on a later request.
            _ = try await request.writer.transactionIfIdle(on: request.db) {
                try await $0.sql.update(SessionModel.schema).set("last_seen_at", to: SQLBind(now)).where("token_hash", .equal, SQLBind(hash)).run()
            }
            session.lastSeenAt = now
        }
    }

    private struct SignedIn: Decodable {
        let account_id: Int
        let kind: String
        let csrf_token: String
        let created_at: Double
        let last_seen_at: Double
        let client_address: String
        let username: String
        let display_name: String
        let member_id: Int?
        let disabled: Bool
        let must_change_password: Bool
        let otp_enabled: Bool
    }

    /// Whether the session a long response (a live stream) was opened with is still good: not logged out, not idle or
    /// too old, the account not disabled, and `permission` still held somewhere.
    static func stillValid(_ session: SessionModel, permission: Permission, on request: Request) async throws -> Bool {
        let configuration = request.services.configuration
        guard let id = session.id, let current = try await SessionModel.find(id, on: request.db) else { return false }
        let now = request.now.timeIntervalSince1970
        guard now - current.lastSeenAt <= configuration.sessionIdleTimeout, now - current.createdAt <= configuration.sessionAbsoluteTimeout,
              let account = try await AccountModel.find(current.accountID, on: request.db), !account.disabled else { return false }
        return AccessPolicy(try await actor(for: account, on: request.db)).holds(permission)
    }

    private struct GrantRow: Decodable {
        let role: Role
        let path: String?
    }

    static func actor(for account: AccountModel, on database: any Database) async throws -> Actor {
        try await actor(accountID: account.id!, username: account.username, displayName: account.displayName, memberID: account.memberID,
                        mustChangePassword: account.mustChangePassword, otpEnabled: account.otpEnabled, on: database)
    }

    static func actor(accountID: Int, username: String, displayName: String, memberID: Int?, mustChangePassword: Bool, otpEnabled: Bool,
                      on database: any Database) async throws -> Actor {
        let rows = try await database.sql.raw("""
            SELECT g.role, o.path FROM account_grants g LEFT JOIN organizations o ON g.organization_id = o.id WHERE g.account_id = \(bind: accountID)
            """).all(decoding: GrantRow.self)
        let grants = rows.map { Grant(role: $0.role, scope: $0.path.flatMap(OrgPath.init)) }
        return Actor(accountID: accountID, username: username, displayName: displayName, memberID: memberID, grants: grants,
                     mustChangePassword: mustChangePassword, mustEnrollSecondFactor: !otpEnabled && grants.contains { $0.role.requiresSecondFactor })
    }
}

/// Form posts from the browser carry the session's CSRF token (`_csrf` field or `X-CSRF-Token` header); the login
/// form, which has no session yet, carries a double-submit token that must match its cookie. Bearer-token API calls
/// carry no ambient credential and need none, but must send JSON.
struct CSRFMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        guard ![.GET, .HEAD, .OPTIONS].contains(request.method) else { return try await next.respond(to: request) }
        let streams = request.route?.readsBodyAsStream ?? false
        if !streams {
            // Routes collect their body after the middleware has run; collect it here, under the route's cap, to read the
            // token. A body announced larger than the cap is refused before a byte of it is read.
            let limit = request.route?.bodyLimit ?? request.services.configuration.maxBodyKilobytes * 1024
            if let announced = request.headers.first(name: .contentLength).flatMap({ Int($0) }), announced > limit {
                throw Abort(.payloadTooLarge, reason: "提交的内容超过了大小上限（\(limit / 1024) KB）")
            }
            let body = try await request.body.collect(max: limit).get()
            guard (body?.readableBytes ?? 0) <= limit else { throw Abort(.payloadTooLarge) }
        }
        if request.headers.bearerAuthorization != nil || (request.isAPI && request.cookies[SessionCookie.name] == nil) {
            // Routes that take a file (they carry their own body cap) also accept multipart/form-data.
            let upload = request.route?.bodyLimit != nil && request.headers.contentType?.type == "multipart"
                && request.headers.contentType?.subType == "form-data"
            guard streams || upload || request.headers.contentType == .json || request.body.data == nil || request.body.data?.readableBytes == 0 else {
                throw Abort(.unsupportedMediaType, reason: "接口只接受 JSON（Content-Type: application/json）；上传文件的接口另接受 multipart/form-data")
            }
            return try await next.respond(to: request)
        }
        let sent = request.headers.first(name: "X-CSRF-Token") ?? (streams ? nil : try? request.content.get(String.self, at: "_csrf"))
        let expected: String?
        if let session = request.session {
            expected = session.csrfToken
        } else {
            expected = request.cookies[SessionCookie.loginCSRF]?.string
        }
        guard let expected, let sent, !expected.isEmpty, constantTimeEquals(expected, sent) else {
            // Counted by source and minute (what auditors read), not written one by one: a flood cannot fill the disk.
            try await RateCounter.hit(.csrfRejections, key: request.rateSource, sample: Request.scrubbedName("\(request.method) \(request.url.path)"),
                                      now: request.now.timeIntervalSince1970, on: request)
            throw Abort(.forbidden, reason: "页面已过期或来源不明，请刷新页面后重新提交")
        }
        return try await next.respond(to: request)
    }


}

/// The headers every response carries (DESIGN: private by default). Pages and API answers are never cached,
/// since almost all of them hold personal data; our own static files may be.
struct SecurityHeadersMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let response = try await next.respond(to: request)
        let headers = [
            ("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; object-src 'none'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'"),
            ("X-Content-Type-Options", "nosniff"),
            ("X-Frame-Options", "DENY"),
            ("Referrer-Policy", "same-origin"),
            ("Permissions-Policy", "camera=(), microphone=(), geolocation=()"),
        ]
        for (name, value) in headers { response.headers.replaceOrAdd(name: name, value: value) }
        if response.headers.first(name: "X-Chart-CSP") != nil {
            // A chart served on its own: our generated SVG carries its own stylesheet and nothing else.
            response.headers.remove(name: "X-Chart-CSP")
            response.headers.replaceOrAdd(name: "Content-Security-Policy", value: "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'self'")
        }
        if response.headers.first(name: "X-Stored-File") != nil {
            // An uploaded file opened on its own: nothing in it may run, even if a browser were to render it as a page.
            response.headers.remove(name: "X-Stored-File")
            response.headers.replaceOrAdd(name: "Content-Security-Policy", value: "default-src 'none'; sandbox; frame-ancestors 'none'")
        }
        let isStatic = request.url.path.hasPrefix("/css/") || request.url.path.hasPrefix("/js/") || request.url.path.hasPrefix("/img/")
            || request.url.path == "/robots.txt"
        // A public page (`PublicPages`): the same for everyone, with nobody's personal data; shared caches may keep it a minute.
        let isPublicPage = response.headers.first(name: "X-Public-Page") != nil
        response.headers.remove(name: "X-Public-Page")
        response.headers.replaceOrAdd(name: .cacheControl, value: isPublicPage ? "public, max-age=60" : isStatic ? "public, max-age=3600" : "no-store")
        return response
    }
}

/// Whether two secrets are equal, in a time that does not tell how much of them matched.
func constantTimeEquals(_ a: String, _ b: String) -> Bool {
    let x = Array(a.utf8), y = Array(b.utf8)
    guard x.count == y.count else { return false }
    return zip(x, y).reduce(0) { $0 | ($1.0 ^ $1.1) } == 0
}
