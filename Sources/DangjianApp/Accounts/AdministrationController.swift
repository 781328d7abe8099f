import DangjianCore
import Fluent
import Vapor

/// An account as the 系统管理员 and 安全管理员 see it: names of people masked (they read no member data).
struct AccountSummary: Content {
    struct GrantInfo: Content {
        let id: Int
        let role: Role
        let roleLabel: String
        let organizationName: String?
    }

    let id: Int
    let username: String
    let displayName: String
    let linkedToMember: Bool
    let disabled: Bool
    let locked: Bool
    /// Whether two-step verification is in use.
    let secondFactor: Bool
    let grants: [GrantInfo]
}

struct AccountInput: Content {
    var username: String?
    var displayName: String?
    var password: String?
    /// A member's ID number, to tie the account to that record; matched through the keyed hash, never shown back.
    var memberIDNumber: String?
}

struct GrantInput: Content {
    var accountID: String?
    var role: String?
    var organizationID: String?
}

/// 三员 work: accounts (系统管理员), role grants (安全管理员) and the security policy (安全管理员).
enum Administration {
    static func accounts(on request: Request) async throws -> [AccountSummary] {
        let accounts = try await AccountModel.query(on: request.db).sort(\.$username).all()
        let grants = try await GrantModel.query(on: request.db).all()
        let organizationIDs = Array(Set(grants.compactMap(\.organizationID)))
        let organizations = organizationIDs.isEmpty ? [] : try await OrganizationModel.query(on: request.db).filter(\.$id ~~ organizationIDs).all()
        let names = Dictionary(organizations.map { ($0.id!, $0.name) }, uniquingKeysWith: { first, _ in first })
        let byAccount = Dictionary(grouping: grants, by: \.accountID)
        let now = request.now.timeIntervalSince1970
        return accounts.map { account in
            AccountSummary(
                // A resident signs in with their phone number, shown masked; their name is a person's, masked like a member's.
                id: account.id!, username: account.phoneMask ?? account.username,
                displayName: account.memberID == nil && account.phoneMask == nil ? account.displayName : Masking.name(account.displayName),
                linkedToMember: account.memberID != nil, disabled: account.disabled, locked: (account.lockedUntil ?? 0) > now,
                secondFactor: account.otpEnabled,
                grants: (byAccount[account.id!] ?? []).map {
                    .init(id: $0.id!, role: $0.role, roleLabel: $0.role.chinese, organizationName: $0.organizationID.flatMap { names[$0] })
                })
        }
    }

    static func createAccount(_ input: AccountInput, on request: Request) async throws -> AccountModel {
        var errors: [FieldError] = []
        let username = input.username?.trimmingCharacters(in: .whitespaces).lowercased() ?? ""
        if username.range(of: "^[a-z][a-z0-9._-]{2,31}$", options: .regularExpression) == nil {
            errors.append(FieldError(field: "username", message: "用户名为 3–32 位小写字母、数字或 . _ -，以字母开头"))
        } else if try await AccountModel.query(on: request.db).filter(\.$username == username).count() > 0 {
            errors.append(FieldError(field: "username", message: "用户名已被使用"))
        }
        let displayName = input.displayName?.trimmingCharacters(in: .whitespaces) ?? ""
        if displayName.isEmpty || displayName.count > 30 { errors.append(FieldError(field: "displayName", message: "请填写姓名或称呼（不超过 30 字）")) }
        let policy = try await SecurityPolicy.load(on: request.db)
        let password = input.password ?? ""
        if let problem = policy.problem(withPassword: password, username: username) { errors.append(FieldError(field: "password", message: problem)) }
        var memberID: Int?
        if let number = input.memberIDNumber?.trimmingCharacters(in: .whitespaces).uppercased(), !number.isEmpty {
            if let id = try? ResidentIDNumber(number, today: request.today),
               let member = try await MemberModel.query(on: request.db).filter(\.$idHash == request.services.cipher.lookupHash(id.value)).first() {
                memberID = member.id
            } else {
                errors.append(FieldError(field: "memberIDNumber", message: "没有找到持该公民身份号码的党员档案"))
            }
        }
        guard errors.isEmpty else { throw FormProblems(errors) }
        let hash = try await request.services.bcryptGate.hash(password, on: request)
        let linkedMember = memberID
        let account = AccountModel(username: username, displayName: displayName, passwordHash: hash, memberID: memberID)
        // The 系统管理员 gives a one-time password: the person chooses their own at the first login.
        account.mustChangePassword = true
        return try await request.write { database in
            try await account.create(on: database)
            return (account, AuditEvent("account.create", target: "account", id: account.id,
                                        detail: "新建账号 \(username)\(linkedMember == nil ? "" : "，已关联党员档案")"))
        }
    }

    enum AccountAction: String, CaseIterable {
        case disable, enable, unlock
    }

    static func apply(_ action: AccountAction, to accountID: Int?, on request: Request) async throws {
        guard let accountID, let account = try await AccountModel.find(accountID, on: request.db) else {
            throw Abort(.notFound, reason: "没有找到该账号")
        }
        if account.id == request.actor?.accountID && action == .disable { throw Abort(.badRequest, reason: "不能停用自己的账号") }
        let label: String
        switch action {
        case .disable: account.disabled = true; label = "停用"
        case .enable: account.disabled = false; label = "启用"
        case .unlock: account.lockedUntil = nil; account.failedAttempts = 0; label = "解锁"
        }
        try await request.write { database in
            try await account.update(on: database)
            if action == .disable { try await SessionModel.query(on: database).filter(\.$accountID == account.id!).delete() }
            return ((), AuditEvent("account.\(action.rawValue)", target: "account", id: account.id, detail: "\(label)账号 \(account.username)"))
        }
    }

    static func grant(_ input: GrantInput, on request: Request) async throws {
        var errors: [FieldError] = []
        var account: AccountModel?
        if let id = input.accountID.flatMap({ Int($0) }) { account = try await AccountModel.find(id, on: request.db) }
        if account == nil { errors.append(FieldError(field: "accountID", message: "请选择账号")) }
        let role = input.role.flatMap(Role.init(rawValue:))
        if role == nil { errors.append(FieldError(field: "role", message: "请选择角色")) }
        var organization: OrganizationModel?
        if let id = input.organizationID.flatMap({ Int($0) }) { organization = try await OrganizationModel.find(id, on: request.db) }
        guard errors.isEmpty, let account, let role else { throw FormProblems(errors) }
        let scope = organization
        let existing = try await SessionAuthenticator.actor(for: account, on: request.db).grants
        let grant = Grant(role: role, scope: organization?.orgPath)
        do throws(GrantRules.Problem) {
            try GrantRules.check(adding: grant, to: existing, accountHasMember: account.memberID != nil)
        } catch {
            throw FormProblems(field: role.needsScope && organization == nil ? "organizationID" : "role", GrantRules.message(for: error))
        }
        // An account tied to a member acts where that member belongs: the record must lie inside the scope granted.
        if let memberID = account.memberID, let scope, let member = try await MemberModel.find(memberID, on: request.db),
           !scope.orgPath.contains(member.orgPath) {
            throw FormProblems(field: "organizationID", "该账号关联的党员不在“\(scope.name)”范围内，不能授予此范围的角色")
        }
        try await request.write { database in
            try await GrantModel(accountID: account.id!, role: role, organizationID: scope?.id, grantedBy: request.actor?.accountID)
                .create(on: database)
            return ((), AuditEvent("grant.create", target: "account", id: account.id, organization: scope?.id,
                                   detail: "授予 \(account.username)“\(role.chinese)”\(scope.map { "，范围：\($0.name)" } ?? "")"))
        }
    }

    static func revoke(_ grantID: Int?, on request: Request) async throws {
        guard let grantID, let grant = try await GrantModel.find(grantID, on: request.db) else { throw Abort(.notFound, reason: "没有找到该授权") }
        if grant.accountID == request.actor?.accountID && grant.role == .securityAdmin {
            throw Abort(.badRequest, reason: "不能撤销自己的安全管理员角色")
        }
        try await request.write { database in
            try await grant.delete(on: database)
            try await SessionModel.query(on: database).filter(\.$accountID == grant.accountID).delete()
            return ((), AuditEvent("grant.revoke", target: "account", id: grant.accountID, organization: grant.organizationID,
                                   detail: "撤销“\(grant.role.chinese)”，该账号须重新登录"))
        }
    }

    static func savePolicy(_ policy: SecurityPolicy, on request: Request) async throws {
        let problems = policy.problems()
        guard problems.isEmpty else { throw FormProblems(problems.map { FieldError(field: "policy", message: $0) }) }
        try await request.write { database in
            try await policy.save(on: database)
            return ((), AuditEvent("security.policy", target: "settings", id: nil,
                                   detail: "连续失败 \(policy.maxFailedLogins) 次锁定 \(policy.lockoutMinutes) 分钟；密码至少 \(policy.minimumPasswordLength) 位"))
        }
    }
}

struct AdministrationPages: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("accounts", use: accounts).requires(.accountManage)
        routes.post("accounts", use: createAccount).requires(.accountManage)
        routes.post("accounts", ":id", ":action", use: accountAction).requires(.accountManage)
        routes.get("grants", use: grants).requires(.roleGrant)
        routes.post("grants", use: grant).requires(.roleGrant)
        routes.post("grants", ":id", "revoke", use: revoke).requires(.roleGrant)
        routes.post("accounts", ":id", "otp-reset", use: resetSecondFactor).requires(.roleGrant)
        routes.get("security", use: security).requires(.securityPolicy)
        routes.post("security", use: savePolicy).requires(.securityPolicy)
    }

    struct AccountsPage {
        let layout: Layout
        let accounts: [AccountSummary]
        /// What was typed into a refused form (never the password).
        let typed: AccountInput
        let errors: [FieldError]
    }

    func renderAccounts(_ request: Request, input: AccountInput, errors: [FieldError]) async throws -> Page {
        Page(AccountsPage(layout: Layout(request, title: "账号管理"), accounts: try await Administration.accounts(on: request),
                          typed: AccountInput(username: input.username, displayName: input.displayName), errors: errors).node)
    }

    @Sendable func accounts(_ request: Request) async throws -> Page {
        try await renderAccounts(request, input: AccountInput(), errors: [])
    }

    @Sendable func createAccount(_ request: Request) async throws -> Response {
        let input = try request.content.decode(AccountInput.self)
        do {
            _ = try await Administration.createAccount(input, on: request)
            return request.redirect(to: "/accounts?notice=created")
        } catch let problems as FormProblems {
            return try await renderAccounts(request, input: input, errors: problems.errors).encodeResponse(status: .unprocessableEntity, for: request)
        }
    }

    @Sendable func accountAction(_ request: Request) async throws -> Response {
        guard let action = request.parameters.get("action").flatMap(Administration.AccountAction.init(rawValue:)) else {
            throw Abort(.notFound)
        }
        try await Administration.apply(action, to: request.parameters.get("id", as: Int.self), on: request)
        return request.redirect(to: "/accounts?notice=saved")
    }

    struct GrantsPage {
        let layout: Layout
        let accounts: [AccountSummary]
        let accountOptions: [SelectOption]
        let roles: [SelectOption]
        let organizations: [SelectOption]
        let errors: [FieldError]
    }

    func renderGrants(_ request: Request, input: GrantInput, errors: [FieldError]) async throws -> Page {
        let accounts = try await Administration.accounts(on: request)
        let organizations = try await OrganizationModel.query(on: request.db).sort(\.$path).limit(5000).all()
        return Page(GrantsPage(
            layout: Layout(request, title: "角色授权"), accounts: accounts,
            accountOptions: SelectOption.list(accounts.map { ("\($0.id)", "\($0.username)（\($0.displayName)）") }, selected: input.accountID, blank: "请选择账号"),
            roles: SelectOption.list(Role.options, selected: input.role, blank: "请选择角色"),
            organizations: [SelectOption(value: "", label: "（三员不指定）", selected: input.organizationID?.isEmpty ?? true)]
                + SelectOption.organizations(organizations, selected: input.organizationID.flatMap { Int($0) }),
            errors: errors).node)
    }

    @Sendable func grants(_ request: Request) async throws -> Page {
        try await renderGrants(request, input: GrantInput(), errors: [])
    }

    @Sendable func grant(_ request: Request) async throws -> Response {
        let input = try request.content.decode(GrantInput.self)
        do {
            try await Administration.grant(input, on: request)
            return request.redirect(to: "/grants?notice=granted")
        } catch let problems as FormProblems {
            return try await renderGrants(request, input: input, errors: problems.errors).encodeResponse(status: .unprocessableEntity, for: request)
        }
    }

    @Sendable func revoke(_ request: Request) async throws -> Response {
        try await Administration.revoke(request.parameters.get("id", as: Int.self), on: request)
        return request.redirect(to: "/grants?notice=revoked")
    }

    struct SecurityPage {
        let layout: Layout
        let policy: SecurityPolicy
        let errors: [FieldError]
    }

    @Sendable func security(_ request: Request) async throws -> Page {
        Page(SecurityPage(layout: Layout(request, title: "安全策略"), policy: try await SecurityPolicy.load(on: request.db), errors: []).node)
    }

    struct PolicyForm: Content {
        var maxFailedLogins: String?
        var lockoutMinutes: String?
        var minimumPasswordLength: String?
    }

    @Sendable func savePolicy(_ request: Request) async throws -> Response {
        let form = try request.content.decode(PolicyForm.self)
        let policy = SecurityPolicy(maxFailedLogins: form.maxFailedLogins.flatMap { Int($0) } ?? 0,
                                    lockoutMinutes: form.lockoutMinutes.flatMap { Int($0) } ?? 0,
                                    minimumPasswordLength: form.minimumPasswordLength.flatMap { Int($0) } ?? 0)
        do {
            try await Administration.savePolicy(policy, on: request)
            return request.redirect(to: "/security?notice=saved")
        } catch let problems as FormProblems {
            return try await Page(SecurityPage(layout: Layout(request, title: "安全策略"), policy: policy, errors: problems.errors).node)
                .encodeResponse(status: .unprocessableEntity, for: request)
        }
    }

    /// 安全管理员: a lost phone — the account's two-step verification is cleared and set up again at its next login.
    @Sendable func resetSecondFactor(_ request: Request) async throws -> Response {
        try await SecondFactor.reset(request.parameters.get("id", as: Int.self), on: request)
        return request.redirect(to: "/grants?notice=secondFactorReset")
    }
}

struct AdministrationAPI: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.api(.GET, "accounts", requires: .accountManage, summary: "账号列表（系统管理员）", use: accounts)
        routes.api(.POST, "accounts", requires: .accountManage, summary: "新建账号", body: AccountInput.self, status: .created, use: createAccount)
        routes.api(.POST, "accounts", ":id", ":action", requires: .accountManage, summary: "停用、启用、解锁账号或重设初始密码",
                   pathValues: ["action": .oneOf(Administration.AccountAction.allCases.map(\.rawValue))], use: accountAction)
        routes.api(.GET, "grants", requires: .roleGrant, summary: "账号及其角色（安全管理员）", use: grants)
        routes.api(.POST, "grants", requires: .roleGrant, summary: "授予角色及范围；答复该账号现有的授权", body: GrantInput.self, status: .created,
                   use: grant)
        routes.api(.DELETE, "grants", ":id", requires: .roleGrant, summary: "收回一项授权", use: revoke)
        routes.api(.GET, "security", requires: .securityPolicy, summary: "安全策略", use: policy)
        routes.api(.PUT, "security", requires: .securityPolicy, summary: "修改安全策略", body: SecurityPolicy.self, use: savePolicy)
    }

    @Sendable func accounts(_ request: Request) async throws -> [AccountSummary] { try await Administration.accounts(on: request) }

    @Sendable func createAccount(_ request: Request, _ input: AccountInput) async throws -> AccountSummary {
        let account = try await Administration.createAccount(input, on: request)
        guard let summary = try await Administration.accounts(on: request).first(where: { $0.id == account.id }) else {
            throw Abort(.internalServerError)
        }
        return summary
    }

    @Sendable func accountAction(_ request: Request) async throws -> NoContent {
        guard let action = request.parameters.get("action").flatMap(Administration.AccountAction.init(rawValue:)) else {
            throw Abort(.notFound)
        }
        try await Administration.apply(action, to: request.parameters.get("id", as: Int.self), on: request)
        return NoContent()
    }

    @Sendable func grants(_ request: Request) async throws -> [AccountSummary] { try await Administration.accounts(on: request) }

    @Sendable func grant(_ request: Request, _ input: GrantInput) async throws -> AccountSummary {
        try await Administration.grant(input, on: request)
        guard let id = input.accountID.flatMap({ Int($0) }),
              let summary = try await Administration.accounts(on: request).first(where: { $0.id == id }) else { throw Abort(.notFound) }
        return summary
    }

    @Sendable func revoke(_ request: Request) async throws -> NoContent {
        try await Administration.revoke(request.parameters.get("id", as: Int.self), on: request)
        return NoContent()
    }

    @Sendable func policy(_ request: Request) async throws -> SecurityPolicy { try await SecurityPolicy.load(on: request.db) }

    @Sendable func savePolicy(_ request: Request, _ policy: SecurityPolicy) async throws -> SecurityPolicy {
        try await Administration.savePolicy(policy, on: request)
        return policy
    }
}
