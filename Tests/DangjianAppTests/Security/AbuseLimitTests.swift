import DangjianCore
import Fluent
import Foundation
#if canImport(Glibc)
import Glibc
#endif
import Testing
import VaporTesting
@testable import DangjianApp

/// Guessing passwords, sign-in codes and form tokens is counted and stopped; floods are counted, not written one by one.
@Suite("Abuse limits")
struct AbuseLimitTests {
    /// Moves the clock to the start of a window of `seconds`, so that a test's requests all fall in one window.
    static func startWindow(_ world: TestWorld, seconds: Double) {
        let now = world.app.dangjian.clock.now().timeIntervalSince1970
        world.app.dangjian.clock.advance(by: seconds - now.truncatingRemainder(dividingBy: seconds) + 0.5)
    }

    static func login(_ world: TestWorld, _ username: String, _ password: String) async throws -> TestingHTTPResponse {
        try await world.send(.POST, "/api/v1/auth/login", json: Authentication.Credentials(username: username, password: password))
    }

    @Test("parallel wrong guesses lock the account once, at the policy's number, and a right password in flight does not undo it")
    func atomicLockout() async throws {
        try await withWorld { world in
            let results = try await withThrowingTaskGroup(of: HTTPStatus.self) { group in
                for index in 0..<12 {
                    group.addTask { try await Self.login(world, "member", index == 6 ? TestWorld.password : "wrong-\(index)-Aa").status }
                }
                return try await group.reduce(into: [HTTPStatus]()) { $0.append($1) }
            }
            #expect(results.filter { $0 == .unauthorized }.count >= 11)
            let account = try #require(try await AccountModel.query(on: world.app.db).filter(\.$username == "member").first())
            #expect(account.lockedUntil != nil, "eleven wrong guesses against a limit of five leave the account locked")
            #expect(try await world.auditEntries(action: "auth.lock").count == 1, "the lock is recorded once, not once per parallel guess")
            #expect(try await Self.login(world, "member", TestWorld.password).status == .unauthorized)
        }
    }

    @Test("unknown, disabled and locked names answer exactly as a wrong password does")
    func sameAnswer() async throws {
        try await withWorld { world in
            func answer(_ username: String, _ password: String) async throws -> (HTTPStatus, String) {
                let response = try await Self.login(world, username, password)
                let error = try response.content.decode(ErrorPageMiddleware.APIError.self).error
                return (response.status, error.message)
            }
            let wrong = try await answer("member", "wrong-pass-1")
            #expect(wrong.0 == .unauthorized && wrong.1 == Authentication.refusal)
            #expect(try await answer("nobody-here", "wrong-pass-1") == wrong)
            let sysadmin = try await world.token("sysadmin")
            let auditor = try #require(try await AccountModel.query(on: world.app.db).filter(\.$username == "auditor").first())
            #expect(try await world.send(.POST, "/api/v1/accounts/\(auditor.id!)/disable", token: sysadmin).status == .noContent)
            #expect(try await answer("auditor", TestWorld.password) == wrong, "a disabled account, even with its right password")
            for _ in 1...5 { _ = try await answer("town-secretary", "wrong-pass-1") }
            #expect(try await answer("town-secretary", TestWorld.password) == wrong, "a locked account, even with its right password")
        }
    }

    @Test("failed logins are refused by source past 30 a minute with Retry-After, counted in one row, the name scrubbed")
    func loginFlood() async throws {
        try await withWorld { world in
            let before = try await AuditEntryModel.query(on: world.app.db).count()
            Self.startWindow(world, seconds: 60)
            for index in 0..<30 {
                let name = index == 0 ? "41010219850314124X-and-a-very-long-name-" + String(repeating: "x", count: 500) : "guess-\(index)"
                #expect(try await Self.login(world, name, "wrong-pass-1").status == .unauthorized)
            }
            let refused = try await Self.login(world, "member", TestWorld.password)
            #expect(refused.status == .tooManyRequests)
            #expect(Int(refused.headers.first(name: "Retry-After") ?? "") ?? 0 > 0)
            #expect(try await AuditEntryModel.query(on: world.app.db).count() == before, "thirty unknown names wrote no audit entry each")
            world.app.dangjian.clock.advance(by: 61)
            #expect(try await Self.login(world, "member", TestWorld.password).status == .ok, "the next minute is open again")
            let auditor = try await world.token("auditor")
            let counts = try await world.send(.GET, "/api/v1/audit/refusals?kind=login", token: auditor).content.decode(RefusalCounts.Page.self)
            let row = try #require(counts.items.first)
            #expect(counts.items.count == 1 && row.count == 30)
            let sample = try #require(row.sample)
            #expect(!sample.contains("41010219850314124X") && sample.count <= 32, "\(sample)")
            let page = try await world.browserLogin("auditor").get("/audit/refusals")
            #expect(page.status == .ok && page.body.string.contains("登录失败"))
        }
    }

    @Test("a wrong current password is refused past five in 15 minutes")
    func passwordGuesses() async throws {
        try await withWorld { world in
            let token = try await world.token("member")
            Self.startWindow(world, seconds: 900)
            let change = Authentication.PasswordChange(currentPassword: "not-it-Aa1", newPassword: "Brand-new-pass-7", confirmPassword: nil)
            for _ in 1...5 { #expect(try await world.send(.POST, "/api/v1/auth/password", token: token, json: change).status == .unprocessableEntity) }
            let refused = try await world.send(.POST, "/api/v1/auth/password", token: token, json: change)
            #expect(refused.status == .tooManyRequests && refused.headers.first(name: "Retry-After") != nil)
        }
    }

    @Test("sign-in codes cannot be walked through: ten wrong codes in the window, then 429")
    func signInCodes() async throws {
        try await withWorld { world in
            let secretary = try await world.token("branch-secretary")
            let activity = try await world.plannedThemeDay(token: secretary)
            #expect(try await world.send(.POST, "/api/v1/activities/\(activity.summary.id)/open", token: secretary).status == .ok)
            let member = try await world.token("member")
            Self.startWindow(world, seconds: 120)
            let right = try await world.currentCode(activity.summary.id)
            var statuses: [HTTPStatus] = []
            var code = 0
            while statuses.count < 11 {
                let guess = String(format: "%06d", code)
                code += 1
                guard guess != right else { continue }
                statuses.append(try await world.send(.POST, "/api/v1/checkin", token: member, json: ["code": guess]).status)
            }
            // Past the limit even the right code waits for the window to end.
            #expect(try await world.send(.POST, "/api/v1/checkin", token: member, json: ["code": right]).status == .tooManyRequests)
            world.app.dangjian.clock.advance(by: 121)
            #expect(try await world.send(.POST, "/api/v1/checkin", token: member, json: ["code": try await world.currentCode(activity.summary.id)]).status == .ok)
            #expect(statuses.prefix(10).allSatisfy { $0 == .unprocessableEntity })
            #expect(statuses.last == .tooManyRequests)
        }
    }

    /// Found by the fuzz run: a count written beside the app's one writer made a write that had read first fail on
    /// SQLite with "database is locked", answered 500.
    @Test("a failed login counted while a write that read first is in flight leaves that write whole")
    func countsWaitForTheWriter() async throws {
        try await withWorld { world in
            let app = world.app
            let reading = AsyncStream<Void>.makeStream()
            async let write: Int = app.dangjian.writer.transaction(on: app.db) { database in
                let before = try await AccountModel.query(on: database).filter(\.$username == "member").count()
                reading.continuation.yield()
                try await Task.sleep(for: .milliseconds(400))
                try await AccountModel.query(on: database).filter(\.$username == "member").set(\.$failedAttempts, to: 0).update()
                return before
            }
            for await _ in reading.stream { break }
            let login = try await Self.login(world, "nobody-at-all", "wrong-pass-1")
            #expect(try await write == 1, "the write that read first commits")
            #expect(login.status == .unauthorized)
        }
    }

    @Test("a body announced larger than the route's cap is refused before it is read")
    func announcedLength() async throws {
        try await withWorld { world in
            let token = try await world.token("county-admin")
            try await world.app.server.start(address: .hostname("127.0.0.1", port: 0))
            let port = try #require(world.app.http.server.shared.localAddress?.port)
            // The head alone, over a real socket: a server that waited for the announced gigabyte would not answer.
            let head = "POST /api/v1/dues/calculate HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer \(token)\r\n"
                + "Content-Type: application/json\r\nContent-Length: 999999999\r\n\r\n{}"
            let answer = try RawHTTP.exchange(head, port: port, timeoutSeconds: 10)
            await world.app.server.shutdown()
            #expect(answer.hasPrefix("HTTP/1.1 413"), "\(answer.prefix(200))")
        }
    }

    @Test("at most `width` hashes run at once; past the queue, callers are told to come back")
    func bcryptGate() async throws {
        let gate = BcryptGate(width: 1, queueLimit: 1)
        let started = AsyncStream<Void>.makeStream()
        let release = AsyncStream<Void>.makeStream()
        async let first: Void = gate.gated {
            started.continuation.yield()
            for await _ in release.stream { break }
        }
        for await _ in started.stream { break }
        async let second: Void = gate.gated {}
        try await Task.sleep(for: .milliseconds(50))
        await #expect(throws: BcryptGate.Busy.self) { try await gate.gated {} }
        release.continuation.yield()
        try await first
        try await second
    }
}

/// One HTTP exchange over a plain socket, for requests a client library would correct (a false Content-Length).
enum RawHTTP {
    static func exchange(_ request: String, port: Int, timeoutSeconds: Int) throws -> String {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw Abort(.internalServerError, reason: "socket") }
        defer { close(descriptor) }
        var timeout = timeval(tv_sec: timeoutSeconds, tv_usec: 0)
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { throw Abort(.internalServerError, reason: "connect") }
        let bytes = Array(request.utf8)
        _ = bytes.withUnsafeBytes { send(descriptor, $0.baseAddress, $0.count, 0) }
        var buffer = [UInt8](repeating: 0, count: 4096)
        let received = buffer.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
        return received > 0 ? String(decoding: buffer.prefix(received), as: UTF8.self) : ""
    }
}
