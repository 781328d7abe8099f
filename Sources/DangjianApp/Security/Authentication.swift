import DangjianCore
import Fluent
import Vapor

/// Logging in and out, and changing one's password. Shared by the pages and the API.
enum Authentication {
    struct Credentials: Content {
        var username: String
        var password: String
        /// 动态口令 (or a recovery code) of an account with two-step verification.
        var otp: String?

        init(username: String, password: String, otp: String? = nil) {
            self.username = username
            self.password = password
            self.otp = otp
        }
    }

    struct LoginResult: Sendable {
        let token: String
        let session: SessionModel
        let account: AccountModel
    }

    /// What every failed login answers, whatever the reason (no such name, disabled, locked, wrong password): nothing
    /// tells a guesser which names exist.
    static let refusal = "用户名、密码或动态口令错误；连续输错多次后账号会被暂时锁定，请稍后再试或联系系统管理员"

    /// Checks the password off the event loop (at most a few at a time, `BcryptGate`), counts failures by source and by
    /// name, locks the account atomically after too many, and on success opens a new session (a new id every time).
    /// Unknown, disabled and locked names cost the same bcrypt work as a wrong password and get the same answer.
    static func login(_ credentials: Credentials, kind: String, on request: Request) async throws -> LoginResult {
        let username = credentials.username.trimmingCharacters(in: .whitespaces)
        guard !username.isEmpty, !credentials.password.isEmpty else {
            throw Abort(.badRequest, reason: "请输入用户名和密码")
        }
        let now = request.now.timeIntervalSince1970
        let source = request.rateSource
        let nameKey = RandomToken.digest(username.lowercased())
        try await RateCounter.refuseIfReached(.loginFailuresBySource, key: source, now: now, on: request)
        try await RateCounter.refuseIfReached(.loginFailuresByName, key: nameKey, now: now, on: request)
        let policy = try await SecurityPolicy.load(on: request.db)
        // A resident signs in with their phone number: it stands for the account named by the number's keyed hash.
        let names = Residents.signInNames(for: username, cipher: request.services.cipher)
        let candidates = try await AccountModel.query(on: request.db).filter(\.$username ~~ names).all()
        let found = names.lazy.compactMap { name in candidates.first { $0.username == name } }.first
        let usable = found.flatMap { account in !account.disabled && !(account.lockedUntil.map { $0 > now } ?? false) ? account : nil }
        let matches = try await request.services.bcryptGate.verify(credentials.password,
                                                                  against: usable?.passwordHash ?? request.services.decoyPasswordHash, on: request)
        // An account with two-step verification needs its code too; a wrong or missing code answers like a wrong
        // password, so that the answer never tells a guesser the password was right.
        let second = usable.flatMap { SecondFactor.accept(credentials.otp, account: $0, at: now, cipher: request.services.cipher) }
        guard let account = usable, let id = account.id, matches, !account.otpEnabled || second != nil else {
            try await failed(username: username, account: usable, policy: policy, now: now, source: source, nameKey: nameKey, on: request)
            throw Abort(.unauthorized, reason: refusal)
        }
        let use = SecondFactor.recordUse(second, account: account)
        let token = RandomToken.make()
        let session = SessionModel(tokenHash: RandomToken.digest(token), accountID: id, kind: kind,
                                   csrfToken: RandomToken.make(), now: now,
                                   clientAddress: request.clientAddress ?? "-")
        let previous = request.session
        request.actor = try await SessionAuthenticator.actor(for: account, on: request.db)
        try await request.write { database in
            // Only if no parallel wrong guess has locked (and no administrator disabled) the account meanwhile: a right
            // password in flight never undoes a lock.
            let still = try await database.sql.raw("""
                UPDATE \(ident: AccountModel.schema) SET failed_attempts = 0, locked_until = NULL, last_login_at = \(bind: now)\(use.set)
                WHERE id = \(bind: id) AND disabled = \(bind: false) AND (locked_until IS NULL OR locked_until <= \(bind: now))\(use.condition)
                RETURNING id
                """).first()
            guard still != nil else { throw Abort(.unauthorized, reason: refusal) }
            // A session carried into the login is ended: the new login gets a new id (no session fixation).
            if let previous { try await previous.delete(on: database) }
            try await session.create(on: database)
            return ((), AuditEvent("auth.login", target: "account", id: id, detail: kind == "api" ? "接口令牌" : "网页登录"))
        }
        account.failedAttempts = 0
        account.lockedUntil = nil
        account.lastLoginAt = now
        switch second {
        case .counter(let counter): account.otpCounter = counter
        case .recovery(let remaining): account.recoveryCodes = remaining
        case nil: break
        }
        request.session = session
        return LoginResult(token: token, session: session, account: account)
    }

    /// A failed login: counted by source (the aggregate auditors read, one row a source and minute, with the name
    /// scrubbed and cut short) and by name; for an account that could have logged in, `failed_attempts` goes up in one
    /// statement and the account locks when it reaches the policy's number, which alone is a chained audit entry.
    private static func failed(username: String, account: AccountModel?, policy: SecurityPolicy, now: Double, source: String,
                               nameKey: String, on request: Request) async throws {
        try await RateCounter.hit(.loginFailuresBySource, key: source, sample: Request.scrubbedName(username), now: now, on: request)
        try await RateCounter.hit(.loginFailuresByName, key: nameKey, now: now, on: request)
        guard let id = account?.id else { return }
        let until = now + Double(policy.lockoutMinutes * 60)
        let locked = try await request.writer.transaction(on: request.db) { database -> Bool in
            let row = try await database.sql.raw("""
                UPDATE \(ident: AccountModel.schema)
                SET failed_attempts = CASE WHEN failed_attempts + 1 >= \(bind: policy.maxFailedLogins) THEN 0 ELSE failed_attempts + 1 END,
                    locked_until = CASE WHEN failed_attempts + 1 >= \(bind: policy.maxFailedLogins) THEN \(bind: until) ELSE locked_until END
                WHERE id = \(bind: id) AND (locked_until IS NULL OR locked_until <= \(bind: now)) RETURNING locked_until
                """).first()
            return try row?.decode(column: "locked_until", as: Double?.self) == until
        }
        if locked {
            await request.auditDenied("auth.lock", target: "account", id: id,
                                      detail: "密码连续错误 \(policy.maxFailedLogins) 次，账号锁定 \(policy.lockoutMinutes) 分钟")
        }
    }

    static func logout(_ request: Request) async throws {
        guard let session = request.session else { return }
        try await request.write { database in
            try await session.delete(on: database)
            return ((), AuditEvent("auth.logout", target: "account", id: session.accountID))
        }
        request.session = nil
    }

    struct PasswordChange: Content {
        var currentPassword: String
        var newPassword: String
        var confirmPassword: String?
    }

    /// Changes the caller's own password and ends their other sessions. Throws `FormProblems` with every problem.
    static func changePassword(_ change: PasswordChange, on request: Request) async throws {
        let actor = try request.requireActor()
        guard let account = try await AccountModel.find(actor.accountID, on: request.db) else { throw Abort(.notFound) }
        let policy = try await SecurityPolicy.load(on: request.db)
        let now = request.now.timeIntervalSince1970
        try await RateCounter.refuseIfReached(.passwordFailures, key: String(actor.accountID), now: now, on: request)
        var problems: [FieldError] = []
        if !(try await request.services.bcryptGate.verify(change.currentPassword, against: account.passwordHash, on: request)) {
            try await RateCounter.hit(.passwordFailures, key: String(actor.accountID), now: now, on: request)
            problems.append(FieldError(field: "currentPassword", message: "当前密码不正确"))
        }
        if let problem = policy.problem(withPassword: change.newPassword, username: account.username) {
            problems.append(FieldError(field: "newPassword", message: problem))
        }
        if let confirm = change.confirmPassword, confirm != change.newPassword {
            problems.append(FieldError(field: "confirmPassword", message: "两次输入的新密码不一致"))
        }
        guard problems.isEmpty else { throw FormProblems(problems) }
        let hash = try await request.services.bcryptGate.hash(change.newPassword, on: request)
        let keep = request.session?.id
        try await request.write { database in
            account.passwordHash = hash
            account.mustChangePassword = false
            try await account.update(on: database)
            var others = SessionModel.query(on: database).filter(\.$accountID == account.id!)
            if let keep { others = others.filter(\.$id != keep) }
            try await others.delete()
            return ((), AuditEvent("account.password", target: "account", id: account.id, detail: "本人修改密码，其他会话已结束"))
        }
    }
}
