import DangjianCore
import Fluent
import Testing
import VaporTesting
@testable import DangjianApp

@Suite("Accounts, grants and the security policy")
struct AdministrationTests {
    @Test("disabling an account ends its sessions and refuses its logins; enabling restores it")
    func disableAndEnable() async throws {
        try await withWorld { world in
            let live = try await world.token("branch-secretary")
            let sysadmin = try await world.token("sysadmin")
            let account = try #require(try await AccountModel.query(on: world.app.db).filter(\.$username == "branch-secretary").first())
            #expect(try await world.send(.POST, "/api/v1/accounts/\(account.id!)/disable", token: sysadmin).status == .noContent)
            #expect(try await world.send(.GET, "/api/v1/me", token: live).status == .unauthorized)
            let refused = try await world.send(.POST, "/api/v1/auth/login",
                                               json: Authentication.Credentials(username: "branch-secretary", password: TestWorld.password))
            #expect(refused.status == .unauthorized)
            #expect(try await world.send(.POST, "/api/v1/accounts/\(account.id!)/enable", token: sysadmin).status == .noContent)
            _ = try await world.token("branch-secretary")
            let unknown = try await world.send(.POST, "/api/v1/accounts/\(account.id!)/explode", token: sysadmin)
            #expect(unknown.status == .unprocessableEntity && unknown.body.string.contains("action 只能是"))
            let own = try #require(try await AccountModel.query(on: world.app.db).filter(\.$username == "sysadmin").first())
            #expect(try await world.send(.POST, "/api/v1/accounts/\(own.id!)/disable", token: sysadmin).status == .badRequest)
            #expect(try await world.auditEntries(action: "account.disable").count == 1)
        }
    }

    @Test("the system administrator unlocks a locked account")
    func unlock() async throws {
        try await withWorld { world in
            for _ in 1...5 {
                _ = try await world.send(.POST, "/api/v1/auth/login", json: Authentication.Credentials(username: "member", password: "wrong-pass-1"))
            }
            let locked = try #require(try await AccountModel.query(on: world.app.db).filter(\.$username == "member").first())
            #expect(locked.lockedUntil != nil)
            let sysadmin = try await world.token("sysadmin")
            let listed = try await world.send(.GET, "/api/v1/accounts", token: sysadmin).content.decode([AccountSummary].self)
            #expect(listed.first { $0.username == "member" }?.locked == true)
            #expect(try await world.send(.POST, "/api/v1/accounts/\(locked.id!)/unlock", token: sysadmin).status == .noContent)
            _ = try await world.token("member")
        }
    }

    @Test("revoking a grant takes effect at once: the account's sessions end and the scope is gone")
    func revoke() async throws {
        try await withWorld { world in
            let secretary = try await world.token("town-secretary")
            let account = try #require(try await AccountModel.query(on: world.app.db).filter(\.$username == "town-secretary").first())
            let grant = try #require(try await GrantModel.query(on: world.app.db).filter(\.$accountID == account.id!).first())
            let secadmin = try await world.token("secadmin")
            #expect(try await world.send(.DELETE, "/api/v1/grants/\(grant.id!)", token: secadmin).status == .noContent)
            #expect(try await world.send(.GET, "/api/v1/me", token: secretary).status == .unauthorized)
            let again = try await world.token("town-secretary")
            #expect(try await world.send(.GET, "/api/v1/members", token: again).status == .forbidden)
            #expect(try await world.auditEntries(action: "grant.revoke").count == 1)
        }
    }

    @Test("the security administrator sets the lockout and password policy; out-of-range values are refused")
    func policy() async throws {
        try await withWorld { world in
            let secadmin = try await world.token("secadmin")
            let bad = try await world.send(.PUT, "/api/v1/security", token: secadmin,
                                           json: SecurityPolicy(maxFailedLogins: 1, lockoutMinutes: 2, minimumPasswordLength: 4))
            #expect(bad.status == .unprocessableEntity)
            #expect(bad.body.string.contains("3–10") && bad.body.string.contains("5–1440") && bad.body.string.contains("8–64"))
            let good = try await world.send(.PUT, "/api/v1/security", token: secadmin,
                                            json: SecurityPolicy(maxFailedLogins: 3, lockoutMinutes: 30, minimumPasswordLength: 12))
            #expect(good.status == .ok)
            for _ in 1...3 {
                _ = try await world.send(.POST, "/api/v1/auth/login", json: Authentication.Credentials(username: "member", password: "wrong-pass-1"))
            }
            let locked = try await world.send(.POST, "/api/v1/auth/login", json: Authentication.Credentials(username: "member", password: TestWorld.password))
            #expect(locked.status == .unauthorized)
            #expect(try await world.auditEntries(action: "auth.lock").contains { $0.detail.contains("连续错误 3 次") && $0.detail.contains("30 分钟") })
            let sysadmin = try await world.token("sysadmin")
            #expect(try await world.send(.PUT, "/api/v1/security", token: sysadmin, json: SecurityPolicy.defaults).status == .forbidden)
        }
    }
}
