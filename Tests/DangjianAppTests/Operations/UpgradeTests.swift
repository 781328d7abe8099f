import DangjianCore
import Fluent
import Foundation
import SQLKit
import Testing
import VaporTesting
@testable import DangjianApp

/// An app on a database of its own (a SQLite file, or a schema in the test PostgreSQL) with nothing migrated yet.
private func withBareApp(_ test: (Application) async throws -> Void) async throws {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("dangjian-upgrade-\(UUID().uuidString)")
    var schema: String?
    let database: AppConfiguration.Database
    if let url = TestDatabase.postgresURL {
        let name = "u_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(16).lowercased()
        schema = name
        database = .postgres(url: url, searchPath: [name])
    } else {
        database = .sqlite(path: directory.appendingPathComponent("upgrade.sqlite").path)
    }
    let app = try await Application.make(.testing)
    app.logger.logLevel = .warning
    do {
        try await configure(app, configuration: AppConfiguration(dataDirectory: directory, database: database,
                                                                 dataKey: Data(repeating: 9, count: 32), bcryptCost: 4))
        if let schema { try await app.db.sql.raw("CREATE SCHEMA \(ident: schema)").run() }
        try await test(app)
    } catch {
        if let schema { try? await app.db.sql.raw("DROP SCHEMA \(ident: schema) CASCADE").run() }
        try? await app.asyncShutdown()
        try? FileManager.default.removeItem(at: directory)
        throw error
    }
    if let schema { try await app.db.sql.raw("DROP SCHEMA \(ident: schema) CASCADE").run() }
    try await app.asyncShutdown()
    try? FileManager.default.removeItem(at: directory)
}

@Suite("Where the interface files are")
struct ResourceLocationTests {
    @Test("DANGJIAN_RESOURCES_DIR, else beside the binary, else the working directory; where none holds them, the places looked in")
    func find() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("dangjian-resources-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let installed = root.appendingPathComponent("opt/dangjian")
        let checkout = root.appendingPathComponent("src")
        for place in [installed, checkout] {
            try FileManager.default.createDirectory(at: place.appendingPathComponent("Resources/Locales"), withIntermediateDirectories: true)
            try FileManager.default.createDirectory(at: place.appendingPathComponent("Public"), withIntermediateDirectories: true)
            try Data("{}".utf8).write(to: place.appendingPathComponent(ResourceLocation.marker))
        }
        let binary = installed.appendingPathComponent("dangjian")
        let elsewhere = root.appendingPathComponent("home")
        #expect(try ResourceLocation.find(environment: [:], executable: binary, workingDirectory: elsewhere).path == installed.path)
        #expect(try ResourceLocation.find(environment: [:], executable: elsewhere.appendingPathComponent("dangjian"), workingDirectory: checkout).path
                == checkout.path)
        #expect(try ResourceLocation.find(environment: ["DANGJIAN_RESOURCES_DIR": checkout.path], executable: binary, workingDirectory: elsewhere).path
                == checkout.path)
        var message = ""
        do { _ = try ResourceLocation.find(environment: [:], executable: elsewhere.appendingPathComponent("dangjian"), workingDirectory: elsewhere) }
        catch { message = "\(error)" }
        #expect(message.contains("找不到界面文件") && message.contains(elsewhere.path) && message.contains("DANGJIAN_RESOURCES_DIR"), "\(message)")
        message = ""
        do { _ = try ResourceLocation.find(environment: ["DANGJIAN_RESOURCES_DIR": elsewhere.path], executable: binary, workingDirectory: checkout) }
        catch { message = "\(error)" }
        #expect(message.contains("DANGJIAN_RESOURCES_DIR=\(elsewhere.path)"), "a named directory that does not hold them is not passed over: \(message)")
    }
}

@Suite("Upgrades from the first release")
struct UpgradeTests {
    /// The migrations of the first release (87289a1): organizations, members, committees, co-building, accounts, audit.
    static let firstRelease = 6

    @Test("a database of the first release, filled as that release wrote it, upgrades to today's schema: counters counted, masks narrowed, names keyed, numbers sealed again in place, the audit head signed; it logs in, reads and writes")
    func fromFirstRelease() async throws {
        try await withBareApp { app in
            let first = Migrations()
            first.add(Array(Migrations.all.prefix(Self.firstRelease)))
            let migrator = Migrator(databases: app.databases, migrations: first, logger: app.logger, on: app.eventLoopGroup.any())
            try await migrator.setupIfNeeded().get()
            try await migrator.prepareBatch().get()
            let sql = app.db.sql
            #expect(try await DatabaseFacts.migrations(on: sql).count == Self.firstRelease)

            // What the first release wrote: a county, a town, a village branch, three members with their numbers sealed
            // the first way (no place bound) and the wider mask, an account and its grant, a chained audit entry.
            let cipher = app.dangjian.cipher
            let stamp = "2026-11-26T08:00:00Z"
            // The first release kept each organization's own member counts as it wrote members.
            for (id, parent, path, name, kind, sector, full, probationary) in [(1, nil, "/1/", "青禾县委", "committee", "government", 0, 0),
                                                                                (2, Optional(1), "/1/2/", "柳河镇党委", "committee", "government", 0, 0),
                                                                                (3, Optional(2), "/1/2/3/", "柳河镇东岗村党支部", "branch", "village", 2, 1)] {
                try await sql.insert(into: "organizations")
                    .columns("id", "parent_id", "path", "county_id", "name", "kind", "sector", "full_count", "probationary_count", "created_at", "updated_at")
                    .values(SQLBind(id), SQLBind(parent), SQLBind(path), SQLBind(1), SQLBind(name), SQLBind(kind), SQLBind(sector),
                            SQLBind(full), SQLBind(probationary), SQLBind(stamp), SQLBind(stamp)).run()
            }
            func number(_ year: Int, _ month: Int, _ day: Int, _ sequence: Int) throws -> String {
                ResidentIDNumber.make(region: "110101", birthDate: try #require(CalendarDate(year: year, month: month, day: day)), sequence: sequence)
            }
            let people = [(1, "欧阳秀梅", "female", try number(1958, 3, 7, 2), "13800001111", "full"),
                          (2, "余秀梅", "female", try number(1980, 1, 1, 2), "13800002222", "full"),
                          (3, "张伟", "male", try number(1995, 2, 2, 1), "13900003333", "probationary")]
            for (id, name, gender, number, phone, membership) in people {
                let joined = membership == "full" ? "2010-07-01" : "2026-07-01"
                try await sql.insert(into: "members")
                    .columns("id", "organization_id", "path", "county_id", "name", "gender", "birth_date", "id_cipher", "id_hash", "id_mask", "id_tail",
                             "phone_cipher", "phone_hash", "phone_mask", "phone_tail", "membership", "joined_on", "status", "status_since",
                             "completeness", "created_at", "updated_at")
                    .values(SQLBind(id), SQLBind(3), SQLBind("/1/2/3/"), SQLBind(1), SQLBind(name), SQLBind(gender),
                            SQLBind("\(number.dropFirst(6).prefix(4))-\(number.dropFirst(10).prefix(2))-\(number.dropFirst(12).prefix(2))"),
                            SQLBind(try cipher.sealLegacy(number)), SQLBind(cipher.lookupHash(number)),
                            SQLBind(String(number.prefix(4)) + String(repeating: "*", count: 10) + String(number.suffix(4))), SQLBind(String(number.suffix(4))),
                            SQLBind(try cipher.sealLegacy(phone)), SQLBind(cipher.lookupHash(phone)), SQLBind(Masking.phone(phone)),
                            SQLBind(String(phone.suffix(4))), SQLBind(membership), SQLBind(joined), SQLBind("active"), SQLBind(joined),
                            SQLBind(70), SQLBind(stamp), SQLBind(stamp)).run()
            }
            let hash = try app.password.sync.hash(TestWorld.password)
            try await sql.insert(into: "accounts")
                .columns("id", "username", "display_name", "password_hash", "member_id", "failed_attempts", "disabled", "created_at")
                .values(SQLBind(1), SQLBind("branch-secretary"), SQLBind("余秀梅"), SQLBind(hash), SQLBind(2), SQLBind(0), SQLBind(false), SQLBind(stamp)).run()
            try await sql.insert(into: "account_grants").columns("id", "account_id", "role", "organization_id", "created_at")
                .values(SQLBind(1), SQLBind(1), SQLBind("branchSecretary"), SQLBind(3), SQLBind(stamp)).run()
            let record = AuditRecord(sequence: 1, at: "2026-11-26T08:00:00.000", actorID: nil, actorName: "dangjian demo", action: "demo.load",
                                     targetType: "system", targetID: "", organizationID: nil, outcome: .success, requestID: "cli-1",
                                     clientAddress: "localhost", detail: "装入演示数据")
            let chained = cipher.auditHash(record.canonicalText(previousHash: AuditChainVerifier.genesis))
            try await sql.insert(into: "audit_entries")
                .columns("sequence", "at", "actor_name", "action", "target_type", "target_id", "outcome", "request_id", "client_address", "detail",
                         "previous_hash", "hash")
                .values(SQLBind(1), SQLBind(record.at), SQLBind(record.actorName), SQLBind(record.action), SQLBind("system"), SQLBind(""),
                        SQLBind("success"), SQLBind("cli-1"), SQLBind("localhost"), SQLBind(record.detail), SQLBind(AuditChainVerifier.genesis),
                        SQLBind(chained)).run()
            try await sql.update("audit_head").set("last_sequence", to: SQLBind(1)).set("last_hash", to: SQLBind(chained)).run()

            // `dangjian migrate --dry-run` lists the rest and writes nothing; then the upgrade, as `serve` or `migrate` runs it.
            #expect(try await MigrateCommand.pending(app) == Array(DatabaseFacts.knownMigrations.dropFirst(Self.firstRelease)))
            #expect(try await DatabaseFacts.migrations(on: sql).count == Self.firstRelease)
            try await SchemaUpgrade.run(app)
            #expect(try await MigrateCommand.pending(app).isEmpty)
            #expect(try await DatabaseFacts.migrations(on: sql) == DatabaseFacts.knownMigrations)

            let members = try await MemberModel.query(on: app.db).sort(\.$id).all()
            #expect(members.map(\.givenName) == ["秀梅", "秀梅", "伟"] && members.map(\.nameInitials) == ["oyxm", "yxm", "zw"])
            #expect(members.map(\.idMask) == ["1101**************", "1101**************", "1101**************"])
            for (member, person) in zip(members, people) {
                let id = try #require(member.id)
                #expect(try cipher.open(try #require(member.idCipher), for: .memberIDNumber(id)) == person.3, "sealed again for its row")
                #expect(try cipher.open(try #require(member.phoneCipher), for: .memberPhone(id)) == person.4)
            }
            let county = try await OrganizationStore.totals(under: OrgPath(stored: "/1/"), on: app.db)
            #expect(county.members == 3 && county.organizations == 3 && county.branches == 1, "the subtree counters are counted")
            let verified = try await AuditLog.verify(on: app.db, cipher: cipher)
            #expect(verified.broken == nil && verified.checked == 1, "the head is signed and the chain from the first release verifies")

            // The upgraded platform is used as before: the old account logs in and finds its members by the new keys.
            let world = TestWorld(app: app, county: DemoCounty.generate(scale: .small))
            let token = try await world.token("branch-secretary")
            let found = try await world.send(.GET, "/api/v1/members?q=yxm", token: token)
            #expect(found.status == .ok && found.body.string.contains("余秀梅"), "\(found.body.string.prefix(300))")
            let moved = try await world.send(.PATCH, "/api/v1/members/3", token: token, json: ["job": "村团支部书记"])
            #expect(moved.status == .ok, "\(moved.body.string.prefix(300))")
            #expect(try await AuditLog.verify(on: app.db, cipher: cipher).broken == nil)
        }
    }

    @Test("a database of a newer schema is refused: by the server's start and by `dangjian migrate`")
    func newerSchema() async throws {
        try await withBareApp { app in
            try await app.autoMigrate()
            try await app.db.sql.insert(into: "_fluent_migrations").columns("id", "name", "batch", "created_at", "updated_at")
                .values(SQLBind(UUID()), SQLBind("DangjianApp.M9999FromTheFuture"), SQLBind(99), SQLBind(Date()), SQLBind(Date())).run()
            var message = ""
            do { try await SchemaUpgrade.run(app) } catch { message = "\(error)" }
            #expect(message.contains("数据库结构比本版本的 dangjian 新") && message.contains("M9999FromTheFuture"), "\(message)")
        }
    }
}

@Suite("Start after a crash")
struct RestartTests {
    @Test("import jobs of a stopped process end as failed, saying nothing was written; a live process's go on; finished ones stay")
    func interruptedImports() async throws {
        try await withWorld { world in
            let services = world.app.dangjian
            let account = try #require(try await AccountModel.query(on: world.app.db).first()?.id)
            let now = services.clock.now().timeIntervalSince1970
            // Another process (several on PostgreSQL) that is alive, and one that stopped saying so.
            for (id, heartbeat) in [("other-live", now - 2), ("other-stopped", now - ServerProcesses.stoppedAfter - 5)] {
                try await ServerProcessModel.other(id, heartbeat: heartbeat, on: world.app.db)
            }
            var jobs: [ImportJobModel] = []
            for (index, (status, process)) in [(ImportJobModel.Status.checking, "other-stopped"), (.importing, "other-stopped"),
                                               (.done, "other-stopped"), (.importing, "other-live"), (.importing, "never-seen")].enumerated() {
                let job = ImportJobModel(id: UUID().uuidString, accountID: account, fileName: "名册\(index).csv", format: "csv", mode: .skip,
                                         organizationID: nil, now: now - 60)
                job.status = status
                job.processID = process
                try await job.create(on: world.app.db)
                jobs.append(job)
            }
            let failed = try await ServerProcesses.beat(services, on: world.app.db)
            let after = try await ImportJobModel.query(on: world.app.db).all()
            func job(_ index: Int) -> ImportJobModel? { after.first { $0.id == jobs[index].id } }
            #expect(failed == 3)
            #expect(job(0)?.status == .failed && job(0)?.message == "服务在检查过程中停止，请重新上传")
            #expect(job(1)?.status == .failed && job(1)?.message?.contains("没有写入任何数据") == true)
            #expect(job(2)?.status == .done)
            #expect(job(3)?.status == .importing, "a live process's job goes on")
            #expect(job(4)?.status == .failed)
            #expect(try await ServerProcessModel.find(services.processID, on: world.app.db) != nil, "this process says it is alive")
            // On SQLite, at start, nothing is running anything else.
            try await SchemaUpgrade.run(world.app)
            let live = try await ImportJobModel.find(jobs[3].id, on: world.app.db)?.status
            #expect(live == (world.app.db.isPostgres ? .importing : .failed))
        }
    }
}

@Suite("SQLite writers wait for each other")
struct WriteLockTests {
    @Test("a write that reads first is not refused when another connection commits between its read and its write")
    func readThenWrite() async throws {
        try await withWorld { world in
            guard !world.app.db.isPostgres else { return }
            let writer = world.app.dangjian.writer
            let read = AsyncGate()
            let reader = Task {
                try await writer.transaction(on: world.app.db) { database in
                    _ = try await MemberModel.query(on: database).count()
                    await read.open()
                    try await Task.sleep(for: .milliseconds(300))
                    try await database.sql.raw("INSERT INTO settings (key, value) VALUES ('test.reader', 'wrote')").run()
                }
            }
            await read.wait()
            // Another connection (an import's, or another process's) commits meanwhile, outside this process's queue.
            try await world.app.db(.background).transaction { database in
                try await database.sql.raw("INSERT INTO settings (key, value) VALUES ('test.other', 'wrote')").run()
            }
            try await reader.value
            #expect(try await SettingModel.query(on: world.app.db).all().filter { $0.id?.hasPrefix("test.") == true }.count == 2)
        }
    }
}

/// Opens once; everyone waiting goes on.
actor AsyncGate {
    private var isOpen = false
    private var waiting: [CheckedContinuation<Void, Never>] = []

    func open() {
        isOpen = true
        for continuation in waiting { continuation.resume() }
        waiting = []
    }

    func wait() async {
        if isOpen { return }
        await withCheckedContinuation { waiting.append($0) }
    }
}
