import Crypto
import DangjianCore
import Fluent
import Foundation
import Testing
import VaporTesting
@testable import DangjianApp

@Suite("Two-step verification")
struct SecondFactorTests {
    static func mac<H: HashFunction>(_: H.Type, key: String) -> ([UInt8]) -> [UInt8] {
        let key = SymmetricKey(data: Array(key.utf8))
        return { Array(HMAC<H>.authenticationCode(for: $0, using: key)) }
    }

    @Test("the test vectors of RFC 6238 appendix B, for SHA-1, SHA-256 and SHA-512, eight digits")
    func rfc6238() {
        let rule = TimeBasedCode(digits: 8)
        let sha1 = Self.mac(Insecure.SHA1.self, key: "12345678901234567890")
        let sha256 = Self.mac(SHA256.self, key: "12345678901234567890123456789012")
        let sha512 = Self.mac(SHA512.self, key: "1234567890123456789012345678901234567890123456789012345678901234")
        let vectors: [(Int64, String, String, String)] = [
            (59, "94287082", "46119246", "90693936"), (1_111_111_109, "07081804", "68084774", "25091201"),
            (1_111_111_111, "14050471", "67062674", "99943326"), (1_234_567_890, "89005924", "91819424", "93441116"),
            (2_000_000_000, "69279037", "90698825", "38618901"), (20_000_000_000, "65353130", "77737706", "47863826"),
        ]
        for (time, one, two, five) in vectors {
            #expect(rule.code(at: time, mac: sha1) == one, "SHA-1 at \(time)")
            #expect(rule.code(at: time, mac: sha256) == two, "SHA-256 at \(time)")
            #expect(rule.code(at: time, mac: sha512) == five, "SHA-512 at \(time)")
        }
    }

    @Test("base32 as RFC 4648 writes it; a code is accepted once, within one step of now")
    func base32AndWindow() throws {
        #expect(Base32.encode(Array("foobar".utf8)) == "MZXW6YTBOI")
        #expect(Base32.decode("mzxw 6ytb-oi") == Array("foobar".utf8))
        #expect(Base32.decode("MZXW1") == nil, "1 is not a base32 digit")
        let secret = SecondFactor.newSecret()
        #expect(Base32.decode(Base32.encode(secret)) == secret)
        let rule = SecondFactor.rule, mac = SecondFactor.mac(secret)
        let now: Int64 = 1_800_000_000
        let code = rule.code(at: now, mac: mac)
        let counter = try #require(rule.accept(code, at: now + 25, lastUsed: nil, mac: mac))
        #expect(rule.accept(code, at: now + 25, lastUsed: counter, mac: mac) == nil, "the same code twice")
        #expect(rule.accept(code, at: now + 95, lastUsed: nil, mac: mac) == nil, "three steps later")
        #expect(rule.accept("12345", at: now, lastUsed: nil, mac: mac) == nil)
    }

    @Test("an enrolled account logs in only with its code: missing, wrong or replayed answer like a wrong password; a recovery code works once")
    func login() async throws {
        try await withWorld { world in
            func login(_ otp: String?) async throws -> TestingHTTPResponse {
                try await world.send(.POST, "/api/v1/auth/login",
                                     json: Authentication.Credentials(username: "county-admin", password: TestWorld.password, otp: otp))
            }
            let missing = try await login(nil)
            #expect(missing.status == .unauthorized && missing.body.string.contains(Authentication.refusal))
            #expect(try await login("000000").status == .unauthorized)
            let code = try #require(try await world.otp("county-admin"))
            #expect(try await login(code).status == .ok)
            #expect(try await login(code).status == .unauthorized, "a code is good once")
        }
    }

    @Test("a 组织部 account without a factor can only set one up; then it is required; the 安全管理员 resets it")
    func enrolment() async throws {
        try await withWorld { world in
            let secadmin = try await world.token("secadmin")
            let sysadmin = try await world.token("sysadmin")
            let created = try await world.send(.POST, "/api/v1/accounts", token: sysadmin,
                                               json: ["username": "county.staff", "displayName": "组织部干部", "password": "Fresh-pass-9"])
            let account = try created.content.decode(AccountSummary.self)
            let county = try await world.organizationID("中共青禾县委员会")
            #expect(try await world.send(.POST, "/api/v1/grants", token: secadmin,
                                         json: ["accountID": "\(account.id)", "role": "orgDepartmentAdmin", "organizationID": "\(county)"]).status == .created)
            func login(_ password: String, otp: String? = nil) async throws -> String {
                let response = try await world.send(.POST, "/api/v1/auth/login", json: Authentication.Credentials(username: "county.staff", password: password, otp: otp))
                #expect(response.status == .ok, "\(response.body.string)")
                return try response.content.decode(AuthAPI.TokenResponse.self).token
            }
            var token = try await login("Fresh-pass-9")
            #expect(try await world.send(.POST, "/api/v1/auth/password", token: token,
                                         json: Authentication.PasswordChange(currentPassword: "Fresh-pass-9", newPassword: "Own-choice-42", confirmPassword: nil)).status == .noContent)
            let blocked = try await world.send(.GET, "/api/v1/members", token: token)
            #expect(blocked.status == .forbidden && blocked.body.string.contains("两步验证"))
            let page = try await world.browserLogin("county.staff", password: "Own-choice-42")
            let redirected = try await page.get("/members")
            #expect(redirected.status == .seeOther && redirected.headers.first(name: .location) == "/security/otp?notice=secondFactor")
            let setup = try await page.get("/security/otp?notice=secondFactor")
            #expect(setup.status == .ok && setup.body.string.contains("认证应用") && setup.body.string.contains("确认启用"))

            let enrolment = try await world.send(.POST, "/api/v1/auth/otp/enroll", token: token).content.decode(SecondFactor.Enrolment.self)
            #expect(enrolment.uri.hasPrefix("otpauth://totp/") && enrolment.uri.contains("county.staff"))
            let key = try #require(Base32.decode(enrolment.secret))
            let now = Int64(world.app.dangjian.clock.now().timeIntervalSince1970)
            let wrong = try await world.send(.POST, "/api/v1/auth/otp/confirm", token: token, json: ["code": "000000"])
            #expect(wrong.status == .unprocessableEntity)
            let confirmed = try await world.send(.POST, "/api/v1/auth/otp/confirm", token: token,
                                                 json: ["code": SecondFactor.rule.code(at: now, mac: SecondFactor.mac(key))])
            let recovery = try confirmed.content.decode(SecondFactor.RecoveryCodes.self).recoveryCodes
            #expect(recovery.count == 10 && Set(recovery).count == 10)
            #expect(try await world.send(.GET, "/api/v1/members", token: token).status == .ok)
            #expect(try await world.auditEntries(action: "account.otp-enable").count == 1)

            world.app.dangjian.clock.advance(by: 31)
            let stored = try #require(try await AccountModel.query(on: world.app.db).filter(\.$username == "county.staff").first())
            #expect(!(stored.recoveryCodes ?? "").contains(recovery[0]), "recovery codes are kept as keyed hashes")
            let refused = try await world.send(.POST, "/api/v1/auth/login", json: Authentication.Credentials(username: "county.staff", password: "Own-choice-42"))
            #expect(refused.status == .unauthorized)
            token = try await login("Own-choice-42", otp: recovery[0].lowercased())
            let again = try await world.send(.POST, "/api/v1/auth/login",
                                             json: Authentication.Credentials(username: "county.staff", password: "Own-choice-42", otp: recovery[0]))
            #expect(again.status == .unauthorized, "each recovery code works once")

            #expect(try await world.send(.POST, "/api/v1/accounts/\(account.id)/otp/reset", token: world.token("branch-secretary")).status == .forbidden)
            #expect(try await world.send(.POST, "/api/v1/accounts/\(account.id)/otp/reset", token: secadmin).status == .noContent)
            #expect(try await world.send(.GET, "/api/v1/me", token: token).status == .unauthorized, "the reset ends the account's sessions")
            token = try await login("Own-choice-42")
            #expect(try await world.send(.GET, "/api/v1/members", token: token).status == .forbidden, "set up again before anything else")
            #expect(try await world.auditEntries(action: "account.otp-reset").count == 1)
        }
    }
}
