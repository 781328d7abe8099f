import Crypto
import DangjianCore
import Fluent
import Foundation
import SQLKit
import Vapor

/// 两步验证 — a TOTP code from any authenticator app (RFC 6238, HMAC-SHA-1, 6 digits, 30 s), or one of ten one-time
/// recovery codes. Required for the 三员 and the 组织部 (`Role.requiresSecondFactor`), open to everyone else.
enum SecondFactor {
    static let rule = TimeBasedCode()
    static let issuer = "智慧党建"

    static func mac(_ secret: [UInt8]) -> ([UInt8]) -> [UInt8] {
        let key = SymmetricKey(data: secret)
        return { message in Array(HMAC<Insecure.SHA1>.authenticationCode(for: message, using: key)) }
    }

    static func newSecret() -> [UInt8] {
        var generator = SystemRandomNumberGenerator()
        return (0..<20).map { _ in UInt8.random(in: 0...255, using: &generator) }
    }

    /// Ten codes like `7K3Q-9MPD`, for a lost phone; each works once.
    static func newRecoveryCodes() -> [String] {
        let alphabet = Array("23456789ABCDEFGHJKLMNPQRSTUVWXYZ")
        var generator = SystemRandomNumberGenerator()
        return (0..<10).map { _ in
            let characters = (0..<8).map { _ in alphabet[Int(generator.next(upperBound: UInt(alphabet.count)))] }
            return String(characters[0..<4]) + "-" + String(characters[4..<8])
        }
    }

    static func normalizedRecovery(_ text: String) -> String {
        text.uppercased().filter { $0.isLetter || $0.isNumber }
    }

    /// `otpauth://totp/…`, what an app's QR scanner or "enter a key" screen takes.
    static func uri(username: String, secret: String) -> String {
        let label = "\(issuer):\(username)".addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? username
        return "otpauth://totp/\(label)?secret=\(secret)&issuer=\(issuer.addingPercentEncoding(withAllowedCharacters: .urlQueryAllowed) ?? "")&digits=6&period=30"
    }

    /// What accepting a code changes: the counter now used, or the recovery codes left.
    enum Accepted: Sendable {
        case counter(Int)
        case recovery(remaining: String)
    }

    /// Whether `typed` is a good code for the account's enabled factor now.
    static func accept(_ typed: String?, account: AccountModel, at unixTime: Double, cipher: PersonalDataCipher) -> Accepted? {
        guard account.otpEnabled, let typed, !typed.isEmpty, let sealed = account.otpSecret, let row = account.id,
              let secret = (try? cipher.open(sealed, for: .otpSecret(row))).flatMap(Base32.decode) else { return nil }
        if let counter = rule.accept(typed, at: Int64(unixTime), lastUsed: account.otpCounter.map(Int64.init), mac: mac(secret)) {
            return .counter(Int(counter))
        }
        let hashes = (account.recoveryCodes.flatMap { try? JSONDecoder().decode([String].self, from: Data($0.utf8)) }) ?? []
        let hash = cipher.lookupHash("recovery|" + normalizedRecovery(typed))
        guard hashes.contains(hash) else { return nil }
        let remaining = hashes.filter { $0 != hash }
        return .recovery(remaining: String(decoding: (try? JSONEncoder().encode(remaining)) ?? Data("[]".utf8), as: UTF8.self))
    }

    /// The SQL that records an accepted code in the login's own update, so that two logins with one code cannot both
    /// pass (the condition fails for the second).
    static func recordUse(_ accepted: Accepted?, account: AccountModel) -> (set: SQLQueryString, condition: SQLQueryString) {
        switch accepted {
        case .counter(let counter):
            return (", otp_counter = \(bind: counter)", " AND (otp_counter IS NULL OR otp_counter < \(bind: counter))")
        case .recovery(let remaining):
            return (", recovery_codes = \(bind: remaining)", " AND recovery_codes = \(bind: account.recoveryCodes ?? "")")
        case nil:
            return ("", "")
        }
    }

    struct Enrolment: Content {
        /// The secret to type into the app (base32, in groups of four).
        let secret: String
        let uri: String
    }

    struct Confirmation: Content {
        var code: String?
    }

    struct RecoveryCodes: Content {
        /// Shown once: keep them on paper, apart from the phone.
        let recoveryCodes: [String]
    }

    /// Starts (or shows the started) enrolment: a new secret, sealed, not in use until confirmed with a code.
    static func begin(on request: Request) async throws -> Enrolment {
        let actor = try request.requireActor()
        guard let account = try await AccountModel.find(actor.accountID, on: request.db) else { throw Abort(.notFound) }
        guard !account.otpEnabled else { throw FormProblems(field: "code", "两步验证已经启用；更换手机请由安全管理员重置后重新设置") }
        let cipher = request.services.cipher
        guard let row = account.id else { throw Abort(.notFound) }
        let secret: String
        if let sealed = account.otpSecret, let pending = try? cipher.open(sealed, for: .otpSecret(row)) {
            secret = pending
        } else {
            secret = Base32.encode(newSecret())
            account.otpSecret = try cipher.seal(secret, for: .otpSecret(row))
            try await request.writer.transaction(on: request.db) { try await account.update(on: $0) }
        }
        return Enrolment(secret: grouped(secret), uri: uri(username: account.username, secret: secret))
    }

    static func grouped(_ secret: String) -> String {
        stride(from: 0, to: secret.count, by: 4).map { start in
            let from = secret.index(secret.startIndex, offsetBy: start)
            return String(secret[from..<(secret.index(from, offsetBy: 4, limitedBy: secret.endIndex) ?? secret.endIndex)])
        }.joined(separator: " ")
    }

    /// Confirms the enrolment with a code from the app; the factor is in use from now, and the recovery codes are given.
    static func confirm(_ input: Confirmation, on request: Request) async throws -> RecoveryCodes {
        let actor = try request.requireActor()
        guard let account = try await AccountModel.find(actor.accountID, on: request.db), let id = account.id else { throw Abort(.notFound) }
        guard !account.otpEnabled else { throw FormProblems(field: "code", "两步验证已经启用") }
        let cipher = request.services.cipher
        let now = request.now.timeIntervalSince1970
        try await RateCounter.refuseIfReached(.secondFactorFailures, key: String(id), now: now, on: request)
        guard let sealed = account.otpSecret, let secret = (try? cipher.open(sealed, for: .otpSecret(id))).flatMap(Base32.decode),
              let counter = rule.accept(input.code ?? "", at: Int64(now), lastUsed: nil, mac: mac(secret)) else {
            try await RateCounter.hit(.secondFactorFailures, key: String(id), now: now, on: request)
            throw FormProblems(field: "code", "动态口令不正确：请核对手机上的时间，输入应用中显示的 6 位数字")
        }
        let codes = newRecoveryCodes()
        let hashes = codes.map { cipher.lookupHash("recovery|" + normalizedRecovery($0)) }
        account.otpEnabled = true
        account.otpCounter = Int(counter)
        account.recoveryCodes = String(decoding: try JSONEncoder().encode(hashes), as: UTF8.self)
        try await request.write { database in
            try await account.update(on: database)
            return ((), AuditEvent("account.otp-enable", target: "account", id: id, detail: "启用两步验证（动态口令）"))
        }
        return RecoveryCodes(recoveryCodes: codes)
    }

    /// The 安全管理员 clears an account's factor (a lost phone); the account sets it up again at its next login.
    static func reset(_ accountID: Int?, on request: Request) async throws {
        guard let accountID, let account = try await AccountModel.find(accountID, on: request.db) else {
            throw Abort(.notFound, reason: "没有找到该账号")
        }
        account.otpSecret = nil
        account.otpEnabled = false
        account.otpCounter = nil
        account.recoveryCodes = nil
        try await request.write { database in
            try await account.update(on: database)
            try await SessionModel.query(on: database).filter(\.$accountID == accountID).delete()
            return ((), AuditEvent("account.otp-reset", target: "account", id: accountID, detail: "重置 \(account.username) 的两步验证，其登录已全部退出"))
        }
    }

    /// For `dangjian demo`: an enabled factor with a known secret (printed beside the account); the account is stored.
    static func enrol(_ account: AccountModel, cipher: PersonalDataCipher) throws -> String {
        guard let row = account.id else { throw FluentError.idRequired }
        let secret = Base32.encode(newSecret())
        account.otpSecret = try cipher.seal(secret, for: .otpSecret(row))
        account.otpEnabled = true
        return secret
    }
}

/// `/api/v1/auth/otp`: enrolment for the caller; `/api/v1/accounts/:id/otp/reset` for the 安全管理员.
struct SecondFactorAPI: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.api(.POST, "auth", "otp", "enroll", requires: .authenticated, summary: "开始设置两步验证：取得密钥（输入认证应用）", use: begin)
        routes.api(.POST, "auth", "otp", "confirm", requires: .authenticated, summary: "以应用中的动态口令确认，启用两步验证；答复一次性恢复码",
                   body: SecondFactor.Confirmation.self, use: confirm)
        routes.api(.POST, "accounts", ":id", "otp", "reset", requires: .roleGrant, summary: "重置账号的两步验证（安全管理员）", use: reset)
    }

    @Sendable func begin(_ request: Request) async throws -> SecondFactor.Enrolment { try await SecondFactor.begin(on: request) }

    @Sendable func confirm(_ request: Request, _ input: SecondFactor.Confirmation) async throws -> SecondFactor.RecoveryCodes {
        try await SecondFactor.confirm(input, on: request)
    }

    @Sendable func reset(_ request: Request) async throws -> NoContent {
        try await SecondFactor.reset(request.parameters.get("id", as: Int.self), on: request)
        return NoContent()
    }
}

/// `/security/otp`: setting up two-step verification in the browser.
struct SecondFactorPages: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("security", "otp", use: show).requires(.authenticated)
        routes.post("security", "otp", use: confirm).requires(.authenticated)
    }

    struct OTPPage {
        let layout: Layout
        let username: String
        let enabled: Bool
        let secret: String?
        let recoveryCodes: [String]?
        let errors: [FieldError]
    }

    func render(_ request: Request, recoveryCodes: [String]? = nil, errors: [FieldError] = [], status: HTTPStatus = .ok) async throws -> Response {
        let actor = try request.requireActor()
        let account = try await AccountModel.find(actor.accountID, on: request.db)
        let enabled = account?.otpEnabled ?? false
        let secret = enabled || recoveryCodes != nil ? nil : try await SecondFactor.begin(on: request).secret
        return try await Page(OTPPage(layout: Layout(request, title: "两步验证"), username: actor.username, enabled: enabled, secret: secret,
                                      recoveryCodes: recoveryCodes, errors: errors).node)
            .encodeResponse(status: status, for: request)
    }

    @Sendable func show(_ request: Request) async throws -> Response { try await render(request) }

    @Sendable func confirm(_ request: Request) async throws -> Response {
        do {
            let codes = try await SecondFactor.confirm(try request.content.decode(SecondFactor.Confirmation.self), on: request)
            return try await render(request, recoveryCodes: codes.recoveryCodes)
        } catch let problems as FormProblems {
            return try await render(request, errors: problems.errors, status: .unprocessableEntity)
        }
    }
}
