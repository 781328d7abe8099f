import DangjianCore
import DangjianDocuments
import Fluent
import Foundation
import SQLKit
import Testing
import VaporTesting
@testable import DangjianApp

/// Live streams end with their session, rosters do not outlive their job, the audit chain's end cannot be cut off
/// unnoticed, the rehearsal clock stays off production, and `next` stays on this site.
@Suite("Sessions, files and the audit chain")
struct SessionFileAuditTests {
    @Test("live streams are limited per account and end within seconds of logout")
    func streamsEndWithTheSession() async throws {
        try await withWorld { world in
            let token = try await world.token("county-admin")
            let started = ContinuousClock.now
            let finished = try await withThrowingTaskGroup(of: HTTPStatus.self) { group in
                for _ in 0..<ActivityLive.streamsPerAccount {
                    group.addTask { try await world.send(.GET, "/api/v1/board/events", token: token).status }
                }
                // Wait until the streams are open, then one more is refused and the session ends.
                let account = try #require(try await AccountModel.query(on: world.app.db).filter(\.$username == "county-admin").first())
                while world.app.dangjian.liveStreams.count(for: account.id!) < ActivityLive.streamsPerAccount {
                    try await Task.sleep(for: .milliseconds(100))
                }
                let fifth = try await world.send(.GET, "/api/v1/board/events", token: token)
                #expect(fifth.status == .tooManyRequests && fifth.headers.first(name: "Retry-After") != nil)
                #expect(try await world.send(.POST, "/api/v1/auth/logout", token: token).status == .noContent)
                return try await group.reduce(into: [HTTPStatus]()) { $0.append($1) }
            }
            #expect(finished.count == ActivityLive.streamsPerAccount && finished.allSatisfy { $0 == .ok })
            #expect(ContinuousClock.now - started < .seconds(30), "every stream ended well before its fifteen minutes")
        }
    }

    @Test("an imported roster and its report are deleted when the job ends; an unrun upload after 24 hours")
    func rostersDoNotStay() async throws {
        try await withWorld { world in
            let token = try await world.token("town-secretary")
            let rows = [["姓名", "性别", "公民身份号码", "入党时间", "所在党组织"],
                        ["钱多多", "男", ImportTests.id(1983, 5, 6, 17), "2008-07-01", "柳河镇东岗村党支部"],
                        ["坏行", "男", "123", "2008-07-01", "柳河镇东岗村党支部"]]
            let first = try await ImportTests.upload(world, token: token, data: try ImportTests.write(rows, as: .csv), name: "a.csv")
            _ = try await ImportTests.wait(world, token: token, job: first.id) { $0.status != .checking }
            let services = world.app.dangjian
            #expect(FileManager.default.fileExists(atPath: ImportJobs.file(first.id, services).path))
            #expect(FileManager.default.fileExists(atPath: ImportJobs.report(first.id, services).path))
            #expect(try await world.send(.POST, "/api/v1/imports/\(first.id)/run", token: token, json: ["mode": "skip"]).status == .accepted)
            _ = try await ImportTests.wait(world, token: token, job: first.id) { $0.status != .importing }
            #expect(!FileManager.default.fileExists(atPath: ImportJobs.file(first.id, services).path))
            #expect(!FileManager.default.fileExists(atPath: ImportJobs.report(first.id, services).path))

            let second = try await ImportTests.upload(world, token: token, data: try ImportTests.write(rows, as: .csv), name: "b.csv")
            _ = try await ImportTests.wait(world, token: token, job: second.id) { $0.status != .checking }
            let yesterday = Date().addingTimeInterval(-25 * 3600)
            for url in [ImportJobs.file(second.id, services), ImportJobs.report(second.id, services)] {
                try FileManager.default.setAttributes([.modificationDate: yesterday], ofItemAtPath: url.path)
            }
            ImportJobs.sweep(services, now: Date())
            #expect(!FileManager.default.fileExists(atPath: ImportJobs.file(second.id, services).path))
            let late = try await world.send(.POST, "/api/v1/imports/\(second.id)/run", token: token, json: ["mode": "skip"])
            #expect(late.status == .unprocessableEntity && late.body.string.contains("24 小时"))
        }
    }

    @Test("the newest audit entries cannot be deleted; deleted by force with the head moved back, audit-verify says so")
    func auditEnd() async throws {
        try await withWorld { world in
            let sql = world.app.db.sql
            let cipher = world.app.dangjian.cipher
            for user in ["member", "member2", "auditor", "branch-secretary"] { _ = try await world.token(user) }
            #expect(try await AuditLog.verify(on: world.app.db, cipher: cipher).broken == nil)
            let last = try #require(try await AuditEntryModel.query(on: world.app.db).sort(\.$id, .descending).first())
            await #expect(throws: (any Error).self) { try await sql.raw("DELETE FROM audit_entries WHERE sequence = \(bind: last.id!)").run() }
            if world.app.db.isPostgres {
                await #expect(throws: (any Error).self) { try await sql.raw("TRUNCATE audit_entries").run() }
                try await sql.raw("ALTER TABLE audit_entries DISABLE TRIGGER USER").run()
            } else {
                try await sql.raw("DROP TRIGGER audit_entries_no_delete").run()
            }
            // What a database owner could do: remove the two newest entries and point the head at the one now last.
            try await sql.raw("DELETE FROM audit_entries WHERE sequence > \(bind: last.id! - 2)").run()
            let now = try #require(try await AuditEntryModel.query(on: world.app.db).sort(\.$id, .descending).first())
            try await sql.raw("UPDATE audit_head SET last_sequence = \(bind: now.id!), last_hash = \(bind: now.hash)").run()
            let (_, broken) = try await AuditLog.verify(on: world.app.db, cipher: cipher)
            #expect(broken == .headTampered(sequence: now.id!))
            #expect(broken?.explanation.contains("认证码") == true)
        }
    }

    @Test("whatever a detail holds, the chain verifies: an ID number written twice in a row, a NUL, CR LF, combining marks")
    func awkwardDetails() async throws {
        try await withWorld { world in
            let cipher = world.app.dangjian.cipher
            // The first one is what fuzzing found: scrubbed once, the second number hid the first from the pattern;
            // scrubbed again on reading, the first was hidden too, and the entry no longer matched its hash.
            let details = ["12345678901234567X12345678901234567X", "13812345678X13812345678", "a\u{0}b", "一\r\n二\r三",
                           "e\u{301}与é", "制表\t反斜杠\\n", "👨‍👩‍👧 \u{200B}"]
            for detail in details {
                try await world.app.db.transaction { database in
                    try await AuditLog.append(AuditEvent("fuzz", target: "detail", id: nil, detail: detail),
                                              origin: .system("测试"), at: Date(), cipher: cipher, on: database)
                }
            }
            let (checked, broken) = try await AuditLog.verify(on: world.app.db, cipher: cipher)
            #expect(broken == nil, "after \(checked) entries: \(String(describing: broken))")
            let stored = try await AuditEntryModel.query(on: world.app.db).filter(\.$action == "fuzz").sort(\.$id).all()
            // A NUL is dropped before the hash is taken (SQLite would end the text there, PostgreSQL refuse it).
            #expect(stored.map(\.detail) == details.map { PersonalDataScrubber.scrub($0.replacingOccurrences(of: "\u{0}", with: "")) })
            #expect(stored.first?.detail == "[已隐去][已隐去]")
            #expect(stored.dropFirst(2).first?.detail == "ab")
        }
    }

    @Test("the rehearsal clock refuses to start on a production server")
    func rehearsalNotInProduction() async throws {
        let app = try await Application.make(.production)
        var configuration = AppConfiguration(dataDirectory: FileManager.default.temporaryDirectory.appendingPathComponent("dj-\(UUID())"),
                                             database: .sqlite(path: ":memory:"), dataKey: Data(repeating: 7, count: 32), bcryptCost: 4)
        configuration.rehearsalClock = true
        await #expect(throws: AppConfiguration.Problems.self) { try await configure(app, configuration: configuration) }
        try await app.asyncShutdown()
    }

    @Test("after login, only a path on this site: tabs, backslashes and // send the user home")
    func nextStaysHere() {
        for bad in ["//evil.cn", "/\t/evil.cn", "/\\evil.cn", "\\\\evil.cn", "https://evil.cn", "/\n/evil.cn", "/ /evil.cn", "javascript:alert(1)"] {
            #expect(AuthPages.safeNext(bad) == "/", "\(bad.debugDescription)")
        }
        #expect(AuthPages.safeNext("/members?org=5&status=all") == "/members?org=5&status=all")
        #expect(AuthPages.safeNext(nil) == "/")
    }
}

@Suite("Sealed values bound to their place")
struct SealedPlaceTests {
    @Test("an ID number's ciphertext copied into another member's row does not open there; the reveal refuses and is audited")
    func swapped() async throws {
        try await withWorld { world in
            let members = try await MemberModel.query(on: world.app.db).filter(\.$idCipher != nil).sort(\.$id).limit(2).all()
            let first = try #require(members.first), second = try #require(members.last)
            try await world.app.db.sql.update(MemberModel.schema).set("id_cipher", to: SQLBind(first.idCipher))
                .where("id", .equal, SQLBind(second.id!)).run()
            let admin = try await world.token("county-admin")
            let reveal = try await world.send(.POST, "/api/v1/members/\(second.id!)/reveal", token: admin, json: ["reason": "核对档案信息"])
            #expect(reveal.status == .internalServerError && reveal.body.string.contains("与所在记录不符"))
            let own = try world.app.dangjian.cipher.open(first.idCipher ?? "", for: .memberIDNumber(first.id!))
            #expect(!reveal.body.string.contains(own), "the other member's number is not shown")
            #expect(try await world.auditEntries(action: "member.reveal").contains { $0.outcome == .denied })
        }
    }

    @Test("values sealed before places were bound are sealed again at start-up and read as before")
    func upgraded() async throws {
        try await withWorld { world in
            let cipher = world.app.dangjian.cipher
            let member = try #require(try await MemberModel.query(on: world.app.db).filter(\.$idCipher != nil).sort(\.$id).first())
            let number = try cipher.open(member.idCipher ?? "", for: .memberIDNumber(member.id!))
            try await world.app.db.sql.update(MemberModel.schema).set("id_cipher", to: SQLBind(try cipher.sealLegacy(number)))
                .where("id", .equal, SQLBind(member.id!)).run()
            let assessment = try #require(try await DuesAssessmentModel.query(on: world.app.db).sort(\.$id).first())
            let explanation = try assessment.explanation(cipher)
            try await world.app.db.sql.update(DuesAssessmentModel.schema).set("explanation_cipher", to: SQLBind(try cipher.sealLegacy(explanation)))
                .where("id", .equal, SQLBind(assessment.id!)).run()
            #expect(try await SealUpgrade.run(on: world.app.db, cipher: cipher, writer: world.app.dangjian.writer) == 2)
            #expect(try await SealUpgrade.run(on: world.app.db, cipher: cipher, writer: world.app.dangjian.writer) == 0)
            let stored = try #require(try await MemberModel.find(member.id, on: world.app.db))
            #expect(stored.idCipher?.hasPrefix("v2:") == true)
            #expect(try cipher.open(stored.idCipher ?? "", for: .memberIDNumber(member.id!)) == number)
            #expect(try #require(try await DuesAssessmentModel.find(assessment.id, on: world.app.db)).explanation(cipher) == explanation)
        }
    }
}
