import DangjianCore
import Fluent
import Testing
import VaporTesting
@testable import DangjianApp

@Suite("Logins, sessions and the security baseline")
struct SecurityTests {
    @Test("a login gives a token that works; a wrong password gets a Chinese refusal and no token")
    func login() async throws {
        try await withWorld { world in
            let token = try await world.token("branch-secretary")
            let me = try await world.send(.GET, "/api/v1/me", token: token)
            #expect(me.status == .ok)
            #expect(me.body.string.contains("branch-secretary"))
            let wrong = try await world.send(.POST, "/api/v1/auth/login", json: Authentication.Credentials(username: "branch-secretary", password: "nope-nope-1"))
            #expect(wrong.status == .unauthorized)
            #expect(wrong.body.string.contains(Authentication.refusal))
            #expect(!wrong.body.string.contains("token\""))
        }
    }

    @Test("passwords are stored as bcrypt hashes")
    func passwordsAreHashed() async throws {
        try await withWorld { world in
            let account = try #require(try await AccountModel.query(on: world.app.db).filter(\.$username == "member").first())
            #expect(account.passwordHash.hasPrefix("$2b$"))
            #expect(!account.passwordHash.contains(TestWorld.password))
        }
    }

    @Test("five wrong passwords lock the account, even against the right password, until the lockout passes")
    func lockout() async throws {
        try await withWorld { world in
            for _ in 1...5 {
                let response = try await world.send(.POST, "/api/v1/auth/login", json: Authentication.Credentials(username: "member", password: "wrong-pass-1"))
                #expect(response.status == .unauthorized)
            }
            let locked = try await world.send(.POST, "/api/v1/auth/login", json: Authentication.Credentials(username: "member", password: TestWorld.password))
            #expect(locked.status == .unauthorized, "a locked account answers as a wrong password does")
            #expect(locked.body.string.contains(Authentication.refusal))
            world.app.dangjian.clock.advance(by: 16 * 60)
            _ = try await world.token("member")
            #expect(try await world.auditEntries(action: "auth.lock").contains { $0.outcome == .denied && $0.detail.contains("锁定 15 分钟") })
        }
    }

    @Test("a session ends after the idle timeout and after the absolute timeout")
    func timeouts() async throws {
        try await withWorld { world in
            let idle = try await world.token("auditor")
            world.app.dangjian.clock.advance(by: 31 * 60)
            #expect(try await world.send(.GET, "/api/v1/me", token: idle).status == .unauthorized)

            let busy = try await world.token("auditor")
            for _ in 0..<24 {
                world.app.dangjian.clock.advance(by: 29 * 60)
                #expect(try await world.send(.GET, "/api/v1/me", token: busy).status == .ok)
            }
            // 24 × 29 minutes kept it active; one more step passes 12 hours since login.
            world.app.dangjian.clock.advance(by: 29 * 60)
            #expect(try await world.send(.GET, "/api/v1/me", token: busy).status == .unauthorized)
        }
    }

    @Test("logout really ends the session; a new login gets a new session id")
    func logoutAndRotation() async throws {
        try await withWorld { world in
            let token = try await world.token("auditor")
            #expect(try await world.send(.POST, "/api/v1/auth/logout", token: token).status == .noContent)
            #expect(try await world.send(.GET, "/api/v1/me", token: token).status == .unauthorized)
            #expect(try await SessionModel.find(RandomToken.digest(token), on: world.app.db) == nil)

            let first = try await world.browserLogin("auditor")
            let second = try await world.browserLogin("auditor")
            #expect(first.cookie != second.cookie)
            let logout = try await second.post("/logout", [:])
            #expect(logout.status == .seeOther)
            #expect(try await second.get("/audit").status == .seeOther)
        }
    }

    @Test("every form post needs the CSRF token of its session")
    func csrf() async throws {
        try await withWorld { world in
            let session = try await world.browserLogin("branch-secretary")
            let member = try await world.member(in: "柳河镇东岗村党支部")
            let forged = try await session.post("/members/\(member.id!)/status", ["status": "mobile", "onDate": "2026-10-01"], csrf: "forged")
            #expect(forged.status == .forbidden)
            #expect(forged.body.string.contains("页面已过期或来源不明"))
            #expect(try await MemberModel.find(member.id, on: world.app.db)?.status == .active)
            let honest = try await session.post("/members/\(member.id!)/status", ["status": "mobile", "onDate": "2026-10-01"])
            #expect(honest.status == .seeOther)
            #expect(try await MemberModel.find(member.id, on: world.app.db)?.status == .mobile)

            let loginWithoutToken = try await world.app.testing().sendRequest(.POST, "/login") { request in
                try request.content.encode(["username": "branch-secretary", "password": TestWorld.password], as: .urlEncodedForm)
            }
            #expect(loginWithoutToken.status == .forbidden)
        }
    }

    @Test("pages carry the security headers and are not cached; cookies are HttpOnly and SameSite")
    func headers() async throws {
        try await withWorld { world in
            let login = try await world.app.testing().sendRequest(.GET, "/login")
            #expect(login.headers.first(name: "Content-Security-Policy")?.contains("frame-ancestors 'none'") == true)
            #expect(login.headers.first(name: "X-Content-Type-Options") == "nosniff")
            #expect(login.headers.first(name: "Referrer-Policy") == "same-origin")
            #expect(login.headers.first(name: .cacheControl) == "no-store")
            let cookie = try #require(login.headers.first(name: .setCookie))
            #expect(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"))
            let session = try await world.browserLogin("branch-secretary")
            let member = try await world.member(in: "柳河镇东岗村党支部")
            #expect(try await session.get("/members/\(member.id!)").headers.first(name: .cacheControl) == "no-store")
        }
    }

    @Test("request bodies over the cap are refused")
    func bodyCap() async throws {
        try await withWorld { world in
            let token = try await world.token("county-admin")
            let huge = String(repeating: "党", count: 600_000)
            let response = try await world.send(.POST, "/api/v1/members", token: token, json: ["name": huge])
            #expect(response.status == .payloadTooLarge)
            #expect(response.body.string.contains("大小上限"))
        }
    }

    @Test("changing one's password checks the policy and ends the other sessions")
    func changePassword() async throws {
        try await withWorld { world in
            let other = try await world.token("member")
            let token = try await world.token("member")
            let weak = try await world.send(.POST, "/api/v1/auth/password", token: token,
                                            json: ["currentPassword": TestWorld.password, "newPassword": "short"])
            #expect(weak.status == .unprocessableEntity)
            #expect(weak.body.string.contains("密码至少 8 位"))
            let ok = try await world.send(.POST, "/api/v1/auth/password", token: token,
                                          json: ["currentPassword": TestWorld.password, "newPassword": "Another-pass-2"])
            #expect(ok.status == .noContent)
            #expect(try await world.send(.GET, "/api/v1/me", token: other).status == .unauthorized)
            #expect(try await world.send(.GET, "/api/v1/me", token: token).status == .ok)
        }
    }

    @Test("三员分立: an administrator role is never granted beside another role; the system administrator reads no member data")
    func separationOfDuties() async throws {
        try await withWorld { world in
            let token = try await world.token("secadmin")
            let auditor = try #require(try await AccountModel.query(on: world.app.db).filter(\.$username == "auditor").first())
            let town = try await world.organizationID("柳河镇党委")
            let refused = try await world.send(.POST, "/api/v1/grants", token: token,
                                               json: ["accountID": "\(auditor.id!)", "role": "committeeSecretary", "organizationID": "\(town)"])
            #expect(refused.status == .unprocessableEntity)
            #expect(refused.body.string.contains("三员分立"))
            #expect(try await GrantModel.query(on: world.app.db).filter(\.$accountID == auditor.id!).count() == 1)

            let sysadmin = try await world.token("sysadmin")
            #expect(try await world.send(.GET, "/api/v1/members", token: sysadmin).status == .forbidden)
            let accounts = try await world.send(.GET, "/api/v1/accounts", token: sysadmin)
            #expect(accounts.status == .ok)
            let memberName = try #require(try await AccountModel.query(on: world.app.db).filter(\.$username == "member").first()).displayName
            #expect(!accounts.body.string.contains(memberName))
        }
    }

    @Test("the system administrator creates an account tied to a member by ID number, and the security administrator grants it a role")
    func accountLifecycle() async throws {
        try await withWorld { world in
            let sysadmin = try await world.token("sysadmin")
            let filed = try await world.member(in: "柳河镇西岗村党支部")
            let person = try #require(world.county.members.first { $0.name == filed.name && $0.birthDate == filed.birthDate })
            let bad = try await world.send(.POST, "/api/v1/accounts", token: sysadmin,
                                           json: ["username": "X", "displayName": "", "password": "123"])
            #expect(bad.status == .unprocessableEntity)
            #expect(bad.body.string.contains("用户名为") && bad.body.string.contains("请填写姓名"))
            let created = try await world.send(.POST, "/api/v1/accounts", token: sysadmin,
                                               json: ["username": "new.secretary", "displayName": person.name,
                                                      "password": "Fresh-pass-9", "memberIDNumber": person.idNumber])
            #expect(created.status == .created, "\(created.body.string)")
            #expect(!created.body.string.contains(person.idNumber))
            let account = try #require(try await AccountModel.query(on: world.app.db).filter(\.$username == "new.secretary").first())
            #expect(account.memberID != nil)

            let secadmin = try await world.token("secadmin")
            let elsewhere = try await world.organizationID("柳河镇东岗村党支部")
            let outside = try await world.send(.POST, "/api/v1/grants", token: secadmin,
                                               json: ["accountID": "\(account.id!)", "role": "branchSecretary", "organizationID": "\(elsewhere)"])
            #expect(outside.status == .unprocessableEntity && outside.body.string.contains("不在"), "the member lies outside that branch")
            let branch = try await world.organizationID("柳河镇西岗村党支部")
            let granted = try await world.send(.POST, "/api/v1/grants", token: secadmin,
                                               json: ["accountID": "\(account.id!)", "role": "branchSecretary", "organizationID": "\(branch)"])
            #expect(granted.status == .created)
            let login = try await world.send(.POST, "/api/v1/auth/login", json: Authentication.Credentials(username: "new.secretary", password: "Fresh-pass-9"))
            let token = try login.content.decode(AuthAPI.TokenResponse.self).token
            // The 系统管理员's password is for one login: nothing but changing it until it is changed.
            let first = try await world.send(.GET, "/api/v1/members?limit=200", token: token)
            #expect(first.status == .forbidden && first.body.string.contains("初始密码"))
            #expect(try await world.send(.GET, "/api/v1/me", token: token).status == .ok)
            let form = try await world.app.testing().sendRequest(.GET, "/login")
            let loginToken = try #require(form.headers.setCookie?[SessionCookie.loginCSRF]?.string)
            let signedIn = try await world.app.testing().sendRequest(.POST, "/login", headers: ["Cookie": "\(SessionCookie.loginCSRF)=\(loginToken)"]) { request in
                try request.content.encode(["username": "new.secretary", "password": "Fresh-pass-9", "_csrf": loginToken, "next": "/"], as: .urlEncodedForm)
            }
            let cookie = try #require(signedIn.headers.setCookie?[SessionCookie.name]?.string)
            let page = try await world.app.testing().sendRequest(.GET, "/members", headers: ["Cookie": "\(SessionCookie.name)=\(cookie)"])
            #expect(page.status == .seeOther && page.headers.first(name: .location) == "/password?notice=initial")
            let passwordPage = try await world.app.testing().sendRequest(.GET, "/password?notice=initial", headers: ["Cookie": "\(SessionCookie.name)=\(cookie)"])
            #expect(passwordPage.status == .ok && passwordPage.body.string.contains("初始密码"))
            let changed = try await world.send(.POST, "/api/v1/auth/password", token: token,
                                               json: Authentication.PasswordChange(currentPassword: "Fresh-pass-9", newPassword: "Own-choice-42", confirmPassword: nil))
            #expect(changed.status == .noContent, "\(changed.body.string)")
            let members = try await world.send(.GET, "/api/v1/members?limit=200", token: token).content.decode(MemberPage.self)
            #expect(!members.items.isEmpty)
            #expect(members.items.allSatisfy { $0.organizationName == "柳河镇西岗村党支部" })
        }
    }
}
