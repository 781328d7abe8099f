import DangjianCore
import Fluent
import Foundation
import SQLKit
import Vapor

/// What happened, as the handler describes it; who, when and from where are added by the log.
struct AuditEvent: Sendable {
    var action: String
    var targetType: String
    var targetID: String
    var organizationID: Int?
    var outcome: AuditOutcome
    var detail: String

    init(_ action: String, target: String, id: CustomStringConvertible?, organization: Int? = nil,
         outcome: AuditOutcome = .success, detail: String = "") {
        self.action = action
        self.targetType = target
        self.targetID = id.map { "\($0)" } ?? ""
        self.organizationID = organization
        self.outcome = outcome
        self.detail = detail
    }
}

/// Who and where an event came from.
struct AuditOrigin: Sendable {
    var actorID: Int?
    var actorName: String
    var requestID: String
    var clientAddress: String

    static func system(_ name: String) -> AuditOrigin {
        AuditOrigin(actorID: nil, actorName: name, requestID: "cli-\(UUID().uuidString.prefix(8))", clientAddress: "localhost")
    }
}

/// The append-only, hash-chained audit log (DESIGN: Security and audit).
enum AuditLog {
    private struct Head: Decodable {
        let last_sequence: Int
        let last_hash: String
        let head_mac: String?
    }

    /// The head's MAC under the data key: a database owner who deletes the newest entries and moves the head back to
    /// the entry now last cannot write a matching one without the key, which lives outside the database.
    static func headMAC(sequence: Int, hash: String, cipher: PersonalDataCipher) -> String {
        cipher.auditHash("audit-head|\(sequence)|\(hash)")
    }

    /// Signs a head that has no MAC yet (a database from before M0021), at start-up, once the chain up to it checks.
    static func signHeadIfNeeded(on database: any Database, cipher: PersonalDataCipher) async throws {
        guard let head = try await database.sql.select().columns("last_sequence", "last_hash", "head_mac").from("audit_head")
            .where("id", .equal, SQLBind(1)).first(decoding: Head.self), head.head_mac == nil else { return }
        let (_, broken) = try await verify(on: database, cipher: cipher, requireSignedHead: false)
        guard broken == nil else { return }
        try await database.sql.update("audit_head")
            .set("head_mac", to: SQLBind(headMAC(sequence: head.last_sequence, hash: head.last_hash, cipher: cipher)))
            .where("id", .equal, SQLBind(1)).run()
    }

    static let timestampFormat: Date.ISO8601FormatStyle = .iso8601.year().month().day().time(includingFractionalSeconds: true)

    /// Appends inside the caller's transaction, so that an entry exists exactly when the change it records does.
    static func append(_ event: AuditEvent, origin: AuditOrigin, at date: Date, cipher: PersonalDataCipher,
                       on database: any Database) async throws {
        let sql = database.sql
        guard let head = try await sql.select().columns("last_sequence", "last_hash", "head_mac").from("audit_head")
            .where("id", .equal, SQLBind(1)).for(.update).first(decoding: Head.self) else {
            throw Abort(.internalServerError, reason: "audit_head is missing")
        }
        let record = AuditRecord(
            sequence: head.last_sequence + 1, at: date.formatted(timestampFormat), actorID: origin.actorID,
            actorName: origin.actorName, action: event.action, targetType: event.targetType, targetID: event.targetID,
            organizationID: event.organizationID, outcome: event.outcome, requestID: origin.requestID,
            clientAddress: origin.clientAddress, detail: event.detail)
        let hash = cipher.auditHash(record.canonicalText(previousHash: head.last_hash))
        try await AuditEntryModel(record, previousHash: head.last_hash, hash: hash).create(on: database)
        try await sql.update("audit_head").set("last_sequence", to: SQLBind(record.sequence))
            .set("last_hash", to: SQLBind(hash)).set("head_mac", to: SQLBind(headMAC(sequence: record.sequence, hash: hash, cipher: cipher)))
            .where("id", .equal, SQLBind(1)).run()
    }

    /// Checks the whole chain in sequence order, page by page.
    static func verify(on database: any Database, cipher: PersonalDataCipher,
                       requireSignedHead: Bool = true) async throws -> (checked: Int, broken: AuditChainVerifier.Break?) {
        var verifier = AuditChainVerifier(hash: { cipher.auditHash($0) })
        var after = 0
        while true {
            let page = try await AuditEntryModel.query(on: database).filter(\.$id > after).sort(\.$id).limit(2000).all()
            for entry in page {
                if let broken = verifier.check(ChainedAuditRecord(record: entry.record, previousHash: entry.previousHash, hash: entry.hash)) {
                    return (verifier.checked, broken)
                }
            }
            guard let last = page.last?.id else { break }
            after = last
        }
        // An entry removed from the end leaves the head pointing past the last stored entry; a head moved back to the
        // entry now last has no MAC that matches it.
        let head = try await database.sql.select().columns("last_sequence", "last_hash", "head_mac").from("audit_head")
            .where("id", .equal, SQLBind(1)).first(decoding: Head.self)
        guard let head else { return (verifier.checked, .headTampered(sequence: after)) }
        if head.last_sequence != after {
            return (verifier.checked, .gap(expected: after + 1, found: head.last_sequence))
        }
        if head.last_hash != verifier.previousHash { return (verifier.checked, .headTampered(sequence: after)) }
        if requireSignedHead || head.head_mac != nil,
           head.head_mac != headMAC(sequence: head.last_sequence, hash: head.last_hash, cipher: cipher) {
            return (verifier.checked, .headTampered(sequence: after))
        }
        return (verifier.checked, nil)
    }
}

extension Request {
    var auditOrigin: AuditOrigin {
        AuditOrigin(actorID: actor?.accountID, actorName: actor.map { "\($0.displayName)（\($0.username)）" } ?? "匿名",
                    requestID: id, clientAddress: clientAddress ?? "-")
    }

    /// Records `event` inside the transaction `database` belongs to.
    func audit(_ event: AuditEvent, on database: any Database) async throws {
        try await AuditLog.append(event, origin: auditOrigin, at: now, cipher: services.cipher, on: database)
    }

    /// Records a refusal in a transaction of its own. A failure to write it is logged, never shown to the caller.
    func auditDenied(_ action: String, target: String, id: CustomStringConvertible?, detail: String) async {
        let event = AuditEvent(action, target: target, id: id, outcome: .denied, detail: detail)
        let origin = auditOrigin
        let now = now
        let cipher = services.cipher
        do {
            try await writer.transaction(on: db) { database in
                try await AuditLog.append(event, origin: origin, at: now, cipher: cipher, on: database)
            }
        } catch {
            logger.error("could not write audit entry for denied access: \(String(reflecting: error))")
        }
    }

    /// Runs `work` in a write transaction and records `event` in the same transaction, as from `origin` when given
    /// (an anonymous report is recorded without the account or address it came from).
    func write<T: Sendable>(as origin: AuditOrigin? = nil, _ work: @escaping @Sendable (any Database) async throws -> (T, AuditEvent)) async throws -> T {
        let origin = origin ?? auditOrigin
        let now = now
        let cipher = services.cipher
        let result = try await writer.transaction(on: db) { database in
            let (result, event) = try await work(database)
            try await AuditLog.append(event, origin: origin, at: now, cipher: cipher, on: database)
            return result
        }
        // The home figures count what was written.
        await services.homeCache.dataChanged()
        return result
    }
}
