import Fluent
import SQLKit

/// The audit chain's head carries a MAC under the data key (`AuditLog.headMAC`), so that deleting the newest entries
/// and moving the head back is detected; on PostgreSQL, TRUNCATE of the log is refused like DELETE.
struct M0021AuthenticatedAuditHead: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.sql.alter(table: "audit_head").column("head_mac", type: .text).run()
        if database.isPostgres {
            try await database.sql.raw("""
                CREATE TRIGGER audit_entries_no_truncate BEFORE TRUNCATE ON audit_entries
                FOR EACH STATEMENT EXECUTE FUNCTION audit_entries_append_only()
                """).run()
        }
    }

    func revert(on database: any Database) async throws {
        if database.isPostgres {
            try await database.sql.raw("DROP TRIGGER IF EXISTS audit_entries_no_truncate ON audit_entries").run()
        }
        try await database.sql.alter(table: "audit_head").dropColumn("head_mac").run()
    }
}
