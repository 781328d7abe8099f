import DangjianCore
import Fluent
import Foundation
import SQLKit
import Vapor

/// 群众账号: a resident registers with their phone number, a password and a one-time code from the village or community
/// office, and is tied to that office's organization. They sign in with the phone number; the number is kept sealed
/// and the account's sign-in name is made from its keyed hash, so the accounts table holds no phone number in clear.
enum Residents {
    /// How long an issued code can be used.
    static let codeDays = 7
    /// Registration codes and phone numbers tried from one address in an hour before it must wait.
    static let registrationFailures = RateLimit(name: "register.source", limit: 10, window: 3600, keep: 3600,
                                                message: "登记码输错次数过多，请一小时后再试，或请村（社区）办公室重新给您登记码")

    /// The account name a phone number signs in as.
    static func username(phoneHash: String) -> String { "phone-" + phoneHash.prefix(24) }

    /// The names a typed sign-in name may stand for: itself, and when it is a mobile number, the resident account of
    /// that number.
    static func signInNames(for typed: String, cipher: PersonalDataCipher) -> [String] {
        guard let phone = try? PhoneNumber(typed), phone.kind == .mobile else { return [typed] }
        return [username(phoneHash: cipher.lookupHash("phone:" + phone.value)), typed]
    }

    static func codeHash(_ digits: String, cipher: PersonalDataCipher) -> String { cipher.lookupHash("registration:" + digits) }

    /// Eight digits, shown as `1234 5678`; what a person types back may have spaces or dashes.
    static func digits(of typed: String) -> String? {
        let digits = typed.filter { $0 != " " && $0 != "-" && $0 != "\u{3000}" }
        return digits.count == 8 && digits.allSatisfy(\.isASCIIDigit) ? digits : nil
    }

    // MARK: - The office's codes

    struct CodeInput: Content {
        var organizationID: Int?
        var label: String?
    }

    /// A code just issued: the only time its digits are shown.
    struct IssuedCode: Content {
        let id: Int
        let code: String
        let organizationID: Int
        let organizationName: String
        let label: String?
        let expiresOn: String
    }

    /// An issued code as the office's list shows it (never its digits).
    struct CodeRow: Content {
        let id: Int
        let organizationName: String
        let label: String?
        let issuedOn: String
        let expiresOn: String
        let stateLabel: String
        let used: Bool
    }

    /// Issues a code for the organization (in the caller's `requestHandle` scope).
    static func issue(_ input: CodeInput, on request: Request) async throws -> IssuedCode {
        let organization = try await OrganizationStore.find(input.organizationID, for: .requestHandle, on: request)
        let label = input.label?.trimmed ?? ""
        if label.count > 30 { throw FormProblems(field: "label", "备注不超过 30 个字") }
        if label.contains(where: \.isASCIIDigit) && label.filter(\.isASCIIDigit).count >= 7 {
            throw FormProblems(field: "label", "备注里不要写电话号码或证件号码，写“三组 王家”这样便于辨认的称呼即可")
        }
        let actor = try request.requireActor()
        let now = request.now.timeIntervalSince1970
        var generator = SystemRandomNumberGenerator()
        let digits = String((0..<8).map { _ in Character(String(Int.random(in: 0...9, using: &generator))) })
        let model = RegistrationCodeModel()
        model.organizationID = try organization.requireID()
        model.path = organization.path
        model.codeHash = codeHash(digits, cipher: request.services.cipher)
        model.label = label.isEmpty ? nil : label
        model.issuedBy = actor.accountID
        model.issuedAt = now
        model.expiresAt = now + Double(codeDays * 86_400)
        try await request.write { database in
            try await model.create(on: database)
            return ((), AuditEvent("resident.code", target: "organization", id: model.organizationID, organization: model.organizationID,
                                   detail: "发放群众注册登记码\(model.label.map { "（\($0)）" } ?? "")，\(codeDays) 天内有效"))
        }
        let expires = CalendarDate(Date(timeIntervalSince1970: model.expiresAt))
        return IssuedCode(id: try model.requireID(), code: String(digits.prefix(4)) + " " + String(digits.suffix(4)),
                          organizationID: model.organizationID, organizationName: organization.name, label: model.label, expiresOn: expires.description)
    }

    /// The codes issued under the caller's scope (or one organization of it), newest first.
    static func codes(organizationID: Int?, on request: Request) async throws -> [CodeRow] {
        let scopes: [OrgPath]
        if let organizationID {
            scopes = [try await OrganizationStore.find(organizationID, for: .requestHandle, on: request).orgPath]
        } else {
            scopes = try request.policy.scopes(for: .requestHandle)
        }
        guard !scopes.isEmpty else { return [] }
        struct Row: Decodable {
            let id: Int, name: String, label: String?, issued_at: Double, expires_at: Double, used_at: Double?
        }
        let query = request.db.sql.select()
            .columns(SQLColumn("id", table: "c"), SQLColumn("label", table: "c"), SQLColumn("issued_at", table: "c"),
                     SQLColumn("expires_at", table: "c"), SQLColumn("used_at", table: "c"), SQLColumn("name", table: "o"))
            .from(SQLAlias(SQLIdentifier(RegistrationCodeModel.schema), as: SQLIdentifier("c")))
            .join(SQLAlias(SQLIdentifier(OrganizationModel.schema), as: SQLIdentifier("o")),
                  on: SQLColumn("organization_id", table: "c"), .equal, SQLColumn("id", table: "o"))
            .within(scopes, path: SQLColumn("path", table: "c"))
            .orderBy(SQLOrderBy(expression: SQLColumn("id", table: "c"), direction: SQLDirection.descending)).limit(200)
        let now = request.now.timeIntervalSince1970
        return try await query.all(decoding: Row.self).map { row in
            let day = { (time: Double) in CalendarDate(Date(timeIntervalSince1970: time)).description }
            let state = row.used_at.map { "已使用（\(day($0))）" } ?? (row.expires_at <= now ? "已过期" : "未使用")
            return CodeRow(id: row.id, organizationName: row.name, label: row.label, issuedOn: day(row.issued_at), expiresOn: day(row.expires_at),
                           stateLabel: state, used: row.used_at != nil)
        }
    }

    // MARK: - Registration

    struct RegistrationInput: Content {
        var phone: String?
        var name: String?
        var password: String?
        var confirmPassword: String?
        var code: String?
    }

    /// Creates the resident's account from a valid, unused code; throws `FormProblems` with every problem found.
    static func register(_ input: RegistrationInput, on request: Request) async throws -> AccountModel {
        let now = request.now.timeIntervalSince1970
        let source = request.rateSource
        try await RateCounter.refuseIfReached(registrationFailures, key: source, now: now, on: request)
        var problems: [FieldError] = []
        let phone: PhoneNumber? = (try? PhoneNumber(input.phone ?? "")).flatMap { $0.kind == .mobile ? $0 : nil }
        if phone == nil { problems.append(FieldError(field: "phone", message: "请填写本人的 11 位手机号码，登录时用它作用户名")) }
        let name = input.name?.trimmed ?? ""
        if !(2...20).contains(name.count) || name.contains(where: \.isASCIIDigit) {
            problems.append(FieldError(field: "name", message: "请填写姓名（2–20 个字）"))
        }
        let policy = try await SecurityPolicy.load(on: request.db)
        let password = input.password ?? ""
        let cipher = request.services.cipher
        let phoneHash = phone.map { cipher.lookupHash("phone:" + $0.value) }
        if let problem = policy.problem(withPassword: password, username: phone?.value ?? "") {
            problems.append(FieldError(field: "password", message: problem))
        }
        if let confirm = input.confirmPassword, confirm != password {
            problems.append(FieldError(field: "confirmPassword", message: "两次输入的密码不一致"))
        }
        let codeMessage = "登记码不正确、已使用或已过期：请核对村（社区）办公室给您的 8 位数字，或请办公室重新发放"
        var code: RegistrationCodeModel?
        if let digits = digits(of: input.code ?? "") {
            code = try await RegistrationCodeModel.query(on: request.db).filter(\.$codeHash == codeHash(digits, cipher: cipher)).first()
            if let found = code, found.usedAt != nil || found.expiresAt <= now { code = nil }
        }
        if code == nil {
            _ = try await RateCounter.hit(registrationFailures, key: source, now: now, on: request)
            problems.append(FieldError(field: "code", message: codeMessage))
        }
        // Whether a number is registered is told only to someone holding a valid code.
        if let phoneHash, code != nil,
           try await AccountModel.query(on: request.db).filter(\.$phoneHash == phoneHash).first() != nil {
            problems.append(FieldError(field: "phone", message: "这个手机号已经注册过，请直接登录；忘记密码请到村（社区）办公室办理"))
        }
        guard problems.isEmpty, let phone, let phoneHash, let code, let codeID = code.id else { throw FormProblems(problems) }
        let hash = try await request.services.bcryptGate.hash(password, on: request)
        let account = AccountModel(username: username(phoneHash: phoneHash), displayName: name, passwordHash: hash, memberID: nil)
        account.phoneHash = phoneHash
        account.phoneMask = Masking.phone(phone.value)
        account.phoneCipher = try cipher.seal(phone.value, for: .accountPhone(hash: phoneHash))
        let organizationID = code.organizationID
        try await request.write { database in
            // The code is taken once: a second registration racing with this one finds it used.
            let taken = try await database.sql.raw("""
                UPDATE \(ident: RegistrationCodeModel.schema) SET used_at = \(bind: now)
                WHERE id = \(bind: codeID) AND used_at IS NULL RETURNING id
                """).first()
            guard taken != nil else { throw FormProblems(field: "code", codeMessage) }
            try await account.create(on: database)
            let accountID = try account.requireID()
            try await database.sql.update(RegistrationCodeModel.schema).set("account_id", to: SQLBind(accountID))
                .where("id", .equal, SQLBind(codeID)).run()
            try await GrantModel(accountID: accountID, role: .resident, organizationID: organizationID, grantedBy: nil).create(on: database)
            return ((), AuditEvent("resident.register", target: "account", id: accountID, organization: organizationID,
                                   detail: "群众凭登记码注册（手机 \(Masking.phone(phone.value))）"))
        }
        return account
    }
}
