import DangjianCore
import Foundation
import Fluent
import SQLKit
import Testing
import VaporTesting
@testable import DangjianApp

@Suite("Audit log")
struct AuditTests {
    @Test("writes and refusals are recorded with actor, target and outcome, and the chain verifies")
    func recordsAndVerifies() async throws {
        try await withWorld { world in
            let token = try await world.token("branch-secretary")
            let member = try await world.member(in: "柳河镇东岗村党支部")
            _ = try await world.send(.PATCH, "/api/v1/members/\(member.id!)", token: token, json: ["job": "村委委员"])
            _ = try await world.send(.GET, "/api/v1/audit", token: token)
            let update = try #require(try await world.auditEntries(action: "member.update").last)
            #expect(update.actorName.contains("branch-secretary"))
            #expect(update.targetID == "\(member.id!)" && update.outcome == .success)
            #expect(try await world.auditEntries(action: "access.denied").contains { $0.targetID.contains("/api/v1/audit") })

            let auditor = try await world.token("auditor")
            let page = try await world.send(.GET, "/api/v1/audit?action=member.update", token: auditor).content.decode(AuditPage.self)
            #expect(page.items.first?.targetID == "\(member.id!)")
            let verification = try await world.send(.GET, "/api/v1/audit/verify", token: auditor).content.decode(AuditAPI.Verification.self)
            #expect(verification.intact)
            #expect(verification.checked > 3)
        }
    }

    @Test("the database refuses to change or delete an entry")
    func appendOnly() async throws {
        try await withWorld { world in
            let sql = world.app.db as! any SQLDatabase
            await #expect(throws: (any Error).self) {
                try await sql.raw("UPDATE audit_entries SET detail = 'changed' WHERE sequence = 1").run()
            }
            await #expect(throws: (any Error).self) {
                try await sql.raw("DELETE FROM audit_entries WHERE sequence = 1").run()
            }
        }
    }

    @Test("tampering with an entry is found, and where")
    func tamperIsFound() async throws {
        try await withWorld { world in
            let token = try await world.token("branch-secretary")
            let member = try await world.member(in: "柳河镇东岗村党支部")
            _ = try await world.send(.PATCH, "/api/v1/members/\(member.id!)", token: token, json: ["job": "村委委员"])
            let target = try #require(try await world.auditEntries(action: "member.update").last?.id)
            let sql = world.app.db as! any SQLDatabase
            // Someone with the database file removes the guard and edits history.
            if world.app.db.isPostgres {
                try await sql.raw("ALTER TABLE audit_entries DISABLE TRIGGER audit_entries_append_only").run()
            } else {
                try await sql.raw("DROP TRIGGER audit_entries_no_update").run()
            }
            try await sql.raw("UPDATE audit_entries SET detail = 'nothing happened' WHERE sequence = \(bind: target)").run()
            let (_, broken) = try await AuditLog.verify(on: world.app.db, cipher: world.app.dangjian.cipher)
            #expect(broken == .contentMismatch(sequence: target))
            let auditor = try await world.token("auditor")
            let verification = try await world.send(.GET, "/api/v1/audit/verify", token: auditor).content.decode(AuditAPI.Verification.self)
            #expect(!verification.intact && verification.brokenAt == target)
        }
    }

    @Test("no audit entry holds an ID number or a phone number")
    func noPersonalNumbers() async throws {
        try await withWorld { world in
            let token = try await world.token("county-admin")
            let member = try await world.member(in: "柳河镇东岗村党支部")
            _ = try await world.send(.POST, "/api/v1/members/\(member.id!)/reveal", token: token, json: ["reason": "核对 13800138000 的身份"])
            for entry in try await AuditEntryModel.query(on: world.app.db).all() {
                #expect(entry.detail.range(of: "[0-9]{17}[0-9X]", options: .regularExpression) == nil)
                #expect(entry.detail.range(of: "1[3-9][0-9]{9}", options: .regularExpression) == nil, "\(entry.detail)")
            }
        }
    }
}

@Suite("Keyed hashes")
struct KeyedHashTests {
    @Test("hex is lowercase, two digits a byte, as the stored hashes were written")
    func hex() {
        #expect(PersonalDataCipher.hex([0x00, 0x0F, 0xA0, 0xFF]) == "000fa0ff")
        let cipher = PersonalDataCipher(masterKey: Data(repeating: 7, count: 32))
        #expect(cipher.lookupHash("13800138000").count == 64)
        #expect(cipher.lookupHash("13800138000") == cipher.lookupHash("13800138000"))
        #expect(cipher.lookupHash("13800138000") != cipher.lookupHash("13800138001"))
    }
}
