import DangjianCore
import Fluent
import SQLKit
import Vapor

/// A limit on how often one key may do something in a fixed window of time (`login.source`: failed logins from one
/// address a minute). Reaching it answers 429 with `Retry-After` until the window ends.
struct RateLimit: Sendable {
    let name: String
    let limit: Int
    let window: Int
    /// How long the counts are kept: long for what auditors read (failed logins), a window for the rest.
    let keep: Int
    let message: String

    /// Every limit the platform applies, in one place.
    static let loginFailuresBySource = RateLimit(name: "login.source", limit: 30, window: 60, keep: 180 * 86_400,
                                                 message: "来自您所在地址的登录失败次数过多，请稍后再试")
    static let loginFailuresByName = RateLimit(name: "login.name", limit: 20, window: 900, keep: 900,
                                               message: "该用户名登录失败次数过多，请稍后再试")
    static let anonymousPosts = RateLimit(name: "anonymous.post", limit: 120, window: 60, keep: 60,
                                          message: "提交过于频繁，请稍后再试")
    static let secondFactorFailures = RateLimit(name: "otp.account", limit: 5, window: 900, keep: 900,
                                                message: "动态口令输错次数过多，请 15 分钟后再试")
    static let passwordFailures = RateLimit(name: "password.account", limit: 5, window: 900, keep: 900,
                                            message: "原密码输错次数过多，请 15 分钟后再试")
    static let signInCodesByAccount = RateLimit(name: "checkin.account", limit: 10, window: 120, keep: 120,
                                                message: "签到码输错次数过多，请看清屏幕上的签到码，稍后再试")
    static let signInCodesBySource = RateLimit(name: "checkin.source", limit: 60, window: 60, keep: 60,
                                               message: "来自您所在地址的签到码错误次数过多，请稍后再试")
    static let exactNumberSearches = RateLimit(name: "search.number", limit: 20, window: 3600, keep: 180 * 86_400,
                                               message: "按完整身份证号或手机号查找的次数已达每小时上限，请稍后再试")
    /// Counted for auditors, never refused by count (each rejection is already a refusal).
    static let csrfRejections = RateLimit(name: "csrf.source", limit: .max, window: 60, keep: 180 * 86_400,
                                          message: "页面已过期或来源不明，请刷新页面后重新提交")
    /// `/metrics` asked for from an address not allowed and without the token: counted, never refused by count.
    static let metricsRefusals = RateLimit(name: "metrics.source", limit: .max, window: 60, keep: 180 * 86_400, message: "")
}

/// Refused for going over a `RateLimit`: 429 with the seconds until the window ends.
struct RateLimited: AbortError {
    let limit: RateLimit
    let retryAfter: Int

    var status: HTTPResponseStatus { .tooManyRequests }
    var reason: String { limit.message }
    var headers: HTTPHeaders { ["Retry-After": String(retryAfter)] }
}

/// The counts behind `RateLimit`, one row per key and window, added to atomically (`count = count + 1`), so that
/// parallel requests and several processes never count past each other.
enum RateCounter {
    static let table = "rate_counters"

    /// The window of `seconds` that holds `now`, as its first second.
    static func window(_ seconds: Int, at now: Double) -> Int { Int(now) / seconds * seconds }

    /// Adds one to `key` under `limit` and returns the count after. `sample` (scrubbed, short) is kept with the
    /// first count of a window, for auditors. Written through the app's one writer, like every other write: on SQLite a
    /// second writing connection would meet a busy database.
    @discardableResult
    static func hit(_ limit: RateLimit, key: String, sample: String? = nil, now: Double, on request: Request) async throws -> Int {
        let start = window(limit.window, at: now)
        let name = limit.name + "|" + key, expires = start + max(limit.keep, limit.window)
        return try await request.writer.transaction(on: request.db) { database in
            let row = try await database.sql.raw("""
                INSERT INTO \(ident: table) (key, window_start, count, expires_at, sample) VALUES (\(bind: name), \(bind: start), 1, \
                \(bind: expires), \(bind: sample))
                ON CONFLICT (key, window_start) DO UPDATE SET count = \(ident: table).count + 1 RETURNING count
                """).first()
            let count = try row?.decode(column: "count", as: Int.self) ?? 1
            if count == 1, Int(now) % 97 == 0 {
                // Now and then, at the start of a window, the expired counts are removed.
                try await database.sql.delete(from: table).where("expires_at", .lessThan, SQLBind(Int(now))).run()
            }
            return count
        }
    }

    /// The count of `key` in the current window.
    static func count(_ limit: RateLimit, key: String, now: Double, on request: Request) async throws -> Int {
        let row = try await request.db.sql.select().column("count").from(table)
            .where("key", .equal, SQLBind(limit.name + "|" + key)).where("window_start", .equal, SQLBind(window(limit.window, at: now)))
            .first()
        return try row?.decode(column: "count", as: Int.self) ?? 0
    }

    /// Throws `RateLimited` when `key` has reached the limit in the current window.
    static func refuseIfReached(_ limit: RateLimit, key: String, now: Double, on request: Request) async throws {
        guard try await count(limit, key: key, now: now, on: request) >= limit.limit else { return }
        throw RateLimited(limit: limit, retryAfter: window(limit.window, at: now) + limit.window - Int(now))
    }

    /// Counts one more and throws `RateLimited` once the count passes the limit.
    static func hitOrRefuse(_ limit: RateLimit, key: String, sample: String? = nil, now: Double, on request: Request) async throws {
        let count = try await hit(limit, key: key, sample: sample, now: now, on: request)
        guard count <= limit.limit else { throw RateLimited(limit: limit, retryAfter: window(limit.window, at: now) + limit.window - Int(now)) }
    }
}

extension Request {
    /// Where the request came from, as rate limits count it: the IPv4 address, or the /64 an IPv6 address is in.
    /// The caller's address: the connection's peer, or — when the peer is a proxy named in `DANGJIAN_TRUSTED_PROXIES`
    /// (nginx on the same machine) — the nearest address in `X-Forwarded-For` that is not itself such a proxy. Without
    /// it, behind nginx every caller would be 127.0.0.1: one source for every rate limit, one address in the audit log.
    var clientAddress: String? {
        guard let peer = remoteAddress?.ipAddress else { return nil }
        let trusted = services.configuration.trustedProxies
        guard trusted.contains(peer) else { return peer }
        let hops = headers[.xForwardedFor].joined(separator: ",").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        return hops.last { !trusted.contains($0) } ?? peer
    }

    var rateSource: String {
        guard let address = clientAddress else { return "-" }
        guard address.contains(":") else { return address }
        return address.split(separator: ":", omittingEmptySubsequences: false).prefix(4).joined(separator: ":") + "::/64"
    }

    /// What a caller typed as a user name, fit to be kept: at most 32 characters, printable, with anything shaped like an
    /// ID or phone number removed.
    static func scrubbedName(_ text: String) -> String {
        let printable = String(String.UnicodeScalarView(text.unicodeScalars.filter { !$0.properties.isWhitespace || $0 == " " }
            .filter { $0.value >= 0x20 && !(0x7F...0x9F).contains($0.value) }))
        return String(PersonalDataScrubber.scrub(printable).prefix(32))
    }
}

/// Posts without a session (the login form, the API login) are counted by source and refused past the limit.
struct AnonymousPostLimit: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        if request.method == .POST, request.actor == nil {
            try await RateCounter.hitOrRefuse(.anonymousPosts, key: request.rateSource, now: request.now.timeIntervalSince1970, on: request)
        }
        return try await next.respond(to: request)
    }
}
