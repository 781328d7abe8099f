import DangjianCore
import Fluent
import Foundation

/// 账号 — a login, tied to a member record where the person is a member.
final class AccountModel: Model, @unchecked Sendable {
    static let schema = "accounts"

    @ID(custom: "id", generatedBy: .database) var id: Int?
    @Field(key: "username") var username: String
    @Field(key: "display_name") var displayName: String
    @Field(key: "password_hash") var passwordHash: String
    @OptionalField(key: "member_id") var memberID: Int?
    @Field(key: "failed_attempts") var failedAttempts: Int
    /// Seconds since 1970 until which logins are refused after repeated failures.
    @OptionalField(key: "locked_until") var lockedUntil: Double?
    @Field(key: "disabled") var disabled: Bool
    @OptionalField(key: "last_login_at") var lastLoginAt: Double?
    /// Set when the 系统管理员 gives the password (a new account, a reset): until the account changes it, it may do
    /// nothing else.
    @Field(key: "must_change_password") var mustChangePassword: Bool
    /// The TOTP secret, sealed like ID numbers; set when enrolment starts, in use once `otpEnabled`.
    @OptionalField(key: "otp_secret") var otpSecret: String?
    @Field(key: "otp_enabled") var otpEnabled: Bool
    /// The last time step a code was accepted for: each code is good once.
    @OptionalField(key: "otp_counter") var otpCounter: Int?
    /// Keyed hashes of the recovery codes not yet used, as a JSON list.
    @OptionalField(key: "recovery_codes") var recoveryCodes: String?
    @Timestamp(key: "created_at", on: .create, format: .iso8601) var createdAt: Date?
    /// A resident's phone number (their sign-in name): sealed, masked, and its keyed hash for finding the account.
    @OptionalField(key: "phone_cipher") var phoneCipher: String?
    @OptionalField(key: "phone_mask") var phoneMask: String?
    @OptionalField(key: "phone_hash") var phoneHash: String?

    init() {}

    init(username: String, displayName: String, passwordHash: String, memberID: Int?) {
        self.username = username
        self.displayName = displayName
        self.passwordHash = passwordHash
        self.memberID = memberID
        self.failedAttempts = 0
        self.disabled = false
        self.mustChangePassword = false
        self.otpEnabled = false
    }
}

/// A role granted to an account over an organization subtree (or system-wide for the 三员).
final class GrantModel: Model, @unchecked Sendable {
    static let schema = "account_grants"

    @ID(custom: "id", generatedBy: .database) var id: Int?
    @Field(key: "account_id") var accountID: Int
    @Field(key: "role") var role: Role
    @OptionalField(key: "organization_id") var organizationID: Int?
    @OptionalField(key: "granted_by") var grantedBy: Int?
    @Timestamp(key: "created_at", on: .create, format: .iso8601) var createdAt: Date?

    init() {}

    init(accountID: Int, role: Role, organizationID: Int?, grantedBy: Int?) {
        self.accountID = accountID
        self.role = role
        self.organizationID = organizationID
        self.grantedBy = grantedBy
    }
}

/// A login session, stored server-side. The browser holds the token; the table holds only its digest.
final class SessionModel: Model, @unchecked Sendable {
    static let schema = "sessions"

    @ID(custom: "token_hash", generatedBy: .user) var id: String?
    @Field(key: "account_id") var accountID: Int
    /// `web` (cookie) or `api` (bearer token).
    @Field(key: "kind") var kind: String
    @Field(key: "csrf_token") var csrfToken: String
    @Field(key: "created_at") var createdAt: Double
    @Field(key: "last_seen_at") var lastSeenAt: Double
    @Field(key: "client_address") var clientAddress: String

    init() {}

    init(tokenHash: String, accountID: Int, kind: String, csrfToken: String, now: Double, clientAddress: String) {
        self.id = tokenHash
        self.accountID = accountID
        self.kind = kind
        self.csrfToken = csrfToken
        self.createdAt = now
        self.lastSeenAt = now
        self.clientAddress = clientAddress
    }
}

/// A security setting the 安全管理员 may change (lockout threshold, password length …).
final class SettingModel: Model, @unchecked Sendable {
    static let schema = "settings"

    @ID(custom: "key", generatedBy: .user) var id: String?
    @Field(key: "value") var value: String

    init() {}

    init(key: String, value: String) {
        self.id = key
        self.value = value
    }
}
