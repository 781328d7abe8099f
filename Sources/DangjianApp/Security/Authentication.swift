import DangjianCore
import Fluent
import Vapor

/// Logging in and out, and changing one's password. Shared by the pages and the API.
enum Authentication {
    struct Credentials: Content {
        var username: String
        var password: String
    }

    struct LoginResult: Sendable {
        let token: String
        let session: SessionModel
        let account: AccountModel
    }

    /// Checks the password off the event loop, counts failures and locks the account after too many, and on success
    /// opens a new session (a new id every time).
    static func login(_ credentials: Credentials, kind: String, on request: Request) async throws -> LoginResult {
        let username = credentials.username.trimmingCharacters(in: .whitespaces)
        guard !username.isEmpty, !credentials.password.isEmpty else {
            throw Abort(.badRequest, reason: "请输入用户名和密码")
        }
        let policy = try await SecurityPolicy.load(on: request.db)
        let now = request.now.timeIntervalSince1970
        guard let account = try await AccountModel.query(on: request.db).filter(\.$username == username).first() else {
            _ = try? await request.password.async.verify(credentials.password, created: request.services.decoyPasswordHash)
            await request.auditDenied("auth.login", target: "account", id: username, detail: "用户名不存在")
            throw Abort(.unauthorized, reason: "用户名或密码错误")
        }
        if let lockedUntil = account.lockedUntil, lockedUntil > now {
            let minutes = Int(((lockedUntil - now) / 60).rounded(.up))
            await request.auditDenied("auth.login", target: "account", id: account.id, detail: "账号锁定期间尝试登录")
            throw Abort(.tooManyRequests, reason: "密码连续错误次数过多，账号已锁定，请 \(minutes) 分钟后再试或联系系统管理员解锁")
        }
        if account.disabled {
            await request.auditDenied("auth.login", target: "account", id: account.id, detail: "账号已停用")
            throw Abort(.unauthorized, reason: "用户名或密码错误")
        }
        guard try await request.password.async.verify(credentials.password, created: account.passwordHash) else {
            account.failedAttempts += 1
            var detail = "密码错误（连续第 \(account.failedAttempts) 次）"
            if account.failedAttempts >= policy.maxFailedLogins {
                account.lockedUntil = now + Double(policy.lockoutMinutes * 60)
                account.failedAttempts = 0
                detail += "，账号锁定 \(policy.lockoutMinutes) 分钟"
            }
            let event = AuditEvent("auth.login", target: "account", id: account.id, outcome: .denied, detail: detail)
            try await request.write { database in
                try await account.update(on: database)
                return ((), event)
            }
            throw Abort(.unauthorized, reason: "用户名或密码错误")
        }
        let token = RandomToken.make()
        let session = SessionModel(tokenHash: RandomToken.digest(token), accountID: account.id!, kind: kind,
                                   csrfToken: RandomToken.make(), now: now,
                                   clientAddress: request.remoteAddress?.ipAddress ?? "-")
        account.failedAttempts = 0
        account.lockedUntil = nil
        account.lastLoginAt = now
        let previous = request.session
        request.actor = try await SessionAuthenticator.actor(for: account, on: request.db)
        try await request.write { database in
            // A session carried into the login is ended: the new login gets a new id (no session fixation).
            if let previous { try await previous.delete(on: database) }
            try await session.create(on: database)
            try await account.update(on: database)
            return ((), AuditEvent("auth.login", target: "account", id: account.id, detail: kind == "api" ? "接口令牌" : "网页登录"))
        }
        request.session = session
        return LoginResult(token: token, session: session, account: account)
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
        var problems: [FieldError] = []
        if !(try await request.password.async.verify(change.currentPassword, created: account.passwordHash)) {
            problems.append(FieldError(field: "currentPassword", message: "当前密码不正确"))
        }
        if let problem = policy.problem(withPassword: change.newPassword, username: account.username) {
            problems.append(FieldError(field: "newPassword", message: problem))
        }
        if let confirm = change.confirmPassword, confirm != change.newPassword {
            problems.append(FieldError(field: "confirmPassword", message: "两次输入的新密码不一致"))
        }
        guard problems.isEmpty else { throw FormProblems(problems) }
        let hash = try await request.password.async.hash(change.newPassword)
        let keep = request.session?.id
        try await request.write { database in
            account.passwordHash = hash
            try await account.update(on: database)
            var others = SessionModel.query(on: database).filter(\.$accountID == account.id!)
            if let keep { others = others.filter(\.$id != keep) }
            try await others.delete()
            return ((), AuditEvent("account.password", target: "account", id: account.id, detail: "本人修改密码，其他会话已结束"))
        }
    }
}
