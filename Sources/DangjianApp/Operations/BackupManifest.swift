import Fluent
import Foundation
import SQLKit

/// What a backup holds and how to check it, written as `manifest.json` (sealed as `manifest.sealed` when the backup has
/// a passphrase): the schema it was taken at, the rows in every table, the audit chain's head, a fingerprint of the
/// data key its sealed values need, and the size and SHA-256 of every part as stored.
struct BackupManifest: Codable, Sendable, Equatable {
    static let format = "dangjian-backup-1"

    struct Part: Codable, Sendable, Equatable {
        var path: String
        var bytes: Int
        var sha256: String
    }

    struct AuditHead: Codable, Sendable, Equatable {
        var sequence: Int
        var hash: String
    }

    var format: String
    var createdAt: String
    /// `sqlite` or `postgres`: a backup is restored into the same kind of database.
    var engine: String
    /// The migrations applied, in order.
    var migrations: [String]
    var tables: [String: Int]
    var auditHead: AuditHead?
    var keyCheck: String
    var parts: [Part]

    var members: Int { tables["members"] ?? 0 }
}

/// `backup.json`, written last: a backup without it is incomplete. Unsealed even when the backup is sealed — it says
/// how to derive the key and which manifest to open, nothing about the data.
struct BackupEnvelope: Codable, Sendable {
    var format: String
    var createdAt: String
    var engine: String
    var sealed: BackupSeal.Derivation?
    var manifest: BackupManifest.Part

    static let fileName = "backup.json"
}

/// The facts a manifest records, read from a database (the live one in a snapshot, or a backup's copy).
enum DatabaseFacts {
    static func tables(on sql: any SQLDatabase) async throws -> [String] {
        struct Row: Decodable { let name: String }
        let rows: [Row]
        if sql.dialect.name == "postgresql" {
            rows = try await sql.raw("""
                SELECT table_name AS name FROM information_schema.tables
                WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name
                """).all(decoding: Row.self)
        } else {
            rows = try await sql.raw("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
                .all(decoding: Row.self)
        }
        return rows.map(\.name)
    }

    static func counts(on sql: any SQLDatabase) async throws -> [String: Int] {
        struct Row: Decodable { let n: Int }
        var counts: [String: Int] = [:]
        for table in try await tables(on: sql) {
            counts[table] = try await sql.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from(table)
                .first(decoding: Row.self)?.n ?? 0
        }
        return counts
    }

    /// The migrations applied, in the order they ran (none on an empty database).
    static func migrations(on sql: any SQLDatabase) async throws -> [String] {
        struct Row: Decodable { let name: String }
        guard try await tables(on: sql).contains("_fluent_migrations") else { return [] }
        return try await sql.raw("SELECT name FROM _fluent_migrations ORDER BY batch, created_at, name").all(decoding: Row.self).map(\.name)
    }

    static func auditHead(on sql: any SQLDatabase) async throws -> BackupManifest.AuditHead? {
        struct Row: Decodable { let last_sequence: Int; let last_hash: String }
        guard try await tables(on: sql).contains("audit_head") else { return nil }
        return try await sql.select().columns("last_sequence", "last_hash").from("audit_head").where("id", .equal, SQLBind(1))
            .first(decoding: Row.self).map { .init(sequence: $0.last_sequence, hash: $0.last_hash) }
    }

    /// The migrations this binary knows, by the names Fluent records.
    static var knownMigrations: [String] { Migrations.all.map(\.name) }
}
