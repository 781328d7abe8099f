import DangjianCore
import DangjianDocuments
import Fluent
import Foundation
import SQLKit
import Testing
import VaporTesting
@testable import DangjianApp

/// The database the app tests run on: a SQLite file per test, or a schema per test in the PostgreSQL that
/// `DANGJIAN_TEST_DATABASE_URL` names (scripts/test starts a throwaway cluster for that).
enum TestDatabase {
    static let postgresURL = ProcessInfo.processInfo.environment["DANGJIAN_TEST_DATABASE_URL"].flatMap { $0.isEmpty ? nil : $0 }
}

/// A configured app with the small demo county loaded, and helpers to call it as each demo account.
struct TestWorld: Sendable {
    let app: Application
    let county: DemoCounty
    /// The two-step verification secrets of the demo accounts that have one (the 三员, the 组织部).
    var otpSecrets: [String: String] = [:]
    static let password = "Test-pass-1"

    /// The current code of `username`'s authenticator, if the account has one. A code is good once: when the account
    /// used this time step already, the clock moves to the next.
    func otp(_ username: String) async throws -> String? {
        guard let secret = otpSecrets[username], let key = Base32.decode(secret) else { return nil }
        let account = try await AccountModel.query(on: app.db).filter(\.$username == username).first()
        let rule = SecondFactor.rule
        let now = Int64(app.dangjian.clock.now().timeIntervalSince1970)
        if let used = account?.otpCounter, rule.counter(at: now) <= Int64(used) {
            app.dangjian.clock.advance(by: TimeInterval((Int64(used) - rule.counter(at: now) + 1) * rule.period))
        }
        return rule.code(at: Int64(app.dangjian.clock.now().timeIntervalSince1970), mac: SecondFactor.mac(key))
    }

    func organizationID(_ name: String) async throws -> Int {
        try #require(try await OrganizationModel.query(on: app.db).filter(\.$name == name).first()?.id)
    }

    func organization(_ name: String) async throws -> OrganizationModel {
        try #require(try await OrganizationModel.query(on: app.db).filter(\.$name == name).first())
    }

    /// An active member filed in the organization called `name` or under it.
    func member(in name: String) async throws -> MemberModel {
        let path = try await organization(name).orgPath
        return try #require(try await MemberModel.query(on: app.db).filter(\.$path >= path.value).filter(\.$path < path.upperBound)
            .filter(\.$status == .active).sort(\.$path).sort(\.$id).first())
    }

    func send(_ method: HTTPMethod, _ path: String, token: String? = nil, json: (any Encodable & Sendable)? = nil,
              headers extra: HTTPHeaders = [:]) async throws -> TestingHTTPResponse {
        var headers = extra
        if let token { headers.bearerAuthorization = BearerAuthorization(token: token) }
        return try await app.testing().sendRequest(method, path, headers: headers) { request in
            if let json { try request.content.encode(AnyEncodable(json), as: .json) }
        }
    }

    /// The rows of the .xlsx that a GET of `path` answers with (after checking it answered 200).
    func sheetRows(_ path: String, token: String) async throws -> [[String]] {
        let response = try await send(.GET, path, token: token)
        #expect(response.status == .ok, "\(path): \(response.body.string.prefix(300))")
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("sheet-\(UUID()).xlsx")
        defer { try? FileManager.default.removeItem(at: url) }
        try Data(buffer: response.body).write(to: url)
        var rows: [[String]] = []
        try XLSXReader(url: url).forEachRow { _, cells in rows.append(cells) }
        return rows
    }

    /// Logs in through the API and returns the bearer token.
    func token(_ username: String) async throws -> String {
        let response = try await send(.POST, "/api/v1/auth/login",
                                      json: Authentication.Credentials(username: username, password: Self.password, otp: try await otp(username)))
        #expect(response.status == .ok, "login \(username): \(response.body.string)")
        return try response.content.decode(AuthAPI.TokenResponse.self).token
    }

    /// Logs in through the login form, as a browser does, and returns the session cookie and the page CSRF token.
    func browserLogin(_ username: String, password: String = TestWorld.password) async throws -> BrowserSession {
        let form = try await app.testing().sendRequest(.GET, "/login")
        let loginToken = try #require(form.headers.setCookie?[SessionCookie.loginCSRF]?.string)
        let code = try await otp(username) ?? ""
        let response = try await app.testing().sendRequest(.POST, "/login", headers: ["Cookie": "\(SessionCookie.loginCSRF)=\(loginToken)"]) { request in
            try request.content.encode(["username": username, "password": password, "otp": code, "_csrf": loginToken, "next": "/"], as: .urlEncodedForm)
        }
        #expect(response.status == .seeOther, "browser login \(username): \(response.status)")
        let cookie = try #require(response.headers.setCookie?[SessionCookie.name]?.string)
        var session = BrowserSession(world: self, cookie: cookie, csrf: "")
        var home = try await session.get("/")
        // An account that must first change its password or set up two-step verification is sent there.
        if home.status == .seeOther, let location = home.headers.first(name: .location) { home = try await session.get(location) }
        session.csrf = try #require(Self.csrf(in: home.body.string))
        return session
    }

    static func csrf(in html: String) -> String? {
        guard let range = html.range(of: "name=\"_csrf\" value=\"") else { return nil }
        let rest = html[range.upperBound...]
        return rest.firstIndex(of: "\"").map { String(rest[..<$0]) }
    }

    func auditEntries(action: String) async throws -> [AuditEntryModel] {
        try await AuditEntryModel.query(on: app.db).filter(\.$action == action).sort(\.$id).all()
    }
}

/// A logged-in browser: the session cookie and the CSRF token its forms carry.
struct BrowserSession: Sendable {
    let world: TestWorld
    let cookie: String
    var csrf: String

    func get(_ path: String) async throws -> TestingHTTPResponse {
        try await world.app.testing().sendRequest(.GET, path, headers: ["Cookie": "\(SessionCookie.name)=\(cookie)"])
    }

    func post(_ path: String, _ form: [String: String], csrf token: String? = nil) async throws -> TestingHTTPResponse {
        var fields = form
        fields["_csrf"] = token ?? csrf
        return try await world.app.testing().sendRequest(.POST, path, headers: ["Cookie": "\(SessionCookie.name)=\(cookie)"]) { request in
            try request.content.encode(fields, as: .urlEncodedForm)
        }
    }
}

struct AnyEncodable: Encodable, Sendable {
    let value: any Encodable & Sendable
    init(_ value: any Encodable & Sendable) { self.value = value }
    func encode(to encoder: any Encoder) throws { try value.encode(to: encoder) }
}

/// Swift Testing starts every test at once; on PostgreSQL each app holds up to eight connections, so at most this many
/// apps run together (the throwaway cluster allows 300 connections).
actor WorldGate {
    static let postgres = WorldGate(width: 24)
    private let width: Int
    private var running = 0
    private var waiting: [CheckedContinuation<Void, Never>] = []

    init(width: Int) { self.width = width }

    func enter() async {
        if running < width {
            running += 1
            return
        }
        await withCheckedContinuation { waiting.append($0) }
    }

    func leave() {
        if waiting.isEmpty { running -= 1 } else { waiting.removeFirst().resume() }
    }
}

/// Builds an app around one test: its own database, the small demo county, a fast bcrypt cost.
func withWorld(adjusting adjust: (inout AppConfiguration) -> Void = { _ in }, _ test: (TestWorld) async throws -> Void) async throws {
    guard TestDatabase.postgresURL != nil else { return try await runWorld(adjust, test) }
    await WorldGate.postgres.enter()
    do {
        try await runWorld(adjust, test)
    } catch {
        await WorldGate.postgres.leave()
        throw error
    }
    await WorldGate.postgres.leave()
}

private func runWorld(_ adjust: (inout AppConfiguration) -> Void, _ test: (TestWorld) async throws -> Void) async throws {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("dangjian-test-\(UUID().uuidString)")
    var schema: String?
    let database: AppConfiguration.Database
    if let url = TestDatabase.postgresURL {
        schema = "t_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(16).lowercased()
        database = .postgres(url: url, searchPath: [schema!])
    } else {
        database = .sqlite(path: directory.appendingPathComponent("test.sqlite").path)
    }
    var configuration = AppConfiguration(dataDirectory: directory, database: database, dataKey: Data(repeating: 7, count: 32),
                                         bcryptCost: 4)
    adjust(&configuration)
    let app = try await Application.make(.testing)
    app.logger.logLevel = .warning
    do {
        try await configure(app, configuration: configuration)
        if let schema { try await (app.db as! any SQLDatabase).raw("CREATE SCHEMA \(ident: schema)").run() }
        try await app.autoMigrate()
        let county = DemoCounty.generate(scale: .small)
        let accounts = try await DemoLoader.load(county, password: TestWorld.password, services: app.dangjian, hasher: app.password.sync, on: app.db)
        var world = TestWorld(app: app, county: county)
        for account in accounts { world.otpSecrets[account.username] = account.otpSecret }
        try await test(world)
        // Whatever the test wrote carries its county's partition key (DESIGN: Data).
        let mismatched = try await CountyKeys.mismatches(depth: configuration.countyDepth, on: app.db)
        #expect(mismatched.isEmpty, "rows whose county_id is not their organization's: \(mismatched)")
    } catch {
        if let schema { try? await (app.db as! any SQLDatabase).raw("DROP SCHEMA \(ident: schema) CASCADE").run() }
        try? await app.asyncShutdown()
        try? FileManager.default.removeItem(at: directory)
        throw error
    }
    if let schema { try await (app.db as! any SQLDatabase).raw("DROP SCHEMA \(ident: schema) CASCADE").run() }
    try await app.asyncShutdown()
    try? FileManager.default.removeItem(at: directory)
}

extension ByteBuffer {
    var string: String { String(buffer: self) }
}

extension ServerProcessModel {
    /// Another `dangjian serve` process on the test's database, last heard from at `heartbeat`.
    @discardableResult
    static func other(_ id: String, heartbeat: Double, on database: any Database) async throws -> ServerProcessModel {
        let process = ServerProcessModel()
        process.id = id
        process.host = "other"
        process.pid = 1
        process.startedAt = heartbeat - 3600
        process.heartbeatAt = heartbeat
        try await process.create(on: database)
        return process
    }
}
