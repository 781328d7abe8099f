import DangjianCore
import Fluent
import Foundation
import SQLKit
import Testing
import VaporTesting
@testable import DangjianApp

/// A second app on an empty database and data directory, configured for `dangjian restore`: the same data key, the
/// same kind of database (on PostgreSQL a new database, in which the backed-up schema is recreated).
struct RestoreTarget {
    let app: Application
    let configuration: AppConfiguration
    let databaseName: String?

    static func make(like world: TestWorld, dataKey: Data = Data(repeating: 7, count: 32)) async throws -> RestoreTarget {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("dangjian-restore-\(UUID().uuidString)")
        var databaseName: String?
        let database: AppConfiguration.Database
        switch world.app.dangjian.configuration.database {
        case .sqlite:
            database = .sqlite(path: directory.appendingPathComponent("dangjian.sqlite").path)
        case .postgres(let url, let searchPath):
            let name = "restore_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(12).lowercased()
            try await world.app.db.sql.raw("CREATE DATABASE \(ident: name)").run()
            databaseName = name
            var components = try #require(URLComponents(string: url))
            components.path = "/" + name
            database = .postgres(url: try #require(components.string), searchPath: searchPath)
        }
        var configuration = AppConfiguration(dataDirectory: directory, database: database, dataKey: dataKey, bcryptCost: 4)
        configuration.restoring = true
        let app = try await Application.make(.testing)
        app.logger.logLevel = .warning
        try await configure(app, configuration: configuration)
        return RestoreTarget(app: app, configuration: configuration, databaseName: databaseName)
    }

    func restore(_ backup: URL, passphrase: String? = nil) async throws -> Restore.Result {
        try await Restore.run(from: backup, passphrase: passphrase, configuration: configuration, cipher: app.dangjian.cipher,
                              database: app.db, logger: app.logger)
    }

    func close(_ world: TestWorld) async throws {
        try await app.asyncShutdown()
        if let databaseName { try await world.app.db.sql.raw("DROP DATABASE IF EXISTS \(ident: databaseName)").run() }
        try? FileManager.default.removeItem(at: configuration.dataDirectory)
    }
}

/// Every row of a table as text, sorted: two databases compare equal row for row.
func tableRows(_ table: String, on sql: any SQLDatabase) async throws -> [String] {
    struct Row: Decodable { let row: String? }
    if sql.dialect.name == "postgresql" {
        return try await sql.raw("SELECT (t.*)::text AS row FROM \(ident: table) AS t").all(decoding: Row.self).map { $0.row ?? "" }.sorted()
    }
    struct Column: Decodable { let name: String }
    let columns = try await sql.raw("SELECT name FROM pragma_table_info(\(bind: table))").all(decoding: Column.self).map(\.name)
    let expression = columns.map { "quote(\"\($0)\")" }.joined(separator: " || '|' || ")
    return try await sql.raw("SELECT \(unsafeRaw: expression) AS row FROM \(ident: table)").all(decoding: Row.self).map { $0.row ?? "" }.sorted()
}

func temporaryBackupDirectory() -> URL {
    FileManager.default.temporaryDirectory.appendingPathComponent("dangjian-backup-\(UUID().uuidString)", isDirectory: true)
}

func makeBackup(_ world: TestWorld, into directory: URL, passphrase: String? = nil) async throws -> Backup.Result {
    let services = world.app.dangjian
    return try await Backup.make(into: directory, passphrase: passphrase, configuration: services.configuration, cipher: services.cipher,
                                 database: world.app.db, logger: world.app.logger)
}

@Suite("Backup and restore: the drill")
struct BackupDrillTests {
    @Test("the demo county with its files and dues history, backed up sealed while in use, restored elsewhere: every table row for row, every file byte for byte, and it serves")
    func drill() async throws {
        try await withWorld { world in
            // A photo of a meeting, so that the backup has an uploaded file.
            let token = try await world.token("branch-secretary")
            let planned = try await world.plannedThemeDay(token: token)
            let photo = [0xFF, 0xD8, 0xFF, 0xE0] + Array("JFIF".utf8) + (0..<3000).map { UInt8($0 % 251) }
            let (headers, body) = multipart(file: "合影.jpg", bytes: photo, fields: ["caption": "集中学习"])
            var all = headers
            all.bearerAuthorization = BearerAuthorization(token: token)
            let upload = try await world.app.testing().sendRequest(.POST, "/api/v1/activities/\(planned.summary.id)/attachments", headers: all, body: body)
            #expect(upload.status == .created, "\(upload.body.string)")
            let sql = world.app.db.sql
            let tables = try await DatabaseFacts.tables(on: sql)
            #expect(try await DatabaseFacts.counts(on: sql)["dues_payments", default: 0] > 100, "the demo county has its dues history")

            let directory = temporaryBackupDirectory()
            defer { try? FileManager.default.removeItem(at: directory) }
            let backup = try await makeBackup(world, into: directory, passphrase: "a long backup passphrase")
            #expect(backup.manifest.parts.contains { $0.path.hasPrefix("files/") && $0.path.hasSuffix(".sealed") })
            // Sealed: nothing of the county is readable in any part.
            let name = try #require(try await MemberModel.query(on: world.app.db).first()).name
            for part in backup.manifest.parts {
                let data = try Data(contentsOf: directory.appendingPathComponent(part.path))
                #expect(data.range(of: Data(name.utf8)) == nil, "\(part.path) shows a member's name")
                #expect(data.range(of: Data("JFIF".utf8)) == nil, "\(part.path) shows the photo")
            }

            let target = try await RestoreTarget.make(like: world)
            do {
                let restored = try await target.restore(directory, passphrase: "a long backup passphrase")
                #expect(restored.auditEntries == backup.manifest.auditHead?.sequence)
                let restoredSQL = target.app.db.sql
                #expect(try await DatabaseFacts.tables(on: restoredSQL) == tables)
                for table in tables {
                    let before = try await tableRows(table, on: sql)
                    let after = try await tableRows(table, on: restoredSQL)
                    #expect(before == after, "\(table): \(before.count) rows before, \(after.count) after")
                }
                let files = world.app.dangjian.configuration.dataDirectory.appendingPathComponent("files")
                let originals = try Backup.regularFiles(under: files)
                #expect(originals.count == 1)
                for file in originals {
                    let copy = target.configuration.dataDirectory.appendingPathComponent("files").appendingPathComponent(file.lastPathComponentRelative(to: files))
                    #expect(try Data(contentsOf: copy) == Data(contentsOf: file))
                }
                // The restored platform opens its sealed values and serves them, and writes on after them.
                try await target.app.autoMigrate()
                var restoredWorld = TestWorld(app: target.app, county: world.county)
                restoredWorld.otpSecrets = world.otpSecrets
                let restoredToken = try await restoredWorld.token("branch-secretary")
                let photoID = try #require(try await AttachmentModel.query(on: target.app.db).first()?.id)
                let served = try await restoredWorld.send(.GET, "/api/v1/files/\(photoID)", token: restoredToken)
                #expect(served.status == .ok && Array(served.body.readableBytesView) == photo)
                let member = try await restoredWorld.member(in: world.county.organizations[0].name)
                let shown = try await restoredWorld.send(.GET, "/api/v1/members/\(try #require(member.id))", token: try await restoredWorld.token("county-admin"))
                #expect(shown.status == .ok && shown.body.string.contains("****"), "\(shown.body.string.prefix(300))")
                let verified = try await AuditLog.verify(on: target.app.db, cipher: target.app.dangjian.cipher)
                #expect(verified.broken == nil && verified.checked > restored.auditEntries, "the chain goes on after the restore")
            } catch {
                try await target.close(world)
                throw error
            }
            try await target.close(world)
        }
    }
}

@Suite("Backup and restore: what is refused")
struct BackupRefusalTests {
    /// A copy of the backup at `source`, changed by `damage`, restored into an empty target: the refusal's text, and
    /// nothing written.
    func refusal(of source: URL, in world: TestWorld, passphrase: String? = nil, dataKey: Data = Data(repeating: 7, count: 32),
                 _ damage: (URL) throws -> Void) async throws -> String {
        let copy = temporaryBackupDirectory()
        defer { try? FileManager.default.removeItem(at: copy) }
        try FileManager.default.copyItem(at: source, to: copy)
        try damage(copy)
        let target = try await RestoreTarget.make(like: world, dataKey: dataKey)
        var message = ""
        do {
            _ = try await target.restore(copy, passphrase: passphrase)
        } catch {
            message = "\(error)"
        }
        #expect(try await DatabaseFacts.tables(on: target.app.db.sql).isEmpty, "nothing restored after: \(message)")
        try await target.close(world)
        return message
    }

    /// Rewrites the manifest (and the digest backup.json keeps of it), as a newer version would have written it.
    func rewriteManifest(_ directory: URL, _ change: (inout BackupManifest) -> Void) throws {
        let url = directory.appendingPathComponent("manifest.json")
        var manifest = try JSONDecoder().decode(BackupManifest.self, from: Data(contentsOf: url))
        change(&manifest)
        try JSONEncoder().encode(manifest).write(to: url)
        let envelopeURL = directory.appendingPathComponent(BackupEnvelope.fileName)
        var envelope = try JSONDecoder().decode(BackupEnvelope.self, from: Data(contentsOf: envelopeURL))
        let digest = try BackupFile.digest(url)
        envelope.manifest = .init(path: "manifest.json", bytes: digest.bytes, sha256: digest.sha256)
        try JSONEncoder().encode(envelope).write(to: envelopeURL)
    }

    @Test("a changed byte, a missing part, no backup.json, a newer schema, another data key, a wrong or missing passphrase, a truncated sealed part: refused, nothing restored")
    func damaged() async throws {
        try await withWorld { world in
            let attachments = world.app.dangjian.configuration.dataDirectory.appendingPathComponent("files/ab")
            try FileManager.default.createDirectory(at: attachments, withIntermediateDirectories: true)
            try Data("a scanned form".utf8).write(to: attachments.appendingPathComponent("scan.pdf"))
            let plain = temporaryBackupDirectory()
            let sealed = temporaryBackupDirectory()
            defer {
                try? FileManager.default.removeItem(at: plain)
                try? FileManager.default.removeItem(at: sealed)
            }
            let made = try await makeBackup(world, into: plain)
            _ = try await makeBackup(world, into: sealed, passphrase: "a long backup passphrase")
            let database = made.manifest.engine == "postgres" ? "database.pgdump" : "database.sqlite"

            var message = try await refusal(of: plain, in: world) { directory in
                let url = directory.appendingPathComponent(database)
                var data = try Data(contentsOf: url)
                data[data.count / 2] ^= 0x01
                try data.write(to: url)
            }
            #expect(message.contains("\(database) 校验和不符"), "\(message)")
            message = try await refusal(of: plain, in: world) { try FileManager.default.removeItem(at: $0.appendingPathComponent("files/ab/scan.pdf")) }
            #expect(message.contains("files/ab/scan.pdf 缺失"), "\(message)")
            message = try await refusal(of: plain, in: world) { try FileManager.default.removeItem(at: $0.appendingPathComponent("backup.json")) }
            #expect(message.contains("没有 backup.json"), "\(message)")
            message = try await refusal(of: plain, in: world) { try rewriteManifest($0) { $0.migrations.append("DangjianApp.M9999FromTheFuture") } }
            #expect(message.contains("更新版本"), "\(message)")
            message = try await refusal(of: plain, in: world) { try rewriteManifest($0) { $0.parts.removeAll { $0.path == database } } }
            #expect(message.contains("没有数据库文件"), "\(message)")
            message = try await refusal(of: plain, in: world, dataKey: Data(repeating: 8, count: 32)) { _ in }
            #expect(message.contains("数据密钥不是备份时的密钥"), "\(message)")
            message = try await refusal(of: sealed, in: world) { _ in }
            #expect(message.contains("已用口令加密"), "\(message)")
            message = try await refusal(of: sealed, in: world, passphrase: "not the passphrase at all") { _ in }
            #expect(message.contains("备份口令不对"), "\(message)")
            message = try await refusal(of: sealed, in: world, passphrase: "a long backup passphrase") { directory in
                let url = directory.appendingPathComponent(database + ".sealed")
                let data = try Data(contentsOf: url)
                try data.prefix(data.count - 100).write(to: url)
            }
            #expect(message.contains("\(database).sealed 大小不符"), "\(message)")
        }
    }

    @Test("a restore only into an empty place")
    func notEmpty() async throws {
        try await withWorld { world in
            let backup = temporaryBackupDirectory()
            defer { try? FileManager.default.removeItem(at: backup) }
            _ = try await makeBackup(world, into: backup)
            let target = try await RestoreTarget.make(like: world)
            _ = try await target.restore(backup)
            var message = ""
            do { _ = try await target.restore(backup) } catch { message = "\(error)" }
            #expect(message.contains("已有数据"), "\(message)")
            try await target.close(world)
            // Nor a backup into a directory that has something in it.
            message = ""
            do { _ = try await makeBackup(world, into: backup) } catch { message = "\(error)" }
            #expect(message.contains("已有内容"), "\(message)")
            #expect(FileManager.default.fileExists(atPath: backup.appendingPathComponent("backup.json").path), "the earlier backup is untouched")
        }
    }
}

@Suite("Backup sealing")
struct BackupSealTests {
    @Test("a part over several chunks opens with the passphrase; reordered chunks, a cut-off end, another part's name or passphrase do not")
    func chunks() throws {
        let directory = temporaryBackupDirectory()
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let plain = directory.appendingPathComponent("plain")
        let original = Data((0..<(BackupSeal.chunkSize * 2 + 777)).map { UInt8(truncatingIfNeeded: $0 &* 31) })
        try original.write(to: plain)
        let derivation = BackupSeal.Derivation.fresh()
        let seal = try BackupSeal(passphrase: "correct horse battery", derivation: derivation)
        let sealed = directory.appendingPathComponent("sealed")
        try seal.seal(plain, to: sealed, part: "database.sqlite")
        let opened = directory.appendingPathComponent("opened")
        try seal.open(sealed, to: opened, part: "database.sqlite")
        #expect(try Data(contentsOf: opened) == original)

        let data = try Data(contentsOf: sealed)
        let record = 4 + 28 + BackupSeal.chunkSize
        func refused(_ bytes: Data, part: String = "database.sqlite", with other: BackupSeal? = nil) throws -> Bool {
            let damaged = directory.appendingPathComponent("damaged")
            try bytes.write(to: damaged)
            do { try (other ?? seal).open(damaged, to: opened, part: part) } catch { return true }
            return false
        }
        #expect(try refused(data.subdata(in: record..<(2 * record)) + data.subdata(in: 0..<record) + data.subdata(in: (2 * record)..<data.count)))
        #expect(try refused(data.prefix(2 * record)), "the last chunk is missing")
        #expect(try refused(data, part: "files/other.jpg"))
        #expect(try refused(data, with: try BackupSeal(passphrase: "wrong horse battery", derivation: derivation)))
        #expect(!(try refused(data)))
    }
}

@Suite("Backups on the page, on a schedule and as a to-do")
struct BackupOperationsTests {
    @Test("the backup options come off the serve command line; bad values are refused in Chinese")
    func settings() throws {
        var arguments = ["dangjian", "serve", "--backup-every", "24h", "--port", "8080", "--backup-keep=3", "--backup-dir", "/srv/backups"]
        let settings = try #require(try BackupSettings.take(from: &arguments, environment: [:]))
        #expect(arguments == ["dangjian", "serve", "--port", "8080"])
        #expect(settings.every == 86400 && settings.keep == 3 && settings.directory.path == "/srv/backups" && settings.passphrase == nil)
        var none = ["dangjian", "serve"]
        #expect(try BackupSettings.take(from: &none, environment: [:]) == nil)
        var fromEnvironment = ["dangjian", "serve"]
        let environment = ["DANGJIAN_BACKUP_DIR": "/b", "DANGJIAN_BACKUP_EVERY": "12h", "DANGJIAN_BACKUP_PASSPHRASE": "twelve chars or more"]
        let read = try #require(try BackupSettings.take(from: &fromEnvironment, environment: environment))
        #expect(read.every == 43200 && read.passphrase == "twelve chars or more")
        for bad in [["--backup-every", "24h"], ["--backup-dir", "/b", "--backup-every", "5m"], ["--backup-dir", "/b", "--backup-every", "daily"],
                    ["--backup-dir", "/b", "--backup-keep", "0"], ["--backup-dir"]] {
            var arguments = ["dangjian", "serve"] + bad
            #expect(throws: BackupProblem.self, "\(bad)") { try BackupSettings.take(from: &arguments, environment: [:]) }
        }
        var short = ["dangjian", "serve", "--backup-dir", "/b"]
        #expect(throws: BackupProblem.self) { try BackupSettings.take(from: &short, environment: ["DANGJIAN_BACKUP_PASSPHRASE": "short"]) }
    }

    @Test("a security administrator sees no backup as a to-do, backs up from the page, sees its time, size and result; the oldest beyond keep are removed")
    func page() async throws {
        let directory = temporaryBackupDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        try await withWorld(adjusting: { $0.backups = BackupSettings(directory: directory, every: nil, keep: 2, passphrase: nil) }) { world in
            var token = try await world.token("secadmin")
            func todos() async throws -> [ToDoService.Item] {
                let response = try await world.send(.GET, "/api/v1/todos", token: token)
                #expect(response.status == .ok, "\(response.body.string)")
                return try response.content.decode([ToDoService.Item].self)
            }
            #expect(try await todos().filter { $0.kind == "operations.backup" }.isEmpty, "a new installation has a day for its first backup")
            world.app.dangjian.clock.advance(by: 2 * 86400)
            token = try await world.token("secadmin")
            let missed = try #require(try await todos().first { $0.kind == "operations.backup" })
            #expect(missed.title == "尚未做过数据备份" && missed.link == "/backups" && missed.overdue)

            let session = try await world.browserLogin("secadmin")
            let empty = try await session.get("/backups")
            #expect(empty.status == .ok && empty.body.string.contains("尚未做过备份") && empty.body.string.contains(directory.path))
            for _ in 0..<3 {
                let posted = try await session.post("/backups", [:])
                #expect(posted.status == .seeOther && posted.headers.first(name: .location) == "/backups?notice=backedUp")
                world.app.dangjian.clock.advance(by: 2)
            }
            #expect(BackupRotation.kept(in: directory).count == 2, "keep 2")
            let shown = try await session.get("/backups?notice=backedUp")
            #expect(shown.body.string.contains("备份完成") && shown.body.string.contains("成功") && shown.body.string.contains("页面"))
            #expect(try await todos().filter { $0.kind == "operations.backup" }.isEmpty)

            let overview = try await world.send(.GET, "/api/v1/backups", token: token).content.decode(BackupOverview.self)
            #expect(overview.runs.count == 3 && overview.runs.allSatisfy(\.succeeded) && overview.schedule?.keep == 2)
            let restorable = try #require(BackupRotation.kept(in: directory).first)
            let manifest = try Restore.check(restorable, passphrase: nil, cipher: world.app.dangjian.cipher).0
            #expect(overview.lastSuccess?.bytes ?? 0 > 0 && overview.lastSuccess?.members == manifest.members)
            let viaAPI = try await world.send(.POST, "/api/v1/backups", token: token)
            #expect(viaAPI.status == .created)
            #expect(try viaAPI.content.decode(BackupRunView.self).succeeded)
            #expect(try await world.auditEntries(action: "system.backup").count == 4)

            // Only the security administrators.
            let admin = try await world.token("county-admin")
            #expect(try await world.send(.GET, "/api/v1/backups", token: admin).status == .forbidden)
            #expect(try await world.send(.POST, "/api/v1/backups", token: admin).status == .forbidden)
        }
    }

    @Test("without a backup directory the page says how to set one, and “立即备份” is refused with the reason")
    func unconfigured() async throws {
        try await withWorld { world in
            let session = try await world.browserLogin("secadmin")
            let page = try await session.get("/backups")
            #expect(page.status == .ok && page.body.string.contains("没有设置备份目录"))
            let refused = try await world.send(.POST, "/api/v1/backups", token: try await world.token("secadmin"))
            #expect(refused.status == .unprocessableEntity && refused.body.string.contains("--backup-dir"))
        }
    }

    @Test("a failed backup is recorded with its reason, shown, and audited")
    func failure() async throws {
        let blocked = temporaryBackupDirectory()
        try Data("not a directory".utf8).write(to: blocked)
        defer { try? FileManager.default.removeItem(at: blocked) }
        try await withWorld(adjusting: { $0.backups = BackupSettings(directory: blocked, every: nil, keep: 2, passphrase: nil) }) { world in
            let session = try await world.browserLogin("secadmin")
            let posted = try await session.post("/backups", [:])
            #expect(posted.status == .internalServerError && posted.body.string.contains("备份失败"))
            let run = try #require(try await BackupRunModel.query(on: world.app.db).first())
            #expect(!run.succeeded && run.problem != nil)
            #expect(try await world.auditEntries(action: "system.backup").first?.outcome == .failed)
        }
    }
}

@Suite("To-dos kept until a write")
struct ToDoCacheTests {
    @Test("the same grants share their to-dos for the day; a row written behind the app's back shows after this process's next write")
    func keptUntilWrite() async throws {
        try await withWorld { world in
            world.app.dangjian.clock.advance(by: 2 * 86400)
            let token = try await world.token("secadmin")
            func backupToDos() async throws -> Int {
                try await world.send(.GET, "/api/v1/todos", token: token).content.decode([ToDoService.Item].self)
                    .filter { $0.kind == "operations.backup" }.count
            }
            #expect(try await backupToDos() == 1)
            let run = BackupRunModel()
            run.startedAt = world.app.dangjian.clock.now().formatted(.iso8601)
            run.seconds = 1
            run.succeeded = true
            run.trigger = .command
            run.location = "/elsewhere"
            run.bytes = 1
            run.sealed = false
            run.members = 0
            try await run.create(on: world.app.db)
            #expect(try await backupToDos() == 1, "kept: nothing was written through the app")
            let policy = try await world.send(.GET, "/api/v1/security", token: token).content.decode(SecurityPolicy.self)
            #expect(try await world.send(.PUT, "/api/v1/security", token: token, json: policy).status == .ok)
            #expect(try await backupToDos() == 0, "an audited write in this process refreshes them")
        }
    }
}

@Suite("Scheduled backups")
struct BackupScheduleTests {
    @Test("a server with a period and no backup yet backs up at once, then waits for the period counted from that backup")
    func schedule() async throws {
        let directory = temporaryBackupDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let settings = BackupSettings(directory: directory, every: 600, keep: 3, passphrase: nil)
        try await withWorld(adjusting: { $0.backups = settings }) { world in
            let scheduler = BackupScheduler(settings: settings, period: 600)
            try await scheduler.didBootAsync(world.app)
            var runs: [BackupRunModel] = []
            for _ in 0..<100 where runs.isEmpty {
                try await Task.sleep(for: .milliseconds(100))
                runs = try await BackupRunModel.query(on: world.app.db).all()
            }
            try await Task.sleep(for: .milliseconds(500))
            runs = try await BackupRunModel.query(on: world.app.db).all()
            await scheduler.shutdownAsync(world.app)
            #expect(runs.count == 1 && runs.first?.trigger == .schedule && runs.first?.succeeded == true)
            #expect(BackupRotation.kept(in: directory).count == 1)
            #expect(BackupRotation.kept(in: directory).first?.lastPathComponent.hasPrefix("dangjian-") == true)
        }
    }

    @Test("of several processes with a schedule, one backs up: on PostgreSQL a process that finds the lock held waits, and after it finds the backup made")
    func oneAtATime() async throws {
        let directory = temporaryBackupDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let settings = BackupSettings(directory: directory, every: 600, keep: 3, passphrase: nil)
        try await withWorld(adjusting: { $0.backups = settings }) { world in
            guard world.app.db.isPostgres else { return }
            // Another process holds the lock (it is backing up): this one makes nothing and looks again later.
            struct Held: Decodable { let held: Bool }
            let other = Task {
                try await world.app.db.withConnection { connection in
                    let held = try await connection.sql.raw("SELECT pg_try_advisory_lock(\(BackupScheduler.lockKey)) AS held")
                        .first(decoding: Held.self)?.held
                    try await Task.sleep(for: .milliseconds(800))
                    _ = try await connection.sql.raw("SELECT pg_advisory_unlock(\(BackupScheduler.lockKey))").run()
                    return held
                }
            }
            try await Task.sleep(for: .milliseconds(200))
            #expect(try await BackupScheduler.round(settings: settings, period: 600, app: world.app) == 60)
            #expect(try await BackupRunModel.query(on: world.app.db).count() == 0)
            #expect(try await other.value == true)
            // The lock free: one backup; a second look finds it and waits for the period.
            #expect(try await BackupScheduler.round(settings: settings, period: 600, app: world.app) == 600)
            let wait = try await BackupScheduler.round(settings: settings, period: 600, app: world.app)
            #expect(wait > 590 && wait <= 600)
            #expect(try await BackupRunModel.query(on: world.app.db).count() == 1)
        }
    }
}
